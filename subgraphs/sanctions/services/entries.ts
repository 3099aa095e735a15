/**
 * The list entries a request may show, with their computed state: one place for the rule that
 * court listings and fixed-term lists follow different display periods (domain.md section 6).
 */
import type { SanctionEntryDoc } from '../documents.ts';
import { isShown, listFactKind, shownFacts } from '../../shared/facts/lifecycle.ts';
import { loadSchema } from '../../shared/platform/createSubgraph.ts';
import { readFieldFacts } from '../../shared/policy/factDirective.ts';
import { LIST_CLASSES, type FactClass, type Form } from '../../shared/policy/matrix.ts';
import type { SubjectView } from '../../shared/policy/view.ts';
import { subjectOf, type Subject } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import type { RedListEntryModel, SanctionEntryModel, SanctionsModel } from '../mappers.ts';

/** Listed today: shown, and not a record whose display ended, was repaired or removed. */
export const inForce = (e: SanctionEntryModel) => isShown(e.state.status);

/** Whether a view opens a list class's listed flag (`courtListed`, `taxViolationListed`): its LISTED form, or the class in full. */
export const opensListedFlag = (view: SubjectView, cls: FactClass): boolean => view.allows(cls, 'LISTED') || view.allows(cls, 'FULL');

/** A subject's entries in force today, as this request may show them. */
export async function entriesInForce(ctx: Context, holder: Subject): Promise<SanctionEntryModel[]> {
  return (await shownEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code))).filter(inForce);
}

/** A subject's entries this request may show, in the order given, each under its list's display rules. */
export function shownEntries(ctx: Context, holder: Subject, docs: readonly SanctionEntryDoc[]): Promise<SanctionEntryModel[]> {
  return shownFacts(ctx, holder, docs, (d) => listFactKind(d.list));
}

/**
 * The forms the fields of an entry stand for, read from the schema's @fact directives: an entry is
 * shown only to an asker whose view opens one of them. A form of the class that no field of an
 * entry carries (a courier company's grade, a shop's rating) opens nothing of the entry, so it
 * must not reveal that the entry exists either.
 */
const ENTRY_FORMS: readonly Form[] = [
  ...new Set(
    [...readFieldFacts(loadSchema(new URL('../index.ts', import.meta.url).href)).values()]
      .filter((f) => f.type === 'SanctionEntry' && f.cls === 'LISTING' && f.form !== 'ANY')
      .map((f) => f.form),
  ),
];

/**
 * One entry by ref, if it exists and this asker may see it at all: its list's class opens one of
 * the forms an entry's fields stand for to the asker's view of the listed subject, and it is shown
 * today. An entry the asker may not see is answered exactly like a ref that does not exist
 * (domain.md section 5).
 */
export async function shownEntry(ctx: Context, ref: string): Promise<SanctionEntryModel | null> {
  const doc = await ctx.loaders.entry.load(ref);
  if (!doc) return null;
  const holder = subjectOf(doc.subject, doc.subjectKind);
  const view = await ctx.policy.view(holder);
  const cls = LIST_CLASSES[doc.list];
  if (!ENTRY_FORMS.some((form) => view.allows(cls, form))) return null;
  const [shown] = await shownEntries(ctx, holder, [doc]);
  return shown ?? null;
}

/** A subject's shown list entries, which the fields of Sanctions group by list. */
export async function sanctionsOf(ctx: Context, holder: Subject): Promise<SanctionsModel> {
  return { holder, entries: await shownEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code)) };
}

/** A subject's red-list honours; those past their display period are not shown either. */
export async function shownHonours(ctx: Context, code: string): Promise<RedListEntryModel[]> {
  const today = ctx.clock.today();
  return (await ctx.loaders.redListOf.load(code)).filter((e) => e.displayUntil === null || e.displayUntil >= today);
}
