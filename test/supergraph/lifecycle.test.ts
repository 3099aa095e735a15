/**
 * The life of a credit fact, through the gateway (domain.md section 6; issue 5, "Lifecycle"):
 * objections flag a fact at once and are answered within 20 days; a removed or repaired fact is
 * shown to nobody but the subject and counts in no derived value; repair is refused before the
 * minimum display period; consents are granted and revoked by the subject; who may make each
 * change is decided by who asks, and every change leaves an audit record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import type { GraphQLBody, TestHub } from '../support/hub.ts';
import { startTestHub, TODAY } from '../support/hub.ts';

const 周强 = '320982198610092710';
const 孙丽 = '320104198802145423';
const 李梅 = '320102198509231629';
const 张伟 = '320502198203174715';
const 刘洋 = '320583199001011531';
const 王建国 = '320106197805123519';
const 陈静 = '320203199507082021';

const BANK = 'bank-jinling';
const PLATFORM = 'platform-yunji';
const REGULATOR = 'regulator-jiangsu-credit';
const DEVELOPER = 'developer-sandbox';

const 周强_PENALTY = '盐交罚〔2026〕555号';
const 孙丽_PENALTY = '宁市监罚〔2024〕301号';
const 李梅_COURT_LISTING = '(2025)苏01执1234号';
const 刘洋_BLACKLISTING = '云集黑〔2026〕0042号';
const 刘洋_VIOLATION = 'EV-2026-0042';
const 刘洋_SHOP = 'yunji:shop:208877';
const 张伟_DEFAULT = 'JL-LOAN-2023-0917';

const DISPUTE = /* GraphQL */ 'dispute { objectionRef filedAt dueAt status resolvedAt outcome }';
const ENTRY = /* GraphQL */ `ref status ${DISPUTE}`;

const FILE_OBJECTION = /* GraphQL */ `mutation($f: ID!, $r: String!) { fileObjection(factRef: $f, reason: $r) { ref factRef filedAt dueAt status } }`;
const RESOLVE_OBJECTION = /* GraphQL */ `mutation($ref: ID!, $o: ObjectionOutcome!, $r: String!) { resolveObjection(ref: $ref, outcome: $o, reason: $r) { ref status resolvedAt outcomeReason } }`;
const REQUEST_REPAIR = /* GraphQL */ `mutation($f: ID!, $s: String!) { requestRepair(factRef: $f, statement: $s) { ref factRef requestedAt status } }`;
const APPROVE_REPAIR = /* GraphQL */ `mutation($ref: ID!) { approveRepair(ref: $ref) { ref factRef status decidedAt } }`;

