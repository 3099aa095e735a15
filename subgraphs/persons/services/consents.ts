/**
 * A person's consents: granted to one licensed client for one purpose that needs consent, until a
 * date; revoked at any time. Every grant is a record of its own: a grant to a client for a purpose
 * that already has a consent in force replaces it (the latest grant states the subject's will), and
 * says so (its effect: EXTENDED, SHORTENED or UNCHANGED), while the history keeps both.
 */
import { randomUUID } from 'node:crypto';
import type { ConsentDoc, ConsentGrantEffect } from '../../shared/facts/documents.ts';
import { consentState, replacedIds } from '../../shared/facts/views.ts';
import { StoreError } from '../../shared/platform/store/port.ts';
import type { Purpose } from '../../shared/wire/purposes.ts';
import { addMonths, isIsoDate } from '../../shared/platform/clock.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import { CONSENT_PURPOSES } from '../../shared/policy/matrix.ts';
import type { Context } from '../loaders.ts';
import type { ConsentModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { changeRecord } from './changes.ts';
import { endWatches } from './monitoring.ts';

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
  const repo = personsRepository(ctx.store);
  const earlier = await repo.consentsTo(subject, client.id, input.purpose);
  const inForce = consentsInForce(earlier, today);
  const base = `${subject}:${client.id}:${input.purpose}:${today}`;
  const doc: ConsentDoc = {
    // a second grant on one day is a record of its own: the day's id, then a random suffix
    _id: earlier.some((c) => c._id === base) ? `${base}:${randomUUID().slice(0, 8)}` : base,
    subject,
    client: client.id,
    purpose: input.purpose as Purpose,
    grantedAt: today,
    expiresAt: input.expiresAt,
    effect: effectOf(inForce, input.expiresAt),
    ...(inForce.length ? { replaces: inForce.map((c) => c._id) } : {}),
  };
  try {
    await ctx.audit.change(changeRecord(ctx, 'grantConsent', subject, doc._id), () => repo.insertConsent(doc));
  } catch (err) {
    if (err instanceof StoreError && err.kind === 'DUPLICATE') {
      throw badUserInput(`Another grant of consent to ${client.id} for ${input.purpose} was made just now: read your consents and grant again if this one should replace it.`, { argument: 'input' });
    }
    throw err;
  }
  // the answer reads the consents again: the new grant beside the ones it replaced
  ctx.loaders.consents.clear(subject);
  return hold(person(subject), [doc])[0]!;
}

/** The consents in force today (valid, not replaced): what a new grant to the same client for the same purpose replaces. */
function consentsInForce(consents: readonly ConsentDoc[], today: string): ConsentDoc[] {
  const replaced = replacedIds(consents);
  return consents.filter((c) => !replaced.has(c._id) && consentState([c], today).state === 'VALID');
}

/** What a grant until `expiresAt` does to the consents in force: NEW when none is, else whether it moves the last day. */
function effectOf(inForce: readonly ConsentDoc[], expiresAt: string): ConsentGrantEffect {
  if (inForce.length === 0) return 'NEW';
  const until = inForce.reduce((last, c) => (c.expiresAt > last ? c.expiresAt : last), inForce[0]!.expiresAt);
  if (expiresAt > until) return 'EXTENDED';
  if (expiresAt < until) return 'SHORTENED';
  return 'UNCHANGED';
}

export async function revokeConsent(ctx: Context, subject: string, id: string): Promise<ConsentModel> {
  const current = (await ctx.loaders.consents.load(subject)).find((c) => c._id === id);
  if (!current) throw badUserInput(`You have no consent with id "${id.slice(0, 120)}"; list yours with person { consents { id } }.`, { argument: 'id' });
  if (current.revokedAt) throw badUserInput(`Consent "${id}" was already revoked on ${current.revokedAt}.`, { argument: 'id' });
  const replacedBy = (await ctx.loaders.consents.load(subject)).find((c) => c.replaces?.includes(id));
  if (replacedBy) {
    throw badUserInput(`Consent "${id}" is no longer in force: it was replaced by "${replacedBy._id}" on ${replacedBy.grantedAt}. Revoke that one.`, { argument: 'id', replacedBy: replacedBy._id });
  }
  const revokedAt = ctx.clock.now().toISOString();
  await ctx.audit.change(changeRecord(ctx, 'revokeConsent', subject, id), () => personsRepository(ctx.store).revokeConsent(id, subject, revokedAt));
  // the watches resting on it end at once: nothing more is delivered under it (the worker checks again before each delivery)
  await endWatches(ctx.store, current, 'CONSENT_REVOKED', revokedAt);
  return hold(person(subject), [{ ...current, revokedAt }])[0]!;
}
