/** The ecommerce subgraph's store access. */
import type { MerchantDoc } from './documents.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function ecommerceRepository(store: Store) {
  const any = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    merchants: (ids: readonly string[]): Promise<MerchantDoc[]> => store.collection('merchants').find({ _id: any(ids) }),
    merchantsOf: (operators: readonly string[]): Promise<MerchantDoc[]> =>
      store.collection('merchants').find({ operator: any(operators) }, { sort: { _id: 1 } }),
  };
}
