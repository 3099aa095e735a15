import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { describe, it, expect } from 'vitest';
import {
  assertCitizenId,
  assertCreditCode,
  assertSubjectCode,
  citizenIdCheckChar,
  classifyCode,
  creditCodeCheckChar,
  makeCitizenId,
  makeCreditCode,
  maskCitizenId,
  normaliseCode,
  orgCodeCheckChar,
  validateCitizenId,
  validateCreditCode,
  USCC_ALPHABET,
} from '../../subgraphs/shared/platform/ids.ts';

interface ShowcaseCodes {
  persons: { creditCode: string }[];
  enterprises: { creditCode: string }[];
  invalidIdentifiers: Record<
    'citizenIdBadCheckDigit' | 'citizenIdBadDate' | 'usccBadCheckChar' | 'usccForbiddenLetter' | 'tooShort',
    string
  >;
}
const showcase = JSON.parse(
  readFileSync(new URL('../fixtures/showcase.json', import.meta.url), 'utf8'),
) as ShowcaseCodes;
const bad = showcase.invalidIdentifiers;

// Reference implementations written from the standards' text, independently of ids.ts:
// the citizen check as (12 - sum mod 11) mod 11 with 10 -> X, the USCC check with a
// character-by-character alphabet scan.
function refCitizenCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}
function refUsccCheck(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17[i]!) * w[i]!;
  const v = 31 - (sum % 31);
  return alphabet[v === 31 ? 0 : v]!;
}
function refOrgCheck(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * w[i]!;
  const v = 11 - (sum % 11);
  return v === 10 ? 'X' : v === 11 ? '0' : String(v);
}

