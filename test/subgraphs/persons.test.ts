/**
 * Tier 1, the persons subgraph alone, in-process over the showcase: who sees which fact of a
 * natural person (domain.md section 5), consent and its absence, expiry or revocation, the
 * subject's own file, what an asker who may know nothing of a person learns (nothing, not even
 * whether there is a file), the life of the facts it owns (section 6), its input checks, the
 * changes a subject and a regulator make to a file and who may make them, and the audit records
 * of both (section 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../../subgraphs/persons/index.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { TODAY } from '../support/today.ts';
import {
  ask,
  CONSENT,
  changeRecordOf,
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
  type Answer,
  type Running,
  王建国,
  李梅,
  张伟,
  陈静,
  刘洋,
  赵磊,
  孙丽,
  周强,
} from './harness.ts';

const PERSON = /* GraphQL */ `
  query ($c: ID!) {
    person(creditCode: $c) {
      creditCode
      name
      maskedId
      gender
      birthDate
      phone
      address
      occupations { occupation licenseNo issuer status licenseValid }
      financialDefaults { ref }
      creditScore
      creditBand
      consents { client }
    }
  }
`;

/** The reasons of the denied fields of `person`, by field. */
const reasonsOf = (res: Answer) => Object.fromEntries((res.errors ?? []).map((e) => [e.extensions.field, e.extensions.reason]));

const 张伟_DEFAULT = 'JL-LOAN-2023-0917';
const 张伟_MISCONDUCT = '苏司罚〔2024〕17号';

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(persons, store);
});
afterAll(() => subgraph?.stop());

