/** The persons subgraph's facts a person can object to: financial defaults and professional misconduct. */
import type { FactLocator, LocatedFact } from '../shared/facts/locator.ts';

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
      description: `financial default reported by ${defaultDoc.lender}`,
      fact: defaultDoc,
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
        description: `professional misconduct (${o.occupation.toLowerCase()} licence ${o.licenseNo})`,
        fact: m,
      });
    }
  }
  return found;
};
