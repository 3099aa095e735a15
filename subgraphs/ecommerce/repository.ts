/** The ecommerce subgraph's store access. */
import type { MerchantCommitmentDoc, MerchantDoc } from './documents.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function ecommerceRepository(store: Store) {
  const any = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    merchants: (ids: readonly string[]): Promise<MerchantDoc[]> => store.collection('merchants').find({ _id: any(ids) }),
    merchantsOf: (operators: readonly string[]): Promise<MerchantDoc[]> =>
      store.collection('merchants').find({ operator: any(operators) }, { sort: { _id: 1 } }),
    /**
     * Replaces the shop's commitments, if nobody changed them since they were read at `version`
     * (a missing version is 0): true when written, false when another write came first.
     */
    replaceCommitments: async (id: string, version: number, commitments: MerchantCommitmentDoc[]): Promise<boolean> => {
      const current = version === 0 ? { $in: [0, null] } : version;
      const res = await store.collection('merchants').updateOne({ _id: id, commitmentsVersion: current }, { $set: { commitments, commitmentsVersion: version + 1 } });
      return res.modified === 1;
    },
  };
}
