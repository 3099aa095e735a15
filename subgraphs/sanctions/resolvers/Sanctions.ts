import { badUserInput } from '../../shared/errors.ts';
import { maskCitizenId } from '../../shared/ids.ts';
import { disputeView, shownFacts } from '../../shared/lifecycle.ts';
import type { ListKind } from '../../shared/documents.ts';
import { type Subject, organisation, person, personReference } from '../../shared/subjects.ts';
import type { Context } from '../loaders.ts';
import { organisationRestrictions, personRestrictions } from './Restrictions.ts';
import type { SanctionEntryModel, SanctionsModel } from '../mappers.ts';
import type {
  EnterpriseResolvers,
  PersonResolvers,
  QueryResolvers,
  RestrictionResolvers,
  SanctionEntryResolvers,
  SanctionsResolvers,
} from '../generated/resolvers.ts';

const COURT_LISTS: readonly ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR', 'SERIOUS_DISHONESTY'];

/** Court listings and fixed-term lists follow different display rules (domain.md section 6). */
export const courtOrGeneral = (list: ListKind) => (COURT_LISTS.includes(list) ? 'COURT_LIST' : 'GENERAL_FACT') as 'COURT_LIST' | 'GENERAL_FACT';
const kindOf = courtOrGeneral;

async function sanctionsOf(holder: Subject, ctx: Context): Promise<SanctionsModel> {
  const docs = await ctx.loaders.entriesOf.load(holder.code);
  const court = await shownFacts(ctx, holder, docs.filter((d) => kindOf(d.list) === 'COURT_LIST'), 'COURT_LIST');
  const other = await shownFacts(ctx, holder, docs.filter((d) => kindOf(d.list) === 'GENERAL_FACT'), 'GENERAL_FACT');
  return { holder, entries: [...court, ...other] };
}

const onList = (s: SanctionsModel, lists: readonly ListKind[]) => s.entries.filter((e) => lists.includes(e.list));
const listedToday = (s: SanctionsModel, lists: readonly ListKind[]) =>
  onList(s, lists).some((e) => e.state.status === 'ACTIVE' || e.state.status === 'UNDER_OBJECTION');

export const Query: QueryResolvers = {
  sanctionEntry: async (_, { ref }, ctx) => {
    if (!ref.trim() || ref.length > 80) throw badUserInput('ref must be a document or case number of 1 to 80 characters.', { argument: 'ref' });
    const doc = await ctx.loaders.entry.load(ref.trim());
    if (!doc) return null;
    const holder = doc.subjectKind === 'PERSON' ? person(doc.subject) : organisation(doc.subject);
    const [shown] = await shownFacts(ctx, holder, [doc], kindOf(doc.list));
    return shown ?? null;
  },
};

export const Sanctions: SanctionsResolvers = {
  courtListed: (s) => listedToday(s, COURT_LISTS),
  courtListings: (s) => onList(s, COURT_LISTS),
  taxViolationListed: (s) => listedToday(s, ['MAJOR_TAX_VIOLATION']),
  taxViolations: (s) => onList(s, ['MAJOR_TAX_VIOLATION']),
  administrativePenalties: (s) => onList(s, ['ADMINISTRATIVE_PENALTY']),
  ecommerceBlacklist: (s) => onList(s, ['ECOMMERCE_BLACKLIST']),
  courierBlacklist: (s) => onList(s, ['COURIER_BLACKLIST']),
};

export const SanctionEntry: SanctionEntryResolvers = {
  __resolveReference: async (ref, ctx) => {
    const doc = await ctx.loaders.entry.load(ref.ref);
    if (!doc) return null;
    const holder = doc.subjectKind === 'PERSON' ? person(doc.subject) : organisation(doc.subject);
    const [shown] = await shownFacts(ctx, holder, [doc], kindOf(doc.list));
    return shown ?? null;
  },
  ref: (e: SanctionEntryModel) => e.ref,
  subjectMaskedId: (e) => (e.subjectKind === 'PERSON' ? maskCitizenId(e.subject) : e.subject),
  caseNumber: (e) => e.ref,
  listedAt: (e) => e.decidedAt,
  displayUntil: (e) => e.state.displayUntil,
  status: (e) => e.state.status,
  dispute: (e) => disputeView(e),
  removedAt: (e) => e.removedAt ?? null,
};

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  sanctions: (p, _, ctx) => sanctionsOf(person(p.creditCode), ctx),
  redList: async (p, _, ctx) => shownHonours(await ctx.loaders.redListOf.load(p.creditCode), ctx),
  restrictions: (p, _, ctx) => personRestrictions(ctx, person(p.creditCode)),
};

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  sanctions: (e, _, ctx) => sanctionsOf(organisation(e.creditCode), ctx),
  redList: async (e, _, ctx) => shownHonours(await ctx.loaders.redListOf.load(e.creditCode), ctx),
  restrictions: (e, _, ctx) => organisationRestrictions(ctx, organisation(e.creditCode)),
};

export const Restriction: RestrictionResolvers = {
  organisation: (r) => (r.organisation ? { creditCode: r.organisation } : null),
};

/** Honours past their display period are not shown either. */
function shownHonours<T extends { displayUntil: string | null }>(entries: T[], ctx: Context): T[] {
  const today = ctx.clock.today();
  return entries.filter((e) => e.displayUntil === null || e.displayUntil >= today);
}
