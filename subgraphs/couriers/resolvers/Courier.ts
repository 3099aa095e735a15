import { assertCitizenId } from '../../shared/platform/ids.ts';
import { recordOrStandIn } from '../../shared/policy/existence.ts';
import { hold, organisation, person, personReference } from '../../shared/facts/subjects.ts';
import type { CourierProfileModel } from '../mappers.ts';
import type {
  CourierCompanyProfileResolvers,
  CourierProfileResolvers,
  EnterpriseResolvers,
  PersonResolvers,
  QueryResolvers,
} from '../generated/resolvers.ts';

/**
 * A courier's file as an asker who may know no courier fact of the person sees it: the key and
 * nothing else, whether or not the person is a courier (every other field is closed to such an
 * asker: test/unit/existence.test.ts), so the missing values are never read.
 */
function standIn(code: string): CourierProfileModel {
  return { _id: code, person: code, complaints: [], trafficViolations: [] } as Partial<CourierProfileModel> as CourierProfileModel;
}

export const Query: QueryResolvers = {
  courier: async (_, { creditCode }, ctx) => {
    const code = assertCitizenId(creditCode, 'creditCode');
    return recordOrStandIn(ctx.policy, person(code), await ctx.loaders.courier.load(code), () => standIn(code), 'COURIER');
  },
};

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  courierProfile: (p, _, { loaders }) => loaders.courier.load(p.creditCode),
};

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  courierProfile: (e, _, { loaders }) => loaders.company.load(e.creditCode),
};

export const CourierProfile: CourierProfileResolvers = {
  creditCode: (c) => c.person,
  company: (c) => ({ creditCode: c.company }),
  complaints: (c) => hold(person(c.person), c.complaints),
  trafficViolations: (c) => hold(person(c.person), c.trafficViolations),
};

export const CourierCompanyProfile: CourierCompanyProfileResolvers = {
  licenseNo: (c) => c.license.no,
  licenseStatus: (c) => c.license.status,
  serviceWarnings: (c) => hold(organisation(c.creditCode), c.serviceWarnings),
  courierCount: async (c, _, { loaders }) => (await loaders.courierCount.load(c.creditCode))?.count ?? 0,
};
