import { badUserInput } from '../../shared/errors.ts';
import { classifyCode, isProblem } from '../../shared/ids.ts';
import { shownFacts } from '../../shared/lifecycle.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { subjectOf } from '../../shared/subjects.ts';
import type { QueryResolvers, ScreenHitResolvers } from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import type { ScreenHitModel, ScreenResultModel } from '../mappers.ts';
import { DEFAULT_THRESHOLD, type Hit, type ScreenInput } from '../screening/index.ts';
import { screeningIndex } from '../screening/service.ts';
import { MAX_BATCH } from '../../shared/inputs.ts';
import { courtOrGeneral } from './Sanctions.ts';

const MAX_NAME = 100;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkInputs(subjects: readonly { name: string; creditCode?: string | null; birthDate?: string | null }[], threshold: number | null | undefined): void {
  if (subjects.length === 0 || subjects.length > MAX_BATCH) {
    throw badUserInput(`screen takes 1 to ${MAX_BATCH} subjects per call; this call has ${subjects.length}. Split the batch.`, { argument: 'subjects' });
  }
  subjects.forEach((s, i) => {
    const name = s.name.trim();
    if (!name || name.length > MAX_NAME) throw badUserInput(`subjects[${i}].name must be 1 to ${MAX_NAME} characters.`, { argument: `subjects[${i}].name` });
    if (s.creditCode) {
      const kind = classifyCode(s.creditCode);
      if (isProblem(kind)) throw badUserInput(`Invalid credit code "${s.creditCode.slice(0, 40)}" at subjects[${i}]: ${kind.message}.`, { argument: `subjects[${i}].creditCode`, problem: kind.code });
    }
    if (s.birthDate && (!ISO_DATE.test(s.birthDate) || Number.isNaN(Date.parse(s.birthDate)))) {
      throw badUserInput(`subjects[${i}].birthDate "${s.birthDate.slice(0, 20)}" is not a date: use YYYY-MM-DD.`, { argument: `subjects[${i}].birthDate` });
    }
  });
  if (threshold !== null && threshold !== undefined && !(threshold >= 0.8 && threshold <= 1)) {
    throw badUserInput(`threshold must be from 0.8 to 1 (the default is ${DEFAULT_THRESHOLD}).`, { argument: 'threshold' });
  }
}

/**
 * Keeps the hits this request may show: the entry is still shown today (not expired, repaired
 * or removed, which the index cannot know), and the asker may learn that the subject is on the
 * list: its purpose (consent included) opens the list's class in the LISTED or CASE_NUMBER form,
 * or in full. Everything else is left out, not nulled: a nulled hit would still say "listed".
 */
async function visibleHits(hits: Hit[], ctx: Context): Promise<ScreenHitModel[]> {
  const docs = await ctx.loaders.entry.loadMany(hits.map((h) => h.ref));
  const out: ScreenHitModel[] = [];
  await ctx.policy.prefetch(hits.map((h, i) => subjectOf(h.subject, (docs[i] as { subjectKind?: 'PERSON' } | null)?.subjectKind ?? 'PERSON')));
  for (const [i, hit] of hits.entries()) {
    const doc = docs[i];
    if (!doc || doc instanceof Error) continue;
    const holder = subjectOf(doc.subject, doc.subjectKind);
    const [shown] = await shownFacts(ctx, holder, [doc], courtOrGeneral(doc.list));
    if (!shown) continue;
    const cls = LIST_CLASSES[doc.list];
    const listed = (await ctx.policy.decide(holder, cls, 'LISTED')).allowed || (await ctx.policy.decide(holder, cls, 'CASE_NUMBER')).allowed;
    if (!listed) continue;
    out.push({ ...hit, subjectKind: doc.subjectKind, entry: shown });
  }
  return out;
}

export const Query: Pick<QueryResolvers, 'screen'> = {
  screen: async (_, { subjects, threshold }, ctx) => {
    checkInputs(subjects, threshold);
    const index = await screeningIndex(ctx.store);
    const inputs: ScreenInput[] = subjects.map((s) => ({
      name: s.name.trim(),
      ...(s.creditCode ? { creditCode: s.creditCode.trim() } : {}),
      ...(s.birthDate ? { birthDate: s.birthDate } : {}),
    }));
    const results = index.screen(inputs, { threshold: threshold ?? DEFAULT_THRESHOLD });
    return Promise.all(
      results.map(
        async (r, i): Promise<ScreenResultModel> => ({
          name: subjects[i]!.name,
          creditCode: subjects[i]!.creditCode ?? null,
          hits: await visibleHits(r.hits, ctx),
        }),
      ),
    );
  },
};

export const ScreenHit: ScreenHitResolvers = {
  ref: (h) => h.ref,
  matchedName: (h) => h.matchedName,
};
