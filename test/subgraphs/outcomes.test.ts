/**
 * Tier 1: outcomes that change something (issue 13, item 7). An objection answered CORRECTED
 * carries the corrected values, checked against the fields the fact's owner lets be corrected,
 * and every owner shows the fact with them from that day (a corrected decision date moves the
 * display period with it). A second grant of the same consent on one day is a record of its own
 * that replaces the first, and its answer says what it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seededEmbeddedStore, TODAY } from '../support/hub.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const 张伟 = '320502198203174715';
const 刘洋 = '320583199001011531';
const 王建国 = '320106197805123519';
const 张伟_DEFAULT = 'JL-LOAN-2023-0917';
const 刘洋_BLACKLISTING = '云集黑〔2026〕0042号';
const 王建国_MISCONDUCT = '宁教罚〔2026〕9号';

let store: Store;
const sub: Record<string, Awaited<ReturnType<typeof inProcess>>> = {};
beforeAll(async () => {
  store = await seededEmbeddedStore({ persons: 20, enterprises: 5, merchants: 5, couriers: 5, listEntries: 5 });
  const wang = (await store.collection('persons').findOne({ _id: 王建国 }))!;
  const misconduct = { ref: 王建国_MISCONDUCT, what: '违规有偿补课', measure: '警告', authority: '南京市教育局', decidedAt: '2026-05-10', severity: 'GENERAL' as const, status: 'ACTIVE' as const };
  await store.collection('persons').updateOne({ _id: 王建国 }, { $set: { occupations: [{ ...wang.occupations[0]!, misconduct: [misconduct] }] } });
  for (const name of ['persons', 'sanctions'] as const) sub[name] = await inProcess(SUBGRAPHS[name], store);
}, 60_000);
afterAll(async () => {
  for (const s of Object.values(sub)) await s.stop();
});

function ok<T = any>(res: { data?: any; errors?: any[] }): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const FILE = `mutation($f: ID!) { fileObjection(factRef: $f, reason: "信息有误") { ref } }`;
const RESOLVE = `mutation($ref: ID!, $o: ObjectionOutcome!, $c: [CorrectionInput!]) {
  resolveObjection(ref: $ref, outcome: $o, reason: "经核实更正", corrections: $c) { ref status corrections { field previous value } } }`;
const CORRECTIONS = 'corrections { field value objectionRef correctedAt }';

const file = async (subject: string, factRef: string) => ok(await sub.persons!.run(viewers.self(subject), FILE, { f: factRef })).fileObjection.ref as string;
const resolve = (ref: string, o: string, c?: { field: string; value: string }[]) => sub.persons!.run(viewers.regulator, RESOLVE, { ref, o, c });

describe('an objection answered CORRECTED', () => {
  it('carries the corrected values, and the fact shows them, with its corrections, to everyone who may see it', async () => {
    const ref = await file(张伟, 张伟_DEFAULT);
    const answered = ok(await resolve(ref, 'CORRECTED', [{ field: 'overdueAmount', value: '30000' }, { field: 'product', value: '个人经营贷款' }])).resolveObjection;
    expect(answered).toEqual({
      ref,
      status: 'CORRECTED',
      corrections: [
        { field: 'overdueAmount', previous: '38888.88', value: '30000' },
        { field: 'product', previous: '个人消费贷款', value: '个人经营贷款' },
      ],
    });
    const query = `query($c: ID!) { person(creditCode: $c) { financialDefaults { ref overdueAmount product lender status dispute { status } ${CORRECTIONS} } } }`;
    for (const viewer of [viewers.bank, viewers.regulator, viewers.self(张伟)]) {
      expect(ok(await sub.persons!.run(viewer, query, { c: 张伟 })).person.financialDefaults).toEqual([
        {
          ref: 张伟_DEFAULT,
          overdueAmount: 30000,
          product: '个人经营贷款',
          lender: '金陵示范银行',
          status: 'ACTIVE',
          dispute: { status: 'CORRECTED' },
          corrections: [
            { field: 'overdueAmount', value: '30000', objectionRef: ref, correctedAt: TODAY },
            { field: 'product', value: '个人经营贷款', objectionRef: ref, correctedAt: TODAY },
          ],
        },
      ]);
    }
    // the lender's own record is not rewritten: the objection is the record of what changed
    expect((await store.collection('financialDefaults').findOne({ _id: 张伟_DEFAULT }))!.overdueAmount).toBe(38888.88);
    // a later correction of the same field wins, and is checked against the corrected value
    const again = await file(张伟, 张伟_DEFAULT);
    const same = await resolve(again, 'CORRECTED', [{ field: 'overdueAmount', value: '30000.00' }]);
    expect(same.errors![0]).toMatchObject({ message: expect.stringMatching(/overdueAmount is already 30000: a correction must change it/), extensions: { code: 'BAD_USER_INPUT', field: 'overdueAmount' } });
    ok(await resolve(again, 'CORRECTED', [{ field: 'overdueAmount', value: '28000.5' }]));
    const [d] = ok(await sub.persons!.run(viewers.bank, query, { c: 张伟 })).person.financialDefaults;
    expect(d.overdueAmount).toBe(28000.5);
    expect(d.corrections.map((c: any) => [c.field, c.value, c.objectionRef])).toEqual([
      ['overdueAmount', '28000.5', again],
      ['product', '个人经营贷款', ref],
    ]);
  });

  it('refuses corrections it cannot apply, naming the fields that can be corrected, and leaves the objection under review', async () => {
    const ref = await file(刘洋, 刘洋_BLACKLISTING);
    const refused = async (o: string, c?: { field: string; value: string }[]) => {
      const res = await resolve(ref, o, c);
      expect(res.data?.resolveObjection ?? null).toBeNull();
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      return res.errors![0].message as string;
    };
    expect(await refused('CORRECTED')).toMatch(/CORRECTED carries the corrected values: .*\(basis, listedAt\)/);
    expect(await refused('CORRECTED', [])).toMatch(/CORRECTED carries the corrected values/);
    expect(await refused('CORRECTED', [{ field: 'obligation', value: '无' }])).toMatch(/"obligation" cannot be corrected on this fact; the fields that can are: basis, listedAt/);
    expect(await refused('CORRECTED', [{ field: 'subjectName', value: '刘阳' }])).toMatch(/cannot be corrected/);
    expect(await refused('CORRECTED', [{ field: 'basis', value: '新依据' }, { field: 'basis', value: '再一个' }])).toMatch(/basis is given twice/);
    expect(await refused('CORRECTED', [{ field: 'basis', value: '长'.repeat(501) }])).toMatch(/1 to 500 characters/);
    expect(await refused('CORRECTED', [{ field: 'listedAt', value: '2026-12-01' }])).toMatch(/listedAt must be a day from 1949-10-01 to today \(2026-11-27\)/);
    expect(await refused('CORRECTED', [{ field: 'listedAt', value: '2026-02-30' }])).toMatch(/must be a date written YYYY-MM-DD/);
    expect(await refused('CONFIRMED', [{ field: 'basis', value: '新依据' }])).toMatch(/corrections go with the outcome CORRECTED only/);
    expect((await store.collection('objections').findOne({ _id: ref }))!.status).toBe('UNDER_REVIEW');

    const amount = await file(张伟, 张伟_DEFAULT);
    for (const value of ['3万', '-5', '0', '1.234', '1e5', '']) {
      const res = await resolve(amount, 'CORRECTED', [{ field: 'overdueAmount', value }]);
      expect(res.errors![0].message, value).toMatch(/overdueAmount (must be an amount in yuan|must be more than 0)/);
    }

    // a list entry's basis, corrected, as the sanctions subgraph shows it
    ok(await resolve(ref, 'CORRECTED', [{ field: 'basis', value: '平台误判，实为一次性促销刷单' }]));
    const entry = ok(await sub.sanctions!.run(viewers.regulator, `query($r: ID!) { sanctionEntry(ref: $r) { basis listedAt ${CORRECTIONS} } }`, { r: 刘洋_BLACKLISTING })).sanctionEntry;
    expect(entry).toMatchObject({ basis: '平台误判，实为一次性促销刷单', corrections: [{ field: 'basis', value: '平台误判，实为一次性促销刷单', objectionRef: ref, correctedAt: TODAY }] });
  });

  it('moves the display period with a corrected decision date: the misconduct ends its period and is shown to nobody but the subject', async () => {
    const query = `query($c: ID!) { person(creditCode: $c) { creditScore occupations { misconduct { ref decidedAt displayUntil status ${CORRECTIONS} } } } }`;
    const before = ok(await sub.persons!.run(viewers.regulator, query, { c: 王建国 })).person;
    expect(before.occupations[0].misconduct).toEqual([expect.objectContaining({ ref: 王建国_MISCONDUCT, decidedAt: '2026-05-10', displayUntil: '2027-05-10' })]);

    const ref = await file(王建国, 王建国_MISCONDUCT);
    ok(await resolve(ref, 'CORRECTED', [{ field: 'decidedAt', value: '2025-10-01' }]));

    const after = ok(await sub.persons!.run(viewers.regulator, query, { c: 王建国 })).person;
    expect(after.occupations[0].misconduct).toEqual([]);
    // a GENERAL fact weighs 40 points, and an ended one counts in no derived value
    expect(after.creditScore).toBe(before.creditScore + 40);
    const own = ok(await sub.persons!.run(viewers.self(王建国), query, { c: 王建国 })).person.occupations[0].misconduct;
    expect(own).toEqual([{ ref: 王建国_MISCONDUCT, decidedAt: '2025-10-01', displayUntil: '2026-10-01', status: 'EXPIRED', corrections: [{ field: 'decidedAt', value: '2025-10-01', objectionRef: ref, correctedAt: TODAY }] }]);
  });
});

describe('granting the same consent again', () => {
  const GRANT = `mutation($e: String!) { grantConsent(input: { client: "bank-jinling", purpose: "LOAN_UNDERWRITING", expiresAt: $e }) { id grantedAt expiresAt state effect replaces replacedBy } }`;
  const LIST = `query($c: ID!) { person(creditCode: $c) { consents { id client expiresAt state effect replaces replacedBy } } }`;
  const SCORE = `query($c: ID!) { person(creditCode: $c) { creditScore } }`;
  const grant = async (e: string) => ok(await sub.persons!.run(viewers.self(王建国), GRANT, { e })).grantConsent;
  const bankConsents = async () => (ok(await sub.persons!.run(viewers.self(王建国), LIST, { c: 王建国 })).person.consents as any[]).filter((c) => c.client === 'bank-jinling');

  it('keeps every grant in the history; each replaces the one in force and says how', async () => {
    const [seeded] = await bankConsents();
    expect(seeded).toMatchObject({ expiresAt: '2027-11-01', state: 'VALID', effect: 'NEW', replaces: [], replacedBy: null });

    const extended = await grant('2028-01-31');
    expect(extended).toEqual({ id: `${王建国}:bank-jinling:LOAN_UNDERWRITING:${TODAY}`, grantedAt: TODAY, expiresAt: '2028-01-31', state: 'VALID', effect: 'EXTENDED', replaces: [seeded.id], replacedBy: null });

    // the same day again: a record of its own, not an overwrite of the first
    const shortened = await grant('2027-06-30');
    expect(shortened).toMatchObject({ state: 'VALID', effect: 'SHORTENED', replaces: [extended.id] });
    expect(shortened.id).not.toBe(extended.id);
    expect(shortened.id.startsWith(`${extended.id}:`)).toBe(true);
    const unchanged = await grant('2027-06-30');
    expect(unchanged).toMatchObject({ effect: 'UNCHANGED', replaces: [shortened.id] });

    const history = await bankConsents();
    expect(history).toHaveLength(4);
    const byId = new Map(history.map((c) => [c.id, c]));
    expect(byId.get(seeded.id)).toMatchObject({ state: 'REPLACED', replacedBy: extended.id });
    expect(byId.get(extended.id)).toMatchObject({ state: 'REPLACED', replacedBy: shortened.id, expiresAt: '2028-01-31' });
    expect(byId.get(shortened.id)).toMatchObject({ state: 'REPLACED', replacedBy: unchanged.id });
    expect(byId.get(unchanged.id)).toMatchObject({ state: 'VALID', replacedBy: null });
    expect(await store.collection('consents').count({ subject: 王建国, client: 'bank-jinling' })).toBe(4);

    // each grant has its own change record
    const targets = (await store.collection('queryRecords').find({ action: 'grantConsent', subjects: 王建国 })).map((r) => r.target);
    expect(targets).toEqual(expect.arrayContaining([extended.id, shortened.id, unchanged.id]));

    // the bank reads under the consent in force; a replaced one cannot be revoked, the one in force can
    expect(ok(await sub.persons!.run(viewers.bank, SCORE, { c: 王建国 })).person.creditScore).toEqual(expect.any(Number));
    const revokeOld = await sub.persons!.run(viewers.self(王建国), `mutation($id: ID!) { revokeConsent(id: $id) { id } }`, { id: seeded.id });
    expect(revokeOld.errors![0]).toMatchObject({ message: expect.stringMatching(/no longer in force: it was replaced by/), extensions: { code: 'BAD_USER_INPUT', replacedBy: extended.id } });
    ok(await sub.persons!.run(viewers.self(王建国), `mutation($id: ID!) { revokeConsent(id: $id) { id state } }`, { id: unchanged.id }));
    const refused = await sub.persons!.run(viewers.bank, SCORE, { c: 王建国 });
    expect(refused.data.person.creditScore).toBeNull();
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    // with nothing in force, a new grant is NEW, and the bank reads again
    expect(await grant('2027-03-31')).toMatchObject({ effect: 'NEW', replaces: [], state: 'VALID' });
    expect(ok(await sub.persons!.run(viewers.bank, SCORE, { c: 王建国 })).person.creditScore).toEqual(expect.any(Number));
  });
});
