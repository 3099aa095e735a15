/**
 * The side channels that were found open, each as the attack that used it (issue: "What is
 * withheld stays unknowable"). Each test plays the attacker with what the attacker holds — most of
 * them only the public developer token — and asserts that the attack learns nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, clockAt, fromDays, toDays, type Clock } from '../../subgraphs/shared/platform/clock.ts';
import { citizenIdCheckChar, maskCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { seedDocuments, DEFAULT_SCALE } from '../fixtures/seed/index.ts';
import { seededEmbeddedStore, startTestHub, type TestHub } from '../support/hub.ts';
import { plantTwins, type TwinSet } from '../support/twins.ts';

const 李梅 = '320102198509231629';
const 张伟 = '320502198203174715';
const DEV = 'developer-sandbox';
const BANK = 'bank-jinling';

/** Every valid citizen ID that masks to the same form as `code`: what an attacker would try. */
function sameMask(code: string, limit: number): string[] {
  const out: string[] = [];
  for (let d = toDays('1940-01-01'); d <= toDays('2010-12-31') && out.length < limit; d++) {
    const first17 = code.slice(0, 6) + fromDays(d).replaceAll('-', '') + code.slice(14, 17);
    if (citizenIdCheckChar(first17) === code[17]) out.push(first17 + code[17]);
  }
  return out;
}

/** Candidates that all mask like 李梅's ID, hers among them. */
const candidates = (n: number) => [...new Set([李梅, ...sameMask(李梅, n)])].slice(0, n);

let t: TestHub;
let twins: { consented: TwinSet; plain: TwinSet };
beforeAll(async () => {
  t = await startTestHub();
  twins = await plantTwins(t.store);
});
afterAll(() => t?.stop());

describe('the masked ID on a public court listing does not lead to the full ID', () => {
  it('through persons: every candidate gets the same answer, hers included', async () => {
    const codes = candidates(999);
    expect(codes.length).toBe(999);
    expect(codes.every((c) => maskCitizenId(c) === '320102********1629')).toBe(true);
    const res = await t.query(DEV, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode name maskedId birthDate gender phone financialDefaults { ref } } }`, { c: codes });
    const shapes = new Set(res.data.persons.map((p: any) => JSON.stringify({ ...p, creditCode: 'X' })));
    expect([...shapes]).toEqual([JSON.stringify({ creditCode: 'X', name: null, maskedId: null, birthDate: null, gender: null, phone: null, financialDefaults: null })]);
    for (const e of res.errors!) expect(e.extensions!.count).toBe(999);
    // explanations name each candidate by the code the attacker gave: nothing more
    expect(res.extensions!.withheld).toHaveLength(999);
    expect(new Set(res.extensions!.withheld.map((w: any) => JSON.stringify(w.fields))).size).toBe(1);
  });

  it('through screen: a code is ignored for an asker that may not see the full ID, so every candidate gets the same hit', async () => {
    const codes = candidates(300);
    const res = await t.query(DEV, /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { list ref matchedName score matchKeys status } } }`, {
      s: codes.map((creditCode) => ({ name: '李梅', creditCode })),
    });
    const answers = new Set(res.data.screen.map((r: any) => JSON.stringify(r.hits)));
    expect(answers.size).toBe(1);
    const [hit] = res.data.screen[0].hits;
    expect(hit).toMatchObject({ ref: '(2025)苏01执1234号', status: 'POTENTIAL' });
    expect(hit.matchKeys).not.toContain('CREDIT_CODE');
  });

  it('through a guessed birth date: the BIRTH_DATE key is never given to such an asker, right or wrong', async () => {
    const dates = Array.from({ length: 40 }, (_, i) => addDays('1985-09-03', i));
    expect(dates).toContain('1985-09-23');
    const res = await t.query(DEV, /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref score matchKeys status } } }`, {
      s: dates.map((birthDate) => ({ name: '李梅', birthDate })),
    });
    expect(new Set(res.data.screen.map((r: any) => JSON.stringify(r.hits))).size).toBe(1);
    expect(res.data.screen[0].hits[0].matchKeys).not.toContain('BIRTH_DATE');
  });

  it('while the regulator, who may see the full ID, still gets the confirmation and the birth-date key', async () => {
    const res = await t.query('regulator-jiangsu-credit', /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref status matchKeys } } }`, {
      s: [{ name: '李梅', creditCode: 李梅 }, { name: '李梅', creditCode: candidates(2)[1] }],
    });
    expect(res.data.screen[0].hits[0]).toMatchObject({ status: 'CONFIRMED', matchKeys: expect.arrayContaining(['CREDIT_CODE', 'BIRTH_DATE']) });
    expect(res.data.screen[1].hits[0]).toMatchObject({ status: 'POTENTIAL' });
    expect(res.data.screen[1].hits[0].matchKeys).not.toContain('CREDIT_CODE');
  });
});

