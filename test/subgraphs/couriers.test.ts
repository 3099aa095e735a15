/**
 * Tier 1, the couriers subgraph alone, in-process over the showcase: a courier company's file
 * (一企一档) is public in its grade only, open in full to platforms and regulators, reduced to
 * grade and complaint rate for lenders; a courier's own file (一人一档) is an employer's to read
 * with the courier's consent, a lender's only through the company's grade and rate, and nobody
 * else's: who works where is not public (domain.md section 5). An asker who may know no courier
 * fact of a person gets the same answer whether or not the person is a courier. Also `_entities`,
 * input checks and the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couriers } from '../../subgraphs/couriers/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { TODAY } from '../support/today.ts';
import {
  ask,
  CONSENT,
  dataOf,
  deniedAt,
  denials,
  NO_FILE,
  recordsOf,
  refusal,
  showcaseStore,
  start,
  viewers,
  type Answer,
  type Running,
  王建国,
  李梅,
  张伟,
  陈静,
  刘洋,
  诚达物流,
  优品电商,
  速达快递,
} from './harness.ts';

const COURIER = /* GraphQL */ `
  query ($c: ID!) {
    courier(creditCode: $c) {
      creditCode
      since
      rating
      complaints { ref reason at }
      trafficViolations { ref what at }
      company { creditCode }
    }
  }
`;

const 陈静_FILE = {
  creditCode: 陈静,
  since: '2021-05-01',
  rating: 4.2,
  complaints: [
    { ref: 'CP-2026-00731', reason: '未按约定时间投递', at: '2026-02-11' },
    { ref: 'CP-2026-01188', reason: '包裹破损', at: '2026-05-19' },
  ],
  trafficViolations: [{ ref: '苏B交违2026-004417', what: '电动自行车闯红灯', at: '2026-04-03' }],
  company: { creditCode: 诚达物流 },
};

