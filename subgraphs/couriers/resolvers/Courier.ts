import { assertCitizenId } from '../../shared/ids.ts';
import { hold, organisation, person, personReference } from '../../shared/subjects.ts';
import type {
  CourierCompanyProfileResolvers,
  CourierProfileResolvers,
  EnterpriseResolvers,
  PersonResolvers,
  QueryResolvers,
} from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  courier: (_, { creditCode }, { loaders }) => loaders.courier.load(assertCitizenId(creditCode, 'creditCode')),
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
