/**
 * Tier 1, the enterprises subgraph alone, in-process over the showcase: an organisation's
 * registration is public to every asker (domain.md section 5, identity row), its administrative
 * penalties too, within their display period (section 6); the links from an organisation to the
 * natural persons behind it open a person's identity and follow that person's consent; the roles a
 * person holds; `_entities`; input checks; and the audit records of what it says about persons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises } from '../../subgraphs/enterprises/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import {
  ask,
  CONSENT,
  dataOf,
  deniedAt,
  denials,
  errorAt,
  NO_FILE,
  recordsOf,
  refusal,
  showcaseStore,
  start,
  viewers,
  type Running,
  王建国,
  张伟,
  陈静,
  吴刚,
  诚达物流,
  优品电商,
  速达快递,
  云集网络,
} from './harness.ts';

/** The example of GB 32100-2015 itself (domain.md section 3): a valid code the hub holds no record for. */
const NO_RECORD = '91350100M000100Y43';

const REGISTRATION = /* GraphQL */ `
  query ($c: ID!) {
    enterprise(creditCode: $c) {
      creditCode
      name
      kind
      status
      registeredAt
      address
      registeredCapital
      legalRepresentativeName
      officers { name role since }
      commitments { ref text madeAt }
      penalties { ref }
    }
  }
`;
const LEGAL_REPRESENTATIVE = /* GraphQL */ `query ($c: ID!) { enterprise(creditCode: $c) { name legalRepresentative { creditCode } officers { role person { creditCode } } } }`;

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(enterprises, store);
});
afterAll(() => subgraph?.stop());

describe("an organisation's registration is public", () => {
  it.each([
    ['a developer (PUBLIC)', viewers.developer],
    ['an employer, whose own column denies penalties', viewers.employer],
    ['a bank', viewers.bank],
    ['a regulator', viewers.regulator],
    ["a person's own token", viewers.self(陈静)],
  ])('%s reads name, code, registration, status, legal representative, officers and commitments', async (_, viewer) => {
    const stored = (await store.collection('enterprises').findOne({ _id: 优品电商 }))!;
    const { enterprise } = dataOf(await ask(subgraph, viewer, REGISTRATION, { c: 优品电商 }));
    expect(enterprise).toEqual({
      creditCode: 优品电商,
      name: '苏州优品电子商务有限公司',
      kind: 'ECOMMERCE_COMPANY',
      status: 'OPERATING',
      registeredAt: '2018-09-10',
      address: stored.address,
      registeredCapital: stored.registeredCapital,
      legalRepresentativeName: '张伟',
      officers: [{ name: '张伟', role: 'LEGAL_REPRESENTATIVE', since: '2018-09-10' }],
      commitments: [{ ref: '承诺2025-0311', text: '商品质量与服务承诺', madeAt: '2025-03-11' }],
      // its one penalty, GENERAL, decided 2025-08-20: shown at most a year, so no longer shown
      penalties: [],
    });
  });

  it('a suspended courier company reads as such', async () => {
    const { enterprise } = dataOf(await ask(subgraph, viewers.developer, /* GraphQL */ `query ($c: ID!) { enterprise(creditCode: $c) { name kind status legalRepresentativeName } }`, { c: 速达快递 }));
    expect(enterprise).toEqual({ name: '无锡速达快递有限公司', kind: 'COURIER_COMPANY', status: 'SUSPENDED', legalRepresentativeName: '吴刚' });
  });

  it('a registration answers null for a code the hub holds no record of', async () => {
    const res = await ask(subgraph, viewers.developer, REGISTRATION, { c: NO_RECORD });
    expect(res.data).toEqual({ enterprise: null });
    expect(res.errors).toBeUndefined();
  });

  it('writes no audit record: nothing in it is a natural person’s non-public fact', async () => {
    const res = await ask(subgraph, viewers.regulator, REGISTRATION, { c: 诚达物流 });
    expect(dataOf(res).enterprise.legalRepresentativeName).toBe('王建国');
    expect(await recordsOf(store, res)).toEqual([]);
  });
});

