/**
 * Who asks, proven at every hop (issue: "Who asks, proven at every hop"). Tokens come from
 * issuers the hub trusts and are checked in full; the client registry, not the token, says what
 * a client is and may do, and a suspension takes effect within a stated bound; what travels from
 * the gateway to a subgraph is worth one call and nothing more; and every subgraph writes the
 * records of what it answers, and refuses a change whose record it cannot write.
 */
import { generateSecret, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsToken, TokenRequestError } from '../../gateway/dev/tokens.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/platform/config.ts';
import { ASSERTION_HEADER } from '../../subgraphs/shared/wire/assertion.ts';
import { ClientRegistry, REGISTRY_TTL_MS } from '../../subgraphs/shared/wire/registry.ts';
import { developmentSecret } from '../fixtures/seed/showcase.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { StoreError } from '../../subgraphs/shared/platform/store/port.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { newKey, startTestIssuer, type TestIssuer } from '../support/testIssuer.ts';

const 王建国 = '320106197805123519';
const 张伟 = '320502198203174715';
const 李梅 = '320102198509231629';
const QUERY = /* GraphQL */ `{ person(creditCode: "${王建国}") { name } }`;

let t: TestHub;
let own: TestIssuer;
beforeAll(async () => {
  own = await startTestIssuer();
  t = await startTestHub({ alsoTrust: [own.url] });
});
afterAll(async () => {
  await t?.stop();
  await own?.close();
});

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions: Record<string, any> }[] };
}

async function post(url: string, headers: Record<string, string>, body: string | object = { query: QUERY }): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('tokens: only from a trusted issuer, checked in full', () => {
  it("answers a token from the hub's issuer, and from another issuer it is configured to trust", async () => {
    for (const token of [await t.token('bank-jinling'), await own.mint('bank-jinling')]) {
      const { status, body } = await post(t.url, bearer(token));
      expect(status).toBe(200);
      expect(body.data.person.name).toBe('王建国');
    }
  });

  const refused: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['no token', async () => ({}), /Missing bearer token/],
    ['a malformed header', async () => ({ authorization: 'Token abc' }), /Malformed Authorization header/],
    ['a token that is not a JWT', async () => bearer('not.a.jwt'), /malformed/],
    ['a token without exp', async () => bearer(await own.mint('bank-jinling', { expiresIn: null })), /no "exp" claim/],
    ['a token issued in the future', async () => bearer(await own.mint('bank-jinling', { issuedAt: Math.floor(Date.now() / 1000) + 600 })), /dated in the future/],
    ['an expired token', async () => bearer(await own.mint('bank-jinling', { issuedAt: Math.floor(Date.now() / 1000) - 900, expiresIn: 300 })), /expired/],
    ['a token for another audience', async () => bearer(await own.mint('bank-jinling', { audience: 'urn:somebody-else' })), /not meant for this hub/],
    ['a token from an issuer the hub does not trust', async () => bearer(await forge({ iss: 'https://idp.example' })), /issuer is not one this hub trusts/],
    ['alg: none', async () => bearer(new UnsecuredJWT({ client_id: 'regulator-jiangsu-credit' }).setIssuer(own.url).setAudience('urn:credithub:api').setIssuedAt().setExpirationTime('5m').encode()), /not accepted|malformed/],
    ['HS256 where ES256 is configured', async () => bearer(await forge({ iss: own.url })), /algorithm is not accepted/],
    ['an unknown kid', async () => bearer(await own.mint('bank-jinling', { key: await newKey('never-published') })), /unknown kid/],
    ['a signature by another key under a published kid', async () => bearer(await own.mint('bank-jinling', { key: { ...(await newKey()), kid: own.published[0]!.kid } })), /not signed by its issuer/],
  ];
  it.each(refused)('refuses %s with UNAUTHENTICATED, saying what is wrong', async (_, headers, message) => {
    const { status, body } = await post(t.url, await headers());
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toMatch(message);
  });

  it('follows a rotation by kid: a key published beside the old one works at once, a new one once the issuer publishes it', async () => {
    const next = await newKey('next');
    own.published.push(next);
    // the hub has this issuer's keys cached, without "next": an unknown kid makes it fetch them again
    await new Promise((r) => setTimeout(r, 5200)); // the JWKS cool-down between fetches
    const before = own.jwksFetches();
    const { status, body } = await post(t.url, bearer(await own.mint('platform-yunji', { key: next })));
    expect(status).toBe(200);
    expect(body.data.person).toBeDefined();
    // the gateway and the subgraph that answered each checked the token, and each fetched the new keys
    expect(own.jwksFetches()).toBeGreaterThan(before);
    own.published.shift(); // the old key retires
    expect((await post(t.url, bearer(await own.mint('developer-sandbox', { key: next })))).status).toBe(200);
  }, 20_000);
});