describe('what each asker sees of a person', () => {
  it('a regulator sees the whole file: identity, contact, licences, defaults, score and consents', async () => {
    const { person } = dataOf(await ask(subgraph, viewers.regulator, PERSON, { c: 王建国 }));
    expect(person).toEqual({
      creditCode: 王建国,
      name: '王建国',
      maskedId: '320106********3519',
      gender: 'MALE',
      birthDate: '1978-05-12',
      phone: '13951786420',
      address: '南京市鼓楼区示范路12号',
      occupations: [{ occupation: 'TEACHER', licenseNo: '教资2003320106001', issuer: '南京市教育局', status: 'VALID', licenseValid: true }],
      financialDefaults: [],
      // nothing negative is shown of him: the base score, band A (750 and above)
      creditScore: 780,
      creditBand: 'A',
      consents: [{ client: 'bank-jinling' }],
    });
  });

  it('a bank with consent sees identity in full, defaults and the score; contact, licences and records are FORBIDDEN for its purpose', async () => {
    const res = await ask(subgraph, viewers.bank, PERSON, { c: 张伟 });
    expect(res.data.person).toEqual({
      creditCode: 张伟,
      name: '张伟',
      maskedId: '320502********4715',
      gender: 'MALE',
      birthDate: '1982-03-17',
      phone: null,
      address: null,
      occupations: null,
      financialDefaults: [{ ref: 张伟_DEFAULT }],
      // 780 less 140 for the unpaid default: band D (550 to 649)
      creditScore: 640,
      creditBand: 'D',
      consents: null,
    });
    expect(reasonsOf(res)).toEqual({ 'Person.phone': 'PURPOSE', 'Person.address': 'PURPOSE', 'Person.occupations': 'PURPOSE', 'Person.consents': 'PURPOSE' });
    const phone = errorAt(res, 'person', 'phone')!;
    expect(phone.message).toBe('Person.phone is withheld: the purpose LOAN_UNDERWRITING does not allow contact facts in this form.');
    expect(phone.extensions).toEqual({ code: 'FORBIDDEN', field: 'Person.phone', class: 'CONTACT', purpose: 'LOAN_UNDERWRITING', reason: 'PURPOSE', count: 1 });
    // a denial names the field and the purpose, never the value
    expect(JSON.stringify(res.errors)).not.toContain('18912340017');
    expect(JSON.stringify(res.errors)).not.toContain('苏州市姑苏区');
  });

  it('a bank without consent sees nothing of the person: NO_CONSENT where its column would allow, PURPOSE where it never would', async () => {
    const res = await ask(subgraph, viewers.bank, PERSON, { c: 李梅 });
    expect(res.data.person).toEqual({
      creditCode: 李梅,
      name: null,
      maskedId: null,
      gender: null,
      birthDate: null,
      phone: null,
      address: null,
      occupations: null,
      financialDefaults: null,
      creditScore: null,
      creditBand: null,
      consents: null,
    });
    expect(reasonsOf(res)).toEqual({
      'Person.name': 'NO_CONSENT',
      'Person.maskedId': 'NO_CONSENT',
      'Person.gender': 'NO_CONSENT',
      'Person.birthDate': 'NO_CONSENT',
      'Person.financialDefaults': 'NO_CONSENT',
      'Person.creditScore': 'NO_CONSENT',
      'Person.creditBand': 'NO_CONSENT',
      'Person.phone': 'PURPOSE',
      'Person.address': 'PURPOSE',
      'Person.occupations': 'PURPOSE',
      'Person.consents': 'PURPOSE',
    });
    expect(errorAt(res, 'person', 'name')!.message).toBe(
      "Person.name is withheld: LOAN_UNDERWRITING needs the subject's consent to your client for identity facts, and there is none.",
    );
  });

  it('an employer whose consent has expired gets CONSENT_EXPIRED, and is told to ask for a renewal', async () => {
    const res = await ask(subgraph, viewers.employer, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name maskedId occupations { licenseNo } financialDefaults { ref } } }`, { c: 张伟 });
    expect(res.data.person).toEqual({ name: null, maskedId: null, occupations: null, financialDefaults: null });
    expect(reasonsOf(res)).toEqual({
      'Person.name': 'CONSENT_EXPIRED',
      'Person.maskedId': 'CONSENT_EXPIRED',
      'Person.occupations': 'CONSENT_EXPIRED',
      // an employer never sees financial defaults, consent or not
      'Person.financialDefaults': 'PURPOSE',
    });
    expect(deniedAt(res, 'person', 'occupations')).toMatchObject({ class: 'OCCUPATION', purpose: 'EMPLOYMENT_SCREENING' });
    expect(errorAt(res, 'person', 'name')!.message).toBe(
      "Person.name is withheld: the subject's consent to your client for EMPLOYMENT_SCREENING has expired; ask the subject to renew it.",
    );
  });

  it('an employer with consent sees the name, the masked ID and the licences; not the birth date, the score or the defaults', async () => {
    const res = await ask(subgraph, viewers.employer, PERSON, { c: 陈静 });
    expect(res.data.person).toEqual({
      creditCode: 陈静,
      name: '陈静',
      maskedId: '320203********2021',
      gender: null,
      birthDate: null,
      phone: null,
      address: null,
      occupations: [{ occupation: 'COURIER', licenseNo: '快递从业320203-2021-0456', issuer: '无锡市邮政管理局', status: 'VALID', licenseValid: true }],
      financialDefaults: null,
      creditScore: null,
      creditBand: null,
      consents: null,
    });
    expect(new Set(Object.values(reasonsOf(res)))).toEqual(new Set(['PURPOSE']));
    expect(Object.keys(reasonsOf(res)).sort()).toEqual(
      ['Person.address', 'Person.birthDate', 'Person.consents', 'Person.creditBand', 'Person.creditScore', 'Person.financialDefaults', 'Person.gender', 'Person.phone'],
    );
  });

  it('a platform with consent sees the name, masked ID and score band, not the score, the birth date or the defaults', async () => {
    const res = await ask(subgraph, viewers.platform, PERSON, { c: 刘洋 });
    expect(res.data.person).toMatchObject({ name: '刘洋', maskedId: '320583********1531', creditBand: 'A', creditScore: null, birthDate: null, financialDefaults: null, occupations: [] });
    expect(reasonsOf(res)).toMatchObject({ 'Person.creditScore': 'PURPOSE', 'Person.birthDate': 'PURPOSE', 'Person.financialDefaults': 'PURPOSE' });
  });

  it('a developer (PUBLIC) sees only the key: no fact of a natural person is public here', async () => {
    const res = await ask(subgraph, viewers.developer, PERSON, { c: 王建国 });
    expect(res.data.person).toEqual({
      creditCode: 王建国,
      name: null,
      maskedId: null,
      gender: null,
      birthDate: null,
      phone: null,
      address: null,
      occupations: null,
      financialDefaults: null,
      creditScore: null,
      creditBand: null,
      consents: null,
    });
    expect(res.errors).toHaveLength(11);
    for (const e of res.errors!) expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', purpose: 'PUBLIC', reason: 'PURPOSE', count: 1 });
  });

  it("the subject sees their own file, expired facts included; on someone else's file their token is PUBLIC", async () => {
    const own = dataOf(
      await ask(
        subgraph,
        viewers.self(张伟),
        /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { phone address creditScore
          occupations { status licenseValid misconduct { ref severity decidedAt displayUntil status } }
          consents { id client purpose grantedAt expiresAt revokedAt state } } }`,
        { c: 张伟 },
      ),
    );
    expect(own.person).toEqual({
      phone: '18912340017',
      address: '苏州市姑苏区示范巷3号',
      // the expired misconduct counts for nobody, the subject included: 780 − 140 for the default
      creditScore: 640,
      occupations: [
        {
          status: 'SUSPENDED',
          licenseValid: false,
          // GENERAL: shown at most 1 year from 2024-06-03
          misconduct: [{ ref: 张伟_MISCONDUCT, severity: 'GENERAL', decidedAt: '2024-06-03', displayUntil: '2025-06-03', status: 'EXPIRED' }],
        },
      ],
      consents: [
        { id: CONSENT.张伟_bank, client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', grantedAt: '2026-10-15', expiresAt: '2027-10-15', revokedAt: null, state: 'VALID' },
        { id: CONSENT.张伟_employer, client: 'employer-suzhou-hr', purpose: 'EMPLOYMENT_SCREENING', grantedAt: '2025-12-01', expiresAt: '2026-01-31', revokedAt: null, state: 'EXPIRED' },
      ],
    });

    const other = await ask(subgraph, viewers.self(张伟), /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name phone } }`, { c: 李梅 });
    expect(other.data.person).toEqual({ name: null, phone: null });
    expect(deniedAt(other, 'person', 'name')).toMatchObject({ purpose: 'SELF_ACCESS', reason: 'PURPOSE' });
  });
});

describe('existence is personal information', () => {
  const NAME = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { creditCode name financialDefaults { ref } } }`;
  /** An answer with the asked code taken out: what is left must not depend on whether there is a file. */
  const withoutCode = (res: Answer, code: string) => JSON.parse(JSON.stringify({ data: res.data, errors: res.errors }).replaceAll(code, '<asked>'));

  const opaque: [string, Viewer, string][] = [
    ['a developer', viewers.developer, 王建国],
    ['a bank without consent', viewers.bank, 李梅],
    ['an employer without consent', viewers.employer, 李梅],
    ["another person's own token", viewers.self(陈静), 王建国],
  ];
  it.each(opaque)('%s gets the same answer for a citizen ID with a file and one without', async (_, viewer, code) => {
    const withFile = await ask(subgraph, viewer, NAME, { c: code });
    const without = await ask(subgraph, viewer, NAME, { c: NO_FILE });
    expect(withFile.data.person).toEqual({ creditCode: code, name: null, financialDefaults: null });
    expect(withoutCode(without, NO_FILE)).toEqual(withoutCode(withFile, code));
  });

  it("an expired consent is the client's own business, not a sign of a file: a code without a file but with an expired consent gets 张伟's answer", async () => {
    const noFile = makeCitizenId('320106', '1990-01-01', 7);
    await store.collection('consents').insertOne({
      _id: `${noFile}:employer-suzhou-hr:EMPLOYMENT_SCREENING:2025-12-01`,
      subject: noFile,
      client: 'employer-suzhou-hr',
      purpose: 'EMPLOYMENT_SCREENING',
      grantedAt: '2025-12-01',
      expiresAt: '2026-01-31',
    });
    const withFile = await ask(subgraph, viewers.employer, NAME, { c: 张伟 });
    const without = await ask(subgraph, viewers.employer, NAME, { c: noFile });
    expect(denials(withFile)).toEqual([
      ['person.name', 'Person.name', 'CONSENT_EXPIRED'],
      ['person.financialDefaults', 'Person.financialDefaults', 'PURPOSE'],
    ]);
    expect(withoutCode(without, noFile)).toEqual(withoutCode(withFile, 张伟));
  });

  it('askers who may know of the file get null for a citizen ID without one', async () => {
    for (const viewer of [viewers.regulator, viewers.self(NO_FILE)]) {
      const res = await ask(subgraph, viewer, NAME, { c: NO_FILE });
      expect(res).toMatchObject({ data: { person: null } });
      expect(res.errors).toBeUndefined();
    }
  });

  it('_entities answers the same way: the key alone for an opaque asker, null for one who may know', async () => {
    const ENTITIES = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { creditCode name } } }`;
    const r = [{ __typename: 'Person', creditCode: 王建国 }, { __typename: 'Person', creditCode: NO_FILE }];
    const developer = await ask(subgraph, viewers.developer, ENTITIES, { r });
    expect(developer.data._entities).toEqual([
      { creditCode: 王建国, name: null },
      { creditCode: NO_FILE, name: null },
    ]);
    expect(denials(developer)).toEqual([
      ['_entities.0.name', 'Person.name', 'PURPOSE'],
      ['_entities.1.name', 'Person.name', 'PURPOSE'],
    ]);
    expect(dataOf(await ask(subgraph, viewers.regulator, ENTITIES, { r }))._entities).toEqual([{ creditCode: 王建国, name: '王建国' }, null]);
  });
});

describe('the life of the facts the persons subgraph owns', () => {
  let own: Store;
  let sub: Running;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(persons, own);
    // facts the showcase lacks, on 王建国 (consented to the bank): a GENERAL misconduct whose stored
    // display date runs past the 1-year maximum, a MINOR one, a default settled over 5 years ago and
    // one settled in 2024
    const wang = (await own.collection('persons').findOne({ _id: 王建国 }))!;
    const misconduct = [
      { ref: '宁教罚〔2026〕21号', what: '违规有偿补课', measure: '警告', authority: '南京市教育局', decidedAt: '2026-06-01', displayUntil: '2028-01-01', severity: 'GENERAL' as const, status: 'ACTIVE' as const },
      { ref: '宁教罚〔2026〕30号', what: '迟到', measure: '批评教育', authority: '南京市教育局', decidedAt: '2026-11-20', severity: 'MINOR' as const, status: 'ACTIVE' as const },
    ];
    await own.collection('persons').updateOne({ _id: 王建国 }, { $set: { occupations: [{ ...wang.occupations[0]!, misconduct }] } });
    const settled = (ref: string, overdueSince: string, settledAt: string, displayUntil: string) => ({
      _id: ref,
      ref,
      subject: 王建国,
      lender: '金陵示范银行',
      product: '信用卡',
      overdueAmount: 5000,
      overdueSince,
      repayment: 'SETTLED' as const,
      settledAt,
      authority: '金陵示范银行',
      decidedAt: overdueSince,
      severity: 'SERIOUS' as const,
      status: 'ACTIVE' as const,
      displayUntil,
    });
    await own.collection('financialDefaults').insertMany([settled('JL-CARD-2019-0101', '2019-06-01', '2021-01-10', '2026-01-10'), settled('JL-CARD-2023-0202', '2023-08-01', '2024-03-01', '2029-03-01')]);
    await own.collection('consents').insertOne({ _id: `${王建国}:platform-yunji:MERCHANT_ONBOARDING:2026-11-02`, subject: 王建国, client: 'platform-yunji', purpose: 'MERCHANT_ONBOARDING', grantedAt: '2026-11-02', expiresAt: '2027-11-02' });
  });
  afterAll(() => sub?.stop());

  const FILE = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) {
    occupations { misconduct { ref displayUntil status } }
    financialDefaults { ref repayment settledAt displayUntil status }
    creditScore creditBand } }`;

  it('an unpaid default has no end date and stays ACTIVE', async () => {
    const { person } = dataOf(await ask(sub, viewers.bank, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { financialDefaults { ref lender product overdueAmount overdueSince repayment settledAt displayUntil status dispute { objectionRef } } } }`, { c: 张伟 }));
    expect(person.financialDefaults).toEqual([
      { ref: 张伟_DEFAULT, lender: '金陵示范银行', product: '个人消费贷款', overdueAmount: 38888.88, overdueSince: '2025-02-14', repayment: 'OVERDUE', settledAt: null, displayUntil: null, status: 'ACTIVE', dispute: null },
    ]);
  });

  it('expired and MINOR facts are shown to nobody but the subject and count in no score; a stored date never runs past its maximum', async () => {
    const regulator = dataOf(await ask(sub, viewers.regulator, FILE, { c: 王建国 })).person;
    expect(regulator).toEqual({
      // GENERAL: at most 1 year from 2026-06-01, whatever date was stored
      occupations: [{ misconduct: [{ ref: '宁教罚〔2026〕21号', displayUntil: '2027-06-01', status: 'ACTIVE' }] }],
      // 5 years from settlement: the 2021 settlement ended on 2026-01-10
      financialDefaults: [{ ref: 'JL-CARD-2023-0202', repayment: 'SETTLED', settledAt: '2024-03-01', displayUntil: '2029-03-01', status: 'ACTIVE' }],
      // 780 − 40 (the GENERAL misconduct) − 30 (the settled default shown, settled more than two years ago)
      creditScore: 710,
      creditBand: 'B',
    });

    // a lender may not read misconduct, so its score leaves it out: 780 − 30
    const bank = await ask(sub, viewers.bank, FILE, { c: 王建国 });
    expect(bank.data.person).toEqual({ occupations: null, financialDefaults: regulator.financialDefaults, creditScore: 750, creditBand: 'A' });

    const self = dataOf(await ask(sub, viewers.self(王建国), FILE, { c: 王建国 })).person;
    expect(self.occupations[0].misconduct).toEqual([
      { ref: '宁教罚〔2026〕21号', displayUntil: '2027-06-01', status: 'ACTIVE' },
      // MINOR: never shown; its period ends the day before its decision
      { ref: '宁教罚〔2026〕30号', displayUntil: '2026-11-19', status: 'EXPIRED' },
    ]);
    expect(self.financialDefaults).toEqual([
      { ref: 'JL-CARD-2019-0101', repayment: 'SETTLED', settledAt: '2021-01-10', displayUntil: '2026-01-10', status: 'EXPIRED' },
      { ref: 'JL-CARD-2023-0202', repayment: 'SETTLED', settledAt: '2024-03-01', displayUntil: '2029-03-01', status: 'ACTIVE' },
    ]);
    expect(self.creditScore).toBe(710);
  });

  it('a band follows its sources: a platform, which may read neither defaults nor misconduct, gets the band of a clean file', async () => {
    const res = await ask(sub, viewers.platform, FILE, { c: 王建国 });
    // the regulator's band is B (710); none of the facts behind it is the platform's to see
    expect(res.data.person).toEqual({ occupations: [{ misconduct: null }], financialDefaults: null, creditScore: null, creditBand: 'A' });
    expect(denials(res)).toEqual([
      ['person.occupations.0.misconduct', 'Occupation.misconduct', 'PURPOSE'],
      ['person.financialDefaults', 'Person.financialDefaults', 'PURPOSE'],
      ['person.creditScore', 'Person.creditScore', 'PURPOSE'],
    ]);
  });

  it("张伟's expired misconduct is not shown to a regulator, but his licence's standing is", async () => {
    const { person } = dataOf(await ask(sub, viewers.regulator, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { occupations { status licenseValid misconduct { ref } } } }`, { c: 张伟 }));
    expect(person.occupations).toEqual([{ status: 'SUSPENDED', licenseValid: false, misconduct: [] }]);
  });
});

