/**
 * The regulator's desk: the queues of the subjects' filings that wait for an answer, a page at a
 * time. Who may read them is the actions table's (policy/actions.ts: the resolvers authorize
 * first); what each item shows is the access matrix's, decided per subject like any record.
 */
import { isIsoDate } from '../../shared/platform/clock.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { assertCitizenId } from '../../shared/platform/ids.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import type { Filter } from '../../shared/platform/store/port.ts';
import type { Context } from '../loaders.ts';
import type { ObjectionModel, RepairRequestModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { ref } from './changes.ts';

/** The longest page a desk query answers. */
export const MAX_PAGE = 500;
/** The deepest offset a desk query takes: beyond it, narrow the filter instead. */
export const MAX_OFFSET = 100_000;
const MAX_OVERDUE = 1000;

export interface PageArgs {
  offset?: number | null;
  limit?: number | null;
}

/** A checked page request: offset from 0 to 100,000, limit from 1 to 500. */
export function pageOf(args: PageArgs, defaultLimit = 50): { offset: number; limit: number } {
  const offset = args.offset ?? 0;
  const limit = args.limit ?? defaultLimit;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw badUserInput(`offset must be from 0 to ${MAX_OFFSET} (it is ${offset}); to go further, narrow the filter.`, { argument: 'offset' });
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw badUserInput(`limit must be from 1 to ${MAX_PAGE} (it is ${limit}).`, { argument: 'limit' });
  return { offset, limit };
}

/** What a page answers besides its items: where it starts and where the next one does. */
export function pageInfo(offset: number, shown: number, total: number): { offset: number; nextOffset: number | null } {
  return { offset, nextOffset: offset + shown < total ? offset + shown : null };
}

/** A day argument of a filter (YYYY-MM-DD), or BAD_USER_INPUT naming it. */
export function dayArg(value: string | null | undefined, argument: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isIsoDate(value)) throw badUserInput(`${argument} "${value.slice(0, 20)}" is not a date: use YYYY-MM-DD.`, { argument });
  return value;
}

/** A citizen ID argument of a filter, checked like every ID the API takes. */
export const subjectArg = (value: string | null | undefined, argument: string): string | undefined =>
  value === null || value === undefined ? undefined : assertCitizenId(value, argument);

const refArg = (value: string | null | undefined, argument: string): string | undefined =>
  value === null || value === undefined ? undefined : ref(value, argument);

export interface OpenObjectionsFilter {
  overdueOnly?: boolean | null;
  dueBy?: string | null;
  subject?: string | null;
  factRef?: string | null;
}

/** The open objections matching a filter, by due date: the overdue ones (due before today) come first. */
export async function openObjections(ctx: Context, filter: OpenObjectionsFilter | null | undefined, args: PageArgs) {
  const { offset, limit } = pageOf(args);
  const today = ctx.clock.today();
  const f = filter ?? {};
  const dueBy = dayArg(f.dueBy, 'filter.dueBy');
  const subject = subjectArg(f.subject, 'filter.subject');
  const factRef = refArg(f.factRef, 'filter.factRef');
  const due: Record<string, string> = {};
  if (dueBy) due.$lte = dueBy;
  if (f.overdueOnly) due.$lt = today;
  const query: Filter = { ...(subject ? { subject } : {}), ...(factRef ? { factRef } : {}), ...(Object.keys(due).length ? { dueAt: due } : {}) };
  const page = await personsRepository(ctx.store).openObjections(query, today, offset, limit);
  const items: ObjectionModel[] = page.docs.map((o) => hold(person(o.subject), [o])[0]!);
  return { total: page.total, overdue: page.overdue, ...pageInfo(offset, items.length, page.total), items };
}

/** The objections still under review past their due date, oldest first: what the regulator chases. */
export async function overdueObjections(ctx: Context, limit: number | null | undefined): Promise<ObjectionModel[]> {
  const n = Math.min(Math.max(limit ?? 100, 1), MAX_OVERDUE);
  const page = await personsRepository(ctx.store).openObjections({ dueAt: { $lt: ctx.clock.today() } }, ctx.clock.today(), 0, n);
  return page.docs.map((o) => hold(person(o.subject), [o])[0]!);
}

export interface PendingRepairsFilter {
  subject?: string | null;
  factRef?: string | null;
  requestedFrom?: string | null;
  requestedTo?: string | null;
}

/** The repair requests waiting for a decision, the longest waiting first. */
export async function pendingRepairs(ctx: Context, filter: PendingRepairsFilter | null | undefined, args: PageArgs) {
  const { offset, limit } = pageOf(args);
  const f = filter ?? {};
  const subject = subjectArg(f.subject, 'filter.subject');
  const factRef = refArg(f.factRef, 'filter.factRef');
  const from = dayArg(f.requestedFrom, 'filter.requestedFrom');
  const to = dayArg(f.requestedTo, 'filter.requestedTo');
  if (from && to && from > to) throw badUserInput(`filter.requestedFrom (${from}) is after filter.requestedTo (${to}).`, { argument: 'filter.requestedFrom' });
  const requested: Record<string, string> = {};
  if (from) requested.$gte = from;
  if (to) requested.$lte = to;
  const query: Filter = { ...(subject ? { subject } : {}), ...(factRef ? { factRef } : {}), ...(Object.keys(requested).length ? { requestedAt: requested } : {}) };
  const page = await personsRepository(ctx.store).pendingRepairs(query, offset, limit);
  const items: RepairRequestModel[] = page.docs.map((r) => hold(person(r.subject), [r])[0]!);
  return { total: page.total, ...pageInfo(offset, items.length, page.total), items };
}
