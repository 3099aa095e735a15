/**
 * The identity check (实名核验): does a name belong to a citizen ID? The answer is a read of the
 * person's identity, decided by the same rule as `Person.name` (the IDENTITY class in full) and
 * recorded the same way; an ID with no file answers like a wrong name, so the check tells nobody
 * more than reading the file would.
 */
import { badUserInput } from '../../shared/platform/errors.ts';
import { assertCitizenId } from '../../shared/platform/ids.ts';
import { person } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import type { IdentityCheckModel } from '../mappers.ts';

const MAX_NAME = 64;
/** the middle dots names are written with (·, •, ・, ‧, ･, ‐ are not among them) */
const MIDDLE_DOTS = /[\u00B7\u2022\u2027\u30FB\uFF65\u2219\u22C5]/g;

/** A name as it is compared: NFKC, no whitespace, one middle dot, Latin letters in upper case. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').replace(MIDDLE_DOTS, '·').toUpperCase();
}

/** The check as asked: its inputs validated, its result left to `IdentityCheck.result`, which the policy guards. */
export function identityCheck(name: string, creditCode: string): IdentityCheckModel {
  const code = assertCitizenId(creditCode, 'creditCode');
  const asked = normaliseName(name);
  if (asked.length === 0 || [...name.trim()].length > MAX_NAME) {
    throw badUserInput(`name must be 1 to ${MAX_NAME} characters, as the applicant gave it.`, { argument: 'name' });
  }
  return { holder: person(code), creditCode: code, name: asked };
}

/** MATCH when the file for the ID carries the name; NO_MATCH for another name or no file. */
export async function identityResult(ctx: Context, check: IdentityCheckModel): Promise<'MATCH' | 'NO_MATCH'> {
  const file = await ctx.loaders.person.load(check.creditCode);
  return file && normaliseName(file.name) === check.name ? 'MATCH' : 'NO_MATCH';
}