describe('input checks', () => {
  const ONE = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { creditCode } }`;
  const MANY = /* GraphQL */ `query ($c: [ID!]!) { persons(creditCodes: $c) { creditCode name } }`;
  const bad = showcase.invalidIdentifiers;

  it.each([
    [bad.citizenIdBadCheckDigit, 'CHECK', `Invalid citizen ID "${bad.citizenIdBadCheckDigit}": check digit should be 9.`],
    [bad.citizenIdBadDate, 'DATE', `Invalid citizen ID "${bad.citizenIdBadDate}": birth date 19781332: there is no month 13.`],
    [bad.tooShort, 'LENGTH', `Invalid citizen ID "${bad.tooShort}": a citizen ID has 18 characters; this one has 17.`],
    ['91320106MA1W2K3L48', 'CHARSET', 'Invalid citizen ID "91320106MA1W2K3L48": character 9 is "M": the first 17 characters of a citizen ID are digits.'],
  ])('person(creditCode: %s) is BAD_USER_INPUT saying what is wrong', async (code, problem, message) => {
    const res = await ask(subgraph, viewers.regulator, ONE, { c: code });
    expect(res.data).toEqual({ person: null });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message, extensions: { code: 'BAD_USER_INPUT', field: 'creditCode', problem } });
  });

  it('persons() names the first invalid code by its position and lists every invalid one; nothing is answered', async () => {
    const res = await ask(subgraph, viewers.regulator, MANY, { c: [王建国, bad.citizenIdBadCheckDigit, 李梅, bad.tooShort] });
    expect(res.data).toBeNull();
    const e = refusal(res);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe(
      `Invalid citizen ID "${bad.citizenIdBadCheckDigit}" at creditCodes[1]: check digit should be 9. (and 1 more invalid codes, listed in extensions.invalid)`,
    );
    expect(e.extensions.invalid.map((i: any) => [i.index, i.problem])).toEqual([
      [1, 'CHECK'],
      [3, 'LENGTH'],
    ]);
  });

  it('persons() takes 1 to 1,000 codes', async () => {
    expect(refusal(await ask(subgraph, viewers.regulator, MANY, { c: [] }))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'creditCodes is empty: give 1 to 1000 subjects.' });
    const tooMany = refusal(await ask(subgraph, viewers.regulator, MANY, { c: Array.from({ length: 1001 }, () => 王建国) }));
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', message: 'creditCodes has 1001 codes; at most 1000 are allowed per request. Split the batch.' });
  });

  it('persons() answers in the order asked, with null where a regulator finds no file', async () => {
    const res = await ask(subgraph, viewers.regulator, MANY, { c: [李梅, NO_FILE, 王建国] });
    expect(dataOf(res).persons).toEqual([{ creditCode: 李梅, name: '李梅' }, null, { creditCode: 王建国, name: '王建国' }]);
  });
});

describe('audit: every answer about a natural person is recorded', () => {
  it("records who asked, under which purpose and consent, the classes returned and the fields denied, before the answer leaves", async () => {
    const res = await ask(subgraph, viewers.bank, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name birthDate phone financialDefaults { ref } creditScore } }`, { c: 张伟 });
    const records = await recordsOf(store, res);
    expect(records).toHaveLength(1);
    const { _id, at, ...record } = records[0]!;
    expect(at.slice(0, 10)).toBe(TODAY);
    expect(record).toEqual({
      requestId: res.requestId,
      subgraph: 'persons',
      client: 'bank-jinling',
      clientKind: 'BANK',
      purpose: 'LOAN_UNDERWRITING',
      subjects: [张伟],
      consents: [CONSENT.张伟_bank],
      consentStates: ['VALID'],
      classes: ['CREDIT_SCORE', 'FINANCIAL_DEFAULT', 'IDENTITY'],
      denied: ['Person.phone'],
    });
  });

  it('groups the subjects of a batch by what they were shown and denied, each beside its consent', async () => {
    const res = await ask(subgraph, viewers.bank, /* GraphQL */ `query ($c: [ID!]!) { persons(creditCodes: $c) { name } }`, { c: [王建国, 李梅, NO_FILE] });
    expect(res.data.persons).toEqual([{ name: '王建国' }, { name: null }, { name: null }]);
    const records = (await recordsOf(store, res)).map((r) => ({ subjects: r.subjects, consents: r.consents, classes: r.classes, denied: r.denied }));
    expect(records).toEqual(
      expect.arrayContaining([
        { subjects: [王建国], consents: [CONSENT.王建国_bank], classes: ['IDENTITY'], denied: [] },
        { subjects: [李梅, NO_FILE], consents: [null, null], classes: [], denied: ['Person.name'] },
      ]),
    );
    expect(records).toHaveLength(2);
  });

  it('a null answer reveals nothing of anyone and writes no record', async () => {
    const res = await ask(subgraph, viewers.regulator, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name } }`, { c: NO_FILE });
    expect(res.data.person).toBeNull();
    expect(await recordsOf(store, res)).toEqual([]);
  });

  it('the subject reads who has queried their file; a bank may not', async () => {
    const bank = await ask(subgraph, viewers.bank, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name } }`, { c: 张伟 });
    const RECORDS = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { queryRecords(limit: 500) { requestId client clientKind purpose consent classes denied action } } }`;
    const own = dataOf(await ask(subgraph, viewers.self(张伟), RECORDS, { c: 张伟 }));
    expect(own.person.queryRecords).toContainEqual({
      requestId: bank.requestId,
      client: 'bank-jinling',
      clientKind: 'BANK',
      purpose: 'LOAN_UNDERWRITING',
      consent: CONSENT.张伟_bank,
      classes: ['IDENTITY'],
      denied: [],
      action: null,
    });
    const byBank = await ask(subgraph, viewers.bank, RECORDS, { c: 张伟 });
    expect(byBank.data.person.queryRecords).toBeNull();
    expect(deniedAt(byBank, 'person', 'queryRecords')).toMatchObject({ class: 'RECORDS', reason: 'PURPOSE' });
  });
});

const GRANT = /* GraphQL */ `mutation ($i: GrantConsentInput!) { grantConsent(input: $i) { id client purpose grantedAt expiresAt revokedAt state } }`;
const REVOKE = /* GraphQL */ `mutation ($id: ID!) { revokeConsent(id: $id) { id state revokedAt } }`;
const FILE_OBJECTION = /* GraphQL */ `mutation ($f: ID!, $r: String!) { fileObjection(factRef: $f, reason: $r) { ref factRef filedAt dueAt reason status } }`;
const RESOLVE = /* GraphQL */ `mutation ($ref: ID!, $o: ObjectionOutcome!, $r: String!) { resolveObjection(ref: $ref, outcome: $o, reason: $r) { ref factRef status resolvedAt outcomeReason } }`;
const REQUEST_REPAIR = /* GraphQL */ `mutation ($f: ID!, $s: String!) { requestRepair(factRef: $f, statement: $s) { ref factRef requestedAt statement status } }`;
const APPROVE = /* GraphQL */ `mutation ($ref: ID!) { approveRepair(ref: $ref) { ref factRef status decidedAt } }`;

const SUBJECT_ONLY = 'the data subject only: sign in with your own token (npm run token -- --subject <citizen ID>)';
const REGULATOR_ONLY = 'a regulator acting under SUPERVISION only';

describe('consents: granted and revoked by the subject', () => {
  let own: Store;
  let sub: Running;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(persons, own);
  });
  afterAll(() => sub?.stop());

  const LICENCES = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { occupations { licenseValid } } }`;

  it('a grant opens the client’s column from the same day, and is recorded', async () => {
    const before = await ask(sub, viewers.platform, LICENCES, { c: 王建国 });
    expect(deniedAt(before, 'person', 'occupations').reason).toBe('NO_CONSENT');

    const res = await ask(sub, viewers.self(王建国), GRANT, { i: { client: 'platform-yunji', purpose: 'MERCHANT_ONBOARDING', expiresAt: '2027-06-30' } });
    const id = `${王建国}:platform-yunji:MERCHANT_ONBOARDING:${TODAY}`;
    expect(dataOf(res).grantConsent).toEqual({ id, client: 'platform-yunji', purpose: 'MERCHANT_ONBOARDING', grantedAt: TODAY, expiresAt: '2027-06-30', revokedAt: null, state: 'VALID' });
    const { _id, at, requestId, ...record } = await changeRecordOf(own, res);
    expect(record).toEqual({
      subgraph: 'persons',
      client: null,
      clientKind: 'SUBJECT',
      purpose: 'SELF_ACCESS',
      subjects: [王建国],
      consents: [null],
      consentStates: [null],
      classes: ['RECORDS'],
      denied: [],
      action: 'grantConsent',
      target: id,
    });

    // a platform sees whether a licence is valid, and no more
    expect(dataOf(await ask(sub, viewers.platform, LICENCES, { c: 王建国 })).person.occupations).toEqual([{ licenseValid: true }]);
    const more = await ask(sub, viewers.platform, /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { occupations { licenseNo } } }`, { c: 王建国 });
    expect(more.data.person.occupations).toEqual([{ licenseNo: null }]);
    expect(deniedAt(more, 'person', 'occupations', 0, 'licenseNo')).toMatchObject({ field: 'Occupation.licenseNo', reason: 'PURPOSE' });
  });

  it.each([
    [{ client: 'bank-jinling', purpose: 'SUPERVISION', expiresAt: '2027-01-01' }, 'input.purpose', 'purpose "SUPERVISION" needs no consent or does not exist: use LOAN_UNDERWRITING, EMPLOYMENT_SCREENING, MERCHANT_ONBOARDING.'],
    [{ client: 'bank-nowhere', purpose: 'LOAN_UNDERWRITING', expiresAt: '2027-01-01' }, 'input.client', 'No client "bank-nowhere" is registered with the hub.'],
    [{ client: 'bank-jinling', purpose: 'EMPLOYMENT_SCREENING', expiresAt: '2027-01-01' }, 'input.purpose', 'Client "bank-jinling" is not licensed for EMPLOYMENT_SCREENING; it is licensed for LOAN_UNDERWRITING.'],
    [{ client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', expiresAt: '2027-02-30' }, 'input.expiresAt', 'expiresAt "2027-02-30" is not a date: use YYYY-MM-DD.'],
    [{ client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', expiresAt: TODAY }, 'input.expiresAt', `expiresAt must be after today (${TODAY}) and at most 36 months ahead.`],
    [{ client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', expiresAt: '2029-11-28' }, 'input.expiresAt', `expiresAt must be after today (${TODAY}) and at most 36 months ahead.`],
  ])('refuses %j with BAD_USER_INPUT on %s, and stores nothing', async (input, argument, message) => {
    const res = await ask(sub, viewers.self(李梅), GRANT, { i: input });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message, extensions: { code: 'BAD_USER_INPUT', argument } });
    expect(await own.collection('consents').count({ subject: 李梅 })).toBe(0);
    expect(await recordsOf(own, res)).toEqual([]);
  });

  it('accepts a consent of exactly 3 years', async () => {
    const res = await ask(sub, viewers.self(李梅), GRANT, { i: { client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', expiresAt: '2029-11-27' } });
    expect(dataOf(res).grantConsent).toMatchObject({ expiresAt: '2029-11-27', state: 'VALID' });
  });

  it.each([
    ['a bank', viewers.bank],
    ['a regulator', viewers.regulator],
  ])('%s may neither grant nor revoke: FORBIDDEN, SUBJECT_ONLY', async (_, viewer) => {
    const grant = refusal(await ask(sub, viewer, GRANT, { i: { client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', expiresAt: '2027-01-01' } }));
    expect(grant).toEqual({ code: 'FORBIDDEN', message: `grantConsent is for ${SUBJECT_ONLY}.`, extensions: { code: 'FORBIDDEN', action: 'grantConsent', reason: 'SUBJECT_ONLY' } });
    const revoke = refusal(await ask(sub, viewer, REVOKE, { id: CONSENT.张伟_bank }));
    expect(revoke).toMatchObject({ code: 'FORBIDDEN', message: `revokeConsent is for ${SUBJECT_ONLY}.`, extensions: { action: 'revokeConsent', reason: 'SUBJECT_ONLY' } });
    expect((await own.collection('consents').findOne({ _id: CONSENT.张伟_bank }))!.revokedAt).toBeUndefined();
  });

  it('a revocation closes the column at once: the bank is back to knowing nothing of the person, not even the file', async () => {
    const NAME = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { creditCode name } }`;
    expect(dataOf(await ask(sub, viewers.bank, NAME, { c: 张伟 })).person.name).toBe('张伟');

    const res = await ask(sub, viewers.self(张伟), REVOKE, { id: CONSENT.张伟_bank });
    const revoked = dataOf(res).revokeConsent;
    expect(revoked).toMatchObject({ id: CONSENT.张伟_bank, state: 'REVOKED' });
    expect(revoked.revokedAt.slice(0, 10)).toBe(TODAY);
    expect(await changeRecordOf(own, res)).toMatchObject({ action: 'revokeConsent', target: CONSENT.张伟_bank, subjects: [张伟], clientKind: 'SUBJECT' });

    const after = await ask(sub, viewers.bank, NAME, { c: 张伟 });
    expect(after.data.person).toEqual({ creditCode: 张伟, name: null });
    expect(deniedAt(after, 'person', 'name').reason).toBe('NO_CONSENT');
    const none = await ask(sub, viewers.bank, NAME, { c: NO_FILE });
    expect(JSON.stringify(none.errors).replaceAll(NO_FILE, '?')).toBe(JSON.stringify(after.errors).replaceAll(张伟, '?'));
  });

  it("refuses to revoke twice, or a consent that is not the caller's, saying what to do", async () => {
    const twice = refusal(await ask(sub, viewers.self(张伟), REVOKE, { id: CONSENT.张伟_bank }));
    expect(twice.code).toBe('BAD_USER_INPUT');
    expect(twice.message).toMatch(new RegExp(`^Consent "${CONSENT.张伟_bank}" was already revoked on ${TODAY}`));
    const notYours = refusal(await ask(sub, viewers.self(李梅), REVOKE, { id: CONSENT.王建国_bank }));
    expect(notYours).toEqual({
      code: 'BAD_USER_INPUT',
      message: `You have no consent with id "${CONSENT.王建国_bank}"; list yours with person { consents { id } }.`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
    expect((await own.collection('consents').findOne({ _id: CONSENT.王建国_bank }))!.revokedAt).toBeUndefined();
  });
});

