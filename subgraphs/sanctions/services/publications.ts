/**
 * The receipts of publications, a page at a time: an authority's own, or (the regulator's desk,
 * "recent publications by authority") every authority's. Who may read them is the actions
 * table's; an authority is held to its own receipts whatever its filter says.
 */
import { badUserInput } from '../../shared/platform/errors.ts';
import { dayArg, pageInfo, pageOf, type PageArgs } from '../../shared/platform/pages.ts';
import { authorize } from '../../shared/policy/actions.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { subjectOf } from '../../shared/facts/subjects.ts';
import type { Filter } from '../../shared/platform/store/port.ts';
import { LIST_KINDS, type ListKind } from '../../shared/wire/licence.ts';
import type { Context } from '../loaders.ts';
import type { PublicationPageModel } from '../mappers.ts';
import { OPERATIONS } from './publish.ts';

export interface PublicationFilter {
  publisher?: string | null;
  list?: string | null;
  operation?: string | null;
  ref?: string | null;
  from?: string | null;
  to?: string | null;
}

export async function publications(ctx: Context, filter: PublicationFilter | null | undefined, args: PageArgs): Promise<PublicationPageModel> {
  const viewer = authorize(ctx.viewer, 'publications');
  const { offset, limit } = pageOf(args);
  const f = filter ?? {};
  let publisher = f.publisher ?? undefined;
  if (viewer.clientKind === 'AUTHORITY') {
    if (publisher !== undefined && publisher !== viewer.client) {
      throw badUserInput('filter.publisher: an authority reads its own publications only; leave it out.', { argument: 'filter.publisher' });
    }
    publisher = viewer.client;
  }
  if (f.list != null && !LIST_KINDS.includes(f.list as ListKind)) throw badUserInput(`filter.list must be one of ${LIST_KINDS.join(', ')}.`, { argument: 'filter.list' });
  if (f.operation != null && !OPERATIONS.includes(f.operation as never)) throw badUserInput(`filter.operation must be one of ${OPERATIONS.join(', ')}.`, { argument: 'filter.operation' });
  if (f.ref != null && (!f.ref.trim() || f.ref.length > 80)) throw badUserInput('filter.ref must be 1 to 80 characters.', { argument: 'filter.ref' });
  const from = dayArg(f.from, 'filter.from');
  const to = dayArg(f.to, 'filter.to');
  if (from && to && from > to) throw badUserInput(`filter.from (${from}) is after filter.to (${to}).`, { argument: 'filter.from' });
  const days: Record<string, string> = {};
  if (from) days.$gte = from;
  if (to) days.$lte = to;
  const query: Filter = {
    ...(publisher !== undefined ? { publisher } : {}),
    ...(f.list != null ? { list: f.list } : {}),
    ...(f.operation != null ? { operation: f.operation } : {}),
    ...(f.ref != null ? { ref: f.ref.trim() } : {}),
    ...(Object.keys(days).length ? { receivedOn: days } : {}),
  };
  const receipts = ctx.store.collection('publications');
  // one indexed count per authority: the registry holds a few dozen, the receipts millions
  const authorities = publisher !== undefined ? [publisher] : (await ctx.store.collection('clients').find({ kind: 'AUTHORITY' }, { fields: ['_id'] })).map((c) => c._id);
  const [total, items, counts] = await Promise.all([
    receipts.count(query),
    receipts.find(query, { sort: { receivedAt: -1, _id: 1 }, skip: offset, limit }),
    Promise.all(authorities.map(async (id) => ({ publisher: id, count: await receipts.count({ ...query, publisher: id }) }))),
  ]);
  const names = new Map((await ctx.store.collection('clients').find({ _id: { $in: authorities } }, { fields: ['name'] })).map((c) => [c._id, c.name]));
  const byPublisher = counts
    .filter((c) => c.count > 0)
    .map((c) => ({ ...c, authority: names.get(c.publisher) ?? c.publisher }))
    .sort((a, b) => b.count - a.count || a.publisher.localeCompare(b.publisher));
  // a receipt names a person's listing: whoever reads it (the regulator, or the authority rereading
  // its own) is written into that person's audit record, as a screening hit is
  for (const r of items) if (r.subjectKind === 'PERSON') ctx.policy.noteRevealed(subjectOf(r.subject, 'PERSON'), LIST_CLASSES[r.list]);
  return { total, ...pageInfo(offset, items.length, total), byPublisher, items };
}
