import { assertCitizenId } from '../../../shared/platform/ids.ts';
import { recordOrStandIn } from '../../../shared/policy/existence.ts';
import { person } from '../../../shared/facts/subjects.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import type { CourierProfileModel } from '../../mappers.ts';

/**
 * A courier's file as an asker who may know no courier fact of the person sees it: the key and
 * nothing else, whether or not the person is a courier (every other field is closed to such an
 * asker: test/unit/existence.test.ts), so the missing values are never read.
 */
function standIn(code: string): CourierProfileModel {
  return { _id: code, person: code, complaints: [], trafficViolations: [] } as Partial<CourierProfileModel> as CourierProfileModel;
}

export const courier: QueryResolvers['courier'] = async (_, { creditCode }, ctx) => {
  const code = assertCitizenId(creditCode, 'creditCode');
  return recordOrStandIn(ctx.policy, person(code), await ctx.loaders.courier.load(code), () => standIn(code), 'COURIER');
};