describe('objections: filed by the subject, answered by a regulator', () => {
  let own: Store;
  let sub: Running;
  let objectionRef: string;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(persons, own);
  });
  afterAll(() => sub?.stop());

  const DEFAULTS = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { financialDefaults { ref status dispute { objectionRef filedAt dueAt status resolvedAt outcome } } creditScore } }`;

  it('flags the fact UNDER_OBJECTION at once for every asker who may see it, due in 20 days, and records the filing', async () => {
    const res = await ask(sub, viewers.self(张伟), FILE_OBJECTION, { f: 张伟_DEFAULT, r: '  逾期金额有误，已部分还款  ' });
    const filed = dataOf(res).fileObjection;
    objectionRef = filed.ref;
    expect(filed).toEqual({ ref: expect.stringMatching(/^OBJ-2026-[0-9A-F]{8}$/), factRef: 张伟_DEFAULT, filedAt: TODAY, dueAt: '2026-12-17', reason: '逾期金额有误，已部分还款', status: 'UNDER_REVIEW' });
    expect(await changeRecordOf(own, res)).toMatchObject({ action: 'fileObjection', target: objectionRef, subjects: [张伟], client: null, clientKind: 'SUBJECT', purpose: 'SELF_ACCESS' });

    const flag = { objectionRef, filedAt: TODAY, dueAt: '2026-12-17', status: 'UNDER_REVIEW', resolvedAt: null, outcome: null };
    for (const viewer of [viewers.bank, viewers.regulator, viewers.self(张伟)]) {
      expect(dataOf(await ask(sub, viewer, DEFAULTS, { c: 张伟 })).person.financialDefaults).toEqual([{ ref: 张伟_DEFAULT, status: 'UNDER_OBJECTION', dispute: flag }]);
    }
  });

  it('refuses a second objection while one is open, naming it', async () => {
    const again = refusal(await ask(sub, viewers.self(张伟), FILE_OBJECTION, { f: 张伟_DEFAULT, r: '再次申请' }));
    expect(again.code).toBe('BAD_USER_INPUT');
    expect(again.message).toBe(
      `You already have an open objection to ${张伟_DEFAULT}: ${objectionRef}, filed on ${TODAY}, is under review and must be answered by 2026-12-17. Wait for its answer before objecting again.`,
    );
    expect(await own.collection('objections').count({ factRef: 张伟_DEFAULT })).toBe(1);
  });

  it("answers a ref outside the caller's own file exactly like a ref that does not exist", async () => {
    const answer = async (ref: string) => {
      const e = refusal(await ask(sub, viewers.self(张伟), FILE_OBJECTION, { f: ref, r: '不是事实' }));
      return { ...e, message: e.message.replace(ref, '<ref>') };
    };
    const missing = await answer('NO-SUCH-REF-1');
    expect(missing).toEqual({
      code: 'BAD_USER_INPUT',
      message:
        'There is no fact with ref "<ref>" in your file: use the ref your file shows (person { … ref }). fileObjection is for facts in your own file; an organisation answers for its own facts through its legal representative and the issuing authority.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'factRef' },
    });
    // 李梅's court listing, 刘洋's shop violation, and the penalty of the company 张伟 represents
    for (const ref of ['(2025)苏01执1234号', 'EV-2026-0042', '苏园市监罚〔2025〕112号']) expect(await answer(ref), ref).toEqual(missing);
    expect(await own.collection('objections').count({ subject: 张伟, factRef: { $ne: 张伟_DEFAULT } })).toBe(0);
  });

  it.each([
    [{ f: 张伟_DEFAULT, r: '   ' }, 'reason', 'reason must be your reason of 1 to 500 characters (it has 0).'],
    [{ f: 张伟_DEFAULT, r: '长'.repeat(501) }, 'reason', 'reason must be your reason of 1 to 500 characters (it has 501).'],
    [{ f: '', r: '有误' }, 'factRef', 'factRef must be a reference of 1 to 80 characters.'],
    [{ f: 'R'.repeat(81), r: '有误' }, 'factRef', 'factRef must be a reference of 1 to 80 characters.'],
  ])('refuses fileObjection(%j) with BAD_USER_INPUT on %s', async (args, argument, message) => {
    const res = await ask(sub, viewers.self(孙丽), FILE_OBJECTION, args);
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message, extensions: { code: 'BAD_USER_INPUT', argument } });
    expect(await recordsOf(own, res)).toEqual([]);
  });

  it('lets no client object on a subject’s behalf', async () => {
    for (const viewer of [viewers.bank, viewers.regulator]) {
      const res = await ask(sub, viewer, FILE_OBJECTION, { f: 张伟_DEFAULT, r: '代为申请' });
      expect(refusal(res)).toMatchObject({ code: 'FORBIDDEN', message: `fileObjection is for ${SUBJECT_ONLY}.`, extensions: { action: 'fileObjection', reason: 'SUBJECT_ONLY' } });
      expect(await recordsOf(own, res)).toEqual([]);
    }
  });

  it('lets only a regulator answer, and refuses an unknown objection', async () => {
    for (const viewer of [viewers.self(张伟), viewers.bank, viewers.employer, viewers.developer]) {
      const res = refusal(await ask(sub, viewer, RESOLVE, { ref: objectionRef, o: 'REMOVED', r: '撤销' }));
      expect(res).toEqual({ code: 'FORBIDDEN', message: `resolveObjection is for ${REGULATOR_ONLY}.`, extensions: { code: 'FORBIDDEN', action: 'resolveObjection', reason: 'ROLE' } });
    }
    expect(refusal(await ask(sub, viewers.regulator, RESOLVE, { ref: 'OBJ-2026-NOSUCH', o: 'REMOVED', r: '撤销' }))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'There is no objection "OBJ-2026-NOSUCH".',
      extensions: { code: 'BAD_USER_INPUT', argument: 'ref' },
    });
    expect(refusal(await ask(sub, viewers.regulator, RESOLVE, { ref: objectionRef, o: 'REMOVED', r: '' })).message).toBe('reason must be the reason for the answer of 1 to 500 characters (it has 0).');
    expect((await own.collection('objections').findOne({ _id: objectionRef }))!.status).toBe('UNDER_REVIEW');
  });

  it('REMOVED: the fact is shown to nobody but the subject and no longer counts in the score; the answer is recorded and final', async () => {
    const res = await ask(sub, viewers.regulator, RESOLVE, { ref: objectionRef, o: 'REMOVED', r: '贷款已于2025年结清，银行误报' });
    expect(dataOf(res).resolveObjection).toEqual({ ref: objectionRef, factRef: 张伟_DEFAULT, status: 'REMOVED', resolvedAt: TODAY, outcomeReason: '贷款已于2025年结清，银行误报' });
    expect(await changeRecordOf(own, res)).toMatchObject({ action: 'resolveObjection', target: objectionRef, subjects: [张伟], client: 'regulator-jiangsu-credit', clientKind: 'REGULATOR', purpose: 'SUPERVISION' });

    for (const viewer of [viewers.bank, viewers.regulator]) {
      expect(dataOf(await ask(sub, viewer, DEFAULTS, { c: 张伟 })).person).toEqual({ financialDefaults: [], creditScore: 780 });
    }
    expect(dataOf(await ask(sub, viewers.self(张伟), DEFAULTS, { c: 张伟 })).person).toEqual({
      financialDefaults: [
        {
          ref: 张伟_DEFAULT,
          status: 'REMOVED',
          dispute: { objectionRef, filedAt: TODAY, dueAt: '2026-12-17', status: 'REMOVED', resolvedAt: TODAY, outcome: '贷款已于2025年结清，银行误报' },
        },
      ],
      creditScore: 780,
    });

    const twice = refusal(await ask(sub, viewers.regulator, RESOLVE, { ref: objectionRef, o: 'CONFIRMED', r: '改判' }));
    expect(twice.message).toBe(`Objection ${objectionRef} was already answered REMOVED on ${TODAY}: only an objection under review can be resolved.`);
    const refile = refusal(await ask(sub, viewers.self(张伟), FILE_OBJECTION, { f: 张伟_DEFAULT, r: '再议' }));
    expect(refile.message).toBe(`${张伟_DEFAULT} was already removed on your objection ${objectionRef} (${TODAY}): it is shown to nobody but you.`);
  });

  it('CONFIRMED keeps the fact shown, with the outcome on its flag', async () => {
    // 周强's objection to his administrative penalty, open in the showcase
    const res = await ask(sub, viewers.regulator, RESOLVE, { ref: 'OBJ-2026-0193', o: 'CONFIRMED', r: '经核实车辆当日由本人驾驶' });
    expect(dataOf(res).resolveObjection).toEqual({ ref: 'OBJ-2026-0193', factRef: '盐交罚〔2026〕555号', status: 'CONFIRMED', resolvedAt: TODAY, outcomeReason: '经核实车辆当日由本人驾驶' });
    const { person } = dataOf(await ask(sub, viewers.self(周强), /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { objections { ref status resolvedAt outcomeReason } } }`, { c: 周强 }));
    expect(person.objections).toEqual([{ ref: 'OBJ-2026-0193', status: 'CONFIRMED', resolvedAt: TODAY, outcomeReason: '经核实车辆当日由本人驾驶' }]);
  });
});

