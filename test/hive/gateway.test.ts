/**
 * Hive Gateway in front of the hub's subgraphs (gateway/hive.ts): it authenticates, signs each call
 * and explains what was withheld like the hub's own gateway, and the subgraphs enforce and audit
 * exactly as behind it. The matrix, information-flow and lifecycle suites also run through it
 * (the other files of this folder).
 */
process.env.CREDITHUB_TEST_GATEWAY = 'hive';
const { afterAll, beforeAll, describe, expect, it } = await import('vitest');
const { startTestHub } = await import('../support/hub.ts');

const 张伟 = '320502198203174715';
const 李梅 = '320102198509231629';

let t: Awaited<ReturnType<typeof startTestHub>>;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('Hive Gateway with the hub configuration', () => {
  it('is what answers: the hub runs no gateway of its own here', () => {
    expect(t.hub.gateway).toBeUndefined();
  });

  it('answers a bank as the hub does, with the same explanation of what was withheld', async () => {
    const res = await t.query('bank-jinling', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name phone financialDefaults { ref } } }`, { c: [张伟, 李梅] });
    expect(res.data.persons[0]).toEqual({ name: '张伟', phone: null, financialDefaults: [{ ref: 'JL-LOAN-2023-0917' }] });
    expect(res.extensions!.withheld).toEqual([
      { path: ['persons', 0], subject: 张伟, fields: [{ field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' }] },
      {
        path: ['persons', 1],
        subject: 李梅,
        fields: [
          { field: 'Person.financialDefaults', class: 'FINANCIAL_DEFAULT', reason: 'NO_CONSENT' },
          { field: 'Person.name', class: 'IDENTITY', reason: 'NO_CONSENT' },
          { field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' },
        ],
      },
    ]);
  });

  it('refuses a missing or forged token up front, as the hub does', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' }, body: JSON.stringify({ query: /* GraphQL */ '{ __typename }' }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("leaves the subgraphs' own audit records of a bank's read", async () => {
    const res = await t.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } sanctions { courtListed } } }`);
    const records = await t.store.collection('queryRecords').find({ requestId: res.extensions!.requestId });
    expect(records.map((r) => r.subgraph).sort()).toEqual(['persons', 'sanctions']);
    expect(records.every((r) => r.client === 'bank-jinling' && r.subjects.join() === 张伟)).toBe(true);
  });

  it('keeps the one-request budget', async () => {
    const codes = Array.from({ length: 600 }, () => 张伟);
    const res = await t.query('developer-sandbox', /* GraphQL */ `query($c: [ID!]!) { a: persons(creditCodes: $c) { creditCode } b: persons(creditCodes: $c) { creditCode } }`, { c: codes });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', asked: 1200 });
  });
});