function data<T = any>(res: GraphQLBody<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

/** The one error a refused call returns: its code and message. */
function refusal(res: GraphQLBody<unknown>): { code: string; message: string; extensions: Record<string, any> } {
  expect(res.errors, 'the call should have been refused').toBeDefined();
  const [e] = res.errors!;
  return { code: e!.extensions!.code, message: e!.message, extensions: e!.extensions! };
}

const errorAt = (res: GraphQLBody<unknown>, path: string) => res.errors?.find((e) => e.path?.filter((p) => typeof p === 'string').join('.') === path);

describe('objections', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.stop());

  const penaltiesOf = (asker: string, code: string) =>
    t.query(asker, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { administrativePenalties { ${ENTRY} } } } }`, { c: code });

  it("周强 sees his open objection, and every asker who may see the disputed penalty sees it flagged UNDER_OBJECTION", async () => {
    const own = data(await t.query(周强, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { objections { ref factRef filedAt dueAt status } } }`, { c: 周强 }));
    expect(own.person.objections).toEqual([{ ref: 'OBJ-2026-0193', factRef: 周强_PENALTY, filedAt: '2026-11-20', dueAt: '2026-12-10', status: 'UNDER_REVIEW' }]);

    const flagged = {
      ref: 周强_PENALTY,
      status: 'UNDER_OBJECTION',
      dispute: { objectionRef: 'OBJ-2026-0193', filedAt: '2026-11-20', dueAt: '2026-12-10', status: 'UNDER_REVIEW', resolvedAt: null, outcome: null },
    };
    for (const asker of [周强, REGULATOR]) {
      expect(data(await penaltiesOf(asker, 周强)).person.sanctions.administrativePenalties, asker).toEqual([flagged]);
    }

    // a bank without 周强's consent may not see a person's administrative penalty at all, flag or not
    const bank = await penaltiesOf(BANK, 周强);
    expect(bank.data.person.sanctions.administrativePenalties).toBeNull();
    expect(errorAt(bank, 'person.sanctions.administrativePenalties')?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    expect(JSON.stringify(bank)).not.toContain('OBJ-2026-0193');
  });

  it('flags a fact UNDER_OBJECTION as soon as the subject objects, due 20 days later, for every asker who may see it', async () => {
    const filed = data(await t.query(刘洋, FILE_OBJECTION, { f: 刘洋_BLACKLISTING, r: '已与平台达成和解，刷单系第三方所为' }));
    expect(filed.fileObjection).toMatchObject({ factRef: 刘洋_BLACKLISTING, filedAt: TODAY, dueAt: '2026-12-17', status: 'UNDER_REVIEW' });
    expect(filed.fileObjection.ref).toMatch(/^OBJ-2026-/);

    const query = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { ecommerceBlacklist { ${ENTRY} } } } }`;
    // the platform holds 刘洋's consent for onboarding; the regulator supervises; he is the subject
    for (const asker of [PLATFORM, REGULATOR, 刘洋]) {
      const [entry] = data(await t.query(asker, query, { c: 刘洋 })).person.sanctions.ecommerceBlacklist;
      expect(entry, asker).toEqual({
        ref: 刘洋_BLACKLISTING,
        status: 'UNDER_OBJECTION',
        dispute: { objectionRef: filed.fileObjection.ref, filedAt: TODAY, dueAt: '2026-12-17', status: 'UNDER_REVIEW', resolvedAt: null, outcome: null },
      });
    }
  });

  it('refuses a second objection to a fact whose objection is still open', async () => {
    const again = refusal(await t.query(周强, FILE_OBJECTION, { f: 周强_PENALTY, r: '再次申请' }));
    expect(again.code).toBe('BAD_USER_INPUT');
    expect(again.message).toMatch(/already have an open objection/);
    expect(again.message).toContain('OBJ-2026-0193');
    expect(await t.store.collection('objections').count({ factRef: 周强_PENALTY })).toBe(1);
  });

  it('lets only the subject object, only to a fact in their own file, with a reason of 1 to 500 characters', async () => {
    const byClient = refusal(await t.query(BANK, FILE_OBJECTION, { f: 张伟_DEFAULT, r: '客户委托' }));
    expect(byClient.code).toBe('FORBIDDEN');
    expect(byClient.message).toMatch(/^fileObjection is for the data subject only/);

    const someoneElses = refusal(await t.query(周强, FILE_OBJECTION, { f: 李梅_COURT_LISTING, r: '不是我' }));
    expect(someoneElses).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no fact .* in your file/) });

    // 张伟 represents 苏州优品电子商务有限公司, but its penalty is the organisation's to answer for
    const organisations = refusal(await t.query(张伟, FILE_OBJECTION, { f: '苏园市监罚〔2025〕112号', r: '处罚过重' }));
    expect(organisations).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/organisation/) });

    const tooLong = refusal(await t.query(张伟, FILE_OBJECTION, { f: 张伟_DEFAULT, r: '长'.repeat(501) }));
    expect(tooLong).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/1 to 500 characters/) });
    expect(await t.store.collection('objections').count({ subject: 张伟 })).toBe(0);
  });

  it('lets only a regulator resolve; CORRECTED keeps the fact shown with the outcome on its flag; an answered objection cannot be answered again', async () => {
    const filed = data(await t.query(张伟, FILE_OBJECTION, { f: 张伟_DEFAULT, r: '逾期金额有误，已部分还款' }));
    const ref = filed.fileObjection.ref;
    const defaults = async (asker: string) =>
      data(await t.query(asker, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { financialDefaults { ${ENTRY} } } }`, { c: 张伟 })).person.financialDefaults;
    expect((await defaults(BANK))[0]).toMatchObject({ ref: 张伟_DEFAULT, status: 'UNDER_OBJECTION' });

    for (const asker of [张伟, BANK]) {
      const notYours = refusal(await t.query(asker, RESOLVE_OBJECTION, { ref, o: 'REMOVED', r: '自行撤销' }));
      expect(notYours.code, asker).toBe('FORBIDDEN');
      expect(notYours.message).toMatch(/^resolveObjection is for a regulator acting under SUPERVISION only/);
    }

    // CORRECTED carries the corrected values (test/subgraphs/outcomes.test.ts covers them in full)
    const CORRECT = /* GraphQL */ `mutation($ref: ID!, $r: String!, $c: [CorrectionInput!]) { resolveObjection(ref: $ref, outcome: CORRECTED, reason: $r, corrections: $c) { ref status resolvedAt outcomeReason } }`;
    const answered = data(await t.query(REGULATOR, CORRECT, { ref, r: '逾期金额更正为 30,000 元', c: [{ field: 'overdueAmount', value: '30000' }] }));
    expect(answered.resolveObjection).toEqual({ ref, status: 'CORRECTED', resolvedAt: TODAY, outcomeReason: '逾期金额更正为 30,000 元' });
    expect((await defaults(BANK))[0]).toEqual({
      ref: 张伟_DEFAULT,
      status: 'ACTIVE',
      dispute: { objectionRef: ref, filedAt: TODAY, dueAt: '2026-12-17', status: 'CORRECTED', resolvedAt: TODAY, outcome: '逾期金额更正为 30,000 元' },
    });

    const twice = refusal(await t.query(REGULATOR, RESOLVE_OBJECTION, { ref, o: 'REMOVED', r: '改判' }));
    expect(twice).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/only an objection under review can be resolved/) });
  });

  it('removes a fact the regulator answers REMOVED: nobody but the subject sees it, and it no longer counts in courtListed', async () => {
    const listing = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { courtListed courtListings { ${ENTRY} } } } }`;
    const publicListing = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { courtListings { ref subjectMaskedId ${DISPUTE} } } } }`;
    expect(data(await t.query(REGULATOR, listing, { c: 李梅 })).person.sanctions.courtListed).toBe(true);

    const { fileObjection } = data(await t.query(李梅, FILE_OBJECTION, { f: 李梅_COURT_LISTING, r: '判决已全部履行完毕' }));
    // the court list is public in part: even a developer sees the listing, and so its dispute flag
    const seenByPublic = data(await t.query(DEVELOPER, publicListing, { c: 李梅 })).person.sanctions.courtListings;
    expect(seenByPublic).toEqual([expect.objectContaining({ ref: 李梅_COURT_LISTING, dispute: expect.objectContaining({ objectionRef: fileObjection.ref, status: 'UNDER_REVIEW' }) })]);

    data(await t.query(REGULATOR, RESOLVE_OBJECTION, { ref: fileObjection.ref, o: 'REMOVED', r: '经核实已履行，移除' }));

    expect(data(await t.query(REGULATOR, listing, { c: 李梅 })).person.sanctions).toEqual({ courtListed: false, courtListings: [] });
    expect(data(await t.query(DEVELOPER, publicListing, { c: 李梅 })).person.sanctions.courtListings).toEqual([]);
    const own = data(await t.query(李梅, listing, { c: 李梅 })).person.sanctions;
    expect(own.courtListed).toBe(false);
    expect(own.courtListings).toEqual([
      expect.objectContaining({ ref: 李梅_COURT_LISTING, status: 'REMOVED', dispute: expect.objectContaining({ status: 'REMOVED', outcome: '经核实已履行，移除' }) }),
    ]);
    // removed is final: a new objection to it is refused
    expect(refusal(await t.query(李梅, FILE_OBJECTION, { f: 李梅_COURT_LISTING, r: '再议' })).message).toMatch(/already removed/);
  });

  it("shows 孙丽's repaired penalty to her alone", async () => {
    const own = data(await t.query(孙丽, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { administrativePenalties { ref status } } repairRequests { factRef status decidedAt } } }`, { c: 孙丽 }));
    expect(own.person.sanctions.administrativePenalties).toEqual([{ ref: 孙丽_PENALTY, status: 'REPAIRED' }]);
    expect(own.person.repairRequests).toEqual([{ factRef: 孙丽_PENALTY, status: 'APPROVED', decidedAt: '2025-01-20' }]);
    expect(data(await penaltiesOf(REGULATOR, 孙丽)).person.sanctions.administrativePenalties).toEqual([]);
    // another person asks under the PUBLIC column: a person's penalties are not public at all
    const other = await t.query(周强, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { administrativePenalties { ref } } } }`, { c: 孙丽 });
    expect(other.data.person.sanctions.administrativePenalties).toBeNull();
    expect(JSON.stringify(other)).not.toContain(孙丽_PENALTY);
  });
});

