import { badUserInput } from '../../../shared/platform/errors.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';

const MERCHANT_ID = /^[a-z0-9-]{1,32}:[a-z]{1,16}:[0-9A-Za-z-]{1,32}$/;

export const merchant: QueryResolvers['merchant'] = (_, { id }, { loaders }) => {
  if (!MERCHANT_ID.test(id)) {
    throw badUserInput(`Invalid merchant id "${id.slice(0, 60)}": expected platform:kind:number, e.g. yunji:shop:100231.`, { argument: 'id' });
  }
  return loaders.merchant.load(id);
};
