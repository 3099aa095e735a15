/** The persons subgraph's facts a person can object to: financial defaults and professional misconduct. */
import type { Correctable } from '../shared/facts/corrections.ts';
import type { FactLocator, LocatedFact } from '../shared/facts/locator.ts';

/**
 * What an objection's answer may correct on a financial default: the amount overdue, the day it
 * fell overdue and the product. Not the lender (the issuer itself) nor the settlement, which the
 * lender reports and from which the 5-year display period runs.
 */
export const DEFAULT_CORRECTABLE: Correctable = {
  overdueAmount: { kind: 'AMOUNT', stored: 'overdueAmount' },
  overdueSince: { kind: 'DATE', stored: 'overdueSince' },
  product: { kind: 'TEXT', stored: 'product' },
};

/** On professional misconduct: what the person did, the measure, and the day it was decided (its display period follows). */
export const MISCONDUCT_CORRECTABLE: Correctable = {
  what: { kind: 'TEXT', stored: 'what' },
  measure: { kind: 'TEXT', stored: 'measure' },
  decidedAt: { kind: 'DATE', stored: 'decidedAt' },
};

export const locateFacts: FactLocator = async (store, ref, subject) => {
  const [defaultDoc, personDoc] = await Promise.all([
    store.collection('financialDefaults').findOne({ _id: ref }),
    store.collection('persons').findOne({ _id: subject }),
  ]);
  const found: LocatedFact[] = [];
  if (defaultDoc) {
    found.push({
      ref,
      subject: defaultDoc.subject,
      subjectKind: 'PERSON',
      kind: 'FINANCIAL_DEFAULT',
      cls: 'FINANCIAL_DEFAULT',
      description: `financial default reported by ${defaultDoc.lender}`,
      fact: defaultDoc,
      correctable: DEFAULT_CORRECTABLE,
    });
  }
  for (const o of personDoc?.occupations ?? []) {
    const m = o.misconduct.find((x) => x.ref === ref);
    if (m) {
      found.push({
        ref,
        subject,
        subjectKind: 'PERSON',
        kind: 'GENERAL_FACT',
        cls: 'OCCUPATION',
        description: `professional misconduct (${o.occupation.toLowerCase()} licence ${o.licenseNo})`,
        fact: m,
        correctable: MISCONDUCT_CORRECTABLE,
      });
    }
  }
  return found;
};
