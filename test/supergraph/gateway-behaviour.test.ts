/**
 * What the gateway adds: denials reported once per field of the query, `extensions.withheld`,
 * one audit record per subject written before the answer leaves, and limits against abuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { StoreError, type Store } from '../../subgraphs/shared/platform/store/port.ts';
import { startTestHub, TODAY, type TestHub } from '../support/hub.ts';

const 王建国 = '320106197805123519';
const 李梅 = '320102198509231629';
const 张伟 = '320502198203174715';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('denials are reported once per field of the query', () => {
  it('gives one FORBIDDEN error per denied field for a 100-person batch, with the count of objects it hit', async () => {
    const codes = Array.from({ length: 100 }, (_, i) => personCodeAt(DEFAULT_SEED, i));
    const res = await t.query('bank-jinling', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode phone name sanctions { courtListed } } }`, { c: codes });
    expect(res.data.persons).toHaveLength(100);
    expect(res.data.persons.every((p: any) => p.phone === null && p.creditCode)).toBe(true);
    const forbidden = res.errors!.filter((e) => e.extensions!.code === 'FORBIDDEN');
    const byPath = Object.fromEntries(forbidden.map((e) => [e.path!.join('.'), e.extensions]));
    // without consent the bank sees the public column: no name, no listed flag; contact never
    expect(Object.keys(byPath).sort()).toEqual(['persons.name', 'persons.phone', 'persons.sanctions.courtListed']);
    expect(byPath['persons.phone']).toMatchObject({ reason: 'PURPOSE' });
    expect(byPath['persons.phone']).toMatchObject({ field: 'Person.phone', purpose: 'LOAN_UNDERWRITING', count: 100 });
    // the name is withheld from each person who has not consented to the bank
    const consents = await t.store.collection('consents').find({ subject: { $in: codes }, client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING' });
    const consented = new Set(consents.filter((c) => !c.revokedAt && c.grantedAt <= TODAY && c.expiresAt >= TODAY).map((c) => c.subject));
    expect(byPath['persons.name']).toMatchObject({ count: 100 - consented.size });
    expect(res.data.persons.filter((p: any) => p.name !== null).map((p: any) => p.creditCode).sort()).toEqual([...consented].sort());
    expect(JSON.stringify(forbidden)).not.toMatch(/1[3-9]\d{9}/); // no phone number leaks into an error
  });

  it('names the path in the query for fields reached through entities', async () => {
    const res = await t.query('employer-suzhou-hr', /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } occupations { licenseNo } sanctions { courtListed } } }`);
    const reasons = Object.fromEntries(res.errors!.map((e) => [e.path!.join('.'), e.extensions!.reason]));
    expect(reasons).toEqual({
      'person.financialDefaults': 'PURPOSE', // never for employment, consent or not
      'person.occupations': 'CONSENT_EXPIRED', // 张伟's consent to the employer ended on 2026-01-31
      'person.sanctions.courtListed': 'CONSENT_EXPIRED', // resolved by the sanctions subgraph, through _entities
    });
  });
});

describe('consent', () => {
  it('is read by each subgraph that decides on it, once per request however many subjects it decides for', async () => {
    const codes = [王建国, 李梅, 张伟, ...Array.from({ length: 97 }, (_, i) => personCodeAt(DEFAULT_SEED, i))];
    for (const c of Object.values(t.counters)) c.reset();
    const res = await t.query(
      'bank-jinling',
      /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name financialDefaults { ref } enterpriseRoles { role } merchants { complaints90d } courierProfile { rating } sanctions { courtListed } } }`,
      { c: codes },
    );
    expect(res.data.persons).toHaveLength(100);
    const consentReads = Object.fromEntries(
      Object.entries(t.counters).map(([name, c]) => [name, c.calls.filter((call) => call.collection === 'consents').length]),
    );
    // never taken from another hop: a revoked consent counts from the very next request everywhere
    expect(consentReads).toEqual({ persons: 1, enterprises: 1, ecommerce: 1, couriers: 1, sanctions: 1 });
    expect(Object.keys(res.extensions!).sort()).toEqual(['requestId', 'withheld']);
    // and every subgraph decided on it: 王建国 and 张伟 have consented to the bank, 李梅 has not
    const byCode = new Map(res.data.persons.map((p: any, i: number) => [codes[i], p]));
    expect((byCode.get(王建国) as any).sanctions.courtListed).toEqual(expect.any(Boolean));
    expect((byCode.get(张伟) as any).sanctions.courtListed).toEqual(expect.any(Boolean));
    expect((byCode.get(李梅) as any).sanctions.courtListed).toBeNull();
  });
});

describe('extensions.withheld', () => {
  it('lists per object of the answer what was withheld and why, naming each applicant by its path and the code the asker gave', async () => {
    const res = await t.query('bank-jinling', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { phone financialDefaults { ref } } }`, { c: [张伟, 李梅] });
    expect(res.extensions!.withheld).toEqual([
      { path: ['persons', 0], subject: 张伟, fields: [{ field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' }] },
      {
        path: ['persons', 1],
        subject: 李梅,
        fields: [
          { field: 'Person.financialDefaults', class: 'FINANCIAL_DEFAULT', reason: 'NO_CONSENT' },
          { field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' },
        ],
      },
    ]);
  });

  it('names a subject the asker did not give by its path only: a legal representative is never named by a masked ID', async () => {
    const res = await t.query('developer-sandbox', /* GraphQL */ `{ enterprise(creditCode: "91320211MA1X4Y5T2H") { legalRepresentative { creditCode } } }`);
    expect(res.data.enterprise.legalRepresentative).toBeNull();
    expect(res.extensions!.withheld).toEqual([
      { path: ['enterprise'], subject: '91320211MA1X4Y5T2H', fields: [{ field: 'Enterprise.legalRepresentative', class: 'IDENTITY', reason: 'PURPOSE' }] },
    ]);
    expect(JSON.stringify(res)).not.toMatch(/320106\*+1113|320106197004051113/);
  });

  it('is empty when nothing was withheld', async () => {
    const res = await t.query('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${王建国}") { phone } }`);
    expect(res.extensions!.withheld).toEqual([]);
  });
});

