/** The ecommerce subgraph's facts a person can object to: the violations of the shops they run themselves. */
import type { FactLocator } from '../shared/facts/locator.ts';

export const locateFacts: FactLocator = async (store, ref, subject) => {
  const shops = await store.collection('merchants').find({ operator: subject });
  return shops.flatMap((shop) => {
    if (shop.operatorKind !== 'PERSON') return [];
    const v = shop.violations.find((x) => x.ref === ref);
    return v ? [{ ref, subject, subjectKind: 'PERSON' as const, kind: 'GENERAL_FACT' as const, description: `violation by the shop ${shop.shopName}`, fact: v }] : [];
  });
};
