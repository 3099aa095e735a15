/**
 * Publishing (issue 13): the listing authorities feed the lists they issue. One path for every way
 * in — the single mutations, the bulk feed, `npm run feed`, `POST /feeds` — so each rule holds
 * alike on all of them:
 *
 * - Who: a client of kind AUTHORITY under PUBLICATION (policy/actions.ts), within its licence
 *   (wire/licence.ts): the list, the subject's region, the ref among its own document numbers.
 *   A record outside the licence is refused FORBIDDEN before anything is read: the refusal depends
 *   on the record and the licence only, never on what the hub holds about the ref or the subject.
 * - Whose: an authority changes only its own listings: those it published, and those loaded before
 *   publishing existed that fall within its licence (its own document numbers). Any other ref is
 *   answered exactly like a ref that does not exist.
 * - Idempotent by ref: an operation sent again as it was applied is UNCHANGED, with the receipt it
 *   got; a PUBLISH under a ref published with other content is refused (send CORRECT).
 * - Whole or not at all: a record is one document write (the entry, with its provenance), made
 *   only when its audit record is written; its receipt is derived from the entry and upserted, so a
 *   retry after a failure between the two restores it.
 * - At once: the screening index takes the change incrementally (screening/service.ts).
 */
import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { recordOf } from '../../shared/platform/audit.ts';
import { addMonths, addWorkingDays, isIsoDate, type IsoDate } from '../../shared/platform/clock.ts';
import { badUserInput, forbidden, serviceUnavailable } from '../../shared/platform/errors.ts';
import { classifyCode, isProblem, type SubjectKind } from '../../shared/platform/ids.ts';
import { COURT_LISTS, listFactKind, ruleFor } from '../../shared/facts/lifecycle.ts';
import type { Measure, Severity } from '../../shared/facts/documents.ts';
import { authorize, type ActionName } from '../../shared/policy/actions.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { LIST_KINDS, licenceRefusal, refMatches, type ListKind, type PublishLicence } from '../../shared/wire/licence.ts';
import { StoreError } from '../../shared/platform/store/port.ts';
import type { PublicationDoc, PublicationOperation, SanctionEntryDoc } from '../documents.ts';
import type { Context } from '../loaders.ts';
import type { FeedReportModel } from '../mappers.ts';
import { takeSubjects } from '../../shared/platform/inputs.ts';
import { applyToScreeningIndex, indexChangeOf } from '../screening/service.ts';
import { sendChanges } from './changes.ts';
import { sendNotices } from './notices.ts';

export const OPERATIONS: readonly PublicationOperation[] = ['PUBLISH', 'CORRECT', 'REVOKE', 'END'];
const MEASURES: readonly Measure[] = [
  'HIGH_CONSUMPTION',
  'AIR_TRAVEL',
  'HIGH_SPEED_RAIL',
  'CIVIL_SERVICE_HIRING',
  'FINANCING',
  'MARKET_ENTRY',
  'GOVERNMENT_PROCUREMENT',
  'PLATFORM_ENTRY',
  'LEGAL_REPRESENTATIVE_ROLE',
  'DIRECTOR_ROLE',
  'SUPERVISOR_ROLE',
  'SENIOR_MANAGER_ROLE',
];
/** lists whose entries are SERIOUS facts by their nature */
const SERIOUS_LISTS: readonly ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR', 'SERIOUS_DISHONESTY'];
/** the only list whose entries may carry no joint measure */
const MEASURELESS_LISTS: readonly ListKind[] = ['ADMINISTRATIVE_PENALTY'];
/** the court's removal is due within this many working days of performance (domain.md section 6) */
export const REMOVAL_WORKING_DAYS = 3;
const FIRST_DAY = '1949-10-01';
/** the longest line a feed takes */
export const MAX_LINE_CHARS = 4000;

/** A refusal: what the single mutation throws, what a feed line reports. */
export interface Refusal {
  code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE';
  /** a machine-readable reason: the licence's (FACT_NOT_LICENSED…), or INVALID, NOT_FOUND, CONFLICT, RETRY */
  reason: string;
  message: string;
  /** the field of the record it names */
  field?: string;
}

