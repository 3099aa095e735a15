/**
 * The per-request policy. It learns each subject's consent state once per request (read from the
 * store, one batch per tick: never taken from the wire, so a revocation counts from the next
 * request on, whatever any earlier request carried), hands out the asker's view of each subject (one
 * view per profile: kind, consent state, relation to the asker; view.ts), and collects what was
 * returned and denied (for the audit record).
 */
import type { Viewer } from '../wire/viewer.ts';
import { consentUsed, needsConsent, type ConsentState, type Decision, type DenyReason, type Subject } from './decide.ts';
import { classBit, classesOfBits, decisionKey, type FactClass, type Form } from './matrix.ts';
import { SubjectView } from './view.ts';

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

const PROFILE_INDEX: Record<ConsentState['state'], number> = { NONE: 0, VALID: 1, EXPIRED: 2, REVOKED: 3 };

/** What this request knows of one subject: the asker's view of them, and what it was shown of them. */
interface SubjectState {
  view: SubjectView;
  /** the audited classes returned about the subject (natural persons only), one bit each */
  classBits: number;
}

export class RequestPolicy {
  /** persons and organisations apart: a code alone does not say which kind it is */
  private readonly persons = new Map<string, SubjectState>();
  private readonly organisations = new Map<string, SubjectState>();
  private statesOf(kind: Subject['kind']): Map<string, SubjectState> {
    return kind === 'PERSON' ? this.persons : this.organisations;
  }
  /** the subject object of the last decision, and its state */
  private lastSubject: Subject | undefined;
  private lastState: SubjectState | undefined;
  /** one view per profile: consent state, kind and relation to the asker (PROFILE_INDEX) */
  private readonly views: SubjectView[] = [];
  private readonly consents = new Map<string, ConsentState>();
  /** subjects whose consent this request looks up, each with the batch that loads it */
  private readonly pendingConsents = new Map<string, Promise<void>>();
  /** the subjects asked for in this tick, and the one store read that loads them all */
  private batch: string[] | undefined;
  private batchLoaded: Promise<void> | undefined;
  /** fields withheld from natural persons, for their audit records */
  private readonly deniedBySubject = new Map<string, Set<string>>();

  constructor(
    readonly viewer: Viewer,
    /** one store read for the consent states of these subjects (views.ts) */
    private readonly loadConsents: (subjects: readonly string[]) => Promise<Map<string, ConsentState>>,
    /** false only under the benchmark-only setting that measures what enforcement costs */
    private readonly enforcing = true,
  ) {}

  /**
   * The subject's consent state, or the batch that will load it. Every subject asked for in one
   * tick (a whole `_entities` call, a whole page of persons) joins one batch: one store read and
   * one promise for all of them, not one per subject.
   */
  private consentFor(subject: Subject): ConsentState | Promise<void> {
    if (!needsConsent(this.viewer, subject)) return NONE;
    const known = this.consents.get(subject.code);
    if (known) return known;
    let pending = this.pendingConsents.get(subject.code);
    if (!pending) {
      pending = this.enqueue(subject.code);
      this.pendingConsents.set(subject.code, pending);
    }
    return pending;
  }

  private enqueue(code: string): Promise<void> {
    if (!this.batch) {
      const codes: string[] = (this.batch = []);
      // after the promise jobs of this tick, as DataLoader schedules its batches
      this.batchLoaded = Promise.resolve()
        .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
        .then(async () => {
          this.batch = undefined;
          const states = await this.loadConsents(codes);
          for (const c of codes) this.consents.set(c, states.get(c) ?? NONE);
        });
    }
    this.batch.push(code);
    return this.batchLoaded!;
  }

  /**
   * Loads the consents these subjects' views will need, so that their fields are then decided
   * synchronously. Entity loaders call it beside their own query. Undefined when nothing is
   * left to load, so a caller need not wait.
   */
  prefetch(subjects: readonly Subject[]): Promise<void> | undefined {
    if (!this.enforcing) return undefined;
    let pending: Promise<void> | undefined;
    let more: Set<Promise<void>> | undefined;
    for (const s of subjects) {
      const c = this.consentFor(s);
      if (!(c instanceof Promise) || c === pending) continue;
      if (!pending) pending = c;
      else (more ??= new Set([pending])).add(c);
    }
    return more ? Promise.all(more).then(() => undefined) : pending;
  }