const COMPANY = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode courierProfile {
  licenseNo licenseStatus grade complaintRatePerMillion serviceWarnings { ref reason issuedAt } courierCount } } } }`;
const enterprise = (creditCode: string) => ({ __typename: 'Enterprise', creditCode });
const person = (creditCode: string) => ({ __typename: 'Person', creditCode });

/** The answer with the asked code taken out: what is left must not say whether the person is a courier. */
const withoutCode = (res: Answer, code: string) => JSON.parse(JSON.stringify({ data: res.data, errors: res.errors }).replaceAll(code, '<asked>'));

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(couriers, store);
});
afterAll(() => subgraph?.stop());

describe("a courier's own file (一人一档)", () => {
  it('a regulator and the courier herself read it in full', async () => {
    for (const viewer of [viewers.regulator, viewers.self(陈静)]) {
      expect(dataOf(await ask(subgraph, viewer, COURIER, { c: 陈静 })).courier).toEqual(陈静_FILE);
    }
  });

  it('an employer with her consent reads it in full, and the read is audited under that consent', async () => {
    const res = await ask(subgraph, viewers.employer, COURIER, { c: 陈静 });
    expect(dataOf(res).courier).toEqual(陈静_FILE);
    const records = await recordsOf(store, res);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      subgraph: 'couriers',
      client: 'employer-suzhou-hr',
      clientKind: 'EMPLOYER',
      purpose: 'EMPLOYMENT_SCREENING',
      subjects: [陈静],
      consents: [CONSENT.陈静_employer],
      classes: ['COURIER'],
      denied: [],
    });
  });

  it('a regulator, a consented lender, or the person get null for someone who is not a courier', async () => {
    const asks: [Viewer, string][] = [
      [viewers.regulator, 王建国],
      [viewers.regulator, NO_FILE],
      [viewers.self(王建国), 王建国],
      // a lender with consent may learn the company a person delivers for, and so that there is none
      [viewers.bank, 王建国],
    ];
    for (const [viewer, code] of asks) {
      const res = await ask(subgraph, viewer, COURIER, { c: code });
      expect(res.data, code).toEqual({ courier: null });
      expect(res.errors).toBeUndefined();
    }
  });

  it('a lender with the courier’s consent sees her company’s grade and complaint rate, nothing of her own file', async () => {
    const own = await showcaseStore();
    const sub = await start(couriers, own);
    try {
      await own.collection('consents').insertOne({ _id: `${陈静}:bank-jinling:LOAN_UNDERWRITING:2026-11-20`, subject: 陈静, client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', grantedAt: '2026-11-20', expiresAt: '2027-11-20' });
      const res = await ask(sub, viewers.bank, /* GraphQL */ `query ($c: ID!) { courier(creditCode: $c) { creditCode rating complaints { ref }
        company { creditCode courierProfile { grade complaintRatePerMillion licenseStatus } } } }`, { c: 陈静 });
      expect(res.data.courier).toEqual({ creditCode: null, rating: null, complaints: null, company: { creditCode: 诚达物流, courierProfile: { grade: 'A', complaintRatePerMillion: 1.8, licenseStatus: null } } });
      expect(denials(res)).toEqual([
        ['courier.creditCode', 'CourierProfile.creditCode', 'PURPOSE'],
        ['courier.rating', 'CourierProfile.rating', 'PURPOSE'],
        ['courier.complaints', 'CourierProfile.complaints', 'PURPOSE'],
        ['courier.company.courierProfile.licenseStatus', 'CourierCompanyProfile.licenseStatus', 'PURPOSE'],
      ]);
    } finally {
      await sub.stop();
    }
  });
});

describe('who works where is not public: the same answer whether or not the person is a courier', () => {
  const cases: [string, Viewer, string, string, string][] = [
    ['a developer', viewers.developer, 陈静, 王建国, 'PURPOSE'],
    ['a developer, for a code without a file', viewers.developer, 陈静, NO_FILE, 'PURPOSE'],
    ['a bank without consent', viewers.bank, 陈静, 李梅, 'NO_CONSENT'],
    ['a platform, with or without consent (its column never opens a person’s courier file)', viewers.platform, 陈静, 刘洋, 'PURPOSE'],
    ["another person's own token", viewers.self(王建国), 陈静, 张伟, 'PURPOSE'],
  ];
  it.each(cases)('%s', async (_, viewer, courier, other, companyReason) => {
    const a = await ask(subgraph, viewer, COURIER, { c: courier });
    const b = await ask(subgraph, viewer, COURIER, { c: other });
    expect(a.data.courier).toEqual({ creditCode: null, since: null, rating: null, complaints: null, trafficViolations: null, company: null });
    expect(deniedAt(a, 'courier', 'company')).toMatchObject({ field: 'CourierProfile.company', class: 'COURIER', reason: companyReason });
    expect(deniedAt(a, 'courier', 'since').class).toBe('COURIER');
    expect(a.errors).toHaveLength(6);
    expect(withoutCode(b, other)).toEqual(withoutCode(a, courier));
    expect(JSON.stringify(a)).not.toContain(诚达物流);
  });

  it('an employer whose consent expired is told so, courier or not', async () => {
    // 张伟 is no courier; his consent to the employer expired on 2026-01-31
    const res = await ask(subgraph, viewers.employer, COURIER, { c: 张伟 });
    expect(res.data.courier).toEqual({ creditCode: null, since: null, rating: null, complaints: null, trafficViolations: null, company: null });
    expect(new Set(res.errors!.map((e) => e.extensions.reason))).toEqual(new Set(['CONSENT_EXPIRED']));
  });

  it('a revoked consent closes the file at once: the employer is back to an answer that says nothing', async () => {
    const own = await showcaseStore();
    const sub = await start(couriers, own);
    try {
      expect(dataOf(await ask(sub, viewers.employer, COURIER, { c: 陈静 })).courier.rating).toBe(4.2);
      await own.collection('consents').updateOne({ _id: CONSENT.陈静_employer }, { $set: { revokedAt: `${TODAY}T03:00:00.000Z` } });
      const revoked = await ask(sub, viewers.employer, COURIER, { c: 陈静 });
      expect(revoked.data.courier).toEqual({ creditCode: null, since: null, rating: null, complaints: null, trafficViolations: null, company: null });
      expect(new Set(revoked.errors!.map((e) => e.extensions.reason))).toEqual(new Set(['NO_CONSENT']));
      const never = await ask(sub, viewers.employer, COURIER, { c: 李梅 });
      expect(withoutCode(never, 李梅)).toEqual(withoutCode(revoked, 陈静));
    } finally {
      await sub.stop();
    }
  });

  it('through _entities too: a person’s courier profile follows the same rules', async () => {
    const Q = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { creditCode courierProfile { rating } } } }`;
    expect(dataOf(await ask(subgraph, viewers.employer, Q, { r: [person(陈静)] }))._entities).toEqual([{ creditCode: 陈静, courierProfile: { rating: 4.2 } }]);
    const expected: [Viewer, string][] = [
      [viewers.developer, 'PURPOSE'],
      [viewers.bank, 'NO_CONSENT'],
      [viewers.platform, 'PURPOSE'],
    ];
    for (const [viewer, reason] of expected) {
      // 李梅 is no courier, and has given none of them consent
      const res = await ask(subgraph, viewer, Q, { r: [person(陈静), person(李梅)] });
      expect(res.data._entities).toEqual([
        { creditCode: 陈静, courierProfile: null },
        { creditCode: 李梅, courierProfile: null },
      ]);
      expect(denials(res)).toEqual([
        ['_entities.0.courierProfile', 'Person.courierProfile', reason],
        ['_entities.1.courierProfile', 'Person.courierProfile', reason],
      ]);
    }
  });
});