describe('audit', () => {
  it('writes one record per subject with client, purpose, consent, classes and denied fields, which the subject can read', async () => {
    const asked = await t.query('bank-jinling', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name phone financialDefaults { ref } courierProfile { rating } sanctions { courtListed } } }`, {
      c: [张伟],
    });
    const requestId = asked.extensions!.requestId;
    const own = await t.query(张伟, /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords(limit: 500) { requestId client purpose consent classes denied } } }`);
    const records = own.data.person.queryRecords.filter((r: any) => r.requestId === requestId);
    expect(records).toEqual([
      {
        requestId,
        client: 'bank-jinling',
        purpose: 'LOAN_UNDERWRITING',
        consent: '320502198203174715:bank-jinling:LOAN_UNDERWRITING:2026-10-15',
        // 张伟 is no courier: the link answers null, which is itself a courier fact the bank may know
        classes: ['COURIER', 'COURT_LIST', 'FINANCIAL_DEFAULT', 'IDENTITY'],
        denied: ['Person.phone'],
      },
    ]);
  });

  it('names the consent used even when only another subgraph returned facts released under it', async () => {
    // the persons subgraph resolves only the key here; the sanctions subgraph reads the consent
    // itself and names it in its own record
    const asked = await t.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { sanctions { courtListed } } }`);
    expect(asked.errors).toBeUndefined();
    const records = await t.store.collection('queryRecords').find({ requestId: asked.extensions!.requestId });
    expect(records.map(({ subgraph, subjects, consents, classes }) => ({ subgraph, subjects, consents, classes }))).toEqual([
      { subgraph: 'sanctions', subjects: [张伟], consents: ['320502198203174715:bank-jinling:LOAN_UNDERWRITING:2026-10-15'], classes: ['COURT_LIST'] },
    ]);
  });

  it('lets a regulator read anyone\'s records but not a bank', async () => {
    const reg = await t.query('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords { client } } }`);
    expect(reg.data.person.queryRecords.length).toBeGreaterThan(0);
    const bank = await t.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords { client } } }`);
    expect(bank.data.person.queryRecords).toBeNull();
  });

  it('writes no record for a request that touched only public facts', async () => {
    const before = await t.store.collection('queryRecords').count({ subjects: 王建国 });
    await t.query('developer-sandbox', /* GraphQL */ `{ person(creditCode: "${王建国}") { redList { honor } } }`);
    expect(await t.store.collection('queryRecords').count({ subjects: 王建国 })).toBe(before);
  });
});

describe('an answer is never sent without its audit record', () => {
  let broken: TestHub;
  beforeAll(async () => {
    broken = await startTestHub({
      wrap: (name, store) =>
        name !== 'persons'
          ? store
          : ({
              ...store,
              kind: store.kind,
              collection: (c: never) => {
                const col = store.collection(c);
                if (c !== 'queryRecords') return col;
                return { ...col, name: col.name, find: col.find.bind(col), insertMany: async () => { throw new StoreError('UNAVAILABLE', 'down'); } };
              },
              ensureIndexes: store.ensureIndexes.bind(store),
              ping: store.ping.bind(store),
              close: store.close.bind(store),
            }) as Store,
    });
  });
  afterAll(() => broken?.stop());

  it("withholds the subgraph's answer with SERVICE_UNAVAILABLE when its record cannot be written", async () => {
    const res = await broken.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref overdueAmount } } }`);
    expect(res.data?.person ?? null).toBeNull();
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
    expect(JSON.stringify(res)).not.toContain('JL-LOAN-2023-0917');
  });

  it('and the other subgraphs, whose records were written, still answer', async () => {
    const res = await broken.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { name sanctions { courtListed } } }`);
    expect(res.data?.person ?? null).toBeNull();
    const other = await broken.query('bank-jinling', /* GraphQL */ `{ enterprise(creditCode: "91320211MA1X4Y5T2H") { name sanctions { courierBlacklist { ref } } } }`);
    expect(other.data.enterprise.name).toBe('无锡速达快递有限公司');
  });
});

describe('limits against abuse', () => {
  const deep = /* GraphQL */ `{ person(creditCode: "${王建国}") { enterpriseRoles { enterprise { legalRepresentative { enterpriseRoles { enterprise { legalRepresentative { enterpriseRoles { enterprise { legalRepresentative { enterpriseRoles { enterprise { name } } } } } } } } } } } } }`;
  const aliases = /* GraphQL */ `{ ${Array.from({ length: 20 }, (_, i) => /* GraphQL */ `a${i}: person(creditCode: "${王建国}") { name }`).join(' ')} }`;
  const directives = /* GraphQL */ `{ person(creditCode: "${王建国}") { name ${'@include(if: true) '.repeat(25)} } }`;
  const tokens = /* GraphQL */ `{ person(creditCode: "${王建国}") { ${/* GraphQL */ 'name '.repeat(4100)} } }`;
  it.each([
    ['depth', deep, /depth/i],
    ['aliases', aliases, /alias/i],
    ['directives', directives, /directive/i],
    ['tokens', tokens, /token/i],
  ])('refuses a query over the %s limit with a clear error and no data', async (_, query, message) => {
    const res = await t.query('regulator-jiangsu-credit', query);
    expect(res.data).toBeUndefined();
    expect(res.errors![0]!.message).toMatch(message);
    expect(res.errors![0]!.extensions!.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT|GRAPHQL_PARSE_FAILED/);
  });

  it('refuses a query over the cost limit', async () => {
    const fields = /* GraphQL */ 'name phone occupations { licenseNo misconduct { ref what } } financialDefaults { ref lender } sanctions { courtListings { ref basis measures } } ';
    const costly = /* GraphQL */ `{ ${Array.from({ length: 12 }, (_, i) => /* GraphQL */ `a${i}: persons(creditCodes: ["${王建国}"]) { ${fields} enterpriseRoles { enterprise { officers { name person { ${fields} } } } } }`).join(' ')} }`;
    const res = await t.query('regulator-jiangsu-credit', costly);
    expect(res.data).toBeUndefined();
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/cost/i);
  });

  it('suggests fields in development ("did you mean")', async () => {
    const res = await t.query('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${王建国}") { nmae } }`);
    expect(res.errors![0]!.message).toMatch(/Cannot query field "nmae" on type "Person". Did you mean "name"/);
  });

  it('hides field suggestions in production', async () => {
    const production = await startTestHub({
      store: t.store,
      env: { NODE_ENV: 'production', HUB_INTROSPECTION: 'true' },
    });
    try {
      const res = await production.query('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${王建国}") { nmae } }`);
      expect(res.errors![0]!.message).toMatch(/Cannot query field/);
      expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
    } finally {
      await production.stop();
    }
  });
});

describe('introspection', () => {
  it('is on in the development start', async () => {
    const res = await t.query('developer-sandbox', /* GraphQL */ '{ __schema { queryType { name } } }');
    expect(res.data.__schema.queryType.name).toBe('Query');
  });

  it('is off with NODE_ENV=production unless configured on', async () => {
    const keys = { NODE_ENV: 'production' };
    const prod = await startTestHub({ store: t.store, env: keys });
    const on = await startTestHub({ store: t.store, env: { ...keys, HUB_INTROSPECTION: 'true' } });
    try {
      const off = await prod.query('developer-sandbox', /* GraphQL */ '{ __schema { queryType { name } } }');
      expect(off.data).toBeUndefined();
      expect(off.errors![0]!.message).toMatch(/introspection/i);
      const allowed = await on.query('developer-sandbox', /* GraphQL */ '{ __schema { queryType { name } } }');
      expect(allowed.data.__schema.queryType.name).toBe('Query');
    } finally {
      await prod.stop();
      await on.stop();
    }
  });
});
