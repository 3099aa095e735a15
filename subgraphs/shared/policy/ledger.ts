/**
 * The disclosure ledger of one request: for each subject asked about, the asker's view of them,
 * the fact classes the answer showed (natural persons only, one bit per class) and the fields it
 * withheld. It is what the audit record of the answer is made of (domain.md section 8).
 */
import type { AuditEntry } from '../platform/audit.ts';
import { consentUsed, type ConsentState, type Subject } from './decide.ts';
import { classesOfBits } from './matrix.ts';
import type { SubjectView } from './view.ts';

/** What this request holds of one subject. */
export interface LedgerLine {
  view: SubjectView;
  /** the audited classes shown of the subject (natural persons only), one bit each */
  shownBits: number;
}

export class DisclosureLedger {
  /** persons and organisations apart: a code alone does not say which kind it is */
  private readonly persons = new Map<string, LedgerLine>();
  private readonly organisations = new Map<string, LedgerLine>();
  /** fields withheld from natural persons, by code: kept apart, since a field may be withheld before its subject's view is known */
  private readonly withheld = new Map<string, Set<string>>();
  /** the subject object of the last lookup, and its line */
  private lastSubject: Subject | undefined;
  private lastLine: LedgerLine | undefined;

  private linesOf(kind: Subject['kind']): Map<string, LedgerLine> {
    return kind === 'PERSON' ? this.persons : this.organisations;
  }

  /** The subject's line, if this request opened one. */
  line(subject: Subject): LedgerLine | undefined {
    // GraphQL resolves the fields of one object one after another, and an object's nested facts
    // share its subject object: most lookups are for the same subject object as the last one.
    if (subject === this.lastSubject) return this.lastLine;
    const line = this.linesOf(subject.kind).get(subject.code);
    if (line) {
      this.lastSubject = subject;
      this.lastLine = line;
    }
    return line;
  }

  /** The subject's line, opened with this view when there is none yet. */
  open(subject: Subject, view: () => SubjectView): LedgerLine {
    const lines = this.linesOf(subject.kind);
    let line = lines.get(subject.code);
    if (!line) lines.set(subject.code, (line = { view: view(), shownBits: 0 }));
    return line;
  }

  /** A field withheld from a natural person: their audit record lists it. */
  withhold(subject: Subject, field: string): void {
    if (subject.kind !== 'PERSON') return;
    let fields = this.withheld.get(subject.code);
    if (!fields) this.withheld.set(subject.code, (fields = new Set()));
    fields.add(field);
  }

  /**
   * One entry per natural person whose non-public facts were shown or withheld, each with the
   * consent its facts were released under and, when the asker's purpose requires consent
   * (`consentRequired`), the state the answer found it in: NONE, EXPIRED or REVOKED say it asked
   * without one.
   */
  entries(consentOf: (code: string) => ConsentState | undefined, consentRequired: boolean): AuditEntry[] {
    const codes = new Set<string>();
    for (const [code, line] of this.persons) if (line.shownBits) codes.add(code);
    for (const code of this.withheld.keys()) codes.add(code);
    return [...codes].map((code) => {
      const consent = consentOf(code);
      // a view is shared by every subject of its profile: its consent's state is this subject's too, its id is not
      const state = consent?.state ?? this.persons.get(code)?.view.consent.state ?? 'NONE';
      return {
        subject: code,
        consent: consentUsed(consent),
        consentState: consentRequired ? state : null,
        classes: classesOfBits(this.persons.get(code)?.shownBits ?? 0).sort(),
        denied: [...(this.withheld.get(code) ?? [])].sort(),
      };
    });
  }
}