describe('overdue objections', () => {
  // three weeks after the showcase date: OBJ-2026-0193 was due on 2026-12-10
  const LATER = '2026-12-18';
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ clock: fixedClock(LATER) });
  });
  afterAll(() => t?.stop());

  const OVERDUE = /* GraphQL */ `{ overdueObjections(limit: 1000) { ref factRef dueAt status subject { creditCode name } } }`;

  it('lists for a regulator every objection still under review after its due date, with the subject', async () => {
    const fresh = data(await t.query(刘洋, FILE_OBJECTION, { f: 刘洋_BLACKLISTING, r: '非本人操作' }));
    const overdue = data(await t.query(REGULATOR, OVERDUE)).overdueObjections as any[];
    expect(overdue).toContainEqual({ ref: 'OBJ-2026-0193', factRef: 周强_PENALTY, dueAt: '2026-12-10', status: 'UNDER_REVIEW', subject: { creditCode: 周强, name: '周强' } });
    expect(overdue.every((o) => o.status === 'UNDER_REVIEW' && o.dueAt < LATER)).toBe(true);
    expect(overdue.map((o) => o.ref)).not.toContain(fresh.fileObjection.ref);

    data(await t.query(REGULATOR, RESOLVE_OBJECTION, { ref: 'OBJ-2026-0193', o: 'CONFIRMED', r: '经核实车辆当日由本人驾驶' }));
    expect((data(await t.query(REGULATOR, OVERDUE)).overdueObjections as any[]).map((o) => o.ref)).not.toContain('OBJ-2026-0193');
  });

  it('is for regulators only', async () => {
    for (const asker of [BANK, 周强]) {
      const res = await t.query(asker, OVERDUE);
      expect(res.data?.overdueObjections ?? null).toBeNull();
      expect(refusal(res)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^overdueObjections is for a regulator/) });
    }
  });
});

