/**
 * Paging and filter arguments of the queues that list records across subjects (the regulator's
 * desk, an authority's receipts): one rule for every subgraph's queues.
 */
import { isIsoDate } from './clock.ts';
import { badUserInput } from './errors.ts';

/** The longest page a desk query answers. */
export const MAX_PAGE = 500;
/** The deepest offset a desk query takes: beyond it, narrow the filter instead. */
export const MAX_OFFSET = 100_000;

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