/** An HS256 token made with a secret of the attacker's: what a shared secret would have allowed. */
async function forge(claims: Record<string, unknown>) {
  return new SignJWT({ client_id: 'regulator-jiangsu-credit', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('urn:credithub:api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(await generateSecret('HS256', { extractable: true }));
}

describe('the registry says who a client is and what it may do', () => {
  it('refuses a token for a client that was never registered, with UNAUTHENTICATED', async () => {
    const { status, body } = await post(t.url, bearer(await own.mint('bank-nobody-registered')));
    expect(status).toBe(401);
    expect(body.errors![0]!.message).toMatch(/not registered/);
  });

  it('takes kind and purpose from the registry: claims that say otherwise change nothing', async () => {
    const token = await own.mint('bank-jinling', { claims: { clientKind: 'REGULATOR', kind: 'CLIENT', purpose: 'SUPERVISION', scope: 'SUPERVISION' } });
    const { body } = await post(t.url, bearer(token), { query: /* GraphQL */ `{ person(creditCode: "${张伟}") { phone } }` });
    expect(body.data.person.phone).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', purpose: 'LOAN_UNDERWRITING' });
  });

  it('refuses a purpose the registry does not license the client for, and an unknown one', async () => {
    const token = await t.token('bank-jinling');
    const unlicensed = await post(t.url, { ...bearer(token), 'x-credithub-purpose': 'SUPERVISION' });
    expect(unlicensed.status).toBe(403);
    expect(unlicensed.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_NOT_LICENSED' });
    const unknown = await post(t.url, { ...bearer(token), 'x-credithub-purpose': 'CURIOSITY' });
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_PURPOSE' });
  });

  it('refuses a self-access token from a client that is not a subject app', async () => {
    const token = await own.mint('bank-jinling', { claims: { subject_code: 李梅 } });
    const { status, body } = await post(t.url, bearer(token));
    expect(status).toBe(401);
    expect(body.errors![0]!.message).toMatch(/not a subject app/);
  });

  it(`refuses a suspended client within ${REGISTRY_TTL_MS} ms everywhere, its tokens already issued included, and takes it back when reinstated`, async () => {
    const registry = new ClientRegistry(t.store);
    const token = await t.token('employer-suzhou-hr');
    expect((await post(t.url, bearer(token))).status).toBe(200);
    const suspendedAt = Date.now();
    await registry.suspend('employer-suzhou-hr', 'test', 'a test of suspension');
    let refusedAfter = -1;
    while (Date.now() - suspendedAt < REGISTRY_TTL_MS + 3000) {
      const { status, body } = await post(t.url, bearer(token));
      if (status === 403) {
        expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLIENT_SUSPENDED' });
        refusedAfter = Date.now() - suspendedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(refusedAfter).toBeGreaterThanOrEqual(0);
    expect(refusedAfter).toBeLessThanOrEqual(REGISTRY_TTL_MS + 500);
    // the issuer gives it no new token at once
    await expect(clientCredentialsToken(t.issuer.tokenEndpoint, 'employer-suzhou-hr', developmentSecret('employer-suzhou-hr'))).rejects.toThrow(/invalid_client/);
    await registry.reinstate('employer-suzhou-hr', 'test', 'test over');
    await new Promise((r) => setTimeout(r, REGISTRY_TTL_MS + 100));
    expect((await post(t.url, bearer(token))).status).toBe(200);
    const events = await registry.events('employer-suzhou-hr');
    expect(events.map((e) => e.action)).toEqual(['REINSTATE', 'SUSPEND']);
  }, 20_000);
});

describe("the development issuer's client-credentials flow, over real HTTP", () => {
  it('gives a registered client an ES256 token for the hub that the hub accepts', async () => {
    const token = await clientCredentialsToken(t.issuer.tokenEndpoint, 'regulator-jiangsu-credit', developmentSecret('regulator-jiangsu-credit'));
    const [header, payload] = token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p!, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    expect(payload).toMatchObject({ iss: t.issuer.url, aud: 'urn:credithub:api', client_id: 'regulator-jiangsu-credit', exp: expect.any(Number), iat: expect.any(Number) });
    const discovery = await (await fetch(`${t.issuer.url}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer: t.issuer.url, token_endpoint: t.issuer.tokenEndpoint, grant_types_supported: expect.arrayContaining(['client_credentials']) });
    expect((await post(t.url, bearer(token), { query: /* GraphQL */ `{ person(creditCode: "${王建国}") { phone } }` })).body.data.person.phone).toBe('13951786420');
  });

  it('refuses a wrong secret, an unknown client, and a rotated-out secret', async () => {
    await expect(clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-jinling', 'a guess')).rejects.toThrow(/invalid_client/);
    await expect(clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-nobody', 'x')).rejects.toThrow(/invalid_client/);
    const registry = new ClientRegistry(t.store);
    const added = await registry.add({ id: 'bank-rotating', name: '轮换测试银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'test');
    expect(await clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-rotating', added.secret)).toMatch(/^ey/);
    const rotated = await registry.rotate('bank-rotating', 'test');
    await expect(clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-rotating', added.secret)).rejects.toBeInstanceOf(TokenRequestError);
    expect(await clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-rotating', rotated.secret)).toMatch(/^ey/);
    // the registry keeps no secret, only its hash
    expect(JSON.stringify(await t.store.collection('clients').findOne({ _id: 'bank-rotating' }))).not.toContain(rotated.secret);
  });
});

// ---------- what crosses the hop from the gateway to a subgraph ----------

interface Captured {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records what the gateway sends to the subgraphs while `run` runs. */
async function capture(run: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  const real = globalThis.fetch;
  const subgraphUrls = new Set(Object.values(t.hub.subgraphs).map((s) => s.url));
  globalThis.fetch = (async (input: any, init?: any) => {
    const url = String(input);
    if (subgraphUrls.has(url)) seen.push({ url, headers: { ...init?.headers }, body: String(init?.body ?? '') });
    return real(input, init);
  }) as typeof fetch;
  try {
    await run();
  } finally {
    globalThis.fetch = real;
  }
  return seen;
}

const replay = (c: Captured, changes: Partial<Captured> = {}) => post(changes.url ?? c.url, changes.headers ?? c.headers, changes.body ?? c.body);

describe('a captured gateway-to-subgraph call is worth that one call', () => {
  let calls: Captured[];
  beforeAll(async () => {
    calls = await capture(() =>
      t.query('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${张伟}") { name phone sanctions { courtListed } merchants { id } } }`),
    );
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it('carries the client token and an assertion, and no consent state or viewer the subgraph would take on trust', () => {
    for (const c of calls) {
      expect(c.headers.authorization).toMatch(/^Bearer ey/);
      expect(c.headers[ASSERTION_HEADER]).toMatch(/^ey/);
      expect(c.body).not.toMatch(/credithubConsents|VALID/);
    }
  });

  it('is refused when replayed as it was', async () => {
    const { status, body } = await replay(calls[0]!);
    expect(status).toBe(401);
    expect(body.errors![0]!.message).toMatch(/used already/);
  });

  it('is refused with another operation: the phone of someone else, the query records', async () => {
    const persons = calls.find((c) => c.url === t.hub.subgraphs.persons.url)!;
    for (const query of [/* GraphQL */ `{ person(creditCode: "${李梅}") { phone address } }`, /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords { client } } }`]) {
      const { status, body } = await replay(persons, { body: JSON.stringify({ query }) });
      expect(status).toBe(401);
      expect(body.errors![0]!.message).toMatch(/for another request/);
    }
  });

  it.each(SUBGRAPH_NAMES)('is refused by %s when it was made for another subgraph', async (name) => {
    const other = calls.find((c) => c.url !== t.hub.subgraphs[name].url)!;
    const { status, body } = await replay(other, { url: t.hub.subgraphs[name].url });
    expect(status).toBe(401);
    expect(body.errors![0]!.message).toMatch(/for another subgraph|for another request|used already/);
  });

  it("is refused with another client's token beside the assertion", async () => {
    const c = calls[1]!;
    const { status, body } = await replay(c, { headers: { ...c.headers, authorization: `Bearer ${await t.token('bank-jinling')}` } });
    expect(status).toBe(401);
    expect(body.errors![0]!.message).toMatch(/another client's token|used already/);
  });

  it.each(SUBGRAPH_NAMES)("%s refuses a client's own token without the gateway's assertion, and a made-up assertion", async (name) => {
    const url = t.hub.subgraphs[name].url;
    const token = await t.token('regulator-jiangsu-credit');
    for (const headers of [{}, bearer(token), { ...bearer(token), [ASSERTION_HEADER]: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }]) {
      const { status, body } = await post(url, headers);
      expect(status).toBe(401);
      expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('an assertion signed with a key of its own is refused: no subgraph can mint one for another', async () => {
    const c = calls[0]!;
    const { generateGatewayKeys, CallSigner } = await import('../../subgraphs/shared/wire/assertion.ts');
    const rogue = new CallSigner((await generateGatewayKeys()).signing);
    const token = c.headers.authorization!.slice(7);
    const assertion = await rogue.sign({ audience: 'persons', body: c.body, token, purpose: 'SUPERVISION', requestId: 'rogue' });
    const { status } = await post(t.hub.subgraphs.persons.url, { ...c.headers, [ASSERTION_HEADER]: assertion }, c.body);
    expect(status).toBe(401);
  });

  it('after a revocation, the next request is decided on the revocation: nothing from an earlier call carries the consent', async () => {
    const q = /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } sanctions { taxViolations { ref } } } }`;
    const before = await capture(() => t.query('bank-jinling', q));
    const ok = await t.query('bank-jinling', q);
    expect(ok.data.person.financialDefaults).toEqual([{ ref: 'JL-LOAN-2023-0917' }]);
    const consents = await t.query(张伟, /* GraphQL */ `{ person(creditCode: "${张伟}") { consents { id client purpose state } } }`);
    const bankConsent = consents.data.person.consents.find((c: any) => c.client === 'bank-jinling' && c.state === 'VALID');
    expect((await t.query(张伟, /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { state } }`, { id: bankConsent.id })).errors).toBeUndefined();
    const after = await t.query('bank-jinling', q);
    expect(after.data.person.financialDefaults).toBeNull();
    expect(after.data.person.sanctions.taxViolations).toBeNull();
    expect(after.errors!.map((e) => e.extensions!.reason)).toEqual(['NO_CONSENT', 'NO_CONSENT']);
    for (const c of before) expect((await replay(c)).status).toBe(401);
  });
});

describe('the audit is written by the subgraphs themselves', () => {
  it("a bank's reads leave one record per request and subject, naming every class any subgraph returned", async () => {
    const res = await t.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${王建国}") { name financialDefaults { ref } sanctions { courtListed } merchants { id } } }`);
    const raw = await t.store.collection('queryRecords').find({ requestId: res.extensions!.requestId });
    expect(new Set(raw.map((r) => r.subgraph))).toEqual(new Set(['persons', 'sanctions', 'ecommerce']));
    expect(raw.every((r) => r.client === 'bank-jinling' && r.subjects.join() === 王建国 && r.consents.join() === '320106197805123519:bank-jinling:LOAN_UNDERWRITING:2026-11-01')).toBe(true);
    const own = await t.query(王建国, /* GraphQL */ `{ person(creditCode: "${王建国}") { queryRecords(limit: 500) { requestId client classes } } }`);
    expect(own.data.person.queryRecords.filter((r: any) => r.requestId === res.extensions!.requestId)).toEqual([
      { requestId: res.extensions!.requestId, client: 'bank-jinling', classes: ['COURT_LIST', 'ECOMMERCE', 'FINANCIAL_DEFAULT', 'IDENTITY'] },
    ]);
  });

  it('offers no way to write a record from outside: the old recordQueries mutation does not exist', async () => {
    const before = await t.store.collection('queryRecords').count({ subjects: 李梅 });
    const res = await t.query('regulator-jiangsu-credit', /* GraphQL */ `mutation { recordQueries(groups: []) }`);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await t.store.collection('queryRecords').count({ subjects: 李梅 })).toBe(before);
  });
});

describe('a change and its record are written together, or the change is refused', () => {
  let broken: TestHub;
  const failing = (store: Store): Store =>
    ({
      ...store,
      kind: store.kind,
      collection: (c: never) => {
        const col = store.collection(c);
        if (c !== 'queryRecords') return col;
        const down = async () => {
          throw new StoreError('UNAVAILABLE', 'down');
        };
        // every other method as the store has it (the instrumented store wraps each one)
        return new Proxy(col, {
          get: (target, key) => {
            if (key === 'insertOne' || key === 'insertMany') return down;
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
      ensureIndexes: store.ensureIndexes.bind(store),
      ping: store.ping.bind(store),
      close: store.close.bind(store),
    }) as Store;
  beforeAll(async () => {
    broken = await startTestHub({ wrap: (_, store) => failing(store) });
  });
  afterAll(() => broken?.stop());

  it('removeFromCourtList is refused, and the listing stays published, when its record cannot be written', async () => {
    const res = await broken.query('regulator-jiangsu-credit', /* GraphQL */ `mutation { removeFromCourtList(ref: "(2025)苏01执1234号", performedAt: "2026-11-20") { status } }`);
    expect(res.data?.removeFromCourtList ?? null).toBeNull();
    expect(res.errors![0]!.extensions!.code).toBe('SERVICE_UNAVAILABLE');
    expect(await broken.store.collection('sanctionEntries').findOne({ _id: '(2025)苏01执1234号' })).toMatchObject({ status: 'ACTIVE' });
  });

  it('grantConsent is refused, and no consent is stored, when its record cannot be written', async () => {
    const before = await broken.store.collection('consents').count({ subject: 李梅 });
    const res = await broken.query(李梅, /* GraphQL */ `mutation { grantConsent(input: { client: "bank-jinling", purpose: "LOAN_UNDERWRITING", expiresAt: "2027-06-30" }) { state } }`);
    expect(res.data?.grantConsent ?? null).toBeNull();
    expect(res.errors![0]!.extensions!.code).toBe('SERVICE_UNAVAILABLE');
    expect(await broken.store.collection('consents').count({ subject: 李梅 })).toBe(before);
  });
});

// the private parts of keys never appear in what the issuer publishes
describe("the development issuer's published keys", () => {
  it('are public keys only', async () => {
    const jwks = (await (await fetch(`${t.issuer.url}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) expect(k.d).toBeUndefined();
  });
});