describe('the persons behind an organisation: a link opens their identity, and follows their consent', () => {
  it('a regulator follows the links to the legal representative and the officers', async () => {
    const { enterprise } = dataOf(await ask(subgraph, viewers.regulator, LEGAL_REPRESENTATIVE, { c: 速达快递 }));
    expect(enterprise).toEqual({ name: '无锡速达快递有限公司', legalRepresentative: { creditCode: 吴刚 }, officers: [{ role: 'LEGAL_REPRESENTATIVE', person: { creditCode: 吴刚 } }] });
  });

  it('a developer reads the names as registered, but not the links: FORBIDDEN on their own paths', async () => {
    const res = await ask(subgraph, viewers.developer, LEGAL_REPRESENTATIVE, { c: 速达快递 });
    expect(res.data.enterprise).toEqual({ name: '无锡速达快递有限公司', legalRepresentative: null, officers: [{ role: 'LEGAL_REPRESENTATIVE', person: null }] });
    expect(deniedAt(res, 'enterprise', 'legalRepresentative')).toEqual({
      code: 'FORBIDDEN',
      field: 'Enterprise.legalRepresentative',
      class: 'IDENTITY',
      purpose: 'PUBLIC',
      reason: 'PURPOSE',
      count: 1,
    });
    expect(deniedAt(res, 'enterprise', 'officers', 0, 'person')).toMatchObject({ field: 'Officer.person', class: 'IDENTITY', reason: 'PURPOSE' });
    expect(JSON.stringify(res.errors)).not.toContain(吴刚);
  });

  it('a bank follows the link to a representative who consented to it, and gets NO_CONSENT for one who did not', async () => {
    const consented = await ask(subgraph, viewers.bank, LEGAL_REPRESENTATIVE, { c: 诚达物流 });
    expect(dataOf(consented).enterprise.legalRepresentative).toEqual({ creditCode: 王建国 });
    const without = await ask(subgraph, viewers.bank, LEGAL_REPRESENTATIVE, { c: 速达快递 });
    expect(without.data.enterprise.legalRepresentative).toBeNull();
    expect(deniedAt(without, 'enterprise', 'legalRepresentative')).toMatchObject({ purpose: 'LOAN_UNDERWRITING', reason: 'NO_CONSENT' });
  });

  it("an employer never follows it, whatever the consent: its column shows a person's name and masked ID only", async () => {
    // 张伟's consent to the employer expired on 2026-01-31; 王建国 gave it none
    for (const code of [优品电商, 诚达物流]) {
      const res = await ask(subgraph, viewers.employer, LEGAL_REPRESENTATIVE, { c: code });
      expect(res.data.enterprise.legalRepresentative, code).toBeNull();
      expect(deniedAt(res, 'enterprise', 'legalRepresentative'), code).toMatchObject({ purpose: 'EMPLOYMENT_SCREENING', reason: 'PURPOSE' });
    }
  });

  it("records what the link showed or withheld in the representative's audit record", async () => {
    const shown = await ask(subgraph, viewers.bank, LEGAL_REPRESENTATIVE, { c: 诚达物流 });
    const [record] = await recordsOf(store, shown);
    expect(record).toMatchObject({ subgraph: 'enterprises', client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', subjects: [王建国], consents: [CONSENT.王建国_bank], classes: ['IDENTITY'], denied: [] });

    const withheld = await ask(subgraph, viewers.developer, LEGAL_REPRESENTATIVE, { c: 速达快递 });
    const records = await recordsOf(store, withheld);
    expect(records.map((r) => ({ subjects: r.subjects, classes: r.classes, denied: r.denied }))).toEqual([
      { subjects: [吴刚], classes: [], denied: ['Enterprise.legalRepresentative', 'Officer.person'] },
    ]);
  });
});

describe('the roles a person holds, through _entities', () => {
  const ROLES = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { creditCode enterpriseRoles { role since enterprise { creditCode name status } } } } }`;
  const person = (creditCode: string) => ({ __typename: 'Person', creditCode });

  it('a regulator and the person themself see them', async () => {
    const expected = [{ role: 'LEGAL_REPRESENTATIVE', since: '2015-02-28', enterprise: { creditCode: 速达快递, name: '无锡速达快递有限公司', status: 'SUSPENDED' } }];
    for (const viewer of [viewers.regulator, viewers.self(吴刚)]) {
      expect(dataOf(await ask(subgraph, viewer, ROLES, { r: [person(吴刚)] }))._entities).toEqual([{ creditCode: 吴刚, enterpriseRoles: expected }]);
    }
  });

  it('a bank sees the roles of a person who consented to it, and nothing of one who did not', async () => {
    const res = await ask(subgraph, viewers.bank, ROLES, { r: [person(王建国), person(吴刚)] });
    expect(res.data._entities).toEqual([
      { creditCode: 王建国, enterpriseRoles: [{ role: 'LEGAL_REPRESENTATIVE', since: '2016-04-01', enterprise: { creditCode: 诚达物流, name: '南京诚达物流有限公司', status: 'OPERATING' } }] },
      { creditCode: 吴刚, enterpriseRoles: null },
    ]);
    expect(denials(res)).toEqual([['_entities.1.enterpriseRoles', 'Person.enterpriseRoles', 'NO_CONSENT']]);
  });

  it('a developer learns nothing, whether the person holds a role, holds none, or has no file', async () => {
    const res = await ask(subgraph, viewers.developer, ROLES, { r: [person(吴刚), person(陈静), person(NO_FILE)] });
    expect(res.data._entities).toEqual([
      { creditCode: 吴刚, enterpriseRoles: null },
      { creditCode: 陈静, enterpriseRoles: null },
      { creditCode: NO_FILE, enterpriseRoles: null },
    ]);
    expect(denials(res)).toEqual([0, 1, 2].map((i) => [`_entities.${i}.enterpriseRoles`, 'Person.enterpriseRoles', 'PURPOSE']));
    expect(new Set(res.errors!.map((e) => e.message)).size).toBe(1);
  });

  it('resolves organisations by code, in order, with null for one the hub does not hold', async () => {
    const res = await ask(
      subgraph,
      viewers.developer,
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode name kind } } }`,
      { r: [{ __typename: 'Enterprise', creditCode: 云集网络 }, { __typename: 'Enterprise', creditCode: NO_RECORD }, { __typename: 'Enterprise', creditCode: 优品电商 }] },
    );
    expect(dataOf(res)._entities).toEqual([
      { creditCode: 云集网络, name: '江苏云集网络科技有限公司', kind: 'PLATFORM_OPERATOR' },
      null,
      { creditCode: 优品电商, name: '苏州优品电子商务有限公司', kind: 'ECOMMERCE_COMPANY' },
    ]);
  });

  it('张伟 sees his own role in the company he represents', async () => {
    const { _entities } = dataOf(await ask(subgraph, viewers.self(张伟), ROLES, { r: [person(张伟)] }));
    expect(_entities[0].enterpriseRoles).toEqual([{ role: 'LEGAL_REPRESENTATIVE', since: '2018-09-10', enterprise: { creditCode: 优品电商, name: '苏州优品电子商务有限公司', status: 'OPERATING' } }]);
  });
});

