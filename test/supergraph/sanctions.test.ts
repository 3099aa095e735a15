/**
 * Lists and joint measures, and screening many subjects at once (domain.md section 7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { startTestHub, type TestHub } from '../support/hub.ts';

const 吴刚 = '320106197004051113';
const 李梅 = '320102198509231629';
const 速达 = '91320211MA1X4Y5T2H';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

const RESTRICTIONS = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { restrictions { measure basis since listing { ref list } organisation { creditCode name } } } }`;

describe('joint measures reach the people behind a listed organisation', () => {
  it("shows 吴刚 the measures of 无锡速达快递有限公司's courier black listing, naming the listing", async () => {
    const listing = showcase.sanctions.find((s) => s.subject === 速达)!;
    for (const asker of [吴刚, 'regulator-jiangsu-credit']) {
      const res = await t.query(asker, RESTRICTIONS, { c: 吴刚 });
      expect(res.errors).toBeUndefined();
      expect(res.data.person.restrictions).toEqual(
        listing.measures.map((measure) => ({
          measure,
          basis: 'LEGAL_REPRESENTATIVE',
          since: listing.listedAt,
          listing: { ref: listing.ref, list: 'COURIER_BLACKLIST' },
          organisation: { creditCode: 速达, name: '无锡速达快递有限公司' },
        })),
      );
    }
  });

  it("lists a person's own measures: 李梅's court listing bars high consumption, flights, high-speed rail and civil-service hiring", async () => {
    const res = await t.query(李梅, RESTRICTIONS, { c: 李梅 });
    expect(res.data.person.restrictions.map((r: any) => [r.measure, r.basis])).toEqual(
      showcase.sanctions[0]!.measures.map((m) => [m, 'OWN_LISTING']),
    );
  });

  it('leaves out measures whose listing the asker may not see, and names the closed classes whether or not such listings exist', async () => {
    const q = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { restrictions { measure } restrictionsWithheld } }`;
    // 吴刚 is restricted through his company's courier black listing, 王建国 by nothing: the public gets the same answer
    for (const c of [吴刚, '320106197805123519']) {
      const res = await t.query('developer-sandbox', q, { c });
      expect(res.errors).toBeUndefined();
      expect(res.data.person).toEqual({ restrictions: [], restrictionsWithheld: ['COURT_LIST', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'ECOMMERCE', 'COURIER'] });
    }
    // the regulator sees every class: nothing is left out
    const regulator = await t.query('regulator-jiangsu-credit', q, { c: 吴刚 });
    expect(regulator.data.person.restrictionsWithheld).toEqual([]);
    expect(regulator.data.person.restrictions.length).toBeGreaterThan(0);
  });

  it("shows an organisation's own measures to a platform", async () => {
    const res = await t.query('platform-yunji', /* GraphQL */ `{ enterprise(creditCode: "${速达}") { restrictions { measure basis } } }`);
    expect(res.data.enterprise.restrictions).toEqual([
      { measure: 'PLATFORM_ENTRY', basis: 'OWN_LISTING' },
      { measure: 'LEGAL_REPRESENTATIVE_ROLE', basis: 'OWN_LISTING' },
    ]);
  });

  it('does not count an expired listing: 赵磊 has no measure in force', async () => {
    const res = await t.query('regulator-jiangsu-credit', RESTRICTIONS, { c: '320115197511303019' });
    expect(res.data.person.restrictions).toEqual([]);
  });
});

