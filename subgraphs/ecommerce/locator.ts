/** The ecommerce subgraph's facts a person can object to: the violations of the shops they run themselves. */
import type { Correctable } from '../shared/facts/corrections.ts';
import type { FactLocator } from '../shared/facts/locator.ts';

/** What an objection's answer may correct on a violation: what the shop did, the measure, and the day it was decided. */
export const VIOLATION_CORRECTABLE: Correctable = {
  what: { kind: 'TEXT', stored: 'what' },
  measure: { kind: 'TEXT', stored: 'measure' },
  decidedAt: { kind: 'DATE', stored: 'decidedAt' },
};

export const locateFacts: FactLocator = async (store, ref, subject) => {
  const shops = await store.collection('merchants').find({ operator: subject });
  return shops.flatMap((shop) => {
    if (shop.operatorKind !== 'PERSON') return [];
    const v = shop.violations.find((x) => x.ref === ref);
    return v
      ? [{ ref, subject, subjectKind: 'PERSON' as const, kind: 'GENERAL_FACT' as const, cls: 'ECOMMERCE' as const, description: `violation by the shop ${shop.shopName}`, fact: v, correctable: VIOLATION_CORRECTABLE }]
      : [];
  });
};
