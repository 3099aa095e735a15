import { isIsoDate } from '../../shared/clock.ts';
import { badUserInput } from '../../shared/errors.ts';
import { classifyCode, isProblem } from '../../shared/ids.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { subjectOf } from '../../shared/subjects.ts';
import type { QueryResolvers, ScreenHitResolvers } from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import type { ScreenHitModel, ScreenResultModel } from '../mappers.ts';
import { DEFAULT_THRESHOLD, type Hit, type ScreenInput } from '../screening/index.ts';
import { screeningIndex } from '../screening/service.ts';
import { MAX_BATCH } from '../../shared/inputs.ts';
import { shownEntry } from '../entries.ts';

const MAX_NAME = 100;

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
    if (s.birthDate && !isIsoDate(s.birthDate)) {
      throw badUserInput(`subjects[${i}].birthDate "${s.birthDate.slice(0, 20)}" is not a date: use YYYY-MM-DD.`, { argument: `subjects[${i}].birthDate` });
    }
  });
  if (threshold !== null && threshold !== undefined && !(threshold >= 0.8 && threshold <= 1)) {
    throw badUserInput(`threshold must be from 0.8 to 1 (the default is ${DEFAULT_THRESHOLD}).`, { argument: 'threshold' });
  }
}

/**
 * Keeps the hits this request may show: the entry is still shown to this asker today (to anyone
 * but the subject: not expired, repaired or removed, which the index cannot know), and the asker may learn that the subject is on the
 * list: its purpose (consent included) opens the list's class in the LISTED or CASE_NUMBER form,
 * or in full. Everything else is left out, not nulled: a nulled hit would still say "listed".
 */
async function visibleHits(hits: Hit[], ctx: Context): Promise<ScreenHitModel[]> {
  // All hits of a call are checked together, so their entries, objections and consents load in batches.
  const checked = await Promise.all(
    hits.map(async (hit): Promise<ScreenHitModel | null> => {
      const entry = await shownEntry(ctx, hit.ref);
      if (!entry) return null;
      const holder = subjectOf(entry.subject, entry.subjectKind);
      const cls = LIST_CLASSES[entry.list];
      const listed = (await ctx.policy.decide(holder, cls, 'LISTED')).allowed || (await ctx.policy.decide(holder, cls, 'CASE_NUMBER')).allowed;
      return listed ? { ...hit, subjectKind: entry.subjectKind, entry } : null;
    }),
  );
  return checked.filter((h): h is ScreenHitModel => h !== null);
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
