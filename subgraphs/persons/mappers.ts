/** What the persons resolvers return for each schema type: stored documents, never hand-written GraphQL types. */
import type { ConsentDoc, ObjectionDoc, RepairRequestDoc } from '../shared/facts/documents.ts';
import type { FinancialDefaultDoc, MisconductDoc, OccupationDoc, PersonDoc } from './documents.ts';
import type { QueryRecordDoc } from '../shared/platform/audit.ts';
import type { WithState } from '../shared/facts/lifecycle.ts';
import type { SubjectRecord } from '../shared/platform/audit.ts';
import type { Held, Subject } from '../shared/facts/subjects.ts';
import type { FactClass } from '../shared/policy/matrix.ts';

/** what the sanctions subgraph counts for the score (its Person.scoreFactors, handed over by the gateway) */
export interface ScoreFactorsModel {
  courtListed: number;
  taxListed: number;
  penalties: number;
  seriousPenalties: number;
  measuresViaOrganisations: number;
  honours: number;
  closed: string[];
}
/** a stored person, carrying its subject once it was loaded (loaders.ts), and the score's factors when the gateway sent them */
export type PersonModel = PersonDoc & { holder?: Subject; scoreFactors?: ScoreFactorsModel; /** the sealed key it was reached by (wire/links.ts) */ sealedKey?: string };
/** one reason for a score (services/score.ts) */
export interface ScoreReasonModel {
  code: 'COURT_LISTING' | 'TAX_LISTING' | 'OPEN_DEFAULT' | 'SETTLED_DEFAULT' | 'SERIOUS_PENALTY' | 'PENALTY' | 'MEASURES_VIA_ORGANISATION' | 'PROFESSIONAL_MISCONDUCT' | 'RED_LIST_HONOUR';
  /** the matrix row of the facts counted; LISTING for measures, which come from listings of any list the view opens */
  factClass: FactClass | 'LISTING';
  points: number;
  count: number;
}
export type OccupationModel = Held<OccupationDoc>;
export type MisconductModel = Held<WithState<MisconductDoc>>;
export type FinancialDefaultModel = Held<WithState<FinancialDefaultDoc>>;
export type ConsentModel = Held<ConsentDoc>;
export type ObjectionModel = Held<ObjectionDoc>;
export type QueryRecordModel = Held<SubjectRecord>;
export type RepairRequestModel = Held<RepairRequestDoc>;
/** an identity check: the name asked about the subject, decided when its result is read */
export type IdentityCheckModel = { readonly holder: Subject; creditCode: string; name: string };

/** an applicant's summary: the person it is about */
export interface ApplicantSummaryModel {
  creditCode: string;
  readonly holder: Subject;
  /** the sealed key its person was reached by, answered as its creditCode (wire/links.ts) */
  sealedKey?: string;
}
/** what a lender's report did (services/defaults.ts) */
export interface DefaultReceiptModel {
  ref: string;
  operation: 'REPORT' | 'CORRECT' | 'SETTLE' | 'REVOKE';
  outcome: 'APPLIED' | 'UNCHANGED';
  version: number;
  repayment: 'OVERDUE' | 'SETTLED';
  status: string;
  receivedAt: string;
}
