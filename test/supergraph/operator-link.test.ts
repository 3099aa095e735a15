/**
 * A shop's operator link (issue 14, item 4): under a consented MERCHANT_ONBOARDING the platform
 * follows Merchant.operatorPerson into the operator's file and reads there exactly what its column
 * allows (domain.md section 5: name and masked ID, listings, the tax flag, the score's band), while
 * the link's key stays a sealed key: the full ID reaches the platform by no path. Never for the public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const PERSON_SHOP = 'yunji:shop:208877'; // 刘洋小铺, run by 刘洋, who consented to platform-yunji
const 刘洋 = '320583199001011531';
const FILE = /* GraphQL */ `
  query Operator($id: ID!) {
    merchant(id: $id) {
      operatorName
      operatorPerson {
        creditCode
        name
        maskedId
        birthDate
        phone
        financialDefaults { ref }
        creditBand
        creditScore
        summary { creditCode consent listed }
        sanctions { courtListed taxViolationListed ecommerceBlacklist { ref subjectMaskedId } }
        merchants { id operatorPerson { creditCode } }
      }
    }
  }
`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const deniedPaths = (res: { errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => (e.path ?? []).join('.')).sort();

describe("a shop's operator link", () => {
  it('opens the operator’s file to the platform he consented to, with what its column allows and a sealed key for his ID', async () => {
    const res = await t.query('platform-yunji', FILE, { id: PERSON_SHOP });
    const op = res.data.merchant.operatorPerson;
    expect(op).toMatchObject({
      name: '刘洋',
      maskedId: '320583********1531',
      birthDate: null,
      phone: null,
      financialDefaults: null,
      creditScore: null,
      summary: { consent: 'VALID', listed: false },
      sanctions: { courtListed: false, taxViolationListed: false, ecommerceBlacklist: [{ ref: '云集黑〔2026〕0042号', subjectMaskedId: '320583********1531' }] },
      merchants: [{ id: PERSON_SHOP }],
    });
    expect(op.creditBand).toMatch(/^[A-E]$/);
    // the key the platform reads is sealed: it names no one, and the summary carries the same one
    expect(op.creditCode).toMatch(/^sealed:[A-Za-z0-9_-]+$/);
    expect(op.summary.creditCode).toBe(op.creditCode);
    expect(op.merchants[0].operatorPerson.creditCode).toMatch(/^sealed:/);
    // by no path: the whole answer, errors and extensions included, never holds the ID
    expect(JSON.stringify(res)).not.toContain(刘洋);
    expect(deniedPaths(res)).toEqual(
      ['birthDate', 'creditScore', 'financialDefaults', 'phone'].map((f) => `merchant.operatorPerson.${f}`),
    );
  });

  it('gives a new sealed key on every request, so the platform cannot match operators across shops or days', async () => {
    const q = /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorPerson { creditCode } } }`;
    const a = await t.query('platform-yunji', q, { id: PERSON_SHOP });
    const b = await t.query('platform-yunji', q, { id: PERSON_SHOP });
    expect(a.data.merchant.operatorPerson.creditCode).not.toBe(b.data.merchant.operatorPerson.creditCode);
  });

  it('records what the platform read through the link in the operator’s own file', async () => {
    const res = await t.query('platform-yunji', FILE, { id: PERSON_SHOP });
    const own = await t.query(刘洋, /* GraphQL */ `{ person(creditCode: "${刘洋}") { queryRecords(limit: 500) { requestId client purpose classes } } }`);
    const records = own.data.person.queryRecords.filter((r: { requestId: string }) => r.requestId === res.extensions!.requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ client: 'platform-yunji', purpose: 'MERCHANT_ONBOARDING' });
    expect(records[0].classes).toEqual(expect.arrayContaining(['IDENTITY', 'ECOMMERCE', 'CREDIT_SCORE']));
  });

  it('is closed to the public and to an asker without his consent: FORBIDDEN, no file, no key', async () => {
    for (const asker of ['developer-sandbox', 'bank-jinling', 'employer-suzhou-hr']) {
      const res = await t.query(asker, FILE, { id: PERSON_SHOP });
      expect(res.data.merchant.operatorPerson, asker).toBeNull();
      expect(deniedPaths(res), asker).toContain('merchant.operatorPerson');
      expect(JSON.stringify(res), asker).not.toContain(刘洋);
      expect(JSON.stringify(res), asker).not.toContain('sealed:');
    }
  });

  it('links by the ID itself for whoever may read it: the operator and a regulator', async () => {
    for (const asker of [刘洋, 'regulator-jiangsu-credit']) {
      const res = await t.query(asker, /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorPerson { creditCode name birthDate } } }`, { id: PERSON_SHOP });
      expect(res.errors, asker).toBeUndefined();
      expect(res.data.merchant.operatorPerson, asker).toEqual({ creditCode: 刘洋, name: '刘洋', birthDate: '1990-01-01' });
    }
  });

  it('refuses a sealed key handed back as an ID: root fields take citizen IDs only', async () => {
    const link = await t.query('platform-yunji', /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorPerson { creditCode } } }`, { id: PERSON_SHOP });
    const sealed = link.data.merchant.operatorPerson.creditCode;
    const res = await t.query('platform-yunji', /* GraphQL */ `query ($c: ID!) { person(creditCode: $c) { name } }`, { c: sealed });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toContain(刘洋);
  });
});
