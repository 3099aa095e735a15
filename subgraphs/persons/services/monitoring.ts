/**
 * Monitoring (贷后监控, issue 14 item 3), the client's side: its webhook endpoint, its watches, the
 * pull feed and the dead letters. The worker that fans changes out and delivers them is
 * persons/monitor/.
 *
 * Who may watch: a bank under LOAN_UNDERWRITING (post-loan monitoring continues the underwriting
 * the borrower consented to) and a platform under MERCHANT_ONBOARDING (E-Commerce Law Art. 27
 * asks platforms to re-verify their merchants periodically). Not an employer: a screening is a
 * check before hiring, and continuous monitoring of an employee is beyond the purpose consented to
 * (PIPL Art. 6). Each watch rests on the subject's consent to the client for the watch's purpose:
 * without one in force no watch is made, and a code without a file is answered the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { recordOf, recordsOf, type AuditEntry } from '../../shared/platform/audit.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { checkBatch, MAX_BATCH } from '../../shared/platform/inputs.ts';
import { consentState } from '../../shared/facts/views.ts';
import type { ConsentState } from '../../shared/policy/decide.ts';
import { authorize } from '../../shared/policy/actions.ts';
import type { Store } from '../../shared/platform/store/port.ts';
import type { ConsentDoc } from '../../shared/facts/documents.ts';
import type { DeliveryDoc, WatchDoc, WebhookEndpointDoc } from '../documents.ts';
import type { Context } from '../loaders.ts';

export const watchId = (client: string, purpose: string, subject: string) => `${client}|${purpose}|${subject}`;

/** Each subject's consent state to this client for this purpose, today: one read for all. */
export async function consentStates(store: Store, client: string, purpose: string, subjects: readonly string[], today: string): Promise<Map<string, ConsentState>> {
  const docs = subjects.length ? await store.collection('consents').find({ subject: { $in: [...new Set(subjects)] }, client, purpose }) : [];
  const by = new Map<string, ConsentDoc[]>();
  for (const c of docs) {
    const held = by.get(c.subject);
    if (held) held.push(c);
    else by.set(c.subject, [c]);
  }
  return new Map(subjects.map((s) => [s, by.has(s) ? consentState(by.get(s)!, today) : { state: 'NONE' }]));
}

function watchModel(w: WatchDoc) {
  return { id: w._id, creditCode: w.subject, purpose: w.purpose, since: w.since, status: w.status, endedAt: w.endedAt ?? null, endReason: w.endReason ?? null };
}
export type WatchModel = ReturnType<typeof watchModel>;

export async function watch(ctx: Context, input: { creditCodes: readonly string[] }) {
  const viewer = authorize(ctx.viewer, 'watch');
  const codes = [...new Set(checkBatch(input.creditCodes, 'citizen', 'input.creditCodes', ctx))];
  const today = ctx.clock.today();
  const states = await consentStates(ctx.store, viewer.client, viewer.purpose, codes, today);
  const consented = codes.filter((c) => states.get(c)!.state === 'VALID');
  const watches = ctx.store.collection('watches');
  const existing = new Map((await watches.find({ _id: { $in: consented.map((c) => watchId(viewer.client, viewer.purpose, c)) } })).map((w) => [w._id, w]));
  const now = ctx.clock.now().toISOString();
  const made: WatchDoc[] = [];
  const fresh: WatchDoc[] = [];
  for (const subject of consented) {
    const id = watchId(viewer.client, viewer.purpose, subject);
    const had = existing.get(id);
    if (had?.status === 'ACTIVE') made.push(had);
    else {
      const w: WatchDoc = { _id: id, client: viewer.client, purpose: viewer.purpose, subject, status: 'ACTIVE', since: now };
      fresh.push(w);
      made.push(w);
    }
  }
  if (fresh.length) {
    // the records first: no watch is made without the record of who made it, under which consent
    const asked = ctx.asked();
    await ctx.audit.write(fresh.map((w) => recordOf(asked, { subject: w.subject, consent: (states.get(w.subject) as { consentId?: string }).consentId ?? null, consentState: 'VALID', classes: [], denied: [], action: 'watch', target: w._id })));
    await watches.upsertMany(fresh);
  }
  return { watches: made.map(watchModel), refused: codes.filter((c) => states.get(c)!.state !== 'VALID') };
}

