/**
 * Read-only views every subgraph needs of facts another subgraph owns. Consent belongs to the
 * persons subgraph, but each subgraph decides its own fields: it reads the consents of the
 * subjects it answers about itself, never from the wire, in one store read per batch, and never
 * writes them. The same holds for the subject's filings against their facts, also
 * owned by persons: objections (the dispute flag) and repair requests (an approved one repairs
 * the fact), from which every subgraph computes the status of the facts it owns, and the subject's
 * statements, which every subgraph shows beside its facts.
 */
import DataLoader from 'dataloader';
import type { Clock } from '../platform/clock.ts';
import type { Store } from '../platform/store/port.ts';
import type { Viewer } from '../wire/viewer.ts';
import type { ConsentDoc, ObjectionDoc, OfficerDoc, RepairRequestDoc, StatementDoc } from './documents.ts';
import { manyByKey } from '../platform/loaders.ts';
import type { ConsentState } from '../policy/decide.ts';

export interface ViewLoaders {
  /**
   * the state of each subject's consent to this viewer's client for this viewer's purpose: the
   * subjects asked for in one tick share one store read
   */
  consentStates: DataLoader<string, ConsentState>;
  /**
   * objections a subject has filed, by the subject's code. Loading a subject's objections also
   * loads their repair requests in the same tick, so that one prefetch serves both views.
   */
  objectionsBySubject: DataLoader<string, ObjectionDoc[]>;
  /** repair requests a subject has filed, by the subject's code */
  repairsBySubject: DataLoader<string, RepairRequestDoc[]>;
  /** the statements a subject has attached to facts in their file, by the subject's code */
  statementsBySubject: DataLoader<string, StatementDoc[]>;
  /** a person's roles in organisations (the enterprises subgraph's officers), by the person's code */
  rolesOf: DataLoader<string, OfficerDoc[]>;
}

const NO_CONSENT: ConsentState = { state: 'NONE' };

/** The ids of the consents a later grant replaced: they are no longer in force, whatever their dates say. */
export function replacedIds(consents: readonly ConsentDoc[]): Set<string> {
  const replaced = new Set<string>();
  for (const c of consents) for (const id of c.replaces ?? []) replaced.add(id);
  return replaced;
}

/**
 * The state of a subject's consents to one client for one purpose, as the policy reads it: VALID
 * while one is in force (not revoked, not expired, not replaced by a later grant), else why not.
 */
export function consentState(consents: readonly ConsentDoc[], today: string): ConsentState {
  let best: ConsentState = { state: 'NONE' };
  const replaced = consents.some((c) => c.replaces?.length) ? replacedIds(consents) : undefined;
  for (const c of consents) {
    if (replaced?.has(c._id)) continue;
    if (!c.revokedAt && c.grantedAt <= today && c.expiresAt >= today) return { state: 'VALID', consentId: c._id };
    if (!c.revokedAt && c.expiresAt < today) best = { state: 'EXPIRED', consentId: c._id };
    else if (c.revokedAt && best.state === 'NONE') best = { state: 'REVOKED', consentId: c._id };
  }
  return best;
}

export function createViewLoaders({ store, clock, viewer }: { store: Store; clock: Clock; viewer: Viewer }): ViewLoaders {
  const consentStates = new DataLoader<string, ConsentState>(async (subjects) => {
    if (viewer.kind !== 'CLIENT') return subjects.map(() => NO_CONSENT);
    const docs = await store.collection('consents').find({ subject: { $in: [...subjects] }, client: viewer.client, purpose: viewer.purpose });
    const bySubject = new Map<string, ConsentDoc[]>();
    for (const c of docs) {
      const held = bySubject.get(c.subject);
      if (held) held.push(c);
      else bySubject.set(c.subject, [c]);
    }
    const today = clock.today();
    return subjects.map((subject) => {
      const held = bySubject.get(subject);
      return held ? consentState(held, today) : NO_CONSENT;
    });
  });
  const repairsBySubject = manyByKey<RepairRequestDoc>(
    (subjects) => store.collection('repairRequests').find({ subject: { $in: [...subjects] } }),
    (r) => r.subject,
  );
  const statementsBySubject = manyByKey<StatementDoc>(
    (subjects) => store.collection('statements').find({ subject: { $in: [...subjects] } }),
    (s) => s.subject,
  );
  const objectionsBySubject = manyByKey<ObjectionDoc>((subjects) => {
    // every reader of a fact's state needs all three; entity loaders prefetch objections only
    void repairsBySubject.loadMany(subjects);
    void statementsBySubject.loadMany(subjects);
    return store.collection('objections').find({ subject: { $in: [...subjects] } });
  }, (o) => o.subject);
  const rolesOf = manyByKey<OfficerDoc>((persons) => store.collection('officers').find({ person: { $in: [...persons] } }), (o) => o.person);
  return { consentStates, objectionsBySubject, repairsBySubject, statementsBySubject, rolesOf };
}
