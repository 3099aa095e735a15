/**
 * Identifiers (domain.md section 3): citizen IDs (GB 11643-1999) and unified social
 * credit codes (GB 32100-2015, embedding a GB 11714 organisation code).
 *
 * Validation sits on the request hot path (a screening call may carry 1,000 codes), so
 * the valid path works on char codes without allocating; messages are built only when a
 * code fails.
 */
import { GraphQLError } from 'graphql';
import { currentDay, daysInMonth, DEFAULT_TIME_ZONE } from './clock.ts';

/** A natural person (citizen ID) or an organisation (unified social credit code). */
export type SubjectKind = 'PERSON' | 'ORGANISATION';

export type IdProblemCode =
  | 'LENGTH'
  | 'CHARSET'
  | 'DATE'
  | 'AUTHORITY'
  | 'DIVISION'
  | 'ORG_CHECK'
  | 'CHECK';

export interface IdProblem {
  code: IdProblemCode;
  /** what to fix, in words a person typing the code understands */
  message: string;
  /** 1-based position of the offending character, when there is one */
  position?: number;
  /** the character that belongs at `position`, for check-character problems */
  expected?: string;
}

export const CODE_LENGTH = 18;

const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CITIZEN_CHECK_CHARS = '10X98765432';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** GB 32100 appendix A: registration authorities (9 = market regulator). */
const USCC_AUTHORITIES = '123456789ANY';

/** char code -> value in the USCC alphabet, -1 when the character is not in it */
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) USCC_VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

const CH_0 = 48;
const CH_9 = 57;
const CH_X = 88;

// ---------- normalisation ----------

/**
 * Trims and upper-cases ASCII letters: people type `x` for the check character and paste
 * codes with stray spaces. Anything else (full-width digits, inner spaces) is left for the
 * validators to report, so the user learns what was wrong instead of a silent rewrite.
 */
export function normaliseCode(code: string): string {
  return code.trim().replace(/[a-z]+/g, (s) => s.toUpperCase());
}

// ---------- problem messages ----------

function lengthProblem(what: string, code: string): IdProblem {
  const n = [...code].length;
  return {
    code: 'LENGTH',
    message:
      n === 0 ? `${what} has 18 characters; this one is empty` : `${what} has 18 characters; this one has ${n}`,
  };
}

/** Names a character so that invisible and look-alike ones can be told apart. */
function describeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x20 || c === 0x3000) return 'a space';
  if (c === 0x09) return 'a tab';
  if (c < 0x20 || c === 0x7f) return `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c >= 0xff10 && c <= 0xff5a) {
    const half = String.fromCharCode(c - 0xfee0);
    return `the full-width "${ch}" (type it as "${half.toUpperCase()}")`;
  }
  return `"${ch}"`;
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** today as YYYYMMDD in China Standard Time, where the IDs are issued (the hub's one date module) */
function today(): number {
  const d = currentDay(DEFAULT_TIME_ZONE);
  return Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
}

// ---------- citizen ID, GB 11643-1999 ----------

function digitsAt(code: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (code.charCodeAt(i) - CH_0);
  return n;
}

/** Check character for the first 17 digits of a citizen ID. Throws on malformed input. */
export function citizenIdCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 digits, got ${first17.length} characters`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - CH_0;
    if (d < 0 || d > 9) throw new RangeError(`character ${i + 1} of "${first17}" is not a digit`);
    sum += d * CITIZEN_WEIGHTS[i]!;
  }
  return CITIZEN_CHECK_CHARS[sum % 11]!;
}

function checkBirthDate(code: string): IdProblem | null {
  const year = digitsAt(code, 6, 4);
  const month = digitsAt(code, 10, 2);
  const day = digitsAt(code, 12, 2);
  const raw = code.slice(6, 14);
  if (month < 1 || month > 12) {
    return { code: 'DATE', position: 11, message: `birth date ${raw}: there is no month ${month}` };
  }
  if (day < 1) return { code: 'DATE', position: 13, message: `birth date ${raw}: there is no day 0` };
  const dim = daysInMonth(year, month);
  if (day > dim) {
    return {
      code: 'DATE',
      position: 13,
      message: `birth date ${raw}: ${MONTH_NAMES[month - 1]}${month === 2 ? ` ${year}` : ''} has only ${dim} days`,
    };
  }
  if (year < 1800) return { code: 'DATE', position: 7, message: `birth date ${raw}: year ${year} is too early` };
  if (year * 10000 + month * 100 + day > today()) {
    return { code: 'DATE', position: 7, message: `birth date ${raw} is in the future` };
  }
  return null;
}