/** A listing's content: what PUBLISH and CORRECT send, and the idempotency of both compares. */
export interface ListingContent {
  list: ListKind;
  subject: string;
  subjectKind: SubjectKind;
  subjectName: string;
  basis: string;
  obligation: string | null;
  severity: Severity;
  decidedAt: IsoDate;
  /** undefined: the rules' default; null: no fixed term (the court's list) */
  displayUntil: IsoDate | null | undefined;
  measures: Measure[];
  sourceDocument: string;
}

type Checked =
  | { op: 'PUBLISH' | 'CORRECT'; ref: string; content: ListingContent; reason?: string }
  | { op: 'REVOKE'; ref: string; reason: string; sourceDocument: string }
  | { op: 'END'; ref: string; performedAt: IsoDate; sourceDocument: string };

export type Outcome =
  | { outcome: 'APPLIED' | 'UNCHANGED'; ref: string; op: PublicationOperation; receipt: PublicationDoc }
  | { outcome: 'REFUSED'; ref: string | null; op: string | null; refusal: Refusal };

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

const invalid = (field: string, message: string): Refusal => ({ code: 'BAD_USER_INPUT', reason: 'INVALID', field, message: `${field}: ${message}` });

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}
const refuse = (field: string, message: string): never => {
  throw new Refused(invalid(field, message));
};

function text(record: Record<string, unknown>, field: string, max: number, required = true): string | undefined {
  const v = record[field];
  if (v === undefined || v === null) return required ? refuse(field, `is required (1 to ${max} characters)`) : undefined;
  if (typeof v !== 'string') return refuse(field, 'must be a string');
  const t = v.trim();
  // control characters would travel into every answer and log that shows the value
  if (t.length === 0 || t.length > max || /[\u0000-\u001f\u007f]/.test(t)) return refuse(field, `must be 1 to ${max} characters of text`);
  return t;
}

function day(record: Record<string, unknown>, field: string, today: IsoDate, from = FIRST_DAY): IsoDate {
  const v = text(record, field, 10)!;
  if (!isIsoDate(v)) return refuse(field, `"${v}" is not a date: use YYYY-MM-DD`);
  if (v < from || v > today) return refuse(field, `${v} must be from ${from} to today (${today})`);
  return v;
}

const ref = (record: Record<string, unknown>) => text(record, 'ref', 80)!;

