/**
 * The policy of one request: the asker's view of each subject, and what the answer showed and
 * withheld of them. It holds three things, each in its own place:
 *
 * - the consent states it learns (views.ts: read from the store, the subjects of one tick in one
 *   read, never taken from the wire, so a revocation counts from the next request on), kept here
 *   once known so that a field is then decided without waiting;
 * - one view per profile (consent state, kind, relation to the asker: view.ts), which memoises
 *   every decision of that profile;
 * - the disclosure ledger (ledger.ts): each subject's view, the classes shown, the fields withheld.
 */
import type DataLoader from 'dataloader';
import type { AuditEntry } from '../platform/audit.ts';
import type { Viewer } from '../wire/viewer.ts';
import { needsConsent, type ConsentState, type Decision, type Subject } from './decide.ts';
import { DisclosureLedger, type LedgerLine } from './ledger.ts';
import { classBit, decisionKey, type FactClass, type Form } from './matrix.ts';
import { SubjectView } from './view.ts';

const NONE: ConsentState = { state: 'NONE' };

const PROFILE_INDEX: Record<ConsentState['state'], number> = { NONE: 0, VALID: 1, EXPIRED: 2, REVOKED: 3 };

export class RequestPolicy {
  /** consent states learned so far, by subject code: what the synchronous paths read */
  private readonly consents = new Map<string, ConsentState>();
  /** one view per profile (PROFILE_INDEX) */
  private readonly views: SubjectView[] = [];
  private readonly ledger = new DisclosureLedger();

  constructor(
    readonly viewer: Viewer,
    /** the request's consent loader (views.ts): one store read per tick */
    private readonly consentLoader: DataLoader<string, ConsentState>,
    /** false only under the benchmark-only setting that measures what enforcement costs */
    private readonly enforcing = true,
  ) {}

  /** The subject's consent state, or the promise of it when it is still to be read. */
  private consentFor(subject: Subject): ConsentState | Promise<ConsentState> {
    if (!needsConsent(this.viewer, subject)) return NONE;
    const known = this.consents.get(subject.code);
    if (known) return known;
    return this.consentLoader.load(subject.code).then((state) => {
      this.consents.set(subject.code, state);
      return state;
    });
  }

  /**
   * Loads the consents these subjects' views will need, so that their fields are then decided
   * synchronously. Entity loaders call it beside their own query. Undefined when nothing is
   * left to load, so a caller need not wait.
   */
  prefetch(subjects: readonly Subject[]): Promise<void> | undefined {
    if (!this.enforcing) return undefined;
    let pending: Promise<ConsentState>[] | undefined;
    for (const s of subjects) {
      const c = this.consentFor(s);
      if (c instanceof Promise) (pending ??= []).push(c);
    }
    return pending && Promise.all(pending).then(() => undefined);
  }

  /** The asker's view of a subject: synchronous once the subject's consent is known. */
  view(subject: Subject): SubjectView | Promise<SubjectView> {
    const line = this.ledger.line(subject);
    if (line) return line.view;
    const consent = this.consentFor(subject);
    if (consent instanceof Promise) return consent.then((c) => this.lineOf(subject, c).view);
    return this.lineOf(subject, consent).view;
  }

  /** The view every organisation shares: organisations need no consent and are never the asker. */
  organisationView(): SubjectView {
    return (this.views[PROFILE_INDEX.NONE * 4 + 2] ??= new SubjectView(this.viewer, 'ORGANISATION', false, NONE));
  }

  /** Synchronous when the subject's consent is already known. `key` is `decisionKey(cls, form)`. */
  decide(subject: Subject, cls: FactClass, form: Form, key = decisionKey(cls, form)): Decision | Promise<Decision> {
    const line = this.ledger.line(subject);
    if (line) return this.decideOn(line, cls, form, key);
    const consent = this.consentFor(subject);
    if (consent instanceof Promise) return consent.then((c) => this.decideOn(this.lineOf(subject, c), cls, form, key));
    return this.decideOn(this.lineOf(subject, consent), cls, form, key);
  }

  /** The subject's ledger line, opened with the view of its profile. */
  private lineOf(subject: Subject, consent: ConsentState): LedgerLine {
    return this.ledger.open(subject, () => {
      const self = this.viewer.kind === 'SUBJECT' && subject.kind === 'PERSON' && this.viewer.subject === subject.code;
      const at = PROFILE_INDEX[consent.state] * 4 + (subject.kind === 'PERSON' ? 0 : 2) + (self ? 1 : 0);
      return (this.views[at] ??= new SubjectView(this.viewer, subject.kind, self, consent));
    });
  }

  private decideOn(line: LedgerLine, cls: FactClass, form: Form, key: number): Decision {
    const made = line.view.decision(cls, form, key);
    line.shownBits |= made.auditBit;
    return made.decision;
  }

  /** The decision made earlier in this request, for error reporting. */
  decided(subject: Subject, cls: FactClass, form: Form): Decision | undefined {
    return this.ledger.line(subject)?.view.decision(cls, form).decision;
  }

  /** A field withheld from a subject: a natural person's audit record lists it. */
  noteDenied(subject: Subject, field: string): void {
    this.ledger.withhold(subject, field);
  }

  /**
   * An answer revealed a fact of this class about the subject outside a field of its class (a
   * screening hit naming a listing): the subject's audit record names the class, public or not.
   */
  noteRevealed(subject: Subject, cls: FactClass): void {
    // Stryker disable next-line ConditionalExpression: equivalent, the audit records persons only; an organisation's reveal would open a line it never reads
    if (subject.kind !== 'PERSON') return;
    // an open line is found by lineOf whatever consent it is given; one not open yet opens under
    // the subject's consent, once it is read: never as if there were none (which would decide the
    // person's later fields without their consent, and record none)
    const consent = this.consentFor(subject);
    if (!(consent instanceof Promise)) this.lineOf(subject, consent).shownBits |= classBit(cls);
    else this.pending.push(consent.then((c) => void (this.lineOf(subject, c).shownBits |= classBit(cls))));
  }

  /** reveals noted before their subject's consent was read: the audit waits for them (settled) */
  // Stryker disable next-line ArrayDeclaration: equivalent, settled() awaits whatever the list starts with, and a non-promise resolves at once
  private readonly pending: Promise<void>[] = [];

  /** Resolves once every reveal noted so far is in the ledger: the audit is read after it. */
  async settled(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  /** How many subjects this request screened (sanctions' screen): its own audit record says so. */
  screened = 0;

  /** A screening call of this request: the anomaly report counts screenings from its record. */
  noteScreened(subjects: number): void {
    this.screened += subjects;
  }

  /** One entry per natural person whose non-public facts were shown or withheld. */
  audit(): AuditEntry[] {
    return this.ledger.entries((code) => this.consents.get(code), needsConsent(this.viewer, { code: '', kind: 'PERSON' }));
  }
}
