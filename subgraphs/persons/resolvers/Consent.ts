import { consentState } from '../../shared/facts/views.ts';
import type { ConsentResolvers } from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import type { ConsentModel } from '../mappers.ts';

/** The later grant that replaced this consent, if one did: read among the subject's consents, loaded once per request. */
async function replacer(c: ConsentModel, ctx: Context) {
  return (await ctx.loaders.consents.load(c.subject)).find((other) => other.replaces?.includes(c._id)) ?? null;
}

export const Consent: ConsentResolvers = {
  id: (c) => c._id,
  state: async (c, _, ctx) => ((await replacer(c, ctx)) ? 'REPLACED' : consentState([c], ctx.clock.today()).state),
  effect: (c) => c.effect ?? 'NEW',
  replaces: (c) => c.replaces ?? [],
  replacedBy: async (c, _, ctx) => (await replacer(c, ctx))?._id ?? null,
};