export async function unwatch(ctx: Context, input: { creditCodes: readonly string[] }) {
  const viewer = authorize(ctx.viewer, 'unwatch');
  const codes = [...new Set(checkBatch(input.creditCodes, 'citizen', 'input.creditCodes', ctx))];
  const watches = ctx.store.collection('watches');
  const active = await watches.find({ _id: { $in: codes.map((c) => watchId(viewer.client, viewer.purpose, c)) }, status: 'ACTIVE' });
  const endedAt = ctx.clock.now().toISOString();
  const ended: WatchDoc[] = [];
  for (const w of active) {
    const res = await watches.updateOne({ _id: w._id, status: 'ACTIVE' }, { $set: { status: 'ENDED', endedAt, endReason: 'UNWATCHED' } });
    if (res.modified === 1) ended.push({ ...w, status: 'ENDED', endedAt, endReason: 'UNWATCHED' });
  }
  const done = new Set(ended.map((w) => w.subject));
  return { watches: ended.map(watchModel), refused: codes.filter((c) => !done.has(c)) };
}

/** Ends the active watches resting on a consent: at once when the subject revokes it. */
export async function endWatches(store: Store, consent: Pick<ConsentDoc, 'subject' | 'client' | 'purpose'>, reason: 'CONSENT_REVOKED' | 'CONSENT_EXPIRED', at: string): Promise<number> {
  const res = await store
    .collection('watches')
    .updateOne({ _id: watchId(consent.client, consent.purpose, consent.subject), status: 'ACTIVE' }, { $set: { status: 'ENDED', endedAt: at, endReason: reason } });
  return res.modified;
}

const limitOf = (n: number | null | undefined, argument: string) => {
  const v = n ?? 100;
  if (!Number.isInteger(v) || v < 1 || v > MAX_BATCH) throw badUserInput(`${argument} must be 1 to ${MAX_BATCH}.`, { argument });
  return v;
};

const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
function decodeCursor(cursor: string, argument: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v as [string, string];
  } catch {
    // answered below
  }
  throw badUserInput(`${argument} is not a cursor this hub gave: pass the cursor of the previous answer as it was.`, { argument });
}

export async function watchesPage(ctx: Context, args: { first?: number | null; after?: string | null }) {
  const viewer = authorize(ctx.viewer, 'watches');
  const first = limitOf(args.first, 'first');
  const mine = { client: viewer.client, purpose: viewer.purpose };
  const after = args.after ? decodeCursor(args.after, 'after') : undefined;
  const filter = after ? { ...mine, $or: [{ since: { $gt: after[0] } }, { since: after[0], _id: { $gt: after[1] } }] } : mine;
  const watches = ctx.store.collection('watches');
  const [docs, total] = await Promise.all([watches.find(filter, { sort: { since: 1, _id: 1 }, limit: first + 1 }), watches.count(mine)]);
  const items = docs.slice(0, first);
  const last = items[items.length - 1];
  return { total, items: items.map(watchModel), nextCursor: docs.length > first && last ? encodeCursor(last.since, last._id) : null };
}

// ---------- the webhook endpoint ----------

const MAX_URL = 2048;

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The endpoint's URL, checked for what can be checked without reaching it: http or https, no
 * credentials in it. Whether its address may be reached (no private address in production unless
 * configured) is the worker's check, at each delivery, since a name may resolve elsewhere later.
 */
export function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badUserInput('url is not a URL: give an absolute http(s) URL.', { argument: 'url' });
  }
  if (value.length > MAX_URL) throw badUserInput(`url is longer than ${MAX_URL} characters.`, { argument: 'url' });
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUserInput('url must be http or https.', { argument: 'url' });
  if (url.username || url.password) throw badUserInput('url must carry no credentials: the signature authenticates the hub.', { argument: 'url' });
  if (url.hash) throw badUserInput('url must have no fragment.', { argument: 'url' });
  return url.toString();
}

export async function registerWebhook(ctx: Context, value: string, previousSecretHours = 24) {
  const viewer = authorize(ctx.viewer, 'registerWebhook');
  const url = checkWebhookUrl(value);
  if (!Number.isInteger(previousSecretHours) || previousSecretHours < 0 || previousSecretHours > MAX_OVERLAP_HOURS) {
    throw badUserInput(`previousSecretHours must be 0 to ${MAX_OVERLAP_HOURS}.`, { argument: 'previousSecretHours' });
  }
  const endpoints = ctx.store.collection('webhookEndpoints');
  const had = await endpoints.findOne({ _id: viewer.client });
  const now = ctx.clock.now();
  const doc: WebhookEndpointDoc = {
    _id: viewer.client,
    url,
    secret: newSecret(),
    createdAt: now.toISOString(),
    ...(had && previousSecretHours > 0 ? { previous: { secret: had.secret, until: new Date(Date.now() + previousSecretHours * 3_600_000).toISOString() } } : {}),
  };
  await endpoints.upsertMany([doc]);
  return { url: doc.url, secret: doc.secret, createdAt: doc.createdAt, previousSecretUntil: doc.previous?.until ?? null };
}

/** The longest a replaced secret keeps signing beside the new one. */
const MAX_OVERLAP_HOURS = 168;

