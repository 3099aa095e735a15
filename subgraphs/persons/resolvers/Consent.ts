import { consentState } from '../../shared/facts/views.ts';
import type { ConsentResolvers } from '../generated/resolvers.ts';

export const Consent: ConsentResolvers = {
  id: (c) => c._id,
  state: (c, _, ctx) => consentState([c], ctx.clock.today()).state,
};