describe('administrative penalties: public for organisations, within their display period', () => {
  let own: Store;
  let sub: Running;
  const penalty = (ref: string, severity: 'MINOR' | 'GENERAL' | 'SERIOUS', decidedAt: string, extra: { displayUntil?: string; status?: 'ACTIVE' | 'REVOKED' } = {}) => ({
    _id: ref,
    ref,
    subject: 速达快递,
    what: '未按规定公示收费标准',
    measure: '罚款一万元',
    authority: '无锡市市场监督管理局',
    severity,
    decidedAt,
    status: extra.status ?? ('ACTIVE' as const),
    ...(extra.displayUntil ? { displayUntil: extra.displayUntil } : {}),
  });
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(enterprises, own);
    await own.collection('penalties').insertMany([
      penalty('锡市监罚〔2026〕77号', 'GENERAL', '2026-09-01'),
      // stored for two years: a GENERAL fact is shown at most one
      penalty('锡市监罚〔2026〕12号', 'GENERAL', '2026-06-01', { displayUntil: '2028-06-01' }),
      // MINOR: never shown
      penalty('锡市监罚〔2026〕80号', 'MINOR', '2026-11-01'),
      // SERIOUS, but the issuer shortened its period, which has ended
      penalty('锡市监罚〔2025〕5号', 'SERIOUS', '2025-01-10', { displayUntil: '2026-06-30' }),
      // revoked by the issuing authority
      penalty('锡市监罚〔2026〕90号', 'GENERAL', '2026-10-01', { status: 'REVOKED' }),
    ]);
  });
  afterAll(() => sub?.stop());

  const PENALTIES = /* GraphQL */ `query ($c: ID!) { enterprise(creditCode: $c) { penalties { ref what measure authority decidedAt severity displayUntil status dispute { objectionRef } } } }`;

  it.each([
    ['a developer', viewers.developer],
    ['an employer (the PUBLIC column opens them to every asker)', viewers.employer],
    ['a platform', viewers.platform],
    ['a regulator', viewers.regulator],
  ])('%s sees the penalties in their period, newest first; not MINOR, expired or revoked ones', async (_, viewer) => {
    const { enterprise } = dataOf(await ask(sub, viewer, PENALTIES, { c: 速达快递 }));
    const shown = (ref: string, decidedAt: string, displayUntil: string) => ({
      ref,
      what: '未按规定公示收费标准',
      measure: '罚款一万元',
      authority: '无锡市市场监督管理局',
      decidedAt,
      severity: 'GENERAL',
      displayUntil,
      status: 'ACTIVE',
      dispute: null,
    });
    expect(enterprise.penalties).toEqual([shown('锡市监罚〔2026〕77号', '2026-09-01', '2027-09-01'), shown('锡市监罚〔2026〕12号', '2026-06-01', '2027-06-01')]);
  });
});

