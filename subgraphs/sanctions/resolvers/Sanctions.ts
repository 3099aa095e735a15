import type { ListKind } from '../../shared/facts/documents.ts';
import { COURT_CLASS_LISTS } from '../../shared/facts/lifecycle.ts';
import type { SanctionsResolvers } from '../generated/resolvers.ts';
import type { SanctionsModel } from '../mappers.ts';
import { inForce } from '../services/entries.ts';

const onList = (s: SanctionsModel, lists: readonly ListKind[]) => s.entries.filter((e) => lists.includes(e.list));
const listedToday = (s: SanctionsModel, lists: readonly ListKind[]) => onList(s, lists).some(inForce);

export const Sanctions: SanctionsResolvers = {
  courtListed: (s) => listedToday(s, COURT_CLASS_LISTS),
  courtListings: (s) => onList(s, COURT_CLASS_LISTS),
  taxViolationListed: (s) => listedToday(s, ['MAJOR_TAX_VIOLATION']),
  taxViolations: (s) => onList(s, ['MAJOR_TAX_VIOLATION']),
  administrativePenalties: (s) => onList(s, ['ADMINISTRATIVE_PENALTY']),
  ecommerceBlacklist: (s) => onList(s, ['ECOMMERCE_BLACKLIST']),
  courierBlacklist: (s) => onList(s, ['COURIER_BLACKLIST']),
};