/**
 * Problem with a citizen ID, or null when it is valid. Order: length, characters, birth
 * date, check digit. A wrong date is reported before the check digit because a mistyped
 * date digit also breaks the check, and the date names the actual mistake.
 */
export function validateCitizenId(input: string): IdProblem | null {
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) return lengthProblem('a citizen ID', code);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = code.charCodeAt(i) - CH_0;
    if (d < 0 || d > 9) {
      return {
        code: 'CHARSET',
        position: i + 1,
        message: `character ${i + 1} is ${describeChar(code[i]!)}: the first 17 characters of a citizen ID are digits`,
      };
    }
    sum += d * CITIZEN_WEIGHTS[i]!;
  }
  const last = code.charCodeAt(17);
  if (!((last >= CH_0 && last <= CH_9) || last === CH_X)) {
    return {
      code: 'CHARSET',
      position: 18,
      message: `the last character of a citizen ID is a digit or X, not ${describeChar(code[17]!)}`,
    };
  }
  const dateProblem = checkBirthDate(code);
  if (dateProblem) return dateProblem;
  const expected = CITIZEN_CHECK_CHARS[sum % 11]!;
  if (expected.charCodeAt(0) !== last) {
    return { code: 'CHECK', position: 18, expected, message: `check digit should be ${expected}` };
  }
  return null;
}

// ---------- unified social credit code, GB 32100-2015 ----------

function gb11714Value(c: number): number {
  return c <= CH_9 ? c - CH_0 : c - 55; // A=10 ... Z=35
}

/** GB 11714 check character (position 9 of an organisation code) for its first 8 characters. */
export function orgCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new RangeError(`expected 8 characters, got ${first8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    if (!((c >= CH_0 && c <= CH_9) || (c >= 65 && c <= 90))) {
      throw new RangeError(`character ${i + 1} of "${first8}" is not a digit or capital letter`);
    }
    sum += gb11714Value(c) * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** Check character (position 18) of a unified social credit code for its first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    const v = c < 128 ? USCC_VALUE[c]! : -1;
    if (v < 0) throw new RangeError(`character ${i + 1} of "${first17}" is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

function usccCharsetProblem(code: string, i: number): IdProblem {
  const ch = code[i]!;
  if ('IOSVZ'.includes(ch)) {
    return {
      code: 'CHARSET',
      position: i + 1,
      message: `letter ${ch} (character ${i + 1}) is not allowed in a unified social credit code (I, O, S, V and Z never appear)`,
    };
  }
  return {
    code: 'CHARSET',
    position: i + 1,
    message: `character ${i + 1} is ${describeChar(ch)}: a unified social credit code has only digits and capital letters other than I, O, S, V and Z`,
  };
}

/**
 * Problem with a unified social credit code, or null when it is valid. The organisation
 * code's own check is tested before the overall check: when both fail, the mistake lies in
 * positions 9–17, and saying so narrows the search.
 */
export function validateCreditCode(input: string): IdProblem | null {
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) return lengthProblem('a unified social credit code', code);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? USCC_VALUE[c]! : -1;
    if (v < 0) return usccCharsetProblem(code, i);
    sum += v * USCC_WEIGHTS[i]!;
  }
  const last = code.charCodeAt(17);
  if (!(last < 128 && USCC_VALUE[last]! >= 0)) return usccCharsetProblem(code, 17);

  if (!USCC_AUTHORITIES.includes(code[0]!)) {
    return {
      code: 'AUTHORITY',
      position: 1,
      message: `character 1 is the registration authority and cannot be ${code[0]} (1–9, A, N or Y; the market regulator is 9)`,
    };
  }
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < CH_0 || c > CH_9) {
      return {
        code: 'DIVISION',
        position: i + 1,
        message: `characters 3–8 are the administrative division code and must be digits; character ${i + 1} is ${code[i]}`,
      };
    }
  }

  let orgSum = 0;
  for (let i = 0; i < 8; i++) orgSum += gb11714Value(code.charCodeAt(8 + i)) * ORG_WEIGHTS[i]!;
  const orgR = 11 - (orgSum % 11);
  const orgExpected = orgR === 10 ? 'X' : orgR === 11 ? '0' : String(orgR);
  if (code.charCodeAt(16) !== orgExpected.charCodeAt(0)) {
    return {
      code: 'ORG_CHECK',
      position: 17,
      expected: orgExpected,
      message: `the organisation code ${code.slice(8, 17)} (characters 9–17) fails its own check: character 17 should be ${orgExpected} if characters 9–16 are right`,
    };
  }

  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
  if (expected.charCodeAt(0) !== last) {
    return { code: 'CHECK', position: 18, expected, message: `check character should be ${expected}` };
  }
  return null;
}

