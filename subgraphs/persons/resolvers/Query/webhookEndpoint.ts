import type { QueryResolvers } from '../../generated/resolvers.ts';
import { webhookEndpoint as endpoint } from '../../services/monitoring.ts';

export const webhookEndpoint: QueryResolvers['webhookEndpoint'] = (_, __, ctx) => endpoint(ctx);
