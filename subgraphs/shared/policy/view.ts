/**
 * The asker's view of a subject: what the matrix, the information-flow rules and the subject's
 * consent let this asker know about this subject (domain.md section 5). It is the one notion every
 * path asks — field guards, root fields keyed by a person's ID, `_entities`, screening, list
 * entries, derived values, explanations and mutations' answers — instead of each deciding alone.
 *
 * A view depends only on the asker, the subject's kind, whether the subject is the asker, and the
 * consent state: every subject with the same profile shares one view, and each (class, form) is
 * decided once per view per request.
 */
import type { SubjectKind } from '../platform/ids.ts';
import type { Viewer } from '../wire/viewer.ts';
import { decide, isPublicFact, type ConsentState, type Decision, type DenyReason, type Subject } from './decide.ts';
import { classBit, decisionKey, FACT_CLASSES, FORMS, type FactClass, type Form } from './matrix.ts';

/** One decision, and the class's bit when returning the fact it allows is recorded in the audit (else 0). */
export interface ViewDecision {
  decision: Decision;
  auditBit: number;
}

export class SubjectView {
  /** by `decisionKey(class, form)` */
  private readonly made: (ViewDecision | undefined)[] = [];
  /** by class index, and at FACT_CLASSES.length for "any class" */
  private readonly knowsMemo: (boolean | undefined)[] = [];
  /** the subject the decisions are made about: its code matters only for the self check */
  private readonly representative: Subject;

  constructor(
    private readonly viewer: Viewer,
    readonly kind: SubjectKind,
    /** the subject is the asker: the subject's own token on their own file */
    readonly self: boolean,
    readonly consent: ConsentState,
  ) {
    this.representative = { code: self && viewer.kind === 'SUBJECT' ? viewer.subject : '', kind };
  }

  decision(cls: FactClass, form: Form, key = decisionKey(cls, form)): ViewDecision {
    let made = this.made[key];
    if (!made) {
      const decision = decide(this.viewer, this.representative, cls, form, this.consent);
      const audited = decision.allowed && this.kind === 'PERSON' && !isPublicFact(cls, form, this.kind);
      made = this.made[key] = { decision, auditBit: audited ? classBit(cls) : 0 };
    }
    return made;
  }

  allows(cls: FactClass, form: Form = 'FULL'): boolean {
    return this.decision(cls, form).decision.allowed;
  }

  /** Why a form of a class is withheld from this view; undefined when it is not. */
  reason(cls: FactClass, form: Form = 'FULL'): DenyReason | undefined {
    const d = this.decision(cls, form).decision;
    // decide() names a reason for every refusal
    return d.allowed ? undefined : d.reason;
  }

  /**
   * Whether the view opens some non-public form of this class (without a class: of any class).
   * When it does not, the class's facts about the subject are unknowable to the asker, their
   * existence included: a root field that answers whether such a fact or file exists (a person's
   * file, a courier's file) must answer the same whether or not it does.
   */
  knows(cls?: FactClass): boolean {
    const at = cls === undefined ? FACT_CLASSES.length : FACT_CLASSES.indexOf(cls);
    let known = this.knowsMemo[at];
    if (known === undefined) {
      const classes = cls === undefined ? FACT_CLASSES : [cls];
      known = this.knowsMemo[at] = classes.some((c) => FORMS.some((form) => this.allows(c, form) && !isPublicFact(c, form, this.kind)));
    }
    return known;
  }

  /** May see the subject's full identifier: the condition for any use of a person's code or birth date (screening). */
  get seesFullId(): boolean {
    return this.kind !== 'PERSON' || this.allows('IDENTITY', 'FULL');
  }
}
