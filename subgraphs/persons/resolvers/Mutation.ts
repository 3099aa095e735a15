import { randomUUID } from 'node:crypto';
import { addMonths } from '../../shared/clock.ts';
import type { ConsentDoc, Purpose, QueryRecordDoc } from '../../shared/documents.ts';
import { badUserInput, forbidden } from '../../shared/errors.ts';
import { CONSENT_PURPOSES } from '../../shared/policy/matrix.ts';
import { hold, person } from '../../shared/subjects.ts';
import type { Viewer } from '../../shared/viewer.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CONSENT_MONTHS = 36;

function subjectOnly(viewer: Viewer, action: string): string {
  if (viewer.kind !== 'SUBJECT') {
    throw forbidden(`${action} is for the data subject only: sign in with your own token (npm run token -- --subject <citizen ID>).`, {
      reason: 'SUBJECT_ONLY',
    });
  }
  return viewer.subject;
}

export const Mutation: MutationResolvers = {
  grantConsent: async (_, { input }, ctx) => {
    const subject = subjectOnly(ctx.viewer, 'grantConsent');
    const today = ctx.clock.today();
    if (!CONSENT_PURPOSES.has(input.purpose as Purpose)) {
      throw badUserInput(`purpose "${input.purpose}" needs no consent or does not exist: use ${[...CONSENT_PURPOSES].join(', ')}.`, {
        argument: 'input.purpose',
      });
    }
    const client = await ctx.loaders.client.load(input.client);
    if (!client) throw badUserInput(`No client "${input.client}" is registered with the hub.`, { argument: 'input.client' });
    if (!client.purposes.includes(input.purpose as Purpose)) {
      throw badUserInput(`Client "${client.id}" is not licensed for ${input.purpose}; it is licensed for ${client.purposes.join(', ')}.`, {
        argument: 'input.purpose',
      });
    }
    if (!ISO_DATE.test(input.expiresAt) || Number.isNaN(Date.parse(input.expiresAt))) {
      throw badUserInput(`expiresAt "${input.expiresAt}" is not a date: use YYYY-MM-DD.`, { argument: 'input.expiresAt' });
    }
    if (input.expiresAt <= today || input.expiresAt > addMonths(today, MAX_CONSENT_MONTHS)) {
      throw badUserInput(`expiresAt must be after today (${today}) and at most ${MAX_CONSENT_MONTHS} months ahead.`, { argument: 'input.expiresAt' });
    }
    const doc: ConsentDoc = {
      _id: `${subject}:${client.id}:${input.purpose}:${today}`,
      subject,
      client: client.id,
      purpose: input.purpose as Purpose,
      grantedAt: today,
      expiresAt: input.expiresAt,
    };
    await ctx.loaders.repo.saveConsent(doc);
    return hold(person(subject), [doc])[0]!;
  },

  revokeConsent: async (_, { id }, ctx) => {
    const subject = subjectOnly(ctx.viewer, 'revokeConsent');
    const current = (await ctx.loaders.consents.load(subject)).find((c) => c._id === id);
    if (!current) throw badUserInput(`You have no consent with id "${id.slice(0, 120)}"; list yours with person { consents { id } }.`, { argument: 'id' });
    if (current.revokedAt) throw badUserInput(`Consent "${id}" was already revoked on ${current.revokedAt}.`, { argument: 'id' });
    const revokedAt = ctx.clock.now().toISOString();
    await ctx.loaders.repo.revokeConsent(id, subject, revokedAt);
    return hold(person(subject), [{ ...current, revokedAt }])[0]!;
  },

  recordQueries: async (_, { records }, ctx) => {
    if (ctx.viewer.kind !== 'GATEWAY') throw forbidden('recordQueries is written by the hub itself only.');
    const asker = ctx.viewer.onBehalfOf;
    const at = ctx.clock.now().toISOString();
    const docs: QueryRecordDoc[] = records.map((r) => ({
      _id: randomUUID(),
      at,
      requestId: ctx.requestId,
      subgraph: 'gateway',
      client: asker.kind === 'CLIENT' ? asker.client : null,
      clientKind: asker.kind === 'CLIENT' ? asker.clientKind : 'SUBJECT',
      purpose: asker.purpose,
      consent: r.consent ?? null,
      subject: r.subject,
      classes: r.classes,
      denied: r.denied,
    }));
    return docs.length ? ctx.loaders.repo.insertQueryRecords(docs) : 0;
  },
};
