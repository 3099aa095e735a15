import { oneEntryPerRequest } from '../../shared/platform/audit.ts';
import { maskCitizenId } from '../../shared/platform/ids.ts';
import { shownFacts } from '../../shared/facts/lifecycle.ts';
import { hold, personSubject } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';
import { personFile } from '../services/file.ts';
import { creditScore, scoreBand } from '../services/score.ts';

export const Person: PersonResolvers = {
  __resolveReference: (ref, ctx) => personFile(ctx, ref.creditCode),
  maskedId: (p) => maskCitizenId(p.creditCode),
  occupations: (p) => hold(personSubject(p), p.occupations),
  financialDefaults: async (p, _, ctx) =>
    shownFacts(ctx, personSubject(p), await ctx.loaders.financialDefaults.load(p.creditCode), 'FINANCIAL_DEFAULT'),
  creditScore: (p, _, ctx) => creditScore(ctx, p),
  creditBand: async (p, _, ctx) => scoreBand(await creditScore(ctx, p)),
  consents: async (p, _, { loaders }) => hold(personSubject(p), await loaders.consents.load(p.creditCode)),
  objections: async (p, _, { loaders }) => hold(personSubject(p), await loaders.objectionsBySubject.load(p.creditCode)),
  repairRequests: async (p, _, { loaders }) => hold(personSubject(p), await loaders.repairsBySubject.load(p.creditCode)),
  queryRecords: async (p, { limit }, { loaders }) => {
    const n = Math.min(Math.max(limit ?? 50, 1), 500);
    return hold(personSubject(p), oneEntryPerRequest(await loaders.queryRecords.load(p.creditCode)).slice(0, n));
  },
};
