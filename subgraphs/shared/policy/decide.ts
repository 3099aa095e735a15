/**
 * One decision: may this viewer see this form of this fact class about this subject?
 * The three column rules of domain.md section 5 live here and nowhere else.
 */
import type { Purpose } from '../wire/purposes.ts';
import type { SubjectKind } from '../platform/ids.ts';
import type { Viewer } from '../wire/viewer.ts';
import { accessAllows, cellAccess, CONSENT_PURPOSES, type FactClass, type Form } from './matrix.ts';

export interface Subject {
  code: string;
  kind: SubjectKind;
}

/**
 * A subject's consent to the viewer's client for the viewer's purpose. The consent's id is known
 * where the consent was read; states the gateway forwards carry none (the gateway names the
 * consent in the audit record itself).
 */
export type ConsentState = { state: 'VALID' | 'EXPIRED' | 'REVOKED'; consentId?: string } | { state: 'NONE' };

/** The consent facts were released under, for the audit record: a valid consent's id, else none. */
export function consentUsed(consent: ConsentState | undefined): string | null {
  return (consent?.state === 'VALID' && consent.consentId) || null;
}

export type DenyReason = 'PURPOSE' | 'NO_CONSENT' | 'CONSENT_EXPIRED';

export interface Decision {
  allowed: boolean;
  /** the column the decision was made under */
  column: Purpose;
  reason?: DenyReason;
}

/** True when this viewer's column for this subject depends on the subject's consent. */
export function needsConsent(viewer: Viewer, subject: Subject): boolean {
  return viewer.kind === 'CLIENT' && subject.kind === 'PERSON' && CONSENT_PURPOSES.has(viewer.purpose);
}

/** The column that applies before consent is considered. */
function baseColumn(viewer: Viewer, subject: Subject): Purpose {
  if (viewer.kind === 'SUBJECT') return subject.kind === 'PERSON' && subject.code === viewer.subject ? 'SELF_ACCESS' : 'PUBLIC';
  return viewer.purpose;
}

export function decide(
  viewer: Viewer,
  subject: Subject,
  cls: FactClass,
  form: Form,
  consent: ConsentState = { state: 'NONE' },
): Decision {
  const wanted = baseColumn(viewer, subject);
  const publicOk = accessAllows(cellAccess(cls, 'PUBLIC', subject.kind), form);
  const wantedOk = accessAllows(cellAccess(cls, wanted, subject.kind), form);
  if (needsConsent(viewer, subject) && consent.state !== 'VALID') {
    if (publicOk) return { allowed: true, column: 'PUBLIC' };
    if (!wantedOk) return { allowed: false, column: 'PUBLIC', reason: 'PURPOSE' };
    return { allowed: false, column: 'PUBLIC', reason: consent.state === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'NO_CONSENT' };
  }
  if (wantedOk || publicOk) return { allowed: true, column: wanted };
  return { allowed: false, column: wanted, reason: 'PURPOSE' };
}

/** Public facts are those the PUBLIC column allows; only the others are audited. */
export function isPublicFact(cls: FactClass, form: Form, kind: SubjectKind): boolean {
  return accessAllows(cellAccess(cls, 'PUBLIC', kind), form);
}
