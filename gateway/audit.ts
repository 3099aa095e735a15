/**
 * The gateway's part of the audit (domain.md section 8): it merges what each subgraph reports
 * per subject into one record per request and subject, and has the persons subgraph (the owner
 * of query records) store them in one batch before the answer leaves. If the write fails, the
 * answer is withheld: a record is never lost when an answer was sent.
 */
import type { AuditEntry, WithheldSubject } from '../subgraphs/shared/policy/runtime.ts';
import type { AskingViewer } from '../subgraphs/shared/viewer.ts';
import { viewerHeader } from './dataSource.ts';
import { VIEWER_HEADER } from '../subgraphs/shared/viewer.ts';

export function mergeAudit(entries: readonly AuditEntry[]): AuditEntry[] {
  const bySubject = new Map<string, { consent: string | null; classes: Set<string>; denied: Set<string> }>();
  for (const e of entries) {
    let m = bySubject.get(e.subject);
    if (!m) bySubject.set(e.subject, (m = { consent: null, classes: new Set(), denied: new Set() }));
    m.consent ??= e.consent;
    for (const c of e.classes) m.classes.add(c);
    for (const d of e.denied) m.denied.add(d);
  }
  return [...bySubject].map(([subject, m]) => ({ subject, consent: m.consent, classes: [...m.classes].sort(), denied: [...m.denied].sort() }));
}

export function mergeWithheld(entries: readonly WithheldSubject[]): WithheldSubject[] {
  const bySubject = new Map<string, WithheldSubject>();
  for (const e of entries) {
    const m = bySubject.get(e.subject);
    if (!m) {
      bySubject.set(e.subject, { ...e, fields: [...e.fields] });
      continue;
    }
    for (const f of e.fields) if (!m.fields.some((x) => x.field === f.field)) m.fields.push(f);
  }
  return [...bySubject.values()];
}

const RECORD = /* GraphQL */ `
  mutation RecordQueries($records: [QueryRecordInput!]!) {
    recordQueries(records: $records)
  }
`;

export async function writeAudit(
  personsUrl: string,
  secret: string,
  onBehalfOf: AskingViewer,
  requestId: string,
  records: readonly AuditEntry[],
): Promise<void> {
  const res = await fetch(personsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [VIEWER_HEADER]: viewerHeader({ kind: 'GATEWAY', purpose: 'SUPERVISION', onBehalfOf }, requestId, secret),
    },
    body: JSON.stringify({ query: RECORD, variables: { records } }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json()) as { data?: { recordQueries?: number }; errors?: unknown[] };
  if (!res.ok || body.errors?.length || body.data?.recordQueries !== records.length) {
    throw new Error(`audit write failed (HTTP ${res.status})`);
  }
}
