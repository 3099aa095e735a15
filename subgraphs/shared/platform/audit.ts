/**
 * The audit (domain.md section 8), written by each subgraph for what it answers, before the answer
 * leaves: one record per request, subgraph and subject, naming the fact classes returned and the
 * fields denied. Records are group-committed: the answers that are ready at about the same moment
 * share one bulk insert, never one insert per field or per request. If the write fails the answer
 * is withheld. A change to a file is recorded first, alone, and is refused when its record cannot
 * be written.
 *
 * Query records are an append-only log that every subgraph appends its own answers to; the
 * persons subgraph reads it for the subject's `queryRecords` (one entry per request).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ClientKind, Purpose } from '../wire/purposes.ts';
import type { CollectionIndexes } from './store/port.ts';
import type { Store } from './store/port.ts';
import type { Viewer } from '../wire/viewer.ts';

/**
 * collection `queryRecords`: the audit (domain.md section 8), a record per request and subject.
 * Each subgraph stores the records of one answer grouped: the subjects that got the same classes
 * and the same denials share one document (a 1,000-applicant batch is a handful of documents, not
 * a thousand), each subject beside the consent its facts were released under. A read records the
 * fact classes returned; a change to a file records its `action` and the ref it acted on.
 */
export interface QueryRecordDoc {
  _id: string;
  at: string;
  requestId: string;
  subgraph: string;
  client: string | null;
  clientKind: ClientKind | 'SUBJECT';
  purpose: Purpose;
  /** the persons the record is about */
  subjects: string[];
  /** beside each subject, the consent its facts were released under, if any */
  consents: (string | null)[];
  /**
   * beside each subject, the state of the consent the asker's purpose required (VALID, or NONE,
   * EXPIRED, REVOKED when it was missing), null where the purpose needs none: what the regulator's
   * anomaly report counts. Absent on records written before it was kept.
   */
  consentStates?: (ConsentOutcome | null)[];
  classes: string[];
  denied: string[];
  /** for a change: the mutation that made it, e.g. fileObjection */
  action?: string;
  /** for a change: the ref it acted on (an objection, a repair request, a consent) */
  target?: string;
  /** for a screening call: how many subjects it screened (its own record, about no subject: its hits on persons are in their records) */
  screened?: number;
}

/** The state of a consent an asker needed, as an answer found it. */
export type ConsentOutcome = 'VALID' | 'NONE' | 'EXPIRED' | 'REVOKED';

declare module './store/port.ts' {
  interface Collections {
    queryRecords: QueryRecordDoc;
  }
}

/** The audit log, with the indexes the subject's own reading, a request's lookup and the regulator's search rely on. */
export const AUDIT_COLLECTIONS = {
  // multikey: a record names every subject of its group; the regulator's audit search reads by client and by period
  queryRecords: [{ subjects: 1, at: -1 }, { requestId: 1 }, { client: 1, at: -1 }, { at: -1 }],
} as const satisfies CollectionIndexes;

/** What one answer showed and withheld of one natural person, or the change it made to their file. */
export interface AuditEntry {
  subject: string;
  consent: string | null;
  /** the state of the consent the asker's purpose required; null (or absent) when it needs none */
  consentState?: ConsentOutcome | null;
  classes: string[];
  denied: string[];
  /** for a change to a file: the mutation, and the ref it acted on */
  action?: string;
  target?: string;
}

/** Who asked, when, under which request: the part of a record every entry of an answer shares. */
export interface Asked {
  viewer: Viewer;
  requestId: string;
  subgraph: string;
  at: Date;
}

/** Who asked, for a record: the fields every record of an answer shares. */
function askedFields(asked: Asked) {
  const v = asked.viewer;
  return {
    at: asked.at.toISOString(),
    requestId: asked.requestId,
    subgraph: asked.subgraph,
    client: v.kind === 'CLIENT' ? v.client : null,
    clientKind: v.kind === 'CLIENT' ? v.clientKind : ('SUBJECT' as const),
    purpose: v.purpose,
  };
}

/** One record for one subject: a change to a file. */
export function recordOf(asked: Asked, e: AuditEntry): QueryRecordDoc {
  return {
    _id: randomUUID(),
    ...askedFields(asked),
    subjects: [e.subject],
    consents: [e.consent],
    consentStates: [e.consentState ?? null],
    classes: e.classes,
    denied: e.denied,
    ...(e.action ? { action: e.action, target: e.target } : {}),
  };
}

