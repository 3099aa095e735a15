/**
 * Joint measures (domain.md section 7): a listing's measures reach the listed subject and, for an
 * organisation, its legal representative and officers (联合惩戒措施落实到人). Officer roles belong
 * to the enterprises subgraph; this subgraph reads them through a read-only view.
 *
 * A restriction is shown exactly when the listing that imposes it is shown in full to the asker
 * (domain.md section 5, "Derived values follow their sources"). Which classes of listing that
 * closes is a property of the asker's view, not of the subject's facts: it is explained on every
 * answer, whether or not such listings exist, so the list is never a silent [] and never a tell.
 */
import type { ListKind, SanctionEntryDoc } from '../../shared/documents.ts';
import type { Path } from '../../shared/policy/denials.ts';
import { LIST_CLASSES, type FactClass } from '../../shared/policy/matrix.ts';
import type { SubjectView } from '../../shared/policy/view.ts';
import { organisation, type Subject } from '../../shared/subjects.ts';
import type { Context } from '../loaders.ts';
import type { RestrictionModel, SanctionEntryModel } from '../mappers.ts';
import { inForce, shownEntries } from '../entries.ts';

/** The classes of the lists whose listings carry measures. */
const RESTRICTING: readonly FactClass[] = [...new Set(Object.values(LIST_CLASSES))];

async function inForceEntries(ctx: Context, holder: Subject, docs: readonly SanctionEntryDoc[]): Promise<SanctionEntryModel[]> {
  return (await shownEntries(ctx, holder, docs)).filter(inForce);
}

function restrictionsOf(holder: Subject, entries: readonly SanctionEntryModel[], basis: RestrictionModel['basis'], org: string | null): RestrictionModel[] {
  return entries.flatMap((listing) =>
    listing.measures.map((measure) => ({ holder, measure, basis, list: listing.list as ListKind, listing, organisation: org, since: listing.decidedAt })),
  );
}

const classOf = (e: SanctionEntryModel): FactClass => LIST_CLASSES[e.list];

/** Notes each class the view closes, on the field's path, and audits what the shown ones reveal. */
function explain(ctx: Context, holder: Subject, path: Path, field: string, closed: (cls: FactClass) => ReturnType<SubjectView['reason']>, shown: readonly RestrictionModel[]): RestrictionModel[] {
  for (const cls of RESTRICTING) {
    const reason = closed(cls);
    if (reason) ctx.policy.noteWithheld({ path, field, class: cls, reason });
  }
  for (const r of shown) {
    ctx.policy.noteRevealed(holder, LIST_CLASSES[r.list]);
    if (r.organisation) ctx.policy.noteRevealed(holder, 'IDENTITY');
  }
  return [...shown];
}

export async function personRestrictions(ctx: Context, holder: Subject, path: Path): Promise<RestrictionModel[]> {
  const view = await ctx.policy.view(holder);
  const organisations = ctx.policy.organisationView();
  // a measure through an organisation reveals the person's role in it: an identity link
  const roleOpen = view.allows('IDENTITY', 'FULL');
  // the subject's own file holds every measure that reaches them, whoever's listing imposes it
  const orgOpen = (cls: FactClass) => view.self || organisations.allows(cls, 'FULL');
  const ownOpen = RESTRICTING.some((cls) => view.allows(cls, 'FULL'));
  const viaRoleOpen = roleOpen && RESTRICTING.some(orgOpen);
  const [own, roles] = await Promise.all([
    ownOpen ? ctx.loaders.entriesOf.load(holder.code) : [],
    viaRoleOpen ? ctx.loaders.rolesOf.load(holder.code) : [],
  ]);
  const shownOwn = (await inForceEntries(ctx, holder, own)).filter((e) => view.allows(classOf(e), 'FULL'));
  const viaRoles = await Promise.all(
    roles.map(async (role) => {
      const org = organisation(role.enterprise);
      const entries = (await inForceEntries(ctx, org, await ctx.loaders.entriesOf.load(role.enterprise))).filter((e) => orgOpen(classOf(e)));
      return restrictionsOf(holder, entries, role.role, role.enterprise);
    }),
  );
  const closed = (cls: FactClass) =>
    view.reason(cls, 'FULL') ?? (!roleOpen ? view.reason('IDENTITY', 'FULL') : orgOpen(cls) ? undefined : organisations.reason(cls, 'FULL'));
  return explain(ctx, holder, path, 'Person.restrictions', closed, [...restrictionsOf(holder, shownOwn, 'OWN_LISTING', null), ...viaRoles.flat()]);
}

export async function organisationRestrictions(ctx: Context, holder: Subject, path: Path): Promise<RestrictionModel[]> {
  const view = ctx.policy.organisationView();
  const open = RESTRICTING.some((cls) => view.allows(cls, 'FULL'));
  const entries = open ? (await inForceEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code))).filter((e) => view.allows(classOf(e), 'FULL')) : [];
  return explain(ctx, holder, path, 'Enterprise.restrictions', (cls) => view.reason(cls, 'FULL'), restrictionsOf(holder, entries, 'OWN_LISTING', null));
}
