/** Validation of batch arguments, shared by every root field that takes many codes. */
import { badUserInput } from './errors.ts';
import { normaliseCode, validateCitizenId, validateCreditCode, type IdProblem } from './ids.ts';

export const MAX_BATCH = 1000;

const LABELS = { citizen: 'citizen ID', credit: 'unified social credit code' } as const;

/**
 * Normalised codes, or one BAD_USER_INPUT error that lists every invalid code with its position,
 * so a caller can fix a 1,000-code batch in one go instead of one error at a time.
 */
export function checkBatch(codes: readonly string[], kind: keyof typeof LABELS, argument: string): string[] {
  if (codes.length > MAX_BATCH) {
    throw badUserInput(`${argument} has ${codes.length} codes; at most ${MAX_BATCH} are allowed per request. Split the batch.`, {
      argument,
      max: MAX_BATCH,
    });
  }
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
