/** What the ecommerce resolvers return for each schema type. */
import type { MerchantDoc, ViolationDoc } from './documents.ts';
import type { WithState } from '../shared/facts/lifecycle.ts';
import type { EnterpriseRef, Held, PersonRef } from '../shared/facts/subjects.ts';

export type MerchantModel = MerchantDoc;
export type PersonModel = PersonRef;
export type EnterpriseModel = EnterpriseRef;
export type ViolationModel = Held<WithState<ViolationDoc>>;

/** a shop's credit grade (services/grade.ts) */
export interface MerchantGradeModel {
  grade: string;
  points: number;
  basis: string[];
}
