/** The enterprises subgraph's store access. */
import type { EnterpriseDoc, PenaltyDoc } from './documents.ts';
import type { OfficerDoc } from '../shared/facts/documents.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function enterprisesRepository(store: Store) {
  const any = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    enterprises: (codes: readonly string[]): Promise<EnterpriseDoc[]> => store.collection('enterprises').find({ _id: any(codes) }),
    penalties: (subjects: readonly string[]): Promise<PenaltyDoc[]> =>
      store.collection('penalties').find({ subject: any(subjects) }, { sort: { decidedAt: -1 } }),
    officersOf: (enterprises: readonly string[]): Promise<OfficerDoc[]> =>
      store.collection('officers').find({ enterprise: any(enterprises) }, { sort: { since: 1 } }),
    rolesOf: (persons: readonly string[]): Promise<OfficerDoc[]> =>
      store.collection('officers').find({ person: any(persons) }, { sort: { since: 1 } }),
  };
}
