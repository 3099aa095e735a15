/**
 * The gateway's part of the audit (domain.md section 8): it merges what each subgraph reports
 * per subject into one record per request and subject, and has the persons subgraph (the owner
 * of query records) store them in one batch before the answer leaves. If the write fails, the
 * answer is withheld: a record is never lost when an answer was sent.
 */
import { groupAudit, type AuditGroup } from '../subgraphs/shared/policy/auditWire.ts';
import type { AuditEntry } from '../subgraphs/shared/policy/runtime.ts';
import type { AskingViewer } from '../subgraphs/shared/viewer.ts';
import { viewerHeader } from './dataSource.ts';
import { VIEWER_HEADER } from '../subgraphs/shared/viewer.ts';

/**
 * One record per subject from the subgraphs' entries. A subgraph that decided on a forwarded
 * consent state does not know the consent's id; `consentOf` names it from the states the persons
 * subgraph reported.
 */
export function mergeAudit(entries: readonly AuditEntry[], consentOf: (subject: string) => string | null = () => null): AuditEntry[] {
  const bySubject = new Map<string, { consent: string | null; classes: Set<string>; denied: Set<string> }>();
  const actions: AuditEntry[] = [];
  for (const e of entries) {
    if (e.action) {
      actions.push(e);
      continue;
    }
    let m = bySubject.get(e.subject);
    if (!m) bySubject.set(e.subject, (m = { consent: null, classes: new Set(), denied: new Set() }));
    m.consent ??= e.consent;
    for (const c of e.classes) m.classes.add(c);
    for (const d of e.denied) m.denied.add(d);
  }
  const reads = [...bySubject].map(([subject, m]) => ({ subject, consent: m.consent ?? consentOf(subject), classes: [...m.classes].sort(), denied: [...m.denied].sort() }));
  return [...reads, ...actions];
}

const RECORD = /* GraphQL */ `
  mutation RecordQueries($groups: [QueryRecordGroupInput!]!) {
    recordQueries(groups: $groups)
  }
`;

/** One request's audit records, grouped (see auditWire.ts), with who asked. */
export interface QueryRecordGroupInput extends AuditGroup {
  requestId: string;
  at: string;
  client: string | null;
  clientKind: string;
  purpose: string;
}

export function recordsFor(asker: AskingViewer, requestId: string, entries: readonly AuditEntry[], at = new Date()): QueryRecordGroupInput[] {
  const asked = {
    requestId,
    at: at.toISOString(),
    client: asker.kind === 'CLIENT' ? asker.client : null,
    clientKind: asker.kind === 'CLIENT' ? asker.clientKind : 'SUBJECT',
    purpose: asker.purpose,
  };
  return groupAudit(entries).map((g) => ({ ...g, ...asked }));
}

const MAX_GROUPS_PER_WRITE = 500;

/**
 * Group commit: the records of requests answered at about the same moment are written in one
 * batch (one call to the persons subgraph, one bulk insert), and each request waits for the batch
 * that holds its records before its answer leaves. Under load this is what keeps the audit from
 * costing one round trip per request; a failed batch fails every answer in it.
 */
export class AuditWriter {
  private queue: { records: QueryRecordGroupInput[]; done: (err?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly personsUrl: string,
    private readonly secret: string,
  ) {}

  write(records: QueryRecordGroupInput[]): Promise<void> {
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
      for (let i = 0; i < records.length; i += MAX_GROUPS_PER_WRITE) await this.post(records.slice(i, i + MAX_GROUPS_PER_WRITE));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  }

  private async post(groups: QueryRecordGroupInput[]): Promise<void> {
    const res = await fetch(this.personsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [VIEWER_HEADER]: viewerHeader({ kind: 'GATEWAY', purpose: 'SUPERVISION' }, `audit-${groups[0]!.requestId}`, this.secret),
      },
      body: JSON.stringify({ query: RECORD, variables: { groups } }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { data?: { recordQueries?: number }; errors?: unknown[] };
    const expected = groups.reduce((n, g) => n + g.subjects.length, 0);
    if (!res.ok || body.errors?.length || body.data?.recordQueries !== expected) {
      throw new Error(`audit write failed (HTTP ${res.status})`);
    }
  }
}
