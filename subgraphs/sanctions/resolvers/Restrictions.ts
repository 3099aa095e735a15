/**
 * Joint measures (domain.md section 7): a listing's measures reach the listed subject and, for an
 * organisation, its legal representative and officers (联合惩戒措施落实到人). Officer roles belong
 * to the enterprises subgraph; this subgraph reads them through a read-only view.
 */
import type { ListKind, OfficerDoc, SanctionEntryDoc } from '../../shared/documents.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { organisation, type Subject } from '../../shared/subjects.ts';
import type { Context } from '../loaders.ts';
import type { RestrictionModel, SanctionEntryModel } from '../mappers.ts';
import { inForce, shownEntries } from '../entries.ts';

async function inForceEntries(ctx: Context, holder: Subject, docs: readonly SanctionEntryDoc[]): Promise<SanctionEntryModel[]> {
  return (await shownEntries(ctx, holder, docs)).filter(inForce);
}

function restrictionsOf(holder: Subject, entries: readonly SanctionEntryModel[], basis: RestrictionModel['basis'], org: string | null): RestrictionModel[] {
  return entries.flatMap((listing) =>
    listing.measures.map((measure) => ({ holder, measure, basis, list: listing.list as ListKind, listing, organisation: org, since: listing.decidedAt })),
  );
}

/**
 * Restrictions the asker may see: a restriction is a fact of its listing's class about the
 * restricted subject, so one whose class is closed in full is left out (and reported as withheld).
 */
async function visible(ctx: Context, holder: Subject, all: RestrictionModel[]): Promise<RestrictionModel[]> {
  const out: RestrictionModel[] = [];
  for (const r of all) {
    const cls = LIST_CLASSES[r.list];
    const d = await ctx.policy.decide(holder, cls, 'FULL');
    if (d.allowed) out.push(r);
    else ctx.policy.noteWithheld(holder, 'Restriction', cls, d.reason ?? 'PURPOSE');
  }
  return out;
}

export async function personRestrictions(ctx: Context, holder: Subject): Promise<RestrictionModel[]> {
  const [own, roles] = await Promise.all([ctx.loaders.entriesOf.load(holder.code), ctx.loaders.rolesOf.load(holder.code)]);
  const all = restrictionsOf(holder, await inForceEntries(ctx, holder, own), 'OWN_LISTING', null);
  const viaRoles = await Promise.all(
    roles.map(async (role: OfficerDoc) => {
      const org = organisation(role.enterprise);
      const entries = await inForceEntries(ctx, org, await ctx.loaders.entriesOf.load(role.enterprise));
      return restrictionsOf(holder, entries, role.role, role.enterprise);
    }),
  );
  return visible(ctx, holder, [...all, ...viaRoles.flat()]);
}

export async function organisationRestrictions(ctx: Context, holder: Subject): Promise<RestrictionModel[]> {
  const entries = await inForceEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code));
  return visible(ctx, holder, restrictionsOf(holder, entries, 'OWN_LISTING', null));
}