/** The operation a record asks for, checked field by field against the record alone. */
function check(record: Record<string, unknown>, opGiven: unknown, licence: PublishLicence | undefined, today: IsoDate): Checked {
  const op = opGiven ?? 'PUBLISH';
  if (typeof op !== 'string' || !OPERATIONS.includes(op as PublicationOperation)) return refuse('op', `must be one of ${OPERATIONS.join(', ')}`);
  const r = ref(record);
  if (op === 'REVOKE' || op === 'END') {
    // the ref is all the record says of the listing: the rest of the licence is checked on the listing itself
    if (!licence || !licence.refs.some((p) => refMatches(p, r))) {
      throw new Refused({ code: 'FORBIDDEN', reason: 'REF_NOT_LICENSED', field: 'ref', message: `ref "${r}" is not one of your document numbers (${licence?.refs.join(', ') ?? 'none'})` });
    }
    const sourceDocument = text(record, 'sourceDocument', 200)!;
    if (op === 'REVOKE') return { op, ref: r, reason: text(record, 'reason', 500)!, sourceDocument };
    return { op, ref: r, performedAt: day(record, 'performedAt', today), sourceDocument };
  }
  const list = record.list;
  if (typeof list !== 'string' || !LIST_KINDS.includes(list as ListKind)) return refuse('list', `must be one of ${LIST_KINDS.join(', ')}`);
  const code = text(record, 'subjectCode', 18)!.toUpperCase();
  const kind = classifyCode(code);
  if (isProblem(kind)) return refuse('subjectCode', `${kind.message}`);
  const notLicensed = licenceRefusal(licence, { fact: list, ref: r, subject: code, subjectKind: kind });
  if (notLicensed) throw new Refused({ code: 'FORBIDDEN', reason: notLicensed.reason, message: notLicensed.message, field: notLicensed.reason === 'REF_NOT_LICENSED' ? 'ref' : notLicensed.reason === 'REGION_NOT_LICENSED' ? 'subjectCode' : 'list' });
  const l = list as ListKind;
  const severity = record.severity;
  if (severity !== 'GENERAL' && severity !== 'SERIOUS') {
    return refuse('severity', severity === 'MINOR' ? 'MINOR facts are not published: they are never shown (domain.md section 6)' : 'must be GENERAL or SERIOUS');
  }
  if (SERIOUS_LISTS.includes(l) && severity !== 'SERIOUS') return refuse('severity', `a ${l} listing is SERIOUS`);
  const decidedAt = day(record, 'listedAt', today);
  let displayUntil: IsoDate | null | undefined;
  if (record.displayUntil === null) {
    if (!COURT_LISTS.includes(l)) return refuse('displayUntil', "only the court's list has listings without a fixed term: give a date, or leave it out for the rules' default");
    displayUntil = null;
  } else if (record.displayUntil !== undefined) {
    const until = text(record, 'displayUntil', 10)!;
    if (!isIsoDate(until) || until <= decidedAt) return refuse('displayUntil', `must be a date (YYYY-MM-DD) after listedAt (${decidedAt})`);
    const rule = ruleFor(listFactKind(l), severity, today);
    const max = rule?.maxMonths ? addMonths(decidedAt, rule.maxMonths) : undefined;
    if (max && until > max) return refuse('displayUntil', `${until} is beyond the longest a ${severity} ${l} listing is shown (${max}: ${rule!.basis})`);
    displayUntil = until;
  }
  const obligation = text(record, 'obligation', 500, COURT_LISTS.includes(l)) ?? null;
  if (obligation !== null && !COURT_LISTS.includes(l)) return refuse('obligation', "only a listing on the court's list names an obligation");
  const measures = record.measures ?? [];
  if (!Array.isArray(measures) || measures.some((m) => typeof m !== 'string' || !MEASURES.includes(m as Measure))) return refuse('measures', `must be a list of ${MEASURES.join(', ')}`);
  if (new Set(measures).size !== measures.length) return refuse('measures', 'names a measure twice');
  if (measures.length === 0 && !MEASURELESS_LISTS.includes(l)) return refuse('measures', `a ${l} listing carries at least one joint measure`);
  const content: ListingContent = {
    list: l,
    subject: code,
    subjectKind: kind,
    subjectName: text(record, 'subjectName', 100)!,
    basis: text(record, 'basis', 500)!,
    obligation,
    severity,
    decidedAt,
    displayUntil,
    measures: [...(measures as Measure[])].sort(),
    sourceDocument: text(record, 'sourceDocument', 200)!,
  };
  if (op === 'CORRECT') return { op, ref: r, content, reason: text(record, 'reason', 500)! };
  return { op: 'PUBLISH', ref: r, content };
}

/** The content an entry holds now, in the shape a PUBLISH or CORRECT sends it. */
function contentOfEntry(e: SanctionEntryDoc): Omit<ListingContent, 'sourceDocument'> {
  return {
    list: e.list,
    subject: e.subject,
    subjectKind: e.subjectKind,
    subjectName: e.subjectName,
    basis: e.basis,
    obligation: e.obligation ?? null,
    severity: e.severity,
    decidedAt: e.decidedAt,
    displayUntil: e.displayUntil,
    measures: [...e.measures].sort(),
  };
}

const contentHash = (c: ListingContent) => sha({ ...c, displayUntil: c.displayUntil === undefined ? '-' : c.displayUntil });

/** The entry is the authority's own: it published it, or it was loaded before publishing and falls within its licence. */
function owns(entry: SanctionEntryDoc, client: string, licence: PublishLicence | undefined): boolean {
  if (entry.publication) return entry.publication.publisher === client;
  return !licenceRefusal(licence, { fact: entry.list, ref: entry._id, subject: entry.subject, subjectKind: entry.subjectKind });
}

