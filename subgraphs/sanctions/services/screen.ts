import { isIsoDate } from '../../shared/platform/clock.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { classifyCode, isProblem } from '../../shared/platform/ids.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { subjectOf } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import type { ScreenHitModel, ScreenResultModel } from '../mappers.ts';
import { byRelevance, DEFAULT_THRESHOLD, type Hit, type ScreenInput } from '../screening/index.ts';
import { screeningIndex } from '../screening/service.ts';
import { MAX_BATCH, takeSubjects, type SubjectBudget } from '../../shared/platform/inputs.ts';
import { shownEntry } from './entries.ts';

const MAX_NAME = 100;

interface ScreenSubject {
  name: string;
  creditCode?: string | null;
  birthDate?: string | null;
}

function checkInputs(subjects: readonly ScreenSubject[], threshold: number | null | undefined, budget: SubjectBudget): void {
  if (subjects.length === 0 || subjects.length > MAX_BATCH) {
    throw badUserInput(`screen takes 1 to ${MAX_BATCH} subjects per call; this call has ${subjects.length}. Split the batch.`, { argument: 'subjects' });
  }
  takeSubjects(budget, subjects.length, 'subjects');
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
 * The hits this asker may learn of, as its view lets it see them (domain.md section 5: screening
 * reveals no more than reading):
 * - the entry is one the asker may see at all, shown today (not expired, repaired or removed,
 *   which the index cannot know), and its purpose (consent included) opens the list's class in the
 *   LISTED or CASE_NUMBER form, or in full. Anything else is left out, not nulled: a nulled hit
 *   would still say "listed";
 * - a person's code or birth date counts only for an asker that may see that person's full ID;
 *   for anyone else the hit is what the name alone gives: POTENTIAL, scored on the name, without
 *   the CREDIT_CODE or BIRTH_DATE keys, and gone when the name alone is below the threshold;
 * - every hit that names a person's listing goes into that person's audit record.
 */
async function visibleHits(hits: Hit[], threshold: number, ctx: Context): Promise<ScreenHitModel[]> {
  // All hits of a call are checked together, so their entries, objections and consents load in batches.
  const checked = await Promise.all(
    hits.map(async (hit): Promise<ScreenHitModel | null> => {
      const entry = await shownEntry(ctx, hit.ref);
      if (!entry) return null;
      const holder = subjectOf(entry.subject, entry.subjectKind);
      const cls = LIST_CLASSES[entry.list];
      const view = await ctx.policy.view(holder);
      if (!view.allows(cls, 'LISTED') && !view.allows(cls, 'CASE_NUMBER')) return null;
      let seen: Hit = hit;
      if (!view.seesFullId && (hit.status === 'CONFIRMED' || hit.matchKeys.includes('BIRTH_DATE'))) {
        if (hit.nameScore < threshold) return null;
        seen = { ...hit, score: hit.nameScore, status: 'POTENTIAL', matchKeys: hit.matchKeys.filter((k) => k !== 'CREDIT_CODE' && k !== 'BIRTH_DATE') };
      }
      ctx.policy.noteRevealed(holder, cls);
      return { ...seen, subjectKind: entry.subjectKind, entry };
    }),
  );
  return checked.filter((h): h is ScreenHitModel => h !== null).sort(byRelevance);
}

/** Screens the subjects against the list index and answers with the hits this asker may learn of. */
export async function screen(ctx: Context, subjects: readonly ScreenSubject[], threshold: number | null | undefined): Promise<ScreenResultModel[]> {
  checkInputs(subjects, threshold, ctx.budget);
  const index = await screeningIndex(ctx.store);
  const inputs: ScreenInput[] = subjects.map((s) => ({
    name: s.name.trim(),
    ...(s.creditCode ? { creditCode: s.creditCode.trim() } : {}),
    ...(s.birthDate ? { birthDate: s.birthDate } : {}),
  }));
  const min = threshold ?? DEFAULT_THRESHOLD;
  const results = index.screen(inputs, { threshold: min });
  ctx.policy.noteScreened(subjects.length);
  return Promise.all(
    results.map(
      async (r, i): Promise<ScreenResultModel> => ({
        name: subjects[i]!.name,
        creditCode: subjects[i]!.creditCode ?? null,
        hits: await visibleHits(r.hits, min, ctx),
      }),
    ),
  );
}
