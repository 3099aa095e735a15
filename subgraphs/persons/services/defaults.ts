/**
 * Lenders' reports of financial defaults (issue 13: where facts come from). A lender feeds the
 * defaults it reports as an issuing authority: a client of kind AUTHORITY under PUBLICATION whose
 * licence names FINANCIAL_DEFAULT, its own loan references and optionally the regions it serves
 * (wire/licence.ts), as a court's names its lists. The rules are the listings' (sanctions/services/
 * publish.ts), for a fact the persons subgraph owns:
 *
 * - Within the licence, checked on the record alone before anything is read: a refusal never
 *   depends on what the hub holds about the ref or the person.
 * - Whose: a lender changes only its own defaults: those it reported, and those loaded before
 *   reporting existed that fall within its licence. Any other ref is answered exactly like a ref
 *   that does not exist.
 * - Idempotent by ref: an operation sent again as it was applied is UNCHANGED; a REPORT under a ref
 *   reported with other content is refused (send CORRECT).
 * - Whole or not at all: one conditional document write, made only once its audit record is
 *   written, and the change event for the person's watchers (shared/facts/changes.ts).
 * - The display period follows the lifecycle's rules: no end while unpaid, 5 years from settlement.
 */
import { createHash } from 'node:crypto';
import { recordChanges, type ChangeType } from '../../shared/facts/changes.ts';
import { recordOf } from '../../shared/platform/audit.ts';
import { isIsoDate, type IsoDate } from '../../shared/platform/clock.ts';
import { badUserInput, forbidden } from '../../shared/platform/errors.ts';
import { validateCitizenId } from '../../shared/platform/ids.ts';
import { StoreError } from '../../shared/platform/store/port.ts';
import { authorize } from '../../shared/policy/actions.ts';
import { licenceRefusal, refMatches, type PublishLicence } from '../../shared/wire/licence.ts';
import type { DefaultPublication, FinancialDefaultDoc } from '../documents.ts';
import type { Context } from '../loaders.ts';
import type { DefaultReceiptModel } from '../mappers.ts';

type Operation = DefaultPublication['operation'];

export interface DefaultReportInput {
  op?: Operation | null;
  ref: string;
  subjectCode?: string | null;
  product?: string | null;
  overdueAmount?: number | null;
  overdueSince?: string | null;
  settledAt?: string | null;
  reason?: string | null;
  sourceDocument: string;
}

const FIRST_DAY = '1949-10-01';
/** the largest amount a report may carry, in yuan: above it is a unit mistake (fen for yuan) */
const MAX_AMOUNT = 1e11;

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

function text(value: string | null | undefined, argument: string, max: number): string {
  const t = (value ?? '').trim();
  if (t.length === 0 || t.length > max || /[\u0000-\u001f\u007f]/.test(t)) {
    throw badUserInput(`report.${argument} must be 1 to ${max} characters of text${value === undefined || value === null ? ' (it is required for this operation)' : ''}.`, { argument: `report.${argument}` });
  }
  return t;
}

function day(value: string | null | undefined, argument: string, today: IsoDate, from = FIRST_DAY): IsoDate {
  const v = text(value, argument, 10);
  if (!isIsoDate(v)) throw badUserInput(`report.${argument} "${v}" is not a date: use YYYY-MM-DD.`, { argument: `report.${argument}` });
  if (v < from || v > today) throw badUserInput(`report.${argument} ${v} must be from ${from} to today (${today}).`, { argument: `report.${argument}` });
  return v;
}

/** What REPORT and CORRECT send about the default, checked against the record and the licence alone. */
function content(input: DefaultReportInput, ref: string, licence: PublishLicence | undefined, today: IsoDate) {
  const subject = text(input.subjectCode, 'subjectCode', 18).toUpperCase();
  const problem = validateCitizenId(subject);
  if (problem) throw badUserInput(`report.subjectCode: ${problem.message}. A lender reports the defaults of natural persons, by citizen ID.`, { argument: 'report.subjectCode' });
  const refused = licenceRefusal(licence, { fact: 'FINANCIAL_DEFAULT', ref, subject, subjectKind: 'PERSON' });
  if (refused) throw forbidden(`Refused: ${refused.message}.`, { reason: refused.reason, argument: refused.reason === 'REGION_NOT_LICENSED' ? 'report.subjectCode' : 'report.ref' });
  const amount = input.overdueAmount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > MAX_AMOUNT || Math.round(amount * 100) !== amount * 100) {
    throw badUserInput(`report.overdueAmount must be an amount in yuan above 0 and at most ${MAX_AMOUNT}, to the fen (${amount ?? 'none given'}).`, { argument: 'report.overdueAmount' });
  }
  return { subject, product: text(input.product, 'product', 200), overdueAmount: amount, overdueSince: day(input.overdueSince, 'overdueSince', today) };
}