describe('repair: applied for by the subject, approved by a regulator', () => {
  let own: Store;
  let sub: Running;
  let repairRef: string;
  const 宁教罚_9 = '宁教罚〔2026〕9号';
  const 宁教罚_40 = '宁教罚〔2026〕40号';
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(persons, own);
    // on 王建国's teaching licence: a GENERAL misconduct past its 3-month minimum, and one within it
    const wang = (await own.collection('persons').findOne({ _id: 王建国 }))!;
    const misconduct = (ref: string, decidedAt: string) => ({ ref, what: '违规有偿补课', measure: '警告', authority: '南京市教育局', decidedAt, severity: 'GENERAL' as const, status: 'ACTIVE' as const });
    await own.collection('persons').updateOne({ _id: 王建国 }, { $set: { occupations: [{ ...wang.occupations[0]!, misconduct: [misconduct(宁教罚_9, '2026-05-10'), misconduct(宁教罚_40, '2026-10-01')] }] } });
  });
  afterAll(() => sub?.stop());

  const request = (subject: string, f: string, s = '已履行全部义务并完成整改') => ask(sub, viewers.self(subject), REQUEST_REPAIR, { f, s });

  it('refuses before the minimum display period has passed, naming the first day one may apply', async () => {
    const res = refusal(await request(王建国, 宁教罚_40));
    expect(res.code).toBe('BAD_USER_INPUT');
    // GENERAL: shown at least 3 months from 2026-10-01
    expect(res.message).toMatch(/^requestRepair refused: 宁教罚〔2026〕40号 is still within its minimum display period: a GENERAL fact is shown at least 3 months from 2026-10-01 /);
    expect(res.message).toMatch(/You may apply for repair from 2027-01-02\.$/);
    expect(res.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'factRef', earliest: '2027-01-02' });
  });

  it.each([
    [张伟, 张伟_DEFAULT, `requestRepair refused: ${张伟_DEFAULT} is still overdue: repay it first; its display period runs from the day it is settled.`],
    [李梅, '(2025)苏01执1234号', 'requestRepair refused: (2025)苏01执1234号 is a court listing for refusing to perform: it has no fixed term and is not repaired; the court removes it within 3 working days of performance.'],
    [赵磊, '苏税稽罚〔2019〕88号', "requestRepair refused: 苏税稽罚〔2019〕88号's display period ended on 2022-05-06: it is no longer shown or used, so there is nothing to repair."],
    [孙丽, '宁市监罚〔2024〕301号', 'requestRepair refused: 宁市监罚〔2024〕301号 is already repaired: it is shown to nobody but you.'],
  ])('refuses what cannot be repaired: %s, %s', async (subject, ref, message) => {
    const res = await request(subject, ref);
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', message });
    expect(await recordsOf(own, res)).toEqual([]);
  });

  it("answers another person's fact like a missing one, checks the statement, and lets no client apply", async () => {
    const missing = refusal(await request(王建国, 'NO-SUCH-REF'));
    const othersFact = refusal(await request(王建国, 张伟_DEFAULT));
    expect(othersFact).toEqual({ ...missing, message: missing.message.replace('NO-SUCH-REF', 张伟_DEFAULT) });
    expect(missing.message).toMatch(/^There is no fact with ref "NO-SUCH-REF" in your file: .* requestRepair is for facts in your own file/);
    expect(refusal(await request(王建国, 宁教罚_9, ' '))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'statement must be your statement of 1 to 500 characters (it has 0).' });
    expect(refusal(await ask(sub, viewers.regulator, REQUEST_REPAIR, { f: 宁教罚_9, s: '代为申请' }))).toMatchObject({ code: 'FORBIDDEN', extensions: { action: 'requestRepair', reason: 'SUBJECT_ONLY' } });
    expect(await own.collection('repairRequests').count({ subject: 王建国 })).toBe(0);
  });

  it('takes an application once the minimum has passed, records it, and refuses a second while it is pending', async () => {
    const res = await request(王建国, 宁教罚_9);
    const applied = dataOf(res).requestRepair;
    repairRef = applied.ref;
    expect(applied).toEqual({ ref: expect.stringMatching(/^REP-2026-[0-9A-F]{8}$/), factRef: 宁教罚_9, requestedAt: TODAY, statement: '已履行全部义务并完成整改', status: 'PENDING' });
    expect(await changeRecordOf(own, res)).toMatchObject({ action: 'requestRepair', target: repairRef, subjects: [王建国], clientKind: 'SUBJECT' });
    expect(refusal(await request(王建国, 宁教罚_9)).message).toBe(`You already applied to repair ${宁教罚_9}: ${repairRef}, filed on ${TODAY}, is pending.`);
  });

  it('lets only a regulator approve, and refuses an unknown request', async () => {
    for (const viewer of [viewers.self(王建国), viewers.bank]) {
      expect(refusal(await ask(sub, viewer, APPROVE, { ref: repairRef }))).toEqual({
        code: 'FORBIDDEN',
        message: `approveRepair is for ${REGULATOR_ONLY}.`,
        extensions: { code: 'FORBIDDEN', action: 'approveRepair', reason: 'ROLE' },
      });
    }
    expect(refusal(await ask(sub, viewers.regulator, APPROVE, { ref: 'REP-2026-NOSUCH' }))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'There is no repair request "REP-2026-NOSUCH".' });
    expect((await own.collection('repairRequests').findOne({ _id: repairRef }))!.status).toBe('PENDING');
  });

  it('approval repairs the fact from today: shown to nobody but the subject, counted in no score; recorded, and final', async () => {
    const FILE = /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { occupations { misconduct { ref status } } creditScore } }`;
    // applying does not repair: 780 − 40 − 40 for the two GENERAL misconducts
    expect(dataOf(await ask(sub, viewers.regulator, FILE, { c: 王建国 })).person.creditScore).toBe(700);

    const res = await ask(sub, viewers.regulator, APPROVE, { ref: repairRef });
    expect(dataOf(res).approveRepair).toEqual({ ref: repairRef, factRef: 宁教罚_9, status: 'APPROVED', decidedAt: TODAY });
    expect(await changeRecordOf(own, res)).toMatchObject({ action: 'approveRepair', target: repairRef, subjects: [王建国], client: 'regulator-jiangsu-credit' });

    expect(dataOf(await ask(sub, viewers.regulator, FILE, { c: 王建国 })).person).toEqual({ occupations: [{ misconduct: [{ ref: 宁教罚_40, status: 'ACTIVE' }] }], creditScore: 740 });
    expect(dataOf(await ask(sub, viewers.self(王建国), FILE, { c: 王建国 })).person).toEqual({
      occupations: [{ misconduct: [{ ref: 宁教罚_9, status: 'REPAIRED' }, { ref: 宁教罚_40, status: 'ACTIVE' }] }],
      creditScore: 740,
    });
    const { person } = dataOf(await ask(sub, viewers.self(王建国), /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { repairRequests { ref factRef status decidedAt } } }`, { c: 王建国 }));
    expect(person.repairRequests).toEqual([{ ref: repairRef, factRef: 宁教罚_9, status: 'APPROVED', decidedAt: TODAY }]);
    expect(refusal(await ask(sub, viewers.regulator, APPROVE, { ref: repairRef })).message).toBe(
      `Repair request ${repairRef} was already approved on ${TODAY}: only a pending request can be approved.`,
    );
  });
});

