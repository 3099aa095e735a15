import type { MutationResolvers } from '../../generated/resolvers.ts';
import { registerWebhook as register } from '../../services/monitoring.ts';

export const registerWebhook: MutationResolvers['registerWebhook'] = (_, { url, previousSecretHours }, ctx) => register(ctx, url, previousSecretHours ?? 24);
