/** What the persons resolvers return for each schema type: stored documents, never hand-written GraphQL types. */
import type { ConsentDoc, ObjectionDoc, RepairRequestDoc } from '../shared/facts/documents.ts';
import type { FinancialDefaultDoc, MisconductDoc, OccupationDoc, PersonDoc } from './documents.ts';
import type { QueryRecordDoc } from '../shared/platform/audit.ts';
import type { WithState } from '../shared/facts/lifecycle.ts';
import type { SubjectRecord } from '../shared/platform/audit.ts';
import type { Held, Subject } from '../shared/facts/subjects.ts';

/** a stored person, carrying its subject once it was loaded (loaders.ts) */
export type PersonModel = PersonDoc & { holder?: Subject };
export type OccupationModel = Held<OccupationDoc>;
export type MisconductModel = Held<WithState<MisconductDoc>>;
export type FinancialDefaultModel = Held<WithState<FinancialDefaultDoc>>;
export type ConsentModel = Held<ConsentDoc>;
export type ObjectionModel = Held<ObjectionDoc>;
export type QueryRecordModel = Held<SubjectRecord>;
export type RepairRequestModel = Held<RepairRequestDoc>;