const SCREEN = /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { name hits { list ref matchedName score matchKeys status entry { ref authority } } } }`;

describe('screening', () => {
  it('confirms an exact credit-code match and finds Chinese-aware name variants as potential hits', async () => {
    const res = await t.query('platform-yunji', SCREEN, {
      s: [
        { name: '无锡速达快递有限公司', creditCode: 速达 },
        { name: '無錫速達快遞有限公司' },
        { name: 'Li Mei' },
        { name: 'ＬＩ ＭＥＩ' },
        { name: '刘 洋' },
        { name: '王建国' },
      ],
    });
    expect(res.errors).toBeUndefined();
    const [code, traditional, romanised, fullWidth, spaced, clean] = res.data.screen;
    expect(code.hits[0]).toMatchObject({ list: 'COURIER_BLACKLIST', ref: '苏邮管黑〔2026〕2号', status: 'CONFIRMED', score: 1, matchKeys: expect.arrayContaining(['CREDIT_CODE']) });
    expect(traditional.hits[0]).toMatchObject({ ref: '苏邮管黑〔2026〕2号', matchedName: '无锡速达快递有限公司', status: 'POTENTIAL' });
    for (const r of [romanised, fullWidth]) expect(r.hits[0]).toMatchObject({ ref: '(2025)苏01执1234号', matchedName: '李梅', status: 'POTENTIAL' });
    expect(spaced.hits[0]).toMatchObject({ ref: '云集黑〔2026〕0042号', status: 'POTENTIAL' });
    expect(clean.hits).toEqual([]);
  });

  it('never confirms a natural person by name alone, even an exact one', async () => {
    const res = await t.query('regulator-jiangsu-credit', SCREEN, { s: [{ name: '李梅', birthDate: '1985-09-23' }] });
    expect(res.data.screen[0].hits[0]).toMatchObject({ matchedName: '李梅', score: 1, status: 'POTENTIAL', matchKeys: expect.arrayContaining(['BIRTH_DATE']) });
  });

  it("uses a person's birth date only for an asker that may see the person's full ID", async () => {
    // the bank holds no consent from 李梅: her birth date is not its to compare
    const res = await t.query('bank-jinling', SCREEN, { s: [{ name: '李梅', birthDate: '1985-09-23' }] });
    expect(res.data.screen[0].hits[0]).toMatchObject({ matchedName: '李梅', score: 1, status: 'POTENTIAL' });
    expect(res.data.screen[0].hits[0].matchKeys).not.toContain('BIRTH_DATE');
  });

  it('leaves out entries that are no longer shown (expired, repaired) and lists the asker may not learn of', async () => {
    const res = await t.query('regulator-jiangsu-credit', SCREEN, { s: [{ name: '赵磊' }, { name: '孙丽' }] });
    expect(res.data.screen.map((r: any) => r.hits.filter((h: any) => h.ref?.startsWith('苏税稽罚') || h.ref?.startsWith('宁市监罚')))).toEqual([[], []]);
    const bank = await t.query('bank-jinling', SCREEN, { s: [{ name: 'x', creditCode: 速达 }] });
    expect(bank.data.screen[0].hits).toEqual([]); // lenders see a courier company's grade and complaint rate, not its listing
  });

  it('screens 1,000 subjects in one call and refuses 1,001', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => ({ name: i % 2 ? '李梅' : `测试${i}` }));
    const ok = await t.query('bank-jinling', /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref } } }`, { s: names });
    expect(ok.data.screen).toHaveLength(1000);
    expect(ok.data.screen[1].hits[0].ref).toBe('(2025)苏01执1234号');
    const tooMany = await t.query('bank-jinling', /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { name } }`, { s: [...names, { name: '王' }] });
    expect(tooMany.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toMatch(/at most 1000/);
  });

  it('rejects an invalid credit code with BAD_USER_INPUT naming the problem', async () => {
    const res = await t.query('bank-jinling', SCREEN, { s: [{ name: '王', creditCode: showcase.invalidIdentifiers.usccForbiddenLetter }] });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/letter O/);
  });
});

describe('court-list removal', () => {
  const REMOVE = /* GraphQL */ `mutation($ref: ID!, $on: String!) { removeFromCourtList(ref: $ref, performedAt: $on) { ref status removedAt } }`;
  const ref = '(2025)苏01执1234号';

  it('is for a regulator only', async () => {
    const res = await t.query('bank-jinling', REMOVE, { ref, on: '2026-11-25' });
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(res.errors![0]!.message).toMatch(/removeFromCourtList is for/);
  });

  it('refuses what is not a court listing', async () => {
    const res = await t.query('regulator-jiangsu-credit', REMOVE, { ref: '苏邮管黑〔2026〕2号', on: '2026-11-25' });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/not a court list/);
  });

  it('keeps the record but stops publication: only 李梅 sees it afterwards, and her measures stop', async () => {
    const before = await t.query('developer-sandbox', /* GraphQL */ `{ person(creditCode: "${李梅}") { sanctions { courtListings { ref } } } }`);
    expect(before.data.person.sanctions.courtListings).toEqual([{ ref }]);
    const res = await t.query('regulator-jiangsu-credit', REMOVE, { ref, on: '2026-11-25' });
    expect(res.errors).toBeUndefined();
    expect(res.data.removeFromCourtList).toEqual({ ref, status: 'REMOVED', removedAt: '2026-11-27' });
    for (const asker of ['developer-sandbox', 'regulator-jiangsu-credit']) {
      const after = await t.query(asker, /* GraphQL */ `{ person(creditCode: "${李梅}") { sanctions { courtListed courtListings { ref } } } }`);
      expect(after.data.person.sanctions.courtListings).toEqual([]);
    }
    const own = await t.query(李梅, /* GraphQL */ `{ person(creditCode: "${李梅}") { sanctions { courtListed courtListings { ref status removedAt } } restrictions { measure } queryRecords(limit: 500) { action target client } } }`);
    expect(own.data.person.sanctions).toEqual({ courtListed: false, courtListings: [{ ref, status: 'REMOVED', removedAt: '2026-11-27' }] });
    expect(own.data.person.restrictions).toEqual([]);
    expect(own.data.person.queryRecords).toContainEqual({ action: 'removeFromCourtList', target: ref, client: 'regulator-jiangsu-credit' });
    const screened = await t.query('platform-yunji', SCREEN, { s: [{ name: '李梅' }] });
    expect(screened.data.screen[0].hits).toEqual([]);
    const again = await t.query('regulator-jiangsu-credit', REMOVE, { ref, on: '2026-11-25' });
    expect(again.errors![0]!.message).toMatch(/already removed/);
  });
});
