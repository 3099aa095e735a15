/** A person's consents: granted to one licensed client for one purpose that needs consent, until a date; revoked at any time. */
import type { ConsentDoc } from '../../shared/facts/documents.ts';
import type { Purpose } from '../../shared/wire/purposes.ts';
import { addMonths, isIsoDate } from '../../shared/platform/clock.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import { CONSENT_PURPOSES } from '../../shared/policy/matrix.ts';
import type { Context } from '../loaders.ts';
import type { ConsentModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { changeRecord } from './changes.ts';

const MAX_CONSENT_MONTHS = 36;

export interface ConsentRequest {
  client: string;
  purpose: string;
  expiresAt: string;
}

export async function grantConsent(ctx: Context, subject: string, input: ConsentRequest): Promise<ConsentModel> {
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
  if (!isIsoDate(input.expiresAt)) {
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
  await ctx.audit.change(changeRecord(ctx, 'grantConsent', subject, doc._id), () => personsRepository(ctx.store).saveConsent(doc));
  return hold(person(subject), [doc])[0]!;
}

export async function revokeConsent(ctx: Context, subject: string, id: string): Promise<ConsentModel> {
  const current = (await ctx.loaders.consents.load(subject)).find((c) => c._id === id);
  if (!current) throw badUserInput(`You have no consent with id "${id.slice(0, 120)}"; list yours with person { consents { id } }.`, { argument: 'id' });
  if (current.revokedAt) throw badUserInput(`Consent "${id}" was already revoked on ${current.revokedAt}.`, { argument: 'id' });
  const revokedAt = ctx.clock.now().toISOString();
  await ctx.audit.change(changeRecord(ctx, 'revokeConsent', subject, id), () => personsRepository(ctx.store).revokeConsent(id, subject, revokedAt));
  return hold(person(subject), [{ ...current, revokedAt }])[0]!;
}
