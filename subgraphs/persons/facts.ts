/**
 * The fact registry: finds a negative fact in a person's file by its ref, whichever subgraph owns
 * it, so that the persons subgraph can check an objection or a repair request against the fact it
 * names. It is a read-only view, like the consents every subgraph reads: the other owners' facts
 * (sanctionEntries, merchants) are read here and never written; what the subject files
 * against them (objections, repair requests) is the persons subgraph's own, and each owner
 * computes its facts' status from those filings through the shared views.
 */
import type { FactLifecycle, SubjectKind } from '../shared/documents.ts';
import { listFactKind, type FactKind, type LifecycleFact } from '../shared/facts/lifecycle.ts';
import type { Store } from '../shared/platform/store/port.ts';

export interface RegisteredFact {
  ref: string;
  /** whose fact it is */
  subject: string;
  subjectKind: SubjectKind;
  /** which display rules apply */
  kind: FactKind;
  /** what the fact is, in words, for messages */
  description: string;
  fact: LifecycleFact & Pick<FactLifecycle, 'authority'>;
}

export type FactLookup =
  | { found: 'OWN'; fact: RegisteredFact }
  /** no such fact in this person's file: another person's or an organisation's fact is reported the same way */
  | { found: 'NONE' };

export function factRegistry(store: Store) {
  return {
    /** The fact with this ref, looked up as the person `subject` asks about it. */
    async lookup(subject: string, ref: string): Promise<FactLookup> {
      const [defaultDoc, personDoc, entry, shops] = await Promise.all([
        store.collection('financialDefaults').findOne({ _id: ref }),
        store.collection('persons').findOne({ _id: subject }),
        store.collection('sanctionEntries').findOne({ _id: ref }),
        store.collection('merchants').find({ operator: subject }),
      ]);
      const candidates: RegisteredFact[] = [];
      if (defaultDoc) {
        candidates.push({
          ref,
          subject: defaultDoc.subject,
          subjectKind: 'PERSON',
          kind: 'FINANCIAL_DEFAULT',
          description: `financial default reported by ${defaultDoc.lender}`,
          fact: defaultDoc,
        });
      }
      for (const o of personDoc?.occupations ?? []) {
        const m = o.misconduct.find((x) => x.ref === ref);
        if (m) {
          candidates.push({
            ref,
            subject,
            subjectKind: 'PERSON',
            kind: 'GENERAL_FACT',
            description: `professional misconduct (${o.occupation.toLowerCase()} licence ${o.licenseNo})`,
            fact: m,
          });
        }
      }
      if (entry) {
        candidates.push({
          ref,
          subject: entry.subject,
          subjectKind: entry.subjectKind,
          kind: listFactKind(entry.list),
          description: `${entry.list} listing`,
          fact: entry,
        });
      }
      for (const shop of shops) {
        if (shop.operatorKind !== 'PERSON') continue;
        const v = shop.violations.find((x) => x.ref === ref);
        if (v) {
          candidates.push({
            ref,
            subject,
            subjectKind: 'PERSON',
            kind: 'GENERAL_FACT',
            description: `violation by the shop ${shop.shopName}`,
            fact: v,
          });
        }
      }
      const own = candidates.find((c) => c.subjectKind === 'PERSON' && c.subject === subject);
      return own ? { found: 'OWN', fact: own } : { found: 'NONE' };
    },
  };
}
