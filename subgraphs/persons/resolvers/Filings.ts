/** The subject's filings against their facts: objections and repair requests, and the regulator's view of them. */
import { authorize } from '../../shared/policy/actions.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import type { ObjectionResolvers, QueryResolvers, RepairRequestResolvers } from '../generated/resolvers.ts';

const MAX_OVERDUE = 1000;

export const FilingsQuery: Pick<QueryResolvers, 'overdueObjections'> = {
  overdueObjections: async (_, { limit }, ctx) => {
    authorize(ctx.viewer, 'overdueObjections');
    const n = Math.min(Math.max(limit ?? 100, 1), MAX_OVERDUE);
    const overdue = await ctx.loaders.repo.overdueObjections(ctx.clock.today(), n);
    return overdue.map((o) => hold(person(o.subject), [o])[0]!);
  },
};

export const Objection: ObjectionResolvers = {
  subject: (o, _, { loaders }) => loaders.person.load(o.subject),
};

export const RepairRequest: RepairRequestResolvers = {
  subject: (r, _, { loaders }) => loaders.person.load(r.subject),
};