describe('repair', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
    // facts the showcase lacks: a SERIOUS tax listing of 刘洋 within its first year, a GENERAL
    // misconduct of 王建国 past its 3-month minimum, and a fixed-term serious-dishonesty listing
    // of 陈静 past its first year
    await t.store.collection('sanctionEntries').insertOne({
      _id: '锡税稽罚〔2026〕31号',
      ref: '锡税稽罚〔2026〕31号',
      list: 'MAJOR_TAX_VIOLATION',
      subject: 刘洋,
      subjectKind: 'PERSON',
      subjectName: '刘洋',
      authority: '国家税务总局无锡市税务局稽查局',
      basis: '偷税',
      severity: 'SERIOUS',
      decidedAt: '2026-09-01',
      displayUntil: '2029-09-01',
      status: 'ACTIVE',
      measures: ['FINANCING'],
    });
    await t.store.collection('sanctionEntries').insertOne({
      _id: '苏发改失信〔2025〕7号',
      ref: '苏发改失信〔2025〕7号',
      list: 'SERIOUS_DISHONESTY',
      subject: 陈静,
      subjectKind: 'PERSON',
      subjectName: '陈静',
      authority: '江苏省发展和改革委员会',
      basis: '拒不履行信用承诺',
      severity: 'SERIOUS',
      decidedAt: '2025-06-01',
      displayUntil: '2028-06-01',
      status: 'ACTIVE',
      measures: ['CIVIL_SERVICE_HIRING'],
    });
    const wang = (await t.store.collection('persons').findOne({ _id: 王建国 }))!;
    const misconduct = { ref: '宁教罚〔2026〕9号', what: '违规有偿补课', measure: '警告', authority: '南京市教育局', decidedAt: '2026-05-10', severity: 'GENERAL' as const, status: 'ACTIVE' as const };
    await t.store.collection('persons').updateOne({ _id: 王建国 }, { $set: { occupations: [{ ...wang.occupations[0]!, misconduct: [misconduct] }] } });
  });
  afterAll(() => t?.stop());

  const request = (subject: string, f: string) => t.query(subject, REQUEST_REPAIR, { f, s: '已履行全部义务并完成整改' });

  it('refuses a repair before the minimum display period has passed, naming the first day one may apply', async () => {
    const early = refusal(await request(刘洋, '锡税稽罚〔2026〕31号'));
    expect(early.code).toBe('BAD_USER_INPUT');
    // SERIOUS: shown at least 12 months from 2026-09-01
    expect(early.message).toMatch(/minimum display period/);
    expect(early.message).toContain('2027-09-02');
    expect(early.extensions.earliest).toBe('2027-09-02');
    expect(await t.store.collection('repairRequests').count({ factRef: '锡税稽罚〔2026〕31号' })).toBe(0);
  });

  it('refuses to repair a court listing for refusing to perform: it ends by removal', async () => {
    const res = refusal(await request(李梅, 李梅_COURT_LISTING));
    expect(res).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no fixed term.*removes it/) });
  });

  it('lets only the subject apply and only a regulator approve', async () => {
    expect(refusal(await t.query(PLATFORM, REQUEST_REPAIR, { f: 刘洋_VIOLATION, s: '代为申请' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^requestRepair is for the data subject only/),
    });
    expect(refusal(await t.query(刘洋, APPROVE_REPAIR, { ref: 'REP-2025-0001' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^approveRepair is for a regulator/),
    });
  });

  it("after approval a repaired violation is shown only to the operator, and the shop's violation flag is cleared for everyone", async () => {
    const shop = /* GraphQL */ `query($id: ID!) { merchant(id: $id) { hasViolations violations { ref status } } }`;
    for (const asker of [PLATFORM, REGULATOR]) {
      expect(data(await t.query(asker, shop, { id: 刘洋_SHOP })).merchant, asker).toEqual({ hasViolations: true, violations: [{ ref: 刘洋_VIOLATION, status: 'ACTIVE' }] });
    }

    const { requestRepair } = data(await request(刘洋, 刘洋_VIOLATION));
    expect(requestRepair).toMatchObject({ factRef: 刘洋_VIOLATION, requestedAt: TODAY, status: 'PENDING' });
    expect(refusal(await request(刘洋, 刘洋_VIOLATION)).message).toMatch(/already applied/);
    // applying does not repair: only the approval does
    expect(data(await t.query(PLATFORM, shop, { id: 刘洋_SHOP })).merchant.hasViolations).toBe(true);

    const approved = data(await t.query(REGULATOR, APPROVE_REPAIR, { ref: requestRepair.ref }));
    expect(approved.approveRepair).toEqual({ ref: requestRepair.ref, factRef: 刘洋_VIOLATION, status: 'APPROVED', decidedAt: TODAY });

    for (const asker of [PLATFORM, REGULATOR]) {
      expect(data(await t.query(asker, shop, { id: 刘洋_SHOP })).merchant, asker).toEqual({ hasViolations: false, violations: [] });
    }
    // the operator still sees his whole file, but the repaired violation does not count for him either
    expect(data(await t.query(刘洋, shop, { id: 刘洋_SHOP })).merchant).toEqual({ hasViolations: false, violations: [{ ref: 刘洋_VIOLATION, status: 'REPAIRED' }] });
    expect(refusal(await t.query(REGULATOR, APPROVE_REPAIR, { ref: requestRepair.ref })).message).toMatch(/only a pending request can be approved/);
  });

  it('a repaired misconduct no longer counts in the credit score, whoever asks; a lender\'s score never counted it', async () => {
    const score = async (asker: string) =>
      data(await t.query(asker, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { creditScore } }`, { c: 王建国 })).person.creditScore as number;
    const before = await score(REGULATOR);
    // the bank holds 王建国's consent, but professional misconduct is not a lender's to see: its score leaves it out
    expect(await score(BANK)).toBe(before + 40);
    expect(await score(王建国)).toBe(before);

    const { requestRepair } = data(await request(王建国, '宁教罚〔2026〕9号'));
    data(await t.query(REGULATOR, APPROVE_REPAIR, { ref: requestRepair.ref }));

    expect(await score(REGULATOR)).toBe(before + 40); // a GENERAL fact weighs 40 points
    expect(await score(BANK)).toBe(before + 40);
    expect(await score(王建国)).toBe(before + 40);
    const misconduct = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { occupations { misconduct { ref status } } } }`;
    expect(data(await t.query(REGULATOR, misconduct, { c: 王建国 })).person.occupations[0].misconduct).toEqual([]);
    expect(data(await t.query(王建国, misconduct, { c: 王建国 })).person.occupations[0].misconduct).toEqual([{ ref: '宁教罚〔2026〕9号', status: 'REPAIRED' }]);
  });

  it('a repaired serious-dishonesty listing no longer counts in courtListed', async () => {
    const listed = async (asker: string) =>
      data(await t.query(asker, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { courtListed courtListings { ref } } } }`, { c: 陈静 })).person.sanctions;
    expect(await listed(REGULATOR)).toEqual({ courtListed: true, courtListings: [{ ref: '苏发改失信〔2025〕7号' }] });

    const { requestRepair } = data(await request(陈静, '苏发改失信〔2025〕7号'));
    data(await t.query(REGULATOR, APPROVE_REPAIR, { ref: requestRepair.ref }));

    expect(await listed(REGULATOR)).toEqual({ courtListed: false, courtListings: [] });
    expect(await listed(陈静)).toEqual({ courtListed: false, courtListings: [{ ref: '苏发改失信〔2025〕7号' }] });
  });
});

describe('consents, end to end', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.stop());

  const SCORE = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { creditScore } }`;

  it('a bank loses access the moment the subject revokes its consent, and regains it when the subject grants a new one', async () => {
    expect(data(await t.query(BANK, SCORE, { c: 王建国 })).person.creditScore).toEqual(expect.any(Number));

    const { person } = data(await t.query(王建国, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { consents { id client purpose state } } }`, { c: 王建国 }));
    const bankConsent = person.consents.find((c: any) => c.client === BANK && c.state === 'VALID');
    expect(bankConsent).toBeDefined();

    const revoked = data(await t.query(王建国, /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { id state revokedAt } }`, { id: bankConsent.id }));
    expect(revoked.revokeConsent).toMatchObject({ id: bankConsent.id, state: 'REVOKED' });

    const refused = await t.query(BANK, SCORE, { c: 王建国 });
    expect(refused.data.person.creditScore).toBeNull();
    expect(errorAt(refused, 'person.creditScore')?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    const granted = data(
      await t.query(王建国, /* GraphQL */ `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { client purpose grantedAt expiresAt state } }`, {
        i: { client: BANK, purpose: 'LOAN_UNDERWRITING', expiresAt: '2027-06-30' },
      }),
    );
    expect(granted.grantConsent).toEqual({ client: BANK, purpose: 'LOAN_UNDERWRITING', grantedAt: TODAY, expiresAt: '2027-06-30', state: 'VALID' });
    expect(data(await t.query(BANK, SCORE, { c: 王建国 })).person.creditScore).toEqual(expect.any(Number));
  });

  it('are granted and revoked by the subject only', async () => {
    const byBank = refusal(await t.query(BANK, /* GraphQL */ `mutation { revokeConsent(id: "x") { id } }`));
    expect(byBank).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^revokeConsent is for the data subject only/) });
  });
});