/** The lender's licence, read fresh: a licence the operator narrows applies from the next call. */
async function lender(ctx: Context): Promise<{ id: string; name: string; licence: PublishLicence | undefined }> {
  const viewer = authorize(ctx.viewer, 'reportDefault');
  const doc = await ctx.store.collection('clients').findOne({ _id: viewer.client });
  return { id: viewer.client, name: doc?.name ?? viewer.client, licence: doc?.publishes };
}

/** The default is the lender's own: it reported it, or it was loaded before reporting and falls within its licence. */
function owns(d: FinancialDefaultDoc, client: string, licence: PublishLicence | undefined): boolean {
  if (d.publication) return d.publication.publisher === client;
  return !licenceRefusal(licence, { fact: 'FINANCIAL_DEFAULT', ref: d._id, subject: d.subject, subjectKind: 'PERSON' });
}

const notFound = (ref: string) => badUserInput(`Refused: report.ref: you have reported no default "${ref.slice(0, 80)}".`, { reason: 'NOT_FOUND', argument: 'report.ref' });
const conflict = (message: string) => badUserInput(`Refused: report.ref: ${message}.`, { reason: 'CONFLICT', argument: 'report.ref' });

const CHANGE_OF: Record<Operation, ChangeType> = { REPORT: 'LISTED', CORRECT: 'CORRECTED', SETTLE: 'CORRECTED', REVOKE: 'REVOKED' };

const receipt = (d: FinancialDefaultDoc, outcome: DefaultReceiptModel['outcome']): DefaultReceiptModel => ({
  ref: d._id,
  operation: d.publication!.operation,
  outcome,
  version: d.publication!.version,
  repayment: d.repayment,
  status: d.status,
  receivedAt: d.publication!.receivedAt,
});