export async function webhookEndpoint(ctx: Context) {
  const viewer = authorize(ctx.viewer, 'webhookEndpoint');
  const doc = await ctx.store.collection('webhookEndpoints').findOne({ _id: viewer.client });
  const until = doc?.previous && doc.previous.until > new Date().toISOString() ? doc.previous.until : null;
  return doc ? { url: doc.url, createdAt: doc.createdAt, previousSecretUntil: until } : null;
}

// ---------- the pull feed and the dead letters ----------

function changeModel(d: DeliveryDoc) {
  return { id: d._id, type: d.type, creditCode: d.subject, occurredAt: d.occurredAt, payload: d.payload, delivery: d.status, attempts: d.attempts, lastError: d.lastError ?? null };
}
export type ChangeModel = ReturnType<typeof changeModel>;

/** The audit entries of changes shown to their watcher: the classes each revealed, under the consent in force. */
export function deliveryEntries(deliveries: readonly DeliveryDoc[], states: Map<string, ConsentState>): AuditEntry[] {
  return deliveries
    .filter((d) => d.classes.length > 0)
    .map((d) => ({ subject: d.subject, consent: (states.get(d.subject) as { consentId?: string } | undefined)?.consentId ?? null, consentState: 'VALID', classes: [...d.classes], denied: [], target: d.event }));
}

/**
 * How old a delivery's stamp must be before the pull feed serves it: longer than a worker's insert
 * may take (the store's own timeout, 3 s by default), so that with several workers no delivery is
 * stored behind a cursor already given out. The feed runs this far behind the webhooks.
 */
export const FEED_SETTLE_MS = 5_000;

export async function changes(ctx: Context, args: { since?: string | null; limit?: number | null }) {
  const viewer = authorize(ctx.viewer, 'changes');
  const limit = limitOf(args.limit, 'limit');
  // only deliveries whose stamp has settled: a worker's insert in flight cannot land behind the cursor
  const settled = new Date(Date.now() - FEED_SETTLE_MS).toISOString();
  const mine = { client: viewer.client, purpose: viewer.purpose, status: { $ne: 'CANCELLED' }, createdAt: { $lte: settled } };
  const since = args.since ? decodeCursor(args.since, 'since') : undefined;
  const filter = since ? { ...mine, $or: [{ createdAt: { $gt: since[0] } }, { createdAt: since[0], _id: { $gt: since[1] } }] } : mine;
  const page = await ctx.store.collection('deliveries').find(filter, { sort: { createdAt: 1, _id: 1 }, limit });

  // a change whose consent has ended since is not shown: the watch's basis is gone
  const states = await consentStates(ctx.store, viewer.client, viewer.purpose, page.map((d) => d.subject), ctx.clock.today());
  const shown = page.filter((d) => states.get(d.subject)!.state === 'VALID');
  await ctx.audit.write(recordsOf(ctx.asked(), deliveryEntries(shown, states)));
  const last = page[page.length - 1];
  return { items: shown.map(changeModel), cursor: last ? encodeCursor(last.createdAt, last._id) : (args.since ?? null) };
}

export async function deadLetters(ctx: Context, args: { limit?: number | null }) {
  const viewer = authorize(ctx.viewer, 'deadLetters');
  const docs = await ctx.store.collection('deliveries').find({ client: viewer.client, purpose: viewer.purpose, status: 'DEAD' }, { sort: { createdAt: 1, _id: 1 }, limit: limitOf(args.limit, 'limit') });
  // what a dead letter shows is its payload: only while the consent it was made under holds
  const states = await consentStates(ctx.store, viewer.client, viewer.purpose, docs.map((d) => d.subject), ctx.clock.today());
  const shown = docs.filter((d) => states.get(d.subject)!.state === 'VALID');
  await ctx.audit.write(recordsOf(ctx.asked(), deliveryEntries(shown, states)));
  return shown.map(changeModel);
}

export async function redeliver(ctx: Context, ids: readonly string[]): Promise<number> {
  const viewer = authorize(ctx.viewer, 'redeliver');
  if (ids.length < 1 || ids.length > MAX_BATCH) throw badUserInput(`ids must name 1 to ${MAX_BATCH} dead letters.`, { argument: 'ids' });
  const now = ctx.clock.now().toISOString();
  let put = 0;
  for (const id of new Set(ids)) {
    const res = await ctx.store
      .collection('deliveries')
      .updateOne({ _id: id.slice(0, 100), client: viewer.client, status: 'DEAD' }, { $set: { status: 'PENDING', attempts: 0, nextAttemptAt: now }, $unset: { lastError: '', leaseOwner: '', leaseUntil: '' } });
    put += res.modified;
  }
  return put;
}

/** A delivery's id: the webhook-id of every attempt, the same for the same (event, watch). */
export const deliveryId = (event: string, watch: string) => `msg_${createHash('sha256').update(`${event}\n${watch}`).digest('base64url').slice(0, 32)}`;
