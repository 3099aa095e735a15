/**
 * What an answer says was withheld, and why, read only from the answer itself: its FORBIDDEN
 * errors and `extensions.withheld`. Nothing else is asked, so the panel can never show more than
 * the asker was told (domain.md section 5, information flow).
 *
 * `extensions.withheld` is read in both of its shapes: entries keyed by subject
 * (`{ subject, subjectKind, fields }`) and entries keyed by their path in the answer
 * (`{ path, subject?, fields }`, the subject only as the asker gave it). Plain data: the browser
 * bundle and the tests both import it.
 */
export interface Denial {
  /** where in the answer, list indices left out ("persons.phone") */
  path: string;
  field: string;
  cls?: string;
  purpose?: string;
  /** the most frequent reason, and all of them with their counts */
  reason?: string;
  reasons?: Record<string, number>;
  /** how many objects the denial hit */
  count?: number;
  message: string;
}

export interface WithheldField {
  field: string;
  cls?: string;
  reason?: string;
}

export interface WithheldEntry {
  /** the entry's key: its path in the answer when it has one, else the subject it names */
  where: string;
  path?: (string | number)[];
  subject?: string;
  subjectKind?: string;
  fields: WithheldField[];
}

export interface WithheldSummary {
  denials: Denial[];
  withheld: WithheldEntry[];
  /** errors that are not denials (bad input, limits, ...) */
  otherErrors: string[];
}

export const REASONS: Record<string, string> = {
  PURPOSE: 'the purpose never allows this fact in this form',
  NO_CONSENT: "the purpose needs the person's consent to this asker, and there is none",
  CONSENT_EXPIRED: "the person's consent to this asker has expired",
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const isPath = (v: unknown): v is (string | number)[] => Array.isArray(v) && v.every((p) => typeof p === 'string' || typeof p === 'number');

function counts(v: unknown): Record<string, number> | undefined {
  if (!isObject(v)) return undefined;
  const entries = Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number');
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function withheldField(v: unknown): WithheldField | null {
  if (!isObject(v) || !str(v.field)) return null;
  const cls = str(v.class);
  const reason = str(v.reason);
  return { field: str(v.field)!, ...(cls ? { cls } : {}), ...(reason ? { reason } : {}) };
}

function withheldEntry(v: unknown): WithheldEntry | null {
  if (!isObject(v) || !Array.isArray(v.fields)) return null;
  const fields = v.fields.map(withheldField).filter((f): f is WithheldField => f !== null);
  if (!fields.length) return null;
  const path = isPath(v.path) ? v.path : undefined;
  const subject = str(v.subject);
  const subjectKind = str(v.subjectKind);
  return {
    where: path ? path.join('.') || '(root)' : (subject ?? '(not named)'),
    ...(path ? { path } : {}),
    ...(subject ? { subject } : {}),
    ...(subjectKind ? { subjectKind } : {}),
    fields,
  };
}

export function summarise(answer: unknown): WithheldSummary {
  const body = isObject(answer) ? answer : {};
  const denials: Denial[] = [];
  const otherErrors: string[] = [];
  for (const e of Array.isArray(body.errors) ? body.errors : []) {
    if (!isObject(e)) continue;
    const ext = isObject(e.extensions) ? e.extensions : {};
    const message = str(e.message) ?? '';
    if (ext.code !== 'FORBIDDEN') {
      otherErrors.push(message || String(ext.code ?? 'error'));
      continue;
    }
    const path = isPath(e.path) ? e.path.filter((p) => typeof p === 'string').join('.') : '';
    const denial: Denial = { path, field: str(ext.field) ?? path, message };
    const cls = str(ext.class);
    const purpose = str(ext.purpose);
    const reason = str(ext.reason);
    const reasons = counts(ext.reasons);
    if (cls) denial.cls = cls;
    if (purpose) denial.purpose = purpose;
    if (reason) denial.reason = reason;
    if (reasons) denial.reasons = reasons;
    if (typeof ext.count === 'number') denial.count = ext.count;
    denials.push(denial);
  }
  const ext = isObject(body.extensions) ? body.extensions : {};
  const withheld = (Array.isArray(ext.withheld) ? ext.withheld : [])
    .map(withheldEntry)
    .filter((w): w is WithheldEntry => w !== null)
    // entries with a path first, in answer order; then those named by subject
    .sort((a, b) => Number(!a.path) - Number(!b.path) || a.where.localeCompare(b.where, undefined, { numeric: true }));
  return { denials, withheld, otherErrors };
}
