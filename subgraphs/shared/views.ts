/**
 * Read-only views every subgraph needs of facts another subgraph owns. Consent belongs to the
 * persons subgraph, but each subgraph decides its own fields: it reads the consents of the
 * subjects in this request through one batched loader (one store round trip per request),
 * and never writes them. The same holds for the subject's filings against their facts, also
 * owned by persons: objections (the dispute flag) and repair requests (an approved one repairs
 * the fact), from which every subgraph computes the status of the facts it owns.
 */
import type DataLoader from 'dataloader';
import type { RequestDeps } from './createSubgraph.ts';
import type { ConsentDoc, ObjectionDoc, RepairRequestDoc } from './documents.ts';
import { manyByKey } from './loaders.ts';
import type { ConsentState } from './policy/decide.ts';

export interface ViewLoaders {
  /** the state of the subject's consent to this viewer's client for this viewer's purpose */
  consent: { load(subject: string): Promise<ConsentState> };
  /**
   * objections a subject has filed, by the subject's code. Loading a subject's objections also
   * loads their repair requests in the same tick, so that one prefetch serves both views.
   */
  objectionsBySubject: DataLoader<string, ObjectionDoc[]>;
  /** repair requests a subject has filed, by the subject's code */
  repairsBySubject: DataLoader<string, RepairRequestDoc[]>;
}

export function consentState(consents: readonly ConsentDoc[], today: string): ConsentState {
  let best: ConsentState = { state: 'NONE' };
  for (const c of consents) {
    if (!c.revokedAt && c.grantedAt <= today && c.expiresAt >= today) return { state: 'VALID', consentId: c._id };
    if (!c.revokedAt && c.expiresAt < today) best = { state: 'EXPIRED', consentId: c._id };
    else if (c.revokedAt && best.state === 'NONE') best = { state: 'REVOKED', consentId: c._id };
  }
  return best;
}

export function createViewLoaders({ store, clock, viewer }: RequestDeps): ViewLoaders {
  const consents = manyByKey<ConsentDoc>(
    (subjects) =>
      viewer.kind === 'CLIENT'
        ? store.collection('consents').find({ subject: { $in: [...subjects] }, client: viewer.client, purpose: viewer.purpose })
        : Promise.resolve([]),
    (c) => c.subject,
  );
  const consent = {
    load: async (subject: string) => consentState(await consents.load(subject), clock.today()),
  };
  const repairsBySubject = manyByKey<RepairRequestDoc>(
    (subjects) => store.collection('repairRequests').find({ subject: { $in: [...subjects] } }),
    (r) => r.subject,
  );
  const objectionsBySubject = manyByKey<ObjectionDoc>((subjects) => {
    // every reader of a fact's status needs both; entity loaders prefetch objections only
    void repairsBySubject.loadMany(subjects);
    return store.collection('objections').find({ subject: { $in: [...subjects] } });
  }, (o) => o.subject);
  return { consent, objectionsBySubject, repairsBySubject };
}