/** The receipt of the operation an entry records: derived from the entry alone. */
export function receiptOf(e: SanctionEntryDoc): PublicationDoc {
  // the listing's history of operation hashes stays on the listing
  const { applied: _applied, ...p } = e.publication!;
  return {
    _id: `${e._id}#${p.version}`,
    ref: e._id,
    ...p,
    list: e.list,
    subject: e.subject,
    subjectKind: e.subjectKind,
    subjectName: e.subjectName,
    authority: e.authority,
    status: e.status,
    ...(e.performedAt ? { performedAt: e.performedAt } : {}),
    ...(e.removedAt ? { removedAt: e.removedAt } : {}),
  };
}

interface Write {
  i: number;
  op: PublicationOperation;
  next: SanctionEntryDoc;
  /** the version the entry had when read: the write is conditional on it (none: a new entry) */
  expected: number | 'LEGACY' | 'NEW';
  prev: SanctionEntryDoc | null;
}

function notFound(r: string): Refusal {
  return { code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: 'ref', message: `ref: you have published no listing "${r}"` };
}

/** What an operation does to the entry it names: the entry after it, UNCHANGED, or a refusal. */
function decide(c: Checked, entry: SanctionEntryDoc | null, client: { id: string; name: string; licence: PublishLicence | undefined }, now: Date, today: IsoDate): SanctionEntryDoc | 'UNCHANGED' | Refusal {
  const mine = entry && owns(entry, client.id, client.licence) ? entry : null;
  const at = now.toISOString();
  const opHash = sha(c);
  if (mine?.publication?.applied.includes(opHash)) return 'UNCHANGED';
  const stamp = (e: SanctionEntryDoc, extra: Partial<NonNullable<SanctionEntryDoc['publication']>> & { contentHash: string; sourceDocument: string }): SanctionEntryDoc => ({
    ...e,
    publication: {
      publisher: client.id,
      version: (mine?.publication?.version ?? 0) + 1,
      operation: c.op,
      receivedAt: at,
      receivedOn: today,
      operationHash: opHash,
      applied: [...(mine?.publication?.applied ?? []), opHash],
      ...extra,
    },
    // the machine's time, not the hub's clock: other processes' indexes catch up by it
    changedAt: new Date().toISOString(),
  });
  switch (c.op) {
    case 'PUBLISH':
    case 'CORRECT': {
      const hash = contentHash(c.content);
      if (c.op === 'PUBLISH' && !entry) {
        // a ref held by another publisher is refused like one of its own would be: it cannot be
        // reached within a licence's own document numbers but through operators giving two
        // authorities one pattern (wire/licence.ts)
        return buildEntry(c.ref, c.content, client.name, (e) => stamp(e, { contentHash: hash, sourceDocument: c.content.sourceDocument }));
      }
      if (!mine) return c.op === 'CORRECT' ? notFound(c.ref) : { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" is taken: publish under another document number` };
      if (mine.status === 'REVOKED' || mine.status === 'REMOVED') {
        return { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" was ${mine.status === 'REVOKED' ? 'revoked' : 'ended'}${mine.removedAt ? ` on ${mine.removedAt}` : ''}; a new listing takes a new document number` };
      }
      const current = mine.publication?.contentHash ?? contentHash({ ...contentOfEntry(mine), sourceDocument: '' });
      if (current === hash) return 'UNCHANGED';
      if (c.op === 'PUBLISH') {
        return { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" is published already with other content (version ${mine.publication?.version ?? 1}): send it as a correction (op CORRECT, with a reason)` };
      }
      if (c.content.list !== mine.list || c.content.subject !== mine.subject) {
        return invalid(c.content.list !== mine.list ? 'list' : 'subjectCode', 'a correction keeps the list and the subject: revoke the listing and publish a new one');
      }
      return buildEntry(c.ref, c.content, mine.authority, (e) => stamp({ ...e, status: mine.status, ...(mine.repairedAt ? { repairedAt: mine.repairedAt } : {}) }, { contentHash: hash, sourceDocument: c.content.sourceDocument, reason: c.reason! }));
    }
    case 'REVOKE': {
      if (!mine) return notFound(c.ref);
      if (mine.status === 'REVOKED') return { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" was revoked already${mine.publication ? ` (${mine.publication.receivedAt.slice(0, 10)})` : ''}` };
      return stamp({ ...mine, status: 'REVOKED' }, { contentHash: mine.publication?.contentHash ?? '', sourceDocument: c.sourceDocument, reason: c.reason });
    }
    case 'END': {
      if (!mine) return notFound(c.ref);
      if (mine.status === 'REMOVED' || mine.status === 'REVOKED') {
        return { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" was ${mine.status === 'REVOKED' ? 'revoked' : `ended on ${mine.removedAt ?? 'an earlier day'}`} already` };
      }
      if (c.performedAt < mine.decidedAt) return invalid('performedAt', `${c.performedAt} is before the listing (${mine.decidedAt})`);
      const court = COURT_LISTS.includes(mine.list);
      return stamp(
        { ...mine, status: 'REMOVED', removedAt: today, performedAt: c.performedAt },
        { contentHash: mine.publication?.contentHash ?? '', sourceDocument: c.sourceDocument, ...(court ? { removalDue: addWorkingDays(c.performedAt, REMOVAL_WORKING_DAYS) } : {}) },
      );
    }
  }
}

function buildEntry(r: string, c: ListingContent, authority: string, stamp: (e: SanctionEntryDoc) => SanctionEntryDoc): SanctionEntryDoc {
  return stamp({
    _id: r,
    ref: r,
    list: c.list,
    subject: c.subject,
    subjectKind: c.subjectKind,
    subjectName: c.subjectName,
    authority,
    basis: c.basis,
    ...(c.obligation !== null ? { obligation: c.obligation } : {}),
    severity: c.severity,
    decidedAt: c.decidedAt,
    ...(c.displayUntil !== undefined ? { displayUntil: c.displayUntil } : {}),
    status: 'ACTIVE',
    measures: c.measures,
  });
}

/** The client's licence, read fresh: a licence the operator narrows applies from the next call. */
async function licensee(ctx: Context): Promise<{ id: string; name: string; licence: PublishLicence | undefined }> {
  const viewer = ctx.viewer as Extract<Context['viewer'], { kind: 'CLIENT' }>;
  const doc = await ctx.store.collection('clients').findOne({ _id: viewer.client });
  return { id: viewer.client, name: doc?.name ?? viewer.client, licence: doc?.publishes };
}

/** A feed line's raw record: one JSON object, with its operation in `op` (PUBLISH when absent). */
export function parseLine(line: string): Input {
  if (line.length > MAX_LINE_CHARS) return { unreadable: invalid('line', `is longer than ${MAX_LINE_CHARS} characters`) };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { unreadable: invalid('line', 'is not JSON: each line of a feed is one JSON object') };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { unreadable: invalid('line', 'must be one JSON object') };
  return { record: value as Record<string, unknown> };
}

/**
 * Applies records in order, each whole or not at all, and answers one outcome per record. Records
 * naming the same ref are applied one after the other; the others of a call together, in one read,
 * one audit write and one write per changed entry.
 */
export type Input = { record: Record<string, unknown> } | { unreadable: Refusal };

export async function applyRecords(ctx: Context, action: ActionName, inputs: readonly Input[]): Promise<Outcome[]> {
  authorize(ctx.viewer, action);
  const client = await licensee(ctx);
  const today = ctx.clock.today();
  const out: Outcome[] = new Array(inputs.length);
  const checked: (Checked | undefined)[] = inputs.map((input, i) => {
    if ('unreadable' in input) {
      out[i] = { outcome: 'REFUSED', ref: null, op: null, refusal: input.unreadable };
      return undefined;
    }
    const record = input.record;
    try {
      return check(record, record.op, client.licence, today);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      out[i] = { outcome: 'REFUSED', ref: typeof record.ref === 'string' ? record.ref.slice(0, 80) : null, op: typeof record.op === 'string' ? record.op.slice(0, 20) : 'PUBLISH', refusal: err.refusal };
      return undefined;
    }
  });
  // waves: the n-th record naming a ref goes in wave n, so each wave names each ref once
  const waves: number[][] = [];
  const seenRefs = new Map<string, number>();
  checked.forEach((c, i) => {
    if (!c) return;
    const n = seenRefs.get(c.ref) ?? 0;
    seenRefs.set(c.ref, n + 1);
    (waves[n] ??= []).push(i);
  });
  for (const wave of waves) await applyWave(ctx, client, wave, checked as Checked[], out, today);
  return out;
}

async function applyWave(ctx: Context, client: Awaited<ReturnType<typeof licensee>>, wave: number[], checked: Checked[], out: Outcome[], today: IsoDate): Promise<void> {
  const entries = ctx.store.collection('sanctionEntries');
  const existing = new Map((await entries.find({ _id: { $in: wave.map((i) => checked[i]!.ref) } })).map((e) => [e._id, e]));
  const now = ctx.clock.now();
  const writes: Write[] = [];
  const unchanged: { i: number; entry: SanctionEntryDoc }[] = [];
  for (const i of wave) {
    const c = checked[i]!;
    const entry = existing.get(c.ref) ?? null;
    const d = decide(c, entry, client, now, today);
    if (d === 'UNCHANGED') {
      // a legacy entry the same content was sent for has no receipt: it was not published here
      if (entry!.publication) unchanged.push({ i, entry: entry! });
      else out[i] = { outcome: 'REFUSED', ref: c.ref, op: c.op, refusal: { code: 'BAD_USER_INPUT', reason: 'CONFLICT', field: 'ref', message: `ref: "${c.ref}" is listed already with this content` } };
    } else if ('code' in d && 'message' in d && !('_id' in d)) out[i] = { outcome: 'REFUSED', ref: c.ref, op: c.op, refusal: d as Refusal };
    else {
      const next = d as SanctionEntryDoc;
      writes.push({ i, op: c.op, next, expected: !entry ? 'NEW' : (entry.publication?.version ?? 'LEGACY'), prev: entry });
    }
  }
  // the records first: no change is made without its audit record, and none when it cannot be written
  if (writes.length > 0) {
    const asked = ctx.asked();
    const records = writes.map((w) =>
      recordOf(asked, { subject: w.next.subject, consent: null, classes: [LIST_CLASSES[w.next.list]], denied: [], action: ACTION_OF[w.op], target: w.next._id }),
    );
    try {
      await ctx.audit.write(records);
    } catch {
      for (const w of writes) out[w.i] = { outcome: 'REFUSED', ref: w.next._id, op: w.op, refusal: RETRY_LATER };
      writes.length = 0;
    }
  }
  const applied: SanctionEntryDoc[] = [];
  const fresh = writes.filter((w) => w.expected === 'NEW');
  if (fresh.length > 0) {
    try {
      await entries.insertMany(fresh.map((w) => w.next));
      applied.push(...fresh.map((w) => w.next));
    } catch (err) {
      if (!(err instanceof StoreError) || err.kind !== 'DUPLICATE') throw storeFailure(err);
      // another call published some of the refs meanwhile: each on its own, the taken ones refused
      for (const w of fresh) {
        const had = await entries.findOne({ _id: w.next._id });
        if (had && had.publication?.operationHash === w.next.publication!.operationHash) applied.push(had);
        else if (had) out[w.i] = { outcome: 'REFUSED', ref: w.next._id, op: w.op, refusal: { code: 'BAD_USER_INPUT', reason: 'RETRY', message: `ref: "${w.next._id}" changed while this record was applied; send it again` } };
        else {
          await entries.insertOne(w.next).then(() => applied.push(w.next), () => (out[w.i] = { outcome: 'REFUSED', ref: w.next._id, op: w.op, refusal: RETRY_LATER }));
        }
      }
    }
  }
  for (const w of writes.filter((x) => x.expected !== 'NEW')) {
    const condition = w.expected === 'LEGACY' ? { 'publication.version': { $exists: false } } : { 'publication.version': w.expected };
    const { _id, ...rest } = w.next;
    // the entry is replaced whole: a field the correction leaves out (a display-until date) goes
    const gone = Object.keys(w.prev ?? {}).filter((k) => k !== '_id' && !(k in rest));
    const update = { $set: rest, ...(gone.length ? { $unset: Object.fromEntries(gone.map((k) => [k, ''])) } : {}) };
    const res = await entries.updateOne({ _id, ...condition }, update).catch((err: unknown) => {
      throw storeFailure(err);
    });
    if (res.modified === 1) applied.push(w.next);
    else out[w.i] = { outcome: 'REFUSED', ref: _id, op: w.op, refusal: { code: 'BAD_USER_INPUT', reason: 'RETRY', message: `ref: "${_id}" changed while this record was applied; send it again` } };
  }
  const appliedRefs = new Set(applied.map((e) => e._id));
  for (const w of writes) if (appliedRefs.has(w.next._id)) out[w.i] = { outcome: 'APPLIED', ref: w.next._id, op: w.op, receipt: receiptOf(w.next) };
  for (const u of unchanged) out[u.i] = { outcome: 'UNCHANGED', ref: u.entry._id, op: checked[u.i]!.op, receipt: receiptOf(u.entry) };
  // derived, idempotent: an UNCHANGED retry restores what a failure after the entry's write lost
  const derived = [...applied, ...unchanged.map((u) => u.entry)];
  if (derived.length > 0) {
    await ctx.store.collection('publications').upsertMany(derived.map((e) => receiptOf(e))).catch((err: unknown) => {
      throw storeFailure(err);
    });
    await sendNotices(ctx, derived).catch((err: unknown) => {
      throw storeFailure(err);
    });
    // before the answer: a bank watching the person learns of it even if this process stops now
    await sendChanges(ctx.store, derived).catch((err: unknown) => {
      throw storeFailure(err);
    });
  }
  applyToScreeningIndex(ctx.store, applied.map(indexChangeOf));
}

const ACTION_OF: Record<PublicationOperation, string> = { PUBLISH: 'publishListing', CORRECT: 'correctListing', REVOKE: 'revokeListing', END: 'endListing' };

const RETRY_LATER: Refusal = { code: 'SERVICE_UNAVAILABLE', reason: 'RETRY', message: 'the hub could not record this change right now; nothing was applied: send it again shortly' };

function storeFailure(err: unknown): GraphQLError | unknown {
  return err instanceof StoreError ? serviceUnavailable() : err;
}

/** A refusal as the single mutations answer it. */
export function refusalError(r: Refusal): GraphQLError {
  const ext = { reason: r.reason, ...(r.field ? { argument: r.field } : {}) };
  if (r.code === 'FORBIDDEN') return forbidden(`Refused: ${r.message}.`, ext);
  if (r.code === 'SERVICE_UNAVAILABLE') return serviceUnavailable(`Refused: ${r.message}.`);
  return badUserInput(`Refused: ${r.message}.`, ext);
}

/** One record through the path, as a single mutation answers: the receipt, or the refusal thrown. */
export async function applyOne(ctx: Context, action: ActionName, record: Record<string, unknown>) {
  const [o] = await applyRecords(ctx, action, [{ record }]);
  if (o!.outcome === 'REFUSED') throw refusalError(o!.refusal);
  return { ...o!.receipt, outcome: o!.outcome };
}

/** A ListingInput of the API as a record of the path. */
export function listingRecord(op: 'PUBLISH' | 'CORRECT', listing: object): Record<string, unknown> {
  return { ...listing, op };
}

/** The bulk feed: 1 to 1,000 lines of NDJSON, each applied whole or refused whole, reported line by line. */
export async function feed(ctx: Context, lines: readonly string[]): Promise<FeedReportModel> {
  authorize(ctx.viewer, 'publishListings');
  takeSubjects(ctx.budget, lines.length, 'lines');
  const outcomes = await applyRecords(ctx, 'publishListings', lines.map(parseLine));
  const report: FeedReportModel = { applied: 0, unchanged: 0, refused: 0, lines: [] };
  outcomes.forEach((o, i) => {
    if (o.outcome === 'REFUSED') {
      report.refused++;
      report.lines.push({ line: i + 1, ref: o.ref, operation: o.op, outcome: 'REFUSED', code: o.refusal.code, reason: o.refusal.message, receipt: null });
    } else {
      report[o.outcome === 'APPLIED' ? 'applied' : 'unchanged']++;
      report.lines.push({ line: i + 1, ref: o.ref, operation: o.op, outcome: o.outcome, code: null, reason: null, receipt: { ...o.receipt, outcome: o.outcome } });
    }
  });
  return report;
}