/** The records of one answer: the subjects that got the same classes and denials share one document. */
export function recordsOf(asked: Asked, entries: readonly AuditEntry[]): QueryRecordDoc[] {
  const common = askedFields(asked);
  const groups = new Map<string, QueryRecordDoc>();
  for (const e of entries) {
    const key = `${e.classes.join(',')}|${e.denied.join(',')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { _id: randomUUID(), ...common, subjects: [], consents: [], consentStates: [], classes: e.classes, denied: e.denied }));
    g.subjects.push(e.subject);
    g.consents.push(e.consent);
    g.consentStates!.push(e.consentState ?? null);
  }
  return [...groups.values()];
}

/**
 * A screening call's own record: who screened how many subjects, when. It names no subject (its
 * hits on persons are in those persons' records), so no subject reads it; the regulator's anomaly
 * report counts screenings from it.
 */
export function screeningRecord(asked: Asked, screened: number): QueryRecordDoc {
  return { _id: randomUUID(), ...askedFields(asked), subjects: [], consents: [], consentStates: [], classes: [], denied: [], screened };
}

/** What the operator is told of audit writes (observe.ts): their time, their records, their failures. */
export interface AuditWatcher {
  written(seconds: number, records: number): void;
  failed(seconds: number, err: unknown): void;
}

/** Writes the records of a subgraph's answers, group-committed. */
export class AuditLog {
  private queue: { records: QueryRecordDoc[]; done: (err?: unknown) => void }[] = [];
  private scheduled = false;
  /** the outcome of the last write, for readiness: when it failed, and when one last succeeded */
  lastFailureAt = 0;
  lastSuccessAt = 0;

  constructor(
    private readonly store: Store,
    private readonly watcher?: AuditWatcher,
  ) {}

  /** Runs one write, timed and told to the watcher. */
  private async timed<T>(records: number, write: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await write();
      this.lastSuccessAt = Date.now();
      this.watcher?.written((performance.now() - started) / 1000, records);
      return result;
    } catch (err) {
      this.lastFailureAt = Date.now();
      this.watcher?.failed((performance.now() - started) / 1000, err);
      throw err;
    }
  }

  /** Resolves once the records are stored; rejects when they could not be. */
  write(records: QueryRecordDoc[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ records, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const records = batch.flatMap((b) => b.records);
    try {
      await this.timed(records.length, () => this.store.collection('queryRecords').insertMany(records));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  }

  /**
   * A change to a file, with its record: the record is written first, so that a change is never
   * made without it (a failed change leaves the record of an attempt, never the reverse), and a
   * record that cannot be written stops the change.
   */
  async change<T>(record: QueryRecordDoc, make: () => Promise<T>): Promise<T> {
    await this.timed(1, () => this.store.collection('queryRecords').insertOne(record));
    return make();
  }
}

/** One subject's entry of a record: the record, with that subject's consent. */
export interface SubjectRecord extends Omit<QueryRecordDoc, 'subjects' | 'consents' | 'consentStates'> {
  subject: string;
  consent: string | null;
}

/** A record as one entry per subject it names. */
export function perSubject(r: QueryRecordDoc): SubjectRecord[] {
  const { subjects, consents, consentStates: _states, ...rest } = r;
  return subjects.map((subject, i) => ({ ...rest, subject, consent: consents[i] ?? null }));
}

/**
 * The subject's view of the log: each subgraph records its own part of an answer, so one request
 * reads as one entry, with every class returned and every field denied across the subgraphs.
 * Changes stay entries of their own. Keeps the order given (newest first).
 */
export function oneEntryPerRequest(records: readonly SubjectRecord[]): SubjectRecord[] {
  const merged = new Map<string, SubjectRecord>();
  for (const r of records) {
    const key = `${r.requestId}|${r.action ?? ''}|${r.target ?? ''}`;
    const m = merged.get(key);
    if (!m) {
      merged.set(key, { ...r, classes: [...r.classes], denied: [...r.denied] });
      continue;
    }
    if (r.at < m.at) m.at = r.at;
    m.consent ??= r.consent;
    m.classes = [...new Set([...m.classes, ...r.classes])].sort();
    m.denied = [...new Set([...m.denied, ...r.denied])].sort();
  }
  return [...merged.values()];
}
