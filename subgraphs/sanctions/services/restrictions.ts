/**
 * Joint measures (domain.md section 7): a listing's measures reach the listed subject and, for an
 * organisation, its legal representative and officers (联合惩戒措施落实到人). Officer roles belong
 * to the enterprises subgraph; this subgraph reads them through a read-only view.
 *
 * A restriction is shown exactly when the listing that imposes it is shown in full to the asker
 * (domain.md section 5, "Derived values follow their sources"). Which classes of listing that
 * closes is a property of the asker's view, not of the subject's facts: `restrictionsWithheld`
 * names them on every answer, whether or not such listings exist, so the list is never a silent []
 * and never a tell. It travels in the data, so any gateway in front carries it as it is.
 */
import type { ListKind } from '../../shared/facts/documents.ts';
import type { SanctionEntryDoc } from '../documents.ts';
import { LIST_CLASSES, type FactClass } from '../../shared/policy/matrix.ts';
import type { SubjectView } from '../../shared/policy/view.ts';
import { organisation, person, type Subject } from '../../shared/facts/subjects.ts';
import { classifyCode, normaliseCode } from '../../shared/platform/ids.ts';
import type { Context } from '../loaders.ts';
import type { RestrictionModel, SanctionEntryModel } from '../mappers.ts';
import { inForce, shownEntries } from './entries.ts';

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

/** What the asker's view opens of a person's restrictions: from their own listings, and through their roles. */
interface PersonRestrictionView {
  own(cls: FactClass): boolean;
  /** a measure through an organisation also reveals the person's role in it: an identity link */
  viaRole(cls: FactClass): boolean;
}

function personRestrictionView(view: SubjectView, organisations: SubjectView): PersonRestrictionView {
  const roleOpen = view.allows('IDENTITY', 'FULL');
  return {
    own: (cls) => view.allows(cls, 'FULL'),
    // the subject's own file holds every measure that reaches them, whoever's listing imposes it
    viaRole: (cls) => roleOpen && (view.self || organisations.allows(cls, 'FULL')),
  };
}

/** Audits what the shown restrictions reveal about the person: the listing's class, and a role's identity link. */
function audited(ctx: Context, holder: Subject, shown: RestrictionModel[]): RestrictionModel[] {
  for (const r of shown) {
    ctx.policy.noteRevealed(holder, LIST_CLASSES[r.list]);
    if (r.organisation) ctx.policy.noteRevealed(holder, 'IDENTITY');
  }
  return shown;
}

/**
 * For a person screened by citizen ID, the measures reaching them through organisations, as their
 * own `restrictions` show them to this asker (which needs their full ID): none for another code.
 */
export async function measuresViaOrganisations(ctx: Context, code: string | null): Promise<RestrictionModel[]> {
  if (!code || classifyCode(code) !== 'PERSON') return [];
  const holder = person(normaliseCode(code));
  if (!(await ctx.policy.view(holder)).seesFullId) return [];
  return audited(ctx, holder, (await reachingRestrictions(ctx, holder)).filter((r) => r.organisation !== null));
}

/** The restrictions reaching a person that the asker's view opens, audited as shown. */
export async function personRestrictions(ctx: Context, holder: Subject): Promise<RestrictionModel[]> {
  return audited(ctx, holder, await reachingRestrictions(ctx, holder));
}

/** The restrictions reaching a person that the asker's view opens: from their own listings, and through their roles. Not audited: the caller shows them, or derives a value from them. */
export async function reachingRestrictions(ctx: Context, holder: Subject): Promise<RestrictionModel[]> {
  const open = personRestrictionView(await ctx.policy.view(holder), ctx.policy.organisationView());
  const [own, roles] = await Promise.all([
    RESTRICTING.some(open.own) ? ctx.loaders.entriesOf.load(holder.code) : [],
    RESTRICTING.some(open.viaRole) ? ctx.loaders.rolesOf.load(holder.code) : [],
  ]);
  const shownOwn = (await inForceEntries(ctx, holder, own)).filter((e) => open.own(classOf(e)));
  const viaRoles = await Promise.all(
    roles.map(async (role) => {
      const org = organisation(role.enterprise);
      const entries = (await inForceEntries(ctx, org, await ctx.loaders.entriesOf.load(role.enterprise))).filter((e) => open.viaRole(classOf(e)));
      return restrictionsOf(holder, entries, role.role, role.enterprise);
    }),
  );
  return [...restrictionsOf(holder, shownOwn, 'OWN_LISTING', null), ...viaRoles.flat()];
}

export async function organisationRestrictions(ctx: Context, holder: Subject): Promise<RestrictionModel[]> {
  const view = ctx.policy.organisationView();
  const open = RESTRICTING.some((cls) => view.allows(cls, 'FULL'));
  const entries = open ? (await inForceEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code))).filter((e) => view.allows(classOf(e), 'FULL')) : [];
  return restrictionsOf(holder, entries, 'OWN_LISTING', null);
}

/** The classes of listing whose measures the asker's view leaves out of a person's restrictions. */
export async function personRestrictionsWithheld(ctx: Context, holder: Subject): Promise<FactClass[]> {
  const open = personRestrictionView(await ctx.policy.view(holder), ctx.policy.organisationView());
  return RESTRICTING.filter((cls) => !open.own(cls) || !open.viaRole(cls));
}

/** The classes of listing whose measures the asker's view leaves out of an organisation's restrictions. */
export function organisationRestrictionsWithheld(ctx: Context): FactClass[] {
  const view = ctx.policy.organisationView();
  return RESTRICTING.filter((cls) => !view.allows(cls, 'FULL'));
}
