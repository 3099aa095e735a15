/** What the ecommerce resolvers return for each schema type. */
import type { MerchantCommitmentDoc, MerchantDoc, ViolationDoc } from './documents.ts';
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
/** a shop's credit commitment, held by the shop's operator (whose e-commerce facts it is) */
export type MerchantCommitmentModel = Held<MerchantCommitmentDoc>;
/** what recording a commitment, or its breach, did */
export interface CommitmentReceiptModel {
  merchant: string;
  ref: string;
  outcome: 'APPLIED' | 'UNCHANGED';
  status: 'IN_FORCE' | 'EXPIRED' | 'BROKEN';
}
