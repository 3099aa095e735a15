/**
 * The audit entries of a request travel grouped: subjects with the same fact classes returned and
 * the same fields denied share one group (a 1,000-applicant batch is a handful of groups, not a
 * thousand objects to serialise, parse and coerce at every hop).
 */
import type { AuditEntry } from './runtime.ts';

export interface AuditGroup {
  classes: string[];
  denied: string[];
  /** the subjects' codes, and beside each the consent its facts were released under */
  subjects: string[];
  consents: (string | null)[];
  action?: string;
  target?: string;
}

export function groupAudit(entries: readonly AuditEntry[]): AuditGroup[] {
  const groups = new Map<string, AuditGroup>();
  for (const e of entries) {
    const key = `${e.classes.join(',')}|${e.denied.join(',')}|${e.action ?? ''}|${e.target ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { classes: e.classes, denied: e.denied, subjects: [], consents: [], ...(e.action ? { action: e.action, target: e.target } : {}) };
      groups.set(key, g);
    }
    g.subjects.push(e.subject);
    g.consents.push(e.consent);
  }
  return [...groups.values()];
}

export function ungroupAudit(groups: readonly AuditGroup[]): AuditEntry[] {
  return groups.flatMap((g) =>
    g.subjects.map((subject, i) => ({
      subject,
      consent: g.consents[i] ?? null,
      classes: g.classes,
      denied: g.denied,
      ...(g.action ? { action: g.action, target: g.target } : {}),
    })),
  );
}