// ---------- either kind ----------

/** Of an 18-character code (classifyCode checks the length first). */
function hasCitizenShape(code: string): boolean {
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return false;
  }
  const last = code.charCodeAt(17);
  return (last >= CH_0 && last <= CH_9) || last === CH_X;
}

/**
 * Which kind of subject a code names, decided by the algorithm it passes. A citizen-shaped
 * code (17 digits and a digit or X) is tried as a citizen ID first; an all-digit code that
 * fails both is reported as a citizen ID unless its date part is no date and it starts
 * like a market-regulator code, since then it is far more likely a mistyped USCC.
 */
export function classifyCode(input: string): SubjectKind | IdProblem {
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) {
    return lengthProblem('a citizen ID or unified social credit code', code);
  }
  if (hasCitizenShape(code)) {
    const citizen = validateCitizenId(code);
    if (citizen === null) return 'PERSON';
    if (validateCreditCode(code) === null) return 'ORGANISATION';
    if (citizen.code === 'DATE' && code.charCodeAt(0) === 57) return validateCreditCode(code)!;
    return citizen;
  }
  return validateCreditCode(code) ?? 'ORGANISATION';
}

export function isProblem(x: SubjectKind | IdProblem): x is IdProblem {
  return typeof x !== 'string';
}

// ---------- assertions for resolvers ----------

function quote(input: string): string {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return JSON.stringify(shown);
}

function badInput(label: string, input: string, problem: IdProblem, field?: string): GraphQLError {
  return new GraphQLError(`Invalid ${label} ${quote(input)}: ${problem.message}.`, {
    extensions: { code: 'BAD_USER_INPUT', ...(field === undefined ? {} : { field }), problem: problem.code },
  });
}

/** The normalised citizen ID, or a BAD_USER_INPUT error naming the problem. */
export function assertCitizenId(input: string, field?: string): string {
  const problem = validateCitizenId(input);
  if (problem) throw badInput('citizen ID', input, problem, field);
  return normaliseCode(input);
}

/** The normalised unified social credit code, or a BAD_USER_INPUT error naming the problem. */
export function assertCreditCode(input: string, field?: string): string {
  const problem = validateCreditCode(input);
  if (problem) throw badInput('unified social credit code', input, problem, field);
  return normaliseCode(input);
}

/** The normalised code of a person or organisation and its kind, or a BAD_USER_INPUT error. */
export function assertSubjectCode(input: string, field?: string): { code: string; kind: SubjectKind } {
  const result = classifyCode(input);
  if (isProblem(result)) throw badInput('credit code', input, result, field);
  return { code: normaliseCode(input), kind: result };
}

// ---------- display ----------

/** `320106197805123519` -> `320106********3519`: first 6 and last 4 kept. */
export function maskCitizenId(code: string): string {
  if (code.length <= 10) return '*'.repeat(code.length);
  return code.slice(0, 6) + '*'.repeat(code.length - 10) + code.slice(-4);
}

// ---------- generators (seed data, tests) ----------

/** A valid citizen ID. `sequence` is 0..999; its parity is the gender (odd = male). */
export function makeCitizenId(areaCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(areaCode)) throw new RangeError(`area code must be 6 digits: ${areaCode}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError(`birth date must be YYYY-MM-DD: ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer 0..999: ${sequence}`);
  }
  const first17 = areaCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first17 + citizenIdCheckChar(first17);
}

/** A valid unified social credit code with a valid embedded organisation code. */
export function makeCreditCode(
  division6: string,
  orgCodeFirst8: string,
  authority = '9',
  entityType = '1',
): string {
  if (!/^\d{6}$/.test(division6)) throw new RangeError(`division must be 6 digits: ${division6}`);
  const org = orgCodeFirst8 + orgCodeCheckChar(orgCodeFirst8);
  const first17 = authority + entityType + division6 + org;
  return first17 + creditCodeCheckChar(first17);
}
