/**
 * The regulator's desk: the queues of the subjects' filings that wait for an answer, a page at a
 * time. Who may read them is the actions table's (policy/actions.ts: the resolvers authorize
 * first); what each item shows is the access matrix's, decided per subject like any record.
 */
import { badUserInput } from '../../shared/platform/errors.ts';
import { assertCitizenId } from '../../shared/platform/ids.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import type { Filter } from '../../shared/platform/store/port.ts';
import type { Context } from '../loaders.ts';
import type { ObjectionModel, RepairRequestModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { ref } from './changes.ts';

export { MAX_OFFSET, MAX_PAGE, pageOf, pageInfo, dayArg, type PageArgs } from '../../shared/platform/pages.ts';
import { dayArg, pageInfo, pageOf, type PageArgs } from '../../shared/platform/pages.ts';
const MAX_OVERDUE = 1000;

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
  const n = limit ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > MAX_OVERDUE) throw badUserInput(`limit must be from 1 to ${MAX_OVERDUE} (it is ${n}).`, { argument: 'limit' });
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