describe("a courier company's file (一企一档)", () => {
  const 速达_FILE = {
    licenseNo: '邮政快递许可苏B2015-0031',
    licenseStatus: 'SUSPENDED',
    grade: 'D',
    complaintRatePerMillion: 27.5,
    serviceWarnings: [{ ref: '锡邮管警〔2026〕9号', reason: '服务投诉率连续两季度超过警戒线', issuedAt: '2026-06-30' }],
    courierCount: 0,
  };

  it('a platform and a regulator read it in full, with how many couriers deliver for it; no natural person is audited', async () => {
    for (const viewer of [viewers.platform, viewers.regulator]) {
      const res = await ask(subgraph, viewer, COMPANY, { r: [enterprise(速达快递), enterprise(诚达物流)] });
      expect(dataOf(res)._entities).toEqual([
        { creditCode: 速达快递, courierProfile: 速达_FILE },
        { creditCode: 诚达物流, courierProfile: { licenseNo: '邮政快递许可苏A2016-0088', licenseStatus: 'VALID', grade: 'A', complaintRatePerMillion: 1.8, serviceWarnings: [], courierCount: 1 } },
      ]);
      expect(await recordsOf(store, res)).toEqual([]);
    }
  });

  const reduced: [string, Viewer, Record<string, unknown>][] = [
    ['a developer: the grade only', viewers.developer, { grade: 'D' }],
    ['an employer: the grade only', viewers.employer, { grade: 'D' }],
    ['a lender: grade and complaint rate', viewers.bank, { grade: 'D', complaintRatePerMillion: 27.5 }],
  ];
  it.each(reduced)('%s', async (_, viewer, open) => {
    const res = await ask(subgraph, viewer, COMPANY, { r: [enterprise(速达快递)] });
    const closed = Object.keys(速达_FILE).filter((k) => !(k in open));
    expect(res.data._entities).toEqual([{ creditCode: 速达快递, courierProfile: { ...Object.fromEntries(closed.map((k) => [k, null])), ...open } }]);
    expect(denials(res)).toEqual(closed.map((k) => [`_entities.0.courierProfile.${k}`, `CourierCompanyProfile.${k}`, 'PURPOSE']));
    expect(deniedAt(res, '_entities', 0, 'courierProfile', 'licenseStatus')).toMatchObject({ class: 'COURIER', purpose: viewer.purpose });
  });

  it('an organisation that is no courier company, or that the hub does not hold, has no courier file', async () => {
    const res = await ask(subgraph, viewers.regulator, COMPANY, { r: [enterprise(优品电商), enterprise('91350100M000100Y43')] });
    expect(dataOf(res)._entities).toEqual([
      { creditCode: 优品电商, courierProfile: null },
      { creditCode: '91350100M000100Y43', courierProfile: null },
    ]);
  });

  it("an employer with a courier's consent follows her to her company, and sees its grade only", async () => {
    const res = await ask(subgraph, viewers.employer, /* GraphQL */ `query ($c: ID!) { courier(creditCode: $c) { company { creditCode courierProfile { grade complaintRatePerMillion } } } }`, { c: 陈静 });
    expect(res.data.courier).toEqual({ company: { creditCode: 诚达物流, courierProfile: { grade: 'A', complaintRatePerMillion: null } } });
    expect(denials(res)).toEqual([['courier.company.courierProfile.complaintRatePerMillion', 'CourierCompanyProfile.complaintRatePerMillion', 'PURPOSE']]);
  });
});

describe('input checks', () => {
  const bad = showcase.invalidIdentifiers;
  it.each([
    [bad.citizenIdBadCheckDigit, 'CHECK', 'check digit should be 9'],
    [bad.citizenIdBadDate, 'DATE', 'birth date 19781332: there is no month 13'],
    [bad.tooShort, 'LENGTH', 'a citizen ID has 18 characters; this one has 17'],
    [诚达物流, 'CHARSET', 'character 9 is "M": the first 17 characters of a citizen ID are digits'],
  ])('courier(creditCode: %s) is BAD_USER_INPUT saying what is wrong', async (code, problem, what) => {
    const res = await ask(subgraph, viewers.developer, COURIER, { c: code });
    expect(res.data).toEqual({ courier: null });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message: `Invalid citizen ID "${code}": ${what}.`, extensions: { code: 'BAD_USER_INPUT', field: 'creditCode', problem } });
  });
});
