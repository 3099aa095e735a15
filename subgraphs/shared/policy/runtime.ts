/**
 * The per-request policy: memoises one decision per (class, form, subject), collects what was
 * withheld (for `extensions.withheld`) and what was returned (for the audit record).
 */
import type { Viewer } from '../viewer.ts';
import { maskCitizenId } from '../ids.ts';
import { decide, isPublicFact, needsConsent, type ConsentState, type Decision, type DenyReason, type Subject } from './decide.ts';
import type { FactClass, Form } from './matrix.ts';

export interface WithheldField {
  field: string;
  class: FactClass;
  reason: DenyReason;
}

export interface WithheldSubject {
  subject: string;
  subjectKind: Subject['kind'];
  fields: WithheldField[];
}

export interface AuditEntry {
  subject: string;
  consent: string | null;
  classes: string[];
  denied: string[];
  /** for a change to a file: the mutation, and the ref it acted on */
  action?: string;
  target?: string;
}

const NONE: ConsentState = { state: 'NONE' };

export class RequestPolicy {
  /** subject code -> `${class}|${form}` -> decision */
  private readonly memo = new Map<string, Map<string, Decision>>();
  private readonly consents = new Map<string, ConsentState>();
  private readonly pendingConsents = new Map<string, Promise<ConsentState>>();
  private readonly withheldBySubject = new Map<string, { kind: Subject['kind']; fields: Map<string, WithheldField> }>();
  private readonly auditBySubject = new Map<string, { classes: Set<string>; denied: Set<string> }>();
  private readonly actions: AuditEntry[] = [];
  private readonly profiles = new Map<string, { decision: Decision; audited: boolean }>();

  constructor(
    readonly viewer: Viewer,
    private readonly loadConsent: (subject: string) => Promise<ConsentState>,
    /** false only under the benchmark-only setting that measures what enforcement costs */
    private readonly enforcing = true,
  ) {}

  private consentFor(subject: Subject): ConsentState | Promise<ConsentState> {
    if (!needsConsent(this.viewer, subject)) return NONE;
    const known = this.consents.get(subject.code);
    if (known) return known;
    let pending = this.pendingConsents.get(subject.code);
    if (!pending) {
      pending = this.loadConsent(subject.code).then((state) => {
        this.consents.set(subject.code, state);
        return state;
      });
      this.pendingConsents.set(subject.code, pending);
    }
    return pending;
  }

  /**
   * Loads the consents these subjects' fields will need, so that their fields are then decided
   * synchronously. Entity loaders call it beside their own query.
   */
  async prefetch(subjects: readonly Subject[]): Promise<void> {
    if (!this.enforcing) return;
    const pending: Promise<ConsentState>[] = [];
    for (const s of subjects) {
      const c = this.consentFor(s);
      if (c instanceof Promise) pending.push(c);
    }
    await Promise.all(pending);
  }

  /** Synchronous when the decision or the subject's consent is already known. */
  decide(subject: Subject, cls: FactClass, form: Form, key = `${cls}|${form}`): Decision | Promise<Decision> {
    const hit = this.memo.get(subject.code)?.get(key);
    if (hit) return hit;
    const consent = this.consentFor(subject);
    if (consent instanceof Promise) return consent.then((c) => this.settle(subject, cls, form, key, c));
    return this.settle(subject, cls, form, key, consent);
  }

  private settle(subject: Subject, cls: FactClass, form: Form, key: string, consent: ConsentState): Decision {
    // Subjects with the same consent state, kind and relation to the viewer get the same answer:
    // the table is consulted once per such profile, not once per subject.
    const self = this.viewer.kind === 'SUBJECT' && this.viewer.subject === subject.code;
    const profileKey = `${consent.state}|${subject.kind}|${self}|${key}`;
    let profile = this.profiles.get(profileKey);
    if (!profile) {
      const decision = decide(this.viewer, subject, cls, form, consent);
      profile = { decision, audited: decision.allowed && subject.kind === 'PERSON' && !isPublicFact(cls, form, subject.kind) };
      this.profiles.set(profileKey, profile);
    }
    let bySubject = this.memo.get(subject.code);
    if (!bySubject) this.memo.set(subject.code, (bySubject = new Map()));
    bySubject.set(key, profile.decision);
    if (profile.audited) this.auditFor(subject.code).classes.add(cls);
    return profile.decision;
  }

  /** The decision made earlier in this request, for error reporting. */
  decided(subject: Subject, cls: FactClass, form: Form): Decision | undefined {
    return this.memo.get(subject.code)?.get(`${cls}|${form}`);
  }

  private auditFor(code: string) {
    let a = this.auditBySubject.get(code);
    if (!a) this.auditBySubject.set(code, (a = { classes: new Set(), denied: new Set() }));
    return a;
  }

  noteWithheld(subject: Subject, field: string, cls: FactClass, reason: DenyReason): void {
    let w = this.withheldBySubject.get(subject.code);
    if (!w) this.withheldBySubject.set(subject.code, (w = { kind: subject.kind, fields: new Map() }));
    if (!w.fields.has(field)) w.fields.set(field, { field, class: cls, reason });
    if (subject.kind === 'PERSON') this.auditFor(subject.code).denied.add(field);
  }

  /**
   * Withheld fields per subject. A person is named by the full code only when this viewer may
   * see that person's full identity; otherwise by the masked form, so the report leaks nothing.
   */
  withheld(): WithheldSubject[] {
    return [...this.withheldBySubject].map(([code, w]) => {
      const full = w.kind !== 'PERSON' || this.memoOrDecide({ code, kind: w.kind }, 'IDENTITY', 'FULL');
      return { subject: full ? code : maskCitizenId(code), subjectKind: w.kind, fields: [...w.fields.values()] };
    });
  }

  private memoOrDecide(subject: Subject, cls: FactClass, form: Form): boolean {
    const known = this.decided(subject, cls, form);
    if (known) return known.allowed;
    const consent = needsConsent(this.viewer, subject) ? (this.consents.get(subject.code) ?? NONE) : NONE;
    return decide(this.viewer, subject, cls, form, consent).allowed;
  }

  /** One entry per natural person whose non-public facts were returned or withheld. */
  /**
   * A change this request made to a subject's facts, reported with the reads so the gateway
   * records it in the same audit batch as the answer (the persons subgraph owns the records).
   */
  recordAction(subject: string, action: string, target: string): void {
    this.actions.push({ subject, consent: null, classes: [], denied: [], action, target });
  }

  audit(): AuditEntry[] {
    const reads = [...this.auditBySubject].map(([code, a]) => {
      const c = this.consents.get(code);
      return {
        subject: code,
        consent: c && c.state === 'VALID' ? c.consentId : null,
        classes: [...a.classes].sort(),
        denied: [...a.denied].sort(),
      };
    });
    return [...reads, ...this.actions];
  }
}