export async function reportDefault(ctx: Context, input: DefaultReportInput): Promise<DefaultReceiptModel> {
  const client = await lender(ctx);
  const today = ctx.clock.today();
  const op: Operation = input.op ?? 'REPORT';
  const ref = text(input.ref, 'ref', 80);
  const sourceDocument = text(input.sourceDocument, 'sourceDocument', 200);
  // what the record says, checked before anything is read
  let sent: ReturnType<typeof content> | undefined;
  let settledAt: IsoDate | undefined;
  let reason: string | undefined;
  if (op === 'REPORT' || op === 'CORRECT') sent = content(input, ref, client.licence, today);
  else {
    // the ref is all the record says of the default: the rest of the licence is checked on the default itself
    if (!client.licence?.facts.includes('FINANCIAL_DEFAULT') || !client.licence.refs.some((p) => refMatches(p, ref))) {
      throw forbidden(`Refused: ref "${ref.slice(0, 80)}" is not one of your document numbers for FINANCIAL_DEFAULT.`, { reason: 'REF_NOT_LICENSED', argument: 'report.ref' });
    }
    if (op === 'SETTLE') settledAt = day(input.settledAt, 'settledAt', today);
  }
  if (op === 'CORRECT' || op === 'REVOKE') reason = text(input.reason, 'reason', 500);
  const opHash = sha({ op, ref, sent, settledAt, reason, sourceDocument });

  const defaults = ctx.store.collection('financialDefaults');
  const existing = await defaults.findOne({ _id: ref });
  const mine = existing && owns(existing, client.id, client.licence) ? existing : null;
  if (mine?.publication?.applied.includes(opHash)) return receipt(mine, 'UNCHANGED');
  const now = ctx.clock.now().toISOString();
  const stamp = (d: Omit<FinancialDefaultDoc, 'publication'>): FinancialDefaultDoc => ({
    ...d,
    publication: {
      publisher: client.id,
      version: (mine?.publication?.version ?? 0) + 1,
      operation: op,
      receivedAt: now,
      sourceDocument,
      ...(reason ? { reason } : {}),
      applied: [...(mine?.publication?.applied ?? []), opHash],
    },
  });

  let next: FinancialDefaultDoc;
  switch (op) {
    case 'REPORT': {
      if (existing && !mine) throw conflict(`"${ref}" is taken: report under another reference`);
      if (mine) throw conflict(`"${ref}" is reported already${mine.status === 'REVOKED' ? ' and was revoked' : ' with other content'}: send it as a correction (op CORRECT, with a reason), or a new default under a new reference`);
      next = stamp({
        _id: ref,
        ref,
        subject: sent!.subject,
        lender: client.name,
        product: sent!.product,
        overdueAmount: sent!.overdueAmount,
        overdueSince: sent!.overdueSince,
        repayment: 'OVERDUE',
        authority: client.name,
        decidedAt: sent!.overdueSince,
        // a default is a serious negative fact; its display period is its own rule (5 years from settlement)
        severity: 'SERIOUS',
        status: 'ACTIVE',
      });
      break;
    }
    case 'CORRECT': {
      if (!mine) throw notFound(ref);
      if (mine.status === 'REVOKED') throw conflict(`"${ref}" was revoked: a new default takes a new reference`);
      if (sent!.subject !== mine.subject) throw badUserInput('Refused: report.subjectCode: a correction keeps the person: revoke the default and report a new one.', { reason: 'INVALID', argument: 'report.subjectCode' });
      if (mine.settledAt && sent!.overdueSince > mine.settledAt) throw badUserInput(`Refused: report.overdueSince: ${sent!.overdueSince} is after the settlement (${mine.settledAt}).`, { reason: 'INVALID', argument: 'report.overdueSince' });
      next = stamp({ ...withoutPublication(mine), product: sent!.product, overdueAmount: sent!.overdueAmount, overdueSince: sent!.overdueSince, decidedAt: sent!.overdueSince });
      break;
    }
    case 'SETTLE': {
      if (!mine) throw notFound(ref);
      if (mine.status === 'REVOKED') throw conflict(`"${ref}" was revoked`);
      if (mine.repayment === 'SETTLED') throw conflict(`"${ref}" was settled already, on ${mine.settledAt ?? 'an earlier day'}`);
      if (settledAt! < mine.overdueSince) throw badUserInput(`Refused: report.settledAt: ${settledAt} is before the default (${mine.overdueSince}).`, { reason: 'INVALID', argument: 'report.settledAt' });
      // the stored end, if any, goes: the 5 years run from settlement (lifecycle rules)
      const { displayUntil: _end, ...rest } = withoutPublication(mine);
      next = stamp({ ...rest, repayment: 'SETTLED', settledAt: settledAt! });
      break;
    }
    case 'REVOKE': {
      if (!mine) throw notFound(ref);
      if (mine.status === 'REVOKED') throw conflict(`"${ref}" was revoked already`);
      next = stamp({ ...withoutPublication(mine), status: 'REVOKED' });
      break;
    }
  }

  // the record first: no change is made without it, and none when it cannot be written
  const record = recordOf(ctx.asked(), { subject: next.subject, consent: null, classes: ['FINANCIAL_DEFAULT'], denied: [], action: 'reportDefault', target: ref });
  const written = await ctx.audit.change(record, async () => {
    if (!mine) {
      try {
        await defaults.insertOne(next);
        return true;
      } catch (err) {
        if (err instanceof StoreError && err.kind === 'DUPLICATE') return false;
        throw err;
      }
    }
    const condition = mine.publication ? { 'publication.version': mine.publication.version } : { publication: { $exists: false } };
    const { _id, ...fields } = next;
    const gone = Object.keys(mine).filter((k) => k !== '_id' && !(k in fields));
    const res = await defaults.updateOne({ _id, ...condition }, { $set: fields, ...(gone.length ? { $unset: Object.fromEntries(gone.map((k) => [k, ''])) } : {}) });
    return res.modified === 1;
  });
  if (!written) throw badUserInput(`Refused: report.ref: "${ref}" changed while this operation was applied; send it again.`, { reason: 'RETRY', argument: 'report.ref' });
  await recordChanges(ctx.store, [
    {
      _id: `persons:default:${ref}#${next.publication!.version}`,
      subject: next.subject,
      type: CHANGE_OF[op],
      cls: 'FINANCIAL_DEFAULT',
      fact: { ref, list: 'FINANCIAL_DEFAULT', authority: next.authority, decidedAt: next.decidedAt },
      source: 'persons',
      occurredAt: now,
      fanOut: 'PENDING',
    },
  ]);
  return receipt(next, 'APPLIED');
}

function withoutPublication(d: FinancialDefaultDoc): Omit<FinancialDefaultDoc, 'publication'> {
  const { publication: _p, ...rest } = d;
  return rest;
}
