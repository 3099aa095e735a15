import { hold, person } from '../../shared/facts/subjects.ts';
import type { CourierProfileResolvers } from '../generated/resolvers.ts';

export const CourierProfile: CourierProfileResolvers = {
  creditCode: (c) => c.sealedKey ?? c.person,
  company: (c) => ({ creditCode: c.company }),
  complaints: (c) => hold(person(c.person), c.complaints),
  trafficViolations: (c) => hold(person(c.person), c.trafficViolations),
};
