/** Validation of batch arguments, shared by every root field that takes many codes. */
import { badUserInput } from './errors.ts';
import { normaliseCode, validateCitizenId, validateCreditCode, type IdProblem } from './ids.ts';

/** At most this many subjects per request, however they are asked: a list, aliases, several fields. */
export const MAX_BATCH = 1000;

/** What is left of a request's subject budget (domain rule: at most MAX_BATCH subjects per request). */
export interface SubjectBudget {
  left: number;
}

export const newBudget = (): SubjectBudget => ({ left: MAX_BATCH });

/**
 * Takes `count` subjects from the request's budget, or refuses the field: aliases and repeated
 * fields share one budget, so fifteen aliases of a 1,000-code batch cost 15,000, not 1,000.
 */
export function takeSubjects(budget: SubjectBudget, count: number, argument: string): void {
  if (count < 1) throw badUserInput(`${argument} is empty: give 1 to ${MAX_BATCH} subjects.`, { argument, max: MAX_BATCH });
  if (count > budget.left) {
    throw badUserInput(
      `This request asks about more than ${MAX_BATCH} subjects in all (${argument} has ${count}, and ${MAX_BATCH - budget.left} were asked before it): aliases and repeated fields count together. Split the request.`,
      { argument, max: MAX_BATCH },
    );
  }
  budget.left -= count;
}

const LABELS = { citizen: 'citizen ID', credit: 'unified social credit code' } as const;

/**
 * Normalised codes, or one BAD_USER_INPUT error that lists every invalid code with its position,
 * so a caller can fix a 1,000-code batch in one go instead of one error at a time.
 */
export function checkBatch(codes: readonly string[], kind: keyof typeof LABELS, argument: string, ctx: { budget: SubjectBudget }): string[] {
  if (codes.length > MAX_BATCH) {
    throw badUserInput(`${argument} has ${codes.length} codes; at most ${MAX_BATCH} are allowed per request. Split the batch.`, {
      argument,
      max: MAX_BATCH,
    });
  }
  takeSubjects(ctx.budget, codes.length, argument);
  const validate = kind === 'citizen' ? validateCitizenId : validateCreditCode;
  const invalid: { index: number; code: string; problem: IdProblem['code']; message: string }[] = [];
  codes.forEach((code, index) => {
    const problem = validate(code);
    if (problem) invalid.push({ index, code: code.slice(0, 40), problem: problem.code, message: problem.message });
  });
  if (invalid.length) {
    const first = invalid[0]!;
    const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more invalid codes, listed in extensions.invalid)` : '';
    throw badUserInput(`Invalid ${LABELS[kind]} "${first.code}" at ${argument}[${first.index}]: ${first.message}.${more}`, {
      argument,
      problem: first.problem,
      invalid: invalid.slice(0, 100),
    });
  }
  return codes.map(normaliseCode);
}