  /** The asker's view of a subject: synchronous once the subject's consent is known. */
  view(subject: Subject): SubjectView | Promise<SubjectView> {
    const state = this.knownState(subject);
    if (state) return state.view;
    const consent = this.consentFor(subject);
    if (consent instanceof Promise) return consent.then(() => this.stateOf(subject, this.consents.get(subject.code) ?? NONE).view);
    return this.stateOf(subject, consent).view;
  }

  /** The view every organisation shares: organisations need no consent and are never the asker. */
  organisationView(): SubjectView {
    return (this.views[PROFILE_INDEX.NONE * 4 + 2] ??= new SubjectView(this.viewer, 'ORGANISATION', false, NONE));
  }

  /** Synchronous when the subject's consent is already known. `key` is `decisionKey(cls, form)`. */
  decide(subject: Subject, cls: FactClass, form: Form, key = decisionKey(cls, form)): Decision | Promise<Decision> {
    const known = this.knownState(subject);
    if (known) return this.decideFor(known, cls, form, key);
    const consent = this.consentFor(subject);
    if (consent instanceof Promise) {
      return consent.then(() => this.decideFor(this.stateOf(subject, this.consents.get(subject.code) ?? NONE), cls, form, key));
    }
    return this.decideFor(this.stateOf(subject, consent), cls, form, key);
  }

  private knownState(subject: Subject): SubjectState | undefined {
    // GraphQL resolves the fields of one object one after another, and an object's nested facts
    // share its subject object: most calls ask about the same subject object as the last one.
    if (subject === this.lastSubject) return this.lastState;
    const known = this.statesOf(subject.kind).get(subject.code);
    if (known) {
      this.lastSubject = subject;
      this.lastState = known;
    }
    return known;
  }

  private stateOf(subject: Subject, consent: ConsentState): SubjectState {
    const states = this.statesOf(subject.kind);
    let state = states.get(subject.code);
    if (!state) {
      const self = this.viewer.kind === 'SUBJECT' && subject.kind === 'PERSON' && this.viewer.subject === subject.code;
      const at = PROFILE_INDEX[consent.state] * 4 + (subject.kind === 'PERSON' ? 0 : 2) + (self ? 1 : 0);
      const view = (this.views[at] ??= new SubjectView(this.viewer, subject.kind, self, consent));
      states.set(subject.code, (state = { view, classBits: 0 }));
    }
    return state;
  }

  private decideFor(state: SubjectState, cls: FactClass, form: Form, key: number): Decision {
    const made = state.view.decision(cls, form, key);
    state.classBits |= made.auditBit;
    return made.decision;
  }

  /** The decision made earlier in this request, for error reporting. */
  decided(subject: Subject, cls: FactClass, form: Form): Decision | undefined {
    return this.statesOf(subject.kind).get(subject.code)?.view.decision(cls, form).decision;
  }

  /** A field denied for a subject: a natural person's audit record lists it. */
  noteDenied(subject: Subject, field: string): void {
    if (subject.kind !== 'PERSON') return;
    let denied = this.deniedBySubject.get(subject.code);
    if (!denied) this.deniedBySubject.set(subject.code, (denied = new Set()));
    denied.add(field);
  }

  /**
   * An answer revealed a fact of this class about the subject outside a field of its class (a
   * screening hit naming a listing): the subject's audit record names the class, public or not.
   */
  noteRevealed(subject: Subject, cls: FactClass): void {
    if (subject.kind !== 'PERSON') return;
    const state = this.knownState(subject) ?? this.stateOf(subject, this.consents.get(subject.code) ?? NONE);
    state.classBits |= classBit(cls);
  }

  /** One entry per natural person whose non-public facts were returned or withheld. */
  audit(): AuditEntry[] {
    const codes = new Set<string>();
    for (const [code, state] of this.persons) if (state.classBits) codes.add(code);
    for (const code of this.deniedBySubject.keys()) codes.add(code);
    const reads = [...codes].map((code) => {
      return {
        subject: code,
        consent: consentUsed(this.consents.get(code)),
        classes: classesOfBits(this.persons.get(code)?.classBits ?? 0).sort(),
        denied: [...(this.deniedBySubject.get(code) ?? [])].sort(),
      };
    });
    return reads;
  }
}