describe('overdue objections: the regulator’s list', () => {
  let own: Store;
  let sub: Running;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(persons, own);
    const objection = (ref: string, subject: string, factRef: string, filedAt: string, dueAt: string, status: 'UNDER_REVIEW' | 'CONFIRMED') => ({
      _id: ref,
      ref,
      factRef,
      subject,
      filedAt,
      dueAt,
      reason: '有误',
      status,
      ...(status === 'CONFIRMED' ? { resolvedAt: '2026-09-10', outcomeReason: '维持' } : {}),
    });
    await own.collection('objections').insertMany([
      objection('OBJ-2026-0101', 李梅, '(2025)苏01执1234号', '2026-10-20', '2026-11-09', 'UNDER_REVIEW'),
      objection('OBJ-2026-0102', 刘洋, '云集黑〔2026〕0042号', '2026-10-01', '2026-10-21', 'UNDER_REVIEW'),
      objection('OBJ-2026-0103', 孙丽, '宁市监罚〔2024〕301号', '2026-09-01', '2026-09-21', 'CONFIRMED'),
    ]);
  });
  afterAll(() => sub?.stop());

  const OVERDUE = /* GraphQL */ `query ($n: Int) { overdueObjections(limit: $n) { ref factRef dueAt status subject { creditCode name } } }`;

  it('lists the objections under review past their due date, the longest overdue first; not answered ones, not ones still in time', async () => {
    const { overdueObjections } = dataOf(await ask(sub, viewers.regulator, OVERDUE, {}));
    expect(overdueObjections).toEqual([
      { ref: 'OBJ-2026-0102', factRef: '云集黑〔2026〕0042号', dueAt: '2026-10-21', status: 'UNDER_REVIEW', subject: { creditCode: 刘洋, name: '刘洋' } },
      { ref: 'OBJ-2026-0101', factRef: '(2025)苏01执1234号', dueAt: '2026-11-09', status: 'UNDER_REVIEW', subject: { creditCode: 李梅, name: '李梅' } },
    ]);
    expect(dataOf(await ask(sub, viewers.regulator, OVERDUE, { n: 1 })).overdueObjections.map((o: any) => o.ref)).toEqual(['OBJ-2026-0102']);
  });

  it.each([0, -1, 1001])('refuses a limit of %i with BAD_USER_INPUT naming the range, rather than answering another page', async (n) => {
    const res = await ask(sub, viewers.regulator, OVERDUE, { n });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'limit' });
    expect(res.errors![0]!.message).toBe(`limit must be from 1 to 1000 (it is ${n}).`);
  });

  it.each([0, 501])("refuses a person's queryRecords limit of %i with BAD_USER_INPUT", async (n) => {
    const res = await ask(sub, viewers.self(刘洋), /* GraphQL */ `query ($c: ID!, $n: Int) { person(creditCode: $c) { queryRecords(limit: $n) { requestId } } }`, { c: 刘洋, n });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'limit' });
    expect(res.errors![0]!.message).toBe(`limit must be from 1 to 500 (it is ${n}).`);
  });

  it.each([
    ['a bank', viewers.bank],
    ['a developer', viewers.developer],
    ['a subject', viewers.self(刘洋)],
  ])('is refused to %s', async (_, viewer) => {
    const res = await ask(sub, viewer, OVERDUE, {});
    expect(res.data.overdueObjections).toBeNull();
    expect(refusal(res)).toEqual({ code: 'FORBIDDEN', message: `overdueObjections is for ${REGULATOR_ONLY}.`, extensions: { code: 'FORBIDDEN', action: 'overdueObjections', reason: 'ROLE' } });
  });
});