describe('input checks', () => {
  const ONE = /* GraphQL */ `query ($c: ID!) { enterprise(creditCode: $c) { name } }`;
  const MANY = /* GraphQL */ `query ($c: [ID!]!) { enterprises(creditCodes: $c) { creditCode name } }`;
  const bad = showcase.invalidIdentifiers;

  it.each([
    [bad.usccBadCheckChar, 'CHECK', 'check character should be 8'],
    [bad.usccForbiddenLetter, 'CHARSET', 'letter O (character 17) is not allowed in a unified social credit code (I, O, S, V and Z never appear)'],
    [bad.tooShort, 'LENGTH', 'a unified social credit code has 18 characters; this one has 17'],
  ])('enterprise(creditCode: %s) is BAD_USER_INPUT saying what is wrong', async (code, problem, what) => {
    const res = await ask(subgraph, viewers.developer, ONE, { c: code });
    expect(res.data).toEqual({ enterprise: null });
    expect(refusal(res)).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Invalid unified social credit code "${code}": ${what}.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'creditCode', problem },
    });
  });

  it('enterprises() names the invalid code by its position; answers in order otherwise, null where there is no record', async () => {
    const res = await ask(subgraph, viewers.developer, MANY, { c: [诚达物流, bad.usccForbiddenLetter] });
    expect(res.data).toBeNull();
    expect(refusal(res).message).toBe(
      `Invalid unified social credit code "${bad.usccForbiddenLetter}" at creditCodes[1]: letter O (character 17) is not allowed in a unified social credit code (I, O, S, V and Z never appear).`,
    );
    const ok = await ask(subgraph, viewers.developer, MANY, { c: [速达快递, NO_RECORD, 诚达物流] });
    expect(dataOf(ok).enterprises).toEqual([
      { creditCode: 速达快递, name: '无锡速达快递有限公司' },
      null,
      { creditCode: 诚达物流, name: '南京诚达物流有限公司' },
    ]);
  });

  it('enterprises() takes 1 to 1,000 codes', async () => {
    expect(refusal(await ask(subgraph, viewers.developer, MANY, { c: [] })).message).toBe('creditCodes is empty: give 1 to 1000 subjects.');
    const tooMany = refusal(await ask(subgraph, viewers.developer, MANY, { c: Array.from({ length: 1001 }, () => 诚达物流) }));
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', message: 'creditCodes has 1001 codes; at most 1000 are allowed per request. Split the batch.' });
  });

  it('aliases share one budget of 1,000 subjects per request', async () => {
    const codes = Array.from({ length: 600 }, () => 诚达物流);
    const res = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($c: [ID!]!) { a: enterprises(creditCodes: $c) { name } b: enterprises(creditCodes: $c) { name } }`, { c: codes });
    expect(res.data).toBeNull();
    const e = errorAt(res, 'b')!;
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/^This request asks about more than 1000 subjects in all \(creditCodes has 600, and 600 were asked before it\)/);
  });
});
