/**
 * Batch summaries (issue 14, item 5): one line per applicant — consent, defaults, listing,
 * restrictions in force and the classes withheld — each within the asker's view, for a batch in
 * a fixed number of store round trips whatever its size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const BANK = 'bank-jinling';
const EMPLOYER = 'employer-suzhou-hr';
const 李梅 = '320102198509231629';
const 王建国 = '320106197805123519';
const 张伟 = '320502198203174715';
const 吴刚 = '320106197004051113';
const 陈静 = '320203199507082021';

const SUMMARIES = /* GraphQL */ `
  query Summaries($c: [ID!]!) {
    persons(creditCodes: $c) {
      creditCode
      summary {
        consent
        defaults
        listed
        restrictionsInForce
        withheld
      }
    }
  }
`;

/** every class but REFERENCE: what a view that opens nothing withholds */
const ALL_CLOSED = ['IDENTITY', 'CONTACT', 'OCCUPATION', 'COURT_LIST', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'FINANCIAL_DEFAULT', 'ECOMMERCE', 'COURIER', 'CREDIT_SCORE', 'RECORDS'];

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

async function summaries(asker: string, codes: string[]) {
  const res = await t.query(asker, SUMMARIES, { c: codes });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.fromEntries((res.data.persons as any[]).map((p, i) => [codes[i], p?.summary]));
}

describe('an applicant summary', () => {
  it("gives a lender, for each applicant, its consent, the defaults, the listing and the measures, or withholds them without consent", async () => {
    const s = await summaries(BANK, [王建国, 张伟, 李梅]);
    expect(s[王建国]).toEqual({ consent: 'VALID', defaults: 'NONE', listed: false, restrictionsInForce: [], withheld: ['CONTACT', 'OCCUPATION', 'ECOMMERCE', 'COURIER', 'RECORDS'] });
    expect(s[张伟]).toEqual({ consent: 'VALID', defaults: 'OPEN', listed: false, restrictionsInForce: [], withheld: ['CONTACT', 'OCCUPATION', 'ECOMMERCE', 'COURIER', 'RECORDS'] });
    // no consent from 李梅: her listing is withheld, not "false"
    expect(s[李梅]).toEqual({ consent: 'NONE', defaults: null, listed: null, restrictionsInForce: [], withheld: ALL_CLOSED });
  });

  it('gives the regulator everything, the listing and the measures reaching a person through a company included', async () => {
    const s = await summaries(REGULATOR, [李梅, 吴刚]);
    expect(s[李梅]).toEqual({ consent: 'NOT_NEEDED', defaults: 'NONE', listed: true, restrictionsInForce: ['AIR_TRAVEL', 'CIVIL_SERVICE_HIRING', 'HIGH_CONSUMPTION', 'HIGH_SPEED_RAIL'], withheld: [] });
    expect(s[吴刚]).toEqual({ consent: 'NOT_NEEDED', defaults: 'NONE', listed: false, restrictionsInForce: ['LEGAL_REPRESENTATIVE_ROLE', 'PLATFORM_ENTRY'], withheld: [] });
  });

  it("names an expired consent, and an employer's view: listings yes, defaults never", async () => {
    const s = await summaries(EMPLOYER, [张伟, 陈静]);
    expect(s[张伟]).toMatchObject({ consent: 'EXPIRED', defaults: null, listed: null });
    expect(s[陈静]).toMatchObject({ consent: 'VALID', defaults: null, listed: false });
    expect(s[陈静].withheld).toContain('FINANCIAL_DEFAULT');
  });

  it("records what it showed in each applicant's file", async () => {
    const res = await t.query(BANK, SUMMARIES, { c: [张伟] });
    const own = await t.query(张伟, /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords(limit: 500) { requestId classes } } }`);
    const mine = own.data.person.queryRecords.filter((r: any) => r.requestId === res.extensions!.requestId);
    expect(mine).toHaveLength(1);
    expect(mine[0].classes).toEqual(expect.arrayContaining(['FINANCIAL_DEFAULT', 'COURT_LIST', 'TAX_VIOLATION']));
  });

  it('reads a batch of 200 in as many store round trips as a batch of 9', async () => {
    const trips = async (codes: string[]) => {
      for (const c of Object.values(t.counters)) c.reset();
      await summaries(REGULATOR, codes);
      return Object.fromEntries(Object.entries(t.counters).map(([name, c]) => [name, c.calls.filter((call) => call.op === 'find').length]));
    };
    const small = showcase.persons.map((p) => p.creditCode);
    const large = [...small, ...Array.from({ length: 191 }, (_, i) => personCodeAt(DEFAULT_SEED, i))];
    const [few, many] = [await trips(small), await trips(large)];
    expect(many).toEqual(few);
    expect(many.sanctions).toBeGreaterThan(0);
    // one batched read per collection and tick (entries, objections, repairs, roles, organisations' entries, …), never one per applicant
    expect(many.sanctions).toBeLessThan(20);
  });
});

describe('screening a person by code', () => {
  const SCREEN = /* GraphQL */ `
    query Screen($s: [ScreenInput!]!) {
      screen(subjects: $s) {
        hits { ref }
        measuresViaOrganisations { measure basis organisation { creditCode } listing { ref list } }
      }
    }
  `;
  const 吴刚_SUBJECT = [{ name: '吴刚', creditCode: 吴刚 }];

  it('returns the joint measures reaching 吴刚 through the courier company he represents, naming it and the listing', async () => {
    const res = await t.query(REGULATOR, SCREEN, { s: 吴刚_SUBJECT });
    expect(res.errors).toBeUndefined();
    const [r] = res.data.screen;
    expect(r.hits).toEqual([]);
    expect(r.measuresViaOrganisations).toHaveLength(2);
    for (const m of r.measuresViaOrganisations) {
      expect(m).toMatchObject({ basis: 'LEGAL_REPRESENTATIVE', organisation: { creditCode: '91320211MA1X4Y5T2H' }, listing: { ref: '苏邮管黑〔2026〕2号', list: 'COURIER_BLACKLIST' } });
    }
    expect(r.measuresViaOrganisations.map((m: any) => m.measure).sort()).toEqual(['LEGAL_REPRESENTATIVE_ROLE', 'PLATFORM_ENTRY']);
  });

  it('returns none to an asker who may not see his full ID, nor for a name alone', async () => {
    for (const asker of [BANK, EMPLOYER, 'developer-sandbox']) {
      const res = await t.query(asker, SCREEN, { s: 吴刚_SUBJECT });
      expect(res.data.screen[0].measuresViaOrganisations, asker).toEqual([]);
    }
    const byName = await t.query(REGULATOR, SCREEN, { s: [{ name: '吴刚' }] });
    expect(byName.data.screen[0].measuresViaOrganisations).toEqual([]);
  });
});
