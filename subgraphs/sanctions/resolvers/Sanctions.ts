import { badUserInput } from '../../shared/platform/errors.ts';
import { maskCitizenId } from '../../shared/platform/ids.ts';
import { COURT_CLASS_LISTS, factStateResolvers } from '../../shared/facts/lifecycle.ts';
import { inForce, shownEntries, shownEntry } from '../entries.ts';
import type { ListKind } from '../../shared/documents.ts';
import { type Subject, organisation, personReference, personSubject } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import { organisationRestrictions, organisationRestrictionsWithheld, personRestrictions, personRestrictionsWithheld } from './Restrictions.ts';
import type { SanctionEntryModel, SanctionsModel } from '../mappers.ts';
import type {
  EnterpriseResolvers,
  PersonResolvers,
  QueryResolvers,
  RestrictionResolvers,
  SanctionEntryResolvers,
  SanctionsResolvers,
} from '../generated/resolvers.ts';

async function sanctionsOf(holder: Subject, ctx: Context): Promise<SanctionsModel> {
  return { holder, entries: await shownEntries(ctx, holder, await ctx.loaders.entriesOf.load(holder.code)) };
}

const onList = (s: SanctionsModel, lists: readonly ListKind[]) => s.entries.filter((e) => lists.includes(e.list));
const listedToday = (s: SanctionsModel, lists: readonly ListKind[]) => onList(s, lists).some(inForce);

export const Query: QueryResolvers = {
  sanctionEntry: async (_, { ref }, ctx) => {
    if (!ref.trim() || ref.length > 80) throw badUserInput('ref must be a document or case number of 1 to 80 characters.', { argument: 'ref' });
    return shownEntry(ctx, ref.trim());
  },
};

export const Sanctions: SanctionsResolvers = {
  courtListed: (s) => listedToday(s, COURT_CLASS_LISTS),
  courtListings: (s) => onList(s, COURT_CLASS_LISTS),
  taxViolationListed: (s) => listedToday(s, ['MAJOR_TAX_VIOLATION']),
  taxViolations: (s) => onList(s, ['MAJOR_TAX_VIOLATION']),
  administrativePenalties: (s) => onList(s, ['ADMINISTRATIVE_PENALTY']),
  ecommerceBlacklist: (s) => onList(s, ['ECOMMERCE_BLACKLIST']),
  courierBlacklist: (s) => onList(s, ['COURIER_BLACKLIST']),
};

export const SanctionEntry: SanctionEntryResolvers = {
  __resolveReference: (ref, ctx) => shownEntry(ctx, ref.ref),
  ref: (e: SanctionEntryModel) => e.ref,
  subjectMaskedId: (e) => (e.subjectKind === 'PERSON' ? maskCitizenId(e.subject) : e.subject),
  caseNumber: (e) => e.ref,
  listedAt: (e) => e.decidedAt,
  ...factStateResolvers,
  removedAt: (e) => e.removedAt ?? null,
};

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  sanctions: (p, _, ctx) => sanctionsOf(personSubject(p), ctx),
  redList: async (p, _, ctx) => shownHonours(await ctx.loaders.redListOf.load(p.creditCode), ctx),
  restrictions: (p, _, ctx) => personRestrictions(ctx, personSubject(p)),
  restrictionsWithheld: (p, _, ctx) => personRestrictionsWithheld(ctx, personSubject(p)),
};

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  sanctions: (e, _, ctx) => sanctionsOf(organisation(e.creditCode), ctx),
  redList: async (e, _, ctx) => shownHonours(await ctx.loaders.redListOf.load(e.creditCode), ctx),
  restrictions: (e, _, ctx) => organisationRestrictions(ctx, organisation(e.creditCode)),
  restrictionsWithheld: (_e, _, ctx) => organisationRestrictionsWithheld(ctx),
};

export const Restriction: RestrictionResolvers = {
  organisation: (r) => (r.organisation ? { creditCode: r.organisation } : null),
};

/** Honours past their display period are not shown either. */
function shownHonours<T extends { displayUntil: string | null }>(entries: T[], ctx: Context): T[] {
  const today = ctx.clock.today();
  return entries.filter((e) => e.displayUntil === null || e.displayUntil >= today);
}
