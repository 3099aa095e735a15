/** What the sanctions resolvers return for each schema type. */
import type { RedListEntryDoc, SanctionEntryDoc } from '../shared/documents.ts';
import type { WithState } from '../shared/lifecycle.ts';
import type { EnterpriseRef, PersonRef, Subject } from '../shared/subjects.ts';

export type PersonModel = PersonRef;
export type EnterpriseModel = EnterpriseRef;
export type SanctionEntryModel = WithState<SanctionEntryDoc>;
/** a subject's shown list entries, grouped by the resolvers of Sanctions */
export interface SanctionsModel {
  holder: Subject;
  entries: SanctionEntryModel[];
}
export type RedListEntryModel = RedListEntryDoc;
