import { oneEntryPerRequest } from '../../shared/platform/audit.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { maskCitizenId } from '../../shared/platform/ids.ts';
import { shownFacts } from '../../shared/facts/lifecycle.ts';
import { hold, openedReference, personKey, personSubject } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';
import { personFile } from '../services/file.ts';
import { creditScore, scored, scoreBand, scoreFactorsOf } from '../services/score.ts';

export const Person: PersonResolvers = {
  __resolveReference: async (ref, ctx) => {
    const opened = openedReference(ref, ctx);
    if (!opened) return null;
    const p = await personFile(ctx, opened.creditCode);
    // the score's factors, when the gateway fetched them for a score (@requires)
    const scoreFactors = scoreFactorsOf((ref as { scoreFactors?: unknown }).scoreFactors);
    if (!p || (!scoreFactors && !opened.sealedKey)) return p;
    return { ...p, ...(scoreFactors ? { scoreFactors } : {}), ...(opened.sealedKey ? { sealedKey: opened.sealedKey } : {}) };
  },
  creditCode: personKey,
  maskedId: (p) => maskCitizenId(p.creditCode),
  occupations: (p) => hold(personSubject(p), p.occupations),
  financialDefaults: async (p, _, ctx) =>
    shownFacts(ctx, personSubject(p), await ctx.loaders.financialDefaults.load(p.creditCode), 'FINANCIAL_DEFAULT'),
  creditScore: (p, _, ctx) => creditScore(ctx, p),
  creditBand: async (p, _, ctx) => scoreBand(await creditScore(ctx, p)),
  creditScoreReasons: async (p, _, ctx) => (await scored(ctx, p)).reasons,
  summary: (p) => ({ creditCode: p.creditCode, holder: personSubject(p), ...(p.sealedKey ? { sealedKey: p.sealedKey } : {}) }),
  consents: async (p, _, { loaders }) => hold(personSubject(p), await loaders.consents.load(p.creditCode)),
  objections: async (p, _, { loaders }) => hold(personSubject(p), await loaders.objectionsBySubject.load(p.creditCode)),
  repairRequests: async (p, _, { loaders }) => hold(personSubject(p), await loaders.repairsBySubject.load(p.creditCode)),
  queryRecords: async (p, { limit }, { loaders }) => {
    const n = limit ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badUserInput(`limit must be from 1 to 500 (it is ${n}).`, { argument: 'limit' });
    return hold(personSubject(p), oneEntryPerRequest(await loaders.queryRecords.load(p.creditCode)).slice(0, n));
  },
};
