/** What the sanctions resolvers return for each schema type. */
import type { ListKind, Measure } from '../shared/facts/documents.ts';
import type { RedListEntryDoc, SanctionEntryDoc } from './documents.ts';
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
