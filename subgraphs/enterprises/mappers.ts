/** What the enterprises resolvers return for each schema type. */
import type { CommitmentDoc, EnterpriseDoc, PenaltyDoc } from './documents.ts';
import type { OfficerDoc } from '../shared/facts/documents.ts';
import type { WithState } from '../shared/facts/lifecycle.ts';
import type { Held, PersonRef } from '../shared/facts/subjects.ts';

export type EnterpriseModel = EnterpriseDoc;
export type PersonModel = PersonRef;
/** an officer as seen from the organisation (held by the organisation) */
export type OfficerModel = Held<OfficerDoc>;
/** the same record as seen from the person (held by the person) */
export type EnterpriseRoleModel = Held<OfficerDoc>;
export type PenaltyModel = Held<WithState<PenaltyDoc>>;
export type CommitmentModel = Held<CommitmentDoc>;