describe('explanations name no one the asker could not name', () => {
  it("a legal representative's or an officer's ID never appears, masked or not, in any answer about an organisation", async () => {
    const enterprises = ['91320106MA1W2K3L48', '91320505MA1P7Q8R2P', '91320211MA1X4Y5T2H', '91320191MA1C6D7E7F'];
    const res = await t.query(DEV, /* GraphQL */ `query($c: [ID!]!) { enterprises(creditCodes: $c) { name legalRepresentativeName legalRepresentative { creditCode maskedId } officers { name role person { creditCode } } } }`, { c: enterprises });
    expect(res.data.enterprises.map((e: any) => e.legalRepresentative)).toEqual([null, null, null, null]);
    const text = JSON.stringify(res);
    for (const p of ['320106197805123519', '320502198203174715', '320106197004051113', '320982198610092710']) {
      expect(text).not.toContain(p);
      expect(text).not.toContain(maskCitizenId(p));
    }
  });

  it('applicants of a batch whose masked IDs collide are never merged: one explanation per applicant, on its own path', async () => {
    const codes = candidates(1000);
    const res = await t.query(BANK, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { phone } }`, { c: codes });
    const withheld = res.extensions!.withheld as { path: (string | number)[]; subject: string }[];
    expect(withheld.map((w) => w.path)).toEqual(codes.map((_, i) => ['persons', i]));
    expect(withheld.map((w) => w.subject)).toEqual(codes);
  });

  it('a NO_CONSENT denial says there is no consent, an expired one that it expired, and a mixed batch says both', async () => {
    const employer = 'employer-suzhou-hr';
    const none = await t.query(employer, /* GraphQL */ `{ person(creditCode: "${李梅}") { occupations { licenseNo } } }`);
    expect(none.errors![0]!.extensions).toMatchObject({ reason: 'NO_CONSENT' });
    expect(none.errors![0]!.message).not.toMatch(/expired/);
    const expired = await t.query(employer, /* GraphQL */ `{ person(creditCode: "${张伟}") { occupations { licenseNo } } }`);
    expect(expired.errors![0]!.extensions).toMatchObject({ reason: 'CONSENT_EXPIRED' });
    expect(expired.errors![0]!.message).toMatch(/has expired/);
    const mixed = await t.query(employer, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { occupations { licenseNo } } }`, { c: [张伟, 李梅, 李梅] });
    expect(mixed.errors![0]!.extensions).toMatchObject({ reasons: { CONSENT_EXPIRED: 1, NO_CONSENT: 2 }, count: 3 });
    expect(mixed.errors![0]!.message).toMatch(/for 2, .*there is none; for 1, .*has expired/);
  });
});

