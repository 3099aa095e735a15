/**
 * The list entries a request may show, with their computed state: one place for the rule that
 * court listings and fixed-term lists follow different display periods (domain.md section 6).
 */
import type { ListKind, SanctionEntryDoc } from '../shared/documents.ts';
import { shownFacts, type FactKind } from '../shared/lifecycle.ts';
import { subjectOf, type Subject } from '../shared/subjects.ts';
import type { Context } from './loaders.ts';
import type { SanctionEntryModel } from './mappers.ts';

export const COURT_LISTS: readonly ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR', 'SERIOUS_DISHONESTY'];

export const displayKind = (list: ListKind): FactKind => (COURT_LISTS.includes(list) ? 'COURT_LIST' : 'GENERAL_FACT');

/** Listed today: shown, and not a record whose display ended, was repaired or removed. */
export const inForce = (e: SanctionEntryModel) => e.state.status === 'ACTIVE' || e.state.status === 'UNDER_OBJECTION';

/** A subject's entries this request may show, in the order given. */
export async function shownEntries(ctx: Context, holder: Subject, docs: readonly SanctionEntryDoc[]): Promise<SanctionEntryModel[]> {
  const court = docs.filter((d) => displayKind(d.list) === 'COURT_LIST');
  const other = docs.filter((d) => displayKind(d.list) !== 'COURT_LIST');
  const shown = new Map<string, SanctionEntryModel>();
  for (const e of await shownFacts(ctx, holder, court, 'COURT_LIST')) shown.set(e.ref, e);
  for (const e of await shownFacts(ctx, holder, other, 'GENERAL_FACT')) shown.set(e.ref, e);
  return docs.map((d) => shown.get(d.ref)).filter((e): e is SanctionEntryModel => !!e);
}

/** One entry by ref, if it exists and this request may show it. */
export async function shownEntry(ctx: Context, ref: string): Promise<SanctionEntryModel | null> {
  const doc = await ctx.loaders.entry.load(ref);
  if (!doc) return null;
  const [shown] = await shownEntries(ctx, subjectOf(doc.subject, doc.subjectKind), [doc]);
  return shown ?? null;
}