/** small deterministic PRNG so property tests are reproducible */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('citizen ID (GB 11643-1999)', () => {
  it('accepts the example from the standard, with an X check character', () => {
    expect(validateCitizenId('11010519491231002X')).toBeNull();
    expect(refCitizenCheck('11010519491231002')).toBe('X');
  });

  it('accepts every showcase person', () => {
    expect(showcase.persons.length).toBeGreaterThan(0);
    for (const p of showcase.persons) {
      expect(validateCitizenId(p.creditCode), p.creditCode).toBeNull();
      expect(refCitizenCheck(p.creditCode.slice(0, 17))).toBe(p.creditCode[17]);
    }
  });

  it('rejects a wrong check digit and names the right one', () => {
    const expected = refCitizenCheck(bad.citizenIdBadCheckDigit.slice(0, 17));
    expect(expected).toBe('9');
    const problem = validateCitizenId(bad.citizenIdBadCheckDigit);
    expect(problem).toMatchObject({ code: 'CHECK', position: 18, expected: '9' });
    expect(problem?.message).toBe('check digit should be 9');
  });

  it('rejects a birth date with month 13, before looking at the check digit', () => {
    const problem = validateCitizenId(bad.citizenIdBadDate);
    expect(problem?.code).toBe('DATE');
    expect(problem?.message).toBe('birth date 19781332: there is no month 13');
  });

  it('rejects impossible days, leap years included', () => {
    expect(validateCitizenId(makeUnchecked('320106', '19780230', '351'))?.message).toBe(
      'birth date 19780230: February 1978 has only 28 days',
    );
    expect(validateCitizenId(makeUnchecked('320106', '19800431', '351'))?.message).toBe(
      'birth date 19800431: April has only 30 days',
    );
    expect(validateCitizenId(makeUnchecked('320106', '19000229', '351'))?.code).toBe('DATE');
    expect(validateCitizenId(makeUnchecked('320106', '20000229', '351'))).toBeNull();
    expect(validateCitizenId(makeUnchecked('320106', '19800100', '351'))?.message).toMatch(/no day 0/);
    expect(validateCitizenId(makeUnchecked('320106', '29990101', '351'))?.message).toMatch(/in the future/);
  });

  it('reports the length', () => {
    expect(bad.tooShort).toHaveLength(17);
    const problem = validateCitizenId(bad.tooShort);
    expect(problem?.code).toBe('LENGTH');
    expect(problem?.message).toBe('a citizen ID has 18 characters; this one has 17');
    expect(validateCitizenId('')?.message).toMatch(/this one is empty/);
  });

  it('reports characters that are not digits, by position and in words', () => {
    expect(validateCitizenId('3201061978051235Y9')).toMatchObject({ code: 'CHARSET', position: 17 });
    expect(validateCitizenId('32010619780512351Y')?.message).toMatch(/last character .* digit or X/);
    expect(validateCitizenId('320106 97805123519')?.message).toMatch(/character 7 is a space/);
    expect(validateCitizenId('３20106197805123519')?.message).toMatch(/full-width "３" \(type it as "3"\)/);
  });

  it('accepts lower-case x and surrounding spaces', () => {
    expect(validateCitizenId(' 11010519491231002x ')).toBeNull();
    expect(normaliseCode(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('computes check characters like the reference', () => {
    expect(citizenIdCheckChar('32010619780512351')).toBe('9');
    expect(() => citizenIdCheckChar('3201061978051235')).toThrow(RangeError);
  });

  it('property: 2,000 generated IDs are valid; any single-character change is detected', () => {
    const rnd = lcg(11643);
    const failures: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const year = 1900 + Math.floor(rnd() * 120);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const area = String(110000 + Math.floor(rnd() * 550000));
      const code = makeCitizenId(area, birth, Math.floor(rnd() * 1000));
      if (validateCitizenId(code) !== null || code[17] !== refCitizenCheck(code.slice(0, 17))) failures.push(`valid ${code}`);

      const wrongCheck = '0123456789X'.replace(code[17]!, '')[Math.floor(rnd() * 10)]!;
      const checkProblem = validateCitizenId(code.slice(0, 17) + wrongCheck);
      if (checkProblem?.code !== 'CHECK' || checkProblem.expected !== code[17]) failures.push(`check ${code} -> ${wrongCheck}`);

      const pos = Math.floor(rnd() * 17);
      const digit = (Number(code[pos]) + 1 + Math.floor(rnd() * 9)) % 10;
      const changed = code.slice(0, pos) + digit + code.slice(pos + 1);
      if (validateCitizenId(changed) === null) failures.push(`undetected ${code} -> ${changed}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('a citizen ID carries a real birth date', () => {
  const born = (yyyymmdd: string) => validateCitizenId(makeUnchecked('320106', yyyymmdd, '351'));

  it('refuses birth month 00', () => {
    expect(born('19780015')).toMatchObject({ code: 'DATE', position: 11, message: 'birth date 19780015: there is no month 0' });
  });

  it('accepts months 01 and 12, and refuses month 13', () => {
    expect(born('19780115')).toBeNull();
    expect(born('19781215')).toBeNull();
    expect(born('19781315')).toMatchObject({ code: 'DATE', position: 11 });
  });

  it('refuses 31 June, 31 September and 31 November, naming the month, and accepts the 30th', () => {
    for (const [mmdd, month] of [['0631', 'June'], ['0931', 'September'], ['1131', 'November']] as const) {
      expect(born(`1985${mmdd}`)).toMatchObject({ code: 'DATE', position: 13, message: `birth date 1985${mmdd}: ${month} has only 30 days` });
      expect(born(`1985${mmdd.slice(0, 2)}30`)).toBeNull();
    }
  });

  it("accepts the last day of every month and refuses the day after, naming the month", () => {
    const last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    last.forEach((days, i) => {
      const mm = String(i + 1).padStart(2, '0');
      expect(born(`2023${mm}${days}`), `2023-${mm}-${days}`).toBeNull();
      const month = i === 1 ? 'February 2023' : names[i];
      expect(born(`2023${mm}${days + 1}`)?.message, `2023-${mm}-${days + 1}`).toBe(`birth date 2023${mm}${days + 1}: ${month} has only ${days} days`);
    });
  });

  it('accepts 29 February only in leap years: 2000 and 2024 yes, 1900 and 2023 no', () => {
    expect(born('20000229')).toBeNull();
    expect(born('20240229')).toBeNull();
    expect(born('19000229')).toMatchObject({ code: 'DATE', message: 'birth date 19000229: February 1900 has only 28 days' });
    expect(born('20230229')).toMatchObject({ code: 'DATE', message: 'birth date 20230229: February 2023 has only 28 days' });
    expect(born('20000230')?.message).toBe('birth date 20000230: February 2000 has only 29 days');
  });

  it('refuses day 00 and years before 1800', () => {
    expect(born('19800100')).toMatchObject({ code: 'DATE', position: 13, message: 'birth date 19800100: there is no day 0' });
    expect(born('17991231')).toMatchObject({ code: 'DATE', position: 7, message: 'birth date 17991231: year 1799 is too early' });
    expect(born('18000101')).toBeNull();
  });
});

describe('full-width characters are refused, and named', () => {
  it('in a unified social credit code', () => {
    const code = '91320106ＭA1W2K3L48';
    expect(validateCreditCode(code)).toMatchObject({
      code: 'CHARSET',
      position: 9,
      message: 'character 9 is the full-width "Ｍ" (type it as "M"): a unified social credit code has only digits and capital letters other than I, O, S, V and Z',
    });
    expect(validateCreditCode('９1320106MA1W2K3L48')?.message).toMatch(/^character 1 is the full-width "９" \(type it as "9"\)/);
    expect(validateCreditCode('91320106MA1W2K3L4８')).toMatchObject({ code: 'CHARSET', position: 18 });
    expect(validateCreditCode('91320106MA1W2K3L4８')?.message).toMatch(/full-width "８" \(type it as "8"\)/);
    expect(classifyCode(code)).toMatchObject({ code: 'CHARSET', position: 9 });
  });

  it('in a citizen ID, the check character included', () => {
    expect(validateCitizenId('1101051949123１002X')).toMatchObject({ code: 'CHARSET', position: 14, message: 'character 14 is the full-width "１" (type it as "1"): the first 17 characters of a citizen ID are digits' });
    expect(validateCitizenId('11010519491231002Ｘ')).toMatchObject({ code: 'CHARSET', position: 18, message: 'the last character of a citizen ID is a digit or X, not the full-width "Ｘ" (type it as "X")' });
    expect(validateCitizenId('11010519491231002ｘ')?.message).toBe('the last character of a citizen ID is a digit or X, not the full-width "ｘ" (type it as "X")');
  });

  it('a full-width space is called a space', () => {
    expect(validateCitizenId('320106\u300097805123519')?.message).toBe('character 7 is a space: the first 17 characters of a citizen ID are digits');
  });
});

describe('a lower-case x is the check character X', () => {
  it('is accepted where X is the check character, and normalised to X', () => {
    expect(validateCitizenId('11010519491231002x')).toBeNull();
    expect(assertCitizenId('11010519491231002x')).toBe('11010519491231002X');
    expect(assertSubjectCode('11010519491231002x')).toEqual({ code: '11010519491231002X', kind: 'PERSON' });
  });

  it('is refused where the check character is a digit, naming the digit', () => {
    expect(validateCitizenId('32010619780512351x')).toMatchObject({ code: 'CHECK', expected: '9', message: 'check digit should be 9' });
  });
});

describe('characters next to the allowed ones are refused', () => {
  it("a slash and a colon, the neighbours of 0 and 9, are not digits in a citizen ID", () => {
    expect(validateCitizenId('320106197805/23519')).toMatchObject({ code: 'CHARSET', position: 13, message: 'character 13 is "/": the first 17 characters of a citizen ID are digits' });
    expect(validateCitizenId('320106197805:23519')).toMatchObject({ code: 'CHARSET', position: 13 });
    expect(validateCitizenId('32010619780512351/')).toMatchObject({ code: 'CHARSET', position: 18 });
    expect(validateCitizenId('32010619780512351:')).toMatchObject({ code: 'CHARSET', position: 18 });
  });

  it('a check digit of 0 or 9 is accepted', () => {
    expect(validateCitizenId('320106197805120000')).toBeNull();
    expect(validateCitizenId('320106197805123519')).toBeNull();
  });

  it('a credit code whose check character is 0 is accepted', () => {
    expect(validateCreditCode('913201061000000080')).toBeNull();
  });

  it('names tabs, control characters and full-width characters at both ends of the full-width range', () => {
    expect(validateCitizenId('320106\t97805123519')?.message).toBe('character 7 is a tab: the first 17 characters of a citizen ID are digits');
    expect(validateCitizenId('320106\u000197805123519')?.message).toBe('character 7 is the control character U+0001: the first 17 characters of a citizen ID are digits');
    expect(validateCitizenId('320106\u007f97805123519')?.message).toBe('character 7 is the control character U+007F: the first 17 characters of a citizen ID are digits');
    expect(validateCitizenId('320106０97805123519')?.message).toMatch(/^character 7 is the full-width "０" \(type it as "0"\):/);
    expect(validateCitizenId('32010619780512351ｚ')?.message).toBe('the last character of a citizen ID is a digit or X, not the full-width "ｚ" (type it as "Z")');
    // just outside the full-width letters and digits: named as they are
    expect(validateCitizenId('320106／97805123519')?.message).toMatch(/^character 7 is "／":/);
    expect(validateCitizenId('32010619780512351｛')?.message).toMatch(/not "｛"$/);
  });
});

describe('a unified social credit code in detail', () => {
  it('reads lower-case letters as capitals: a and y are accepted, z is refused as the letter Z', () => {
    expect(validateCreditCode('91320106Ma1W2K3L48')).toBeNull();
    expect(validateCreditCode('y1320106MA1W2K3L4J')).toBeNull();
    expect(validateCreditCode('91320106MA1W2K3Lz8')?.message).toMatch(/^letter Z \(character 17\) is not allowed/);
  });

  it('refuses a letter it never uses, and the first character past ASCII, in the check position too', () => {
    expect(validateCreditCode('91320106MA1W2K3L4O')).toMatchObject({ code: 'CHARSET', position: 18, message: expect.stringMatching(/^letter O \(character 18\)/) });
    expect(validateCreditCode('91320\u008006MA1W2K3L48')).toMatchObject({ code: 'CHARSET', position: 6 });
    expect(validateCreditCode('91320106MA1W2K3L4\u0080')).toMatchObject({ code: 'CHARSET', position: 18 });
  });

  it('accepts the registration authorities A, N and Y beside 1–9', () => {
    for (const code of ['A1320106MA1W2K3L47', 'N1320106MA1W2K3L4T', 'Y1320106MA1W2K3L4J']) expect(validateCreditCode(code), code).toBeNull();
  });

  it('accepts letters in the organisation code (characters 9–17), each valued A=10 … Z=35', () => {
    expect(validateCreditCode('91320191MA1C6D7E7F')).toBeNull();
    expect(validateCreditCode('91320191MA1C6D7E8F')).toMatchObject({ code: 'ORG_CHECK', position: 17, expected: '7' });
  });

  it('refuses a first character that is no registration authority, before its check character', () => {
    expect(validateCreditCode('01320191MA1C6D7E7F')).toMatchObject({ code: 'AUTHORITY', position: 1 });
  });

  it('checks the division digits from character 3 to character 8', () => {
    for (const [first17, position] of [['91A20106MA1W2K3L4', 3], ['9132010AMA1W2K3L4', 8]] as const) {
      expect(validateCreditCode(first17 + refUsccCheck(first17))).toMatchObject({ code: 'DIVISION', position });
    }
  });
});

describe('which kind of subject a code names', () => {
  it('an all-digit credit code is an organisation', () => {
    expect(classifyCode('913201061000000080')).toBe('ORGANISATION');
    expect(assertSubjectCode('913201061000000080')).toEqual({ code: '913201061000000080', kind: 'ORGANISATION' });
  });

  it('an all-digit code that is neither, starts with 9 and has no real date is reported as a credit code', () => {
    expect(classifyCode('913201061234567890')).toMatchObject({ code: 'ORG_CHECK' });
  });

  it('an all-digit code that is neither and starts with another digit is reported as a citizen ID', () => {
    expect(classifyCode('113201061234567890')).toMatchObject({ code: 'DATE', message: 'birth date 06123456: there is no month 34' });
  });

  it('17 digits and a letter other than X cannot be a citizen ID: its problem is told as a credit code\'s', () => {
    expect(classifyCode('91320106100000008A')).toMatchObject({ code: 'CHECK', position: 18, expected: '0' });
  });

  it('17 digits and a character below 0 (a slash) is not citizen-shaped either: told as a credit code\'s problem', () => {
    expect(classifyCode('91320106100000008/')).toMatchObject({ code: 'CHARSET', position: 18, message: expect.stringMatching(/unified social credit code/) });
  });

  it('a code with letters among its first 17 characters is never taken for a citizen ID: a wrong check character is a credit code\'s', () => {
    expect(classifyCode('91320191MA1C6D7E70')).toMatchObject({ code: 'CHECK', position: 18, expected: 'F' });
    expect(classifyCode('91320191MA1C6D7E7F')).toBe('ORGANISATION');
  });

  it('a credit code of 17 digits and a wrong letter is told its check character, not a citizen ID\'s problem', () => {
    expect(classifyCode('91320100100000024A')).toMatchObject({ code: 'CHECK', position: 18, expected: 'Y' });
  });

  it('a code of the wrong length is not taken for either kind', () => {
    expect(classifyCode('12345')).toMatchObject({ code: 'LENGTH', message: 'a citizen ID or unified social credit code has 18 characters; this one has 5' });
  });

  it('an all-digit code starting with 9 with a real date but a wrong check digit is reported as a citizen ID', () => {
    expect(classifyCode('920106197805123519')).toMatchObject({ code: 'CHECK' });
  });
});

describe('messages and masks', () => {
  it('quotes an input of up to 40 characters whole, and cuts a longer one at 40 with an ellipsis', () => {
    const forty = '1'.repeat(40);
    const messageOf = (input: string) => {
      try {
        assertCitizenId(input);
      } catch (e) {
        return (e as GraphQLError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(messageOf(forty)).toBe(`Invalid citizen ID "${forty}": a citizen ID has 18 characters; this one has 40.`);
    expect(messageOf(`${forty}2`)).toBe(`Invalid citizen ID "${forty}…": a citizen ID has 18 characters; this one has 41.`);
  });

  it('masks a code of 10 characters or fewer entirely, and keeps 6 and 4 of a longer one', () => {
    expect(maskCitizenId('1234567890')).toBe('**********');
    expect(maskCitizenId('12345678901')).toBe('123456*8901');
  });
});

describe('generators refuse what they cannot make', () => {
  it('makeCitizenId takes a 6-digit area, a YYYY-MM-DD date and a sequence from 0 to 999', () => {
    expect(makeCitizenId('320106', '1978-05-12', 0)).toBe('320106197805120000');
    expect(makeCitizenId('320106', '1978-05-12', 999)).toMatch(/^32010619780512999[\dX]$/);
    // each refused for its own reason, not by the check-digit helper further down
    const refusals: [() => string, RegExp][] = [
      [() => makeCitizenId('32010', '1978-05-12', 1), /^area code must be 6 digits/],
      [() => makeCitizenId('x320106', '1978-05-12', 1), /^area code must be 6 digits/],
      [() => makeCitizenId('3201067', '1978-05-12', 1), /^area code must be 6 digits/],
      [() => makeCitizenId('320106', '19780512', 1), /^birth date must be YYYY-MM-DD/],
      [() => makeCitizenId('320106', 'x1978-05-12', 1), /^birth date must be YYYY-MM-DD/],
      [() => makeCitizenId('320106', '1978-05-123', 1), /^birth date must be YYYY-MM-DD/],
      [() => makeCitizenId('320106', '1978-05-12', -1), /^sequence must be an integer 0\.\.999/],
      [() => makeCitizenId('320106', '1978-05-12', 1000), /^sequence must be an integer 0\.\.999/],
      [() => makeCitizenId('320106', '1978-05-12', 1.5), /^sequence must be an integer 0\.\.999/],
    ];
    for (const [make, why] of refusals) expect(make).toThrow(why);
  });

  it('makeCreditCode takes a 6-digit division', () => {
    for (const division of ['3201', 'x320106', '3201067']) expect(() => makeCreditCode(division, 'MA1W2K3L'), division).toThrow(/^division must be 6 digits/);
  });

  it('the check-character helpers refuse characters outside their alphabets', () => {
    expect(() => citizenIdCheckChar('3201061978051235/')).toThrow(RangeError);
    expect(() => citizenIdCheckChar('3201061978051235:')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('MA1W2K3')).toThrow(/^expected 8 characters/);
    expect(() => orgCodeCheckChar('MA1W2K3@')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('MA1W2K3[')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('MA1W2K3/')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('MA1W2K3:')).toThrow(RangeError);
    expect(orgCodeCheckChar('MA1W2K3Z')).toBe(refOrgCheck('MA1W2K3Z'));
    expect(() => creditCodeCheckChar('91320106MA1W2K3L')).toThrow(/^expected 17 characters/);
    expect(() => citizenIdCheckChar('3201061978051235')).toThrow(/^expected 17 digits/);
    // U+0080, the first character past ASCII
    expect(() => creditCodeCheckChar('91320106MA1W2K3L\u0080')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91320106MA1W2K3LＡ')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91320106MA1W2K3LO')).toThrow(RangeError);
  });
});

function makeUnchecked(area: string, yyyymmdd: string, seq: string): string {
  const first17 = area + yyyymmdd + seq;
  return first17 + refCitizenCheck(first17);
}

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the example from domain.md and every showcase enterprise', () => {
    const codes = ['91350100M000100Y43', ...showcase.enterprises.map((e) => e.creditCode)];
    expect(codes.length).toBeGreaterThan(1);
    for (const code of codes) {
      expect(validateCreditCode(code), code).toBeNull();
      expect(refUsccCheck(code.slice(0, 17))).toBe(code[17]);
      expect(refOrgCheck(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('rejects a wrong check character and names the right one', () => {
    const expected = refUsccCheck(bad.usccBadCheckChar.slice(0, 17));
    expect(expected).toBe('8');
    const problem = validateCreditCode(bad.usccBadCheckChar);
    expect(problem).toMatchObject({ code: 'CHECK', expected: '8' });
    expect(problem?.message).toBe('check character should be 8');
  });

  it('rejects the letter O and says why', () => {
    const problem = validateCreditCode(bad.usccForbiddenLetter);
    expect(problem).toMatchObject({ code: 'CHARSET', position: 17 });
    expect(problem?.message).toMatch(/^letter O .*is not allowed in a unified social credit code \(I, O, S, V and Z never appear\)$/);
    expect(validateCreditCode('91320106ma1w2k3lo8')?.message).toMatch(/^letter O /);
  });

  it('reports the length', () => {
    expect(validateCreditCode(bad.tooShort)).toMatchObject({ code: 'LENGTH' });
    expect(validateCreditCode(bad.tooShort)?.message).toBe('a unified social credit code has 18 characters; this one has 17');
  });

  it('checks the embedded organisation code (position 17)', () => {
    const good = '91320106MA1W2K3L48';
    const first16 = good.slice(0, 16);
    const wrongOrg = first16 + '5';
    const body = wrongOrg + refUsccCheck(wrongOrg);
    const problem = validateCreditCode(body);
    expect(problem).toMatchObject({ code: 'ORG_CHECK', position: 17, expected: '4' });
    expect(problem?.message).toMatch(/character 17 should be 4/);
  });

  it('checks the authority and the division digits', () => {
    const withAuthority0 = '01320106MA1W2K3L4';
    expect(validateCreditCode(withAuthority0 + refUsccCheck(withAuthority0))?.code).toBe('AUTHORITY');
    const withLetterDivision = '9132A106MA1W2K3L4';
    expect(validateCreditCode(withLetterDivision + refUsccCheck(withLetterDivision))).toMatchObject({
      code: 'DIVISION',
      position: 5,
    });
  });

  it('accepts lower case', () => {
    expect(validateCreditCode(' 91320106ma1w2k3l48')).toBeNull();
  });

  it('computes check characters like the reference', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('MA1W2K3L')).toBe(refOrgCheck('MA1W2K3L'));
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(makeCreditCode('350100', 'M000100Y')).toBe('91350100M000100Y43');
  });

  it('property: 2,000 generated codes are valid; any single-character change is detected', () => {
    const rnd = lcg(32100);
    const pickChar = () => USCC_ALPHABET[Math.floor(rnd() * 31)]!;
    const failures: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const division = String(320000 + Math.floor(rnd() * 10000));
      let org = 'MA';
      for (let k = 0; k < 6; k++) org += pickChar();
      const code = makeCreditCode(division, org);
      if (validateCreditCode(code) !== null) failures.push(`valid ${code}`);
      if (code[17] !== refUsccCheck(code.slice(0, 17)) || code[16] !== refOrgCheck(org)) failures.push(`reference ${code}`);

      const wrongCheck = USCC_ALPHABET.replace(code[17]!, '')[Math.floor(rnd() * 30)]!;
      const checkProblem = validateCreditCode(code.slice(0, 17) + wrongCheck);
      if (checkProblem?.code !== 'CHECK' || checkProblem.expected !== code[17]) failures.push(`check ${code} -> ${wrongCheck}`);

      const pos = Math.floor(rnd() * 17);
      const replacement = USCC_ALPHABET.replace(code[pos]!, '')[Math.floor(rnd() * 30)]!;
      const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
      if (validateCreditCode(changed) === null) failures.push(`undetected ${code} -> ${changed}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('classifyCode', () => {
  it('tells persons from organisations by the algorithm they pass', () => {
    expect(classifyCode('320106197805123519')).toBe('PERSON');
    expect(classifyCode('11010519491231002x')).toBe('PERSON');
    expect(classifyCode('91320106MA1W2K3L48')).toBe('ORGANISATION');
  });

  it('returns the problem of the likelier kind', () => {
    expect(classifyCode(bad.citizenIdBadCheckDigit)).toMatchObject({ code: 'CHECK', expected: '9' });
    expect(classifyCode(bad.usccBadCheckChar)).toMatchObject({ code: 'CHECK', expected: '8' });
    expect(classifyCode(bad.usccForbiddenLetter)).toMatchObject({ code: 'CHARSET' });
    expect(classifyCode(bad.tooShort)).toMatchObject({ code: 'LENGTH' });
  });
});

describe('assertions', () => {
  function caught(fn: () => unknown): GraphQLError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphQLError);
      return e as GraphQLError;
    }
    throw new Error('expected a GraphQLError');
  }

  it('throw BAD_USER_INPUT naming the problem', () => {
    const e = caught(() => assertCitizenId(bad.citizenIdBadCheckDigit, 'creditCode'));
    expect(e.message).toBe('Invalid citizen ID "320106197805123518": check digit should be 9.');
    expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'creditCode', problem: 'CHECK' });

    const u = caught(() => assertCreditCode(bad.usccForbiddenLetter));
    expect(u.message).toMatch(/^Invalid unified social credit code "91320106MA1W2K3LO8": letter O/);
    expect(u.extensions).toStrictEqual({ code: 'BAD_USER_INPUT', problem: 'CHARSET' });
    expect(u.extensions).not.toHaveProperty('field');

    const s = caught(() => assertSubjectCode(bad.citizenIdBadDate, 'codes[3]'));
    expect(s.extensions).toMatchObject({ field: 'codes[3]', problem: 'DATE' });
  });

  it('return the normalised code', () => {
    expect(assertCitizenId(' 11010519491231002x')).toBe('11010519491231002X');
    expect(assertCreditCode('91320106ma1w2k3l48')).toBe('91320106MA1W2K3L48');
    expect(assertSubjectCode('91320106MA1W2K3L48')).toEqual({ code: '91320106MA1W2K3L48', kind: 'ORGANISATION' });
  });

  it('do not echo huge inputs', () => {
    const e = caught(() => assertCitizenId('1'.repeat(100_000)));
    expect(e.message.length).toBeLessThan(200);
  });
});

describe('maskCitizenId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskCitizenId('320106197805123519')).toBe('320106********3519');
  });
});