describe('derived values and list entries follow their sources', () => {
  it("a hidden listing shows neither as a restriction nor as a tell: the public's answer is the same with a tax listing and without", async () => {
    const q = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { restrictions { measure } restrictionsWithheld } }`;
    const listed = await t.query(DEV, q, { c: twins.plain.byClass.TAX_VIOLATION.code });
    const clean = await t.query(DEV, q, { c: twins.plain.base.code });
    expect(listed.data).toEqual({ person: { restrictions: [], restrictionsWithheld: ['COURT_LIST', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'ECOMMERCE', 'COURIER'] } });
    expect(JSON.stringify(listed).replaceAll(twins.plain.byClass.TAX_VIOLATION.code, 'X').replace(/"requestId":"[^"]+"/, '')).toBe(
      JSON.stringify(clean).replaceAll(twins.plain.base.code, 'X').replace(/"requestId":"[^"]+"/, ''),
    );
    // while a bank holding consent sees the measures the tax listing imposes
    const bank = await t.query(BANK, q, { c: twins.consented.byClass.TAX_VIOLATION.code });
    expect(bank.data.person.restrictions.map((r: any) => r.measure).sort()).toEqual(['FINANCING', 'HIGH_CONSUMPTION']);
  });

  it('a list entry the asker may not see is answered exactly like a ref that does not exist', async () => {
    const ref = twins.plain.byClass.TAX_VIOLATION.refs[0]!;
    const q = /* GraphQL */ `query($r: ID!) { sanctionEntry(ref: $r) { ref list subjectName authority } }`;
    const hidden = await t.query(DEV, q, { r: ref });
    const missing = await t.query(DEV, q, { r: '测无此号〔2026〕0号' });
    expect(hidden.data).toEqual({ sanctionEntry: null });
    expect(hidden.errors).toBeUndefined();
    expect({ ...hidden.extensions, requestId: 0 }).toEqual({ ...missing.extensions, requestId: 0 });
    const regulator = await t.query('regulator-jiangsu-credit', q, { r: ref });
    expect(regulator.data.sanctionEntry).toMatchObject({ ref, list: 'MAJOR_TAX_VIOLATION' });
  });

  it('a screening hit that reveals a person\'s listing writes that person\'s audit record', async () => {
    const res = await t.query(BANK, /* GraphQL */ `{ screen(subjects: [{ name: "李梅" }]) { hits { ref } } }`);
    expect(res.data.screen[0].hits[0].ref).toBe('(2025)苏01执1234号');
    // beside the call's own record, which names no subject (the anomaly report counts screenings from it)
    const records = await t.store.collection('queryRecords').find({ requestId: res.extensions!.requestId });
    expect(records.map((r) => ({ subjects: r.subjects, client: r.client, classes: r.classes, screened: r.screened }))).toEqual(
      expect.arrayContaining([
        { subjects: [李梅], client: BANK, classes: ['COURT_LIST'], screened: undefined },
        { subjects: [], client: BANK, classes: [], screened: 1 },
      ]),
    );
    expect(records).toHaveLength(2);
    const own = await t.query(李梅, /* GraphQL */ `{ person(creditCode: "${李梅}") { queryRecords(limit: 500) { requestId client classes } } }`);
    expect(own.data.person.queryRecords).toContainEqual({ requestId: res.extensions!.requestId, client: BANK, classes: ['COURT_LIST'] });
  });
});

describe('display periods come from the rules table alone', () => {
  it('the MINOR penalty 锡市监罚〔2026〕12104号 (stored to show until 2027-02-08) is shown to nobody and screens as nothing', async () => {
    const store = await seededEmbeddedStore();
    const minor = seedDocuments(DEFAULT_SCALE).sanctionEntries.find((e) => e.ref === '锡市监罚〔2026〕12104号')!;
    expect(minor).toMatchObject({ severity: 'MINOR', displayUntil: '2027-02-08', subjectKind: 'ORGANISATION' });
    await store.collection('sanctionEntries').upsertMany([minor]);
    const hub = await startTestHub({ store });
    try {
      for (const asker of [DEV, BANK, 'regulator-jiangsu-credit']) {
        const entry = await hub.query(asker, /* GraphQL */ `{ sanctionEntry(ref: "锡市监罚〔2026〕12104号") { ref } }`);
        expect(entry.data.sanctionEntry, asker).toBeNull();
        const screened = await hub.query(asker, /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref status } } }`, {
          s: [{ name: minor.subjectName, creditCode: minor.subject }],
        });
        expect(screened.data.screen[0].hits.filter((h: any) => h.ref === minor.ref), asker).toEqual([]);
      }
    } finally {
      await hub.stop();
    }
  });
});

describe('one request, one budget', () => {
  it('fifteen aliases of a 100-code batch ask about 1,500 subjects, and are refused', async () => {
    const codes = candidates(100);
    const fields = Array.from({ length: 15 }, (_, i) => /* GraphQL */ `a${i}: persons(creditCodes: $c) { creditCode }`).join(' ');
    const res = await t.query(DEV, /* GraphQL */ `query($c: [ID!]!) { ${fields} }`, { c: codes });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', asked: 1500, max: 1000 });
  });

  it('an empty list is BAD_USER_INPUT, as the schema says', async () => {
    for (const q of [/* GraphQL */ `{ persons(creditCodes: []) { creditCode } }`, /* GraphQL */ `{ enterprises(creditCodes: []) { creditCode } }`, /* GraphQL */ `{ screen(subjects: []) { name } }`]) {
      const res = await t.query(DEV, q);
      expect(res.errors![0]!.extensions!.code, q).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the day is the calendar day in Beijing', () => {
  it("a consent valid until 2027-10-15 still works at 23:59 that day in Beijing, and not at 00:01 the next (16:01 UTC, still the 15th in UTC)", async () => {
    // the hub's own clock, in its default zone, stopped at one instant and then at another
    let stopped = clockAt('2027-10-15T15:59:00Z');
    const clock: Clock = { now: () => stopped.now(), today: () => stopped.today(), timeZone: stopped.timeZone };
    const hub = await startTestHub({ clock });
    try {
      const q = /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } } }`;
      const before = await hub.query(BANK, q);
      expect(before.errors).toBeUndefined();
      expect(before.data.person.financialDefaults).toEqual([{ ref: 'JL-LOAN-2023-0917' }]);
      stopped = clockAt('2027-10-15T16:01:00Z');
      expect(stopped.now().toISOString().slice(0, 10)).toBe('2027-10-15');
      const after = await hub.query(BANK, q);
      expect(after.data.person.financialDefaults).toBeNull();
      expect(after.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_EXPIRED' });
    } finally {
      await hub.stop();
    }
  });
});
