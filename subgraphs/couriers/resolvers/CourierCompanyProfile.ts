import { hold, organisation } from '../../shared/facts/subjects.ts';
import type { CourierCompanyProfileResolvers } from '../generated/resolvers.ts';

export const CourierCompanyProfile: CourierCompanyProfileResolvers = {
  licenseNo: (c) => c.license.no,
  licenseStatus: (c) => c.license.status,
  serviceWarnings: (c) => hold(organisation(c.creditCode), c.serviceWarnings),
  courierCount: async (c, _, { loaders }) => (await loaders.courierCount.load(c.creditCode))?.count ?? 0,
};
