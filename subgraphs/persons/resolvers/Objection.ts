import type { ObjectionResolvers } from '../generated/resolvers.ts';

export const Objection: ObjectionResolvers = {
  corrections: (o) => (o.corrections ?? []).map((c) => ({ field: c.field, previous: c.previous === null ? null : String(c.previous), value: String(c.value) })),
  overdue: (o, _, ctx) => o.status === 'UNDER_REVIEW' && o.dueAt < ctx.clock.today(),
  subject: (x, _, { loaders }) => loaders.person.load(x.subject),
};
