/** What the sanctions resolvers return for each schema type. */
import type { ListKind, Measure } from '../shared/facts/documents.ts';
import type { NoticeDoc, PublicationDoc, RedListEntryDoc, SanctionEntryDoc } from './documents.ts';
import type { SubjectKind } from '../shared/platform/ids.ts';
import type { Hit } from './screening/index.ts';
import type { WithState } from '../shared/facts/lifecycle.ts';
import type { EnterpriseRef, PersonRef, Subject } from '../shared/facts/subjects.ts';

export type PersonModel = PersonRef;
export type EnterpriseModel = EnterpriseRef;
export type SanctionEntryModel = WithState<SanctionEntryDoc>;
/** a subject's shown list entries, grouped by the resolvers of Sanctions */
export interface SanctionsModel {
  holder: Subject;
  entries: SanctionEntryModel[];
}
export type RedListEntryModel = RedListEntryDoc;

export interface ScreenResultModel {
  name: string;
  creditCode: string | null;
  hits: ScreenHitModel[];
}

export type ScreenHitModel = Hit & { subjectKind: SubjectKind; entry: SanctionEntryModel };

/** A joint measure reaching a subject: held by the restricted subject, classed by the causing list. */
export interface RestrictionModel {
  holder: Subject;
  measure: Measure;
  basis: 'OWN_LISTING' | 'LEGAL_REPRESENTATIVE' | 'DIRECTOR' | 'SUPERVISOR' | 'SENIOR_MANAGER';
  list: ListKind;
  listing: SanctionEntryModel;
  organisation: string | null;
  since: string;
}

/** what the credit score counts of this subgraph's facts (services/scoreFactors.ts) */
export interface ScoreFactorsModel {
  courtListed: number;
  taxListed: number;
  penalties: number;
  seriousPenalties: number;
  measuresViaOrganisations: number;
  honours: number;
  closed: string[];
}

/** an applicant's summary: the person it is about */
export interface ApplicantSummaryModel {
  creditCode: string;
  readonly holder: Subject;
  /** the sealed key its person was reached by, answered as its creditCode (wire/links.ts) */
  sealedKey?: string;
}
/** A receipt: the stored one, with what this call did (UNCHANGED when it was applied before). */
export type PublicationReceiptModel = PublicationDoc & { outcome?: 'APPLIED' | 'UNCHANGED' };

export interface FeedLineModel {
  line: number;
  ref: string | null;
  operation: string | null;
  outcome: 'APPLIED' | 'UNCHANGED' | 'REFUSED';
  code: string | null;
  reason: string | null;
  receipt: PublicationReceiptModel | null;
}

export interface FeedReportModel {
  applied: number;
  unchanged: number;
  refused: number;
  lines: FeedLineModel[];
}

export interface PublicationPageModel {
  total: number;
  nextOffset: number | null;
  byPublisher: { publisher: string; authority: string; count: number }[];
  items: PublicationReceiptModel[];
}

export type NoticeModel = NoticeDoc;