describe('every change is audited', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.stop());

  /** Runs a mutation and returns the change record it left, found by the request's id. */
  async function changeRecordOf(asker: string, mutation: string, variables: Record<string, unknown>) {
    const res = await t.query(asker, mutation, variables);
    data(res);
    const requestId = res.extensions!.requestId as string;
    const records = (await t.store.collection('queryRecords').find({ requestId })).filter((r) => r.action);
    expect(records, `${mutation}: one change record`).toHaveLength(1);
    const { subjects, consents, ...record } = records[0]!;
    expect(subjects, `${mutation}: a change is about one subject`).toHaveLength(1);
    expect(consents).toEqual([null]);
    return { res, record: { ...record, subject: subjects[0] } };
  }

  it('leaves one record per change: who, when, under which purpose, what it acted on; the subject reads them', async () => {
    const objection = await changeRecordOf(刘洋, FILE_OBJECTION, { f: 刘洋_BLACKLISTING, r: '非本人操作' });
    const objectionRef = objection.res.data!.fileObjection.ref;
    expect(objection.record).toMatchObject({ action: 'fileObjection', target: objectionRef, subject: 刘洋, client: null, clientKind: 'SUBJECT', purpose: 'SELF_ACCESS', subgraph: 'persons' });

    const resolved = await changeRecordOf(REGULATOR, RESOLVE_OBJECTION, { ref: objectionRef, o: 'CONFIRMED', r: '维持' });
    expect(resolved.record).toMatchObject({ action: 'resolveObjection', target: objectionRef, subject: 刘洋, client: REGULATOR, clientKind: 'REGULATOR', purpose: 'SUPERVISION' });

    const repair = await changeRecordOf(刘洋, REQUEST_REPAIR, { f: 刘洋_VIOLATION, s: '已整改' });
    const repairRef = repair.res.data!.requestRepair.ref;
    expect(repair.record).toMatchObject({ action: 'requestRepair', target: repairRef, subject: 刘洋 });

    const approved = await changeRecordOf(REGULATOR, APPROVE_REPAIR, { ref: repairRef });
    expect(approved.record).toMatchObject({ action: 'approveRepair', target: repairRef, subject: 刘洋, client: REGULATOR });

    const granted = await changeRecordOf(刘洋, /* GraphQL */ `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }`, {
      i: { client: BANK, purpose: 'LOAN_UNDERWRITING', expiresAt: '2027-01-31' },
    });
    const consentId = granted.res.data!.grantConsent.id;
    expect(granted.record).toMatchObject({ action: 'grantConsent', target: consentId, subject: 刘洋 });

    const revoked = await changeRecordOf(刘洋, /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { id } }`, { id: consentId });
    expect(revoked.record).toMatchObject({ action: 'revokeConsent', target: consentId, subject: 刘洋 });

    const own = data(await t.query(刘洋, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { queryRecords(limit: 500) { action target clientKind } } }`, { c: 刘洋 }));
    const actions = own.person.queryRecords.filter((r: any) => r.action).map((r: any) => r.action);
    expect(actions.sort()).toEqual(['approveRepair', 'fileObjection', 'grantConsent', 'requestRepair', 'resolveObjection', 'revokeConsent']);
  });

  it('makes no change and leaves no change record when the caller is refused', async () => {
    const before = await t.store.collection('queryRecords').count({ action: 'fileObjection' });
    refusal(await t.query(BANK, FILE_OBJECTION, { f: 张伟_DEFAULT, r: '代为申请' }));
    expect(await t.store.collection('queryRecords').count({ action: 'fileObjection' })).toBe(before);
    expect(await t.store.collection('objections').count({ factRef: 张伟_DEFAULT })).toBe(0);
  });
});
