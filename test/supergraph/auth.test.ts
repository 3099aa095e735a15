/**
 * Who may ask: the gateway takes only tokens this hub signed, and the subgraphs take only the
 * gateway's signed viewer, even when someone reaches their ports directly.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/config.ts';
import { signViewer, VIEWER_HEADER } from '../../subgraphs/shared/viewer.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { viewers } from '../support/subgraph.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

const QUERY = '{ person(creditCode: "320106197805123519") { name } }';

async function post(url: string, headers: Record<string, string>, query = QUERY) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] } };
}

// The hub's issuer and audience, written here rather than imported from gateway/auth.ts, so that
// a mistake in those constants is not shared by the tokens that test them.
const HUB_ISSUER = 'credithub';
const HUB_AUDIENCE = 'credithub-gateway';

const sign = (claims: Record<string, unknown>, secret: string, exp = '1h', issuer = HUB_ISSUER, audience = HUB_AUDIENCE) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('bank-jinling').setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret));
const BANK_CLAIMS = { kind: 'CLIENT', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };

describe('the gateway authenticates every request', () => {
  it('answers a valid token', async () => {
    const { status, body } = await post(t.url, { authorization: `Bearer ${await t.token('bank-jinling')}` });
    expect(status).toBe(200);
    expect(body.data.person.name).toBe('王建国');
  });

  it('answers a token this test signed with the hub\'s issuer and audience', async () => {
    const { status, body } = await post(t.url, { authorization: `Bearer ${await sign(BANK_CLAIMS, t.config.tokenSecret)}` });
    expect(status).toBe(200);
    expect(body.data.person.name).toBe('王建国');
  });

  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['no token', async () => ({}), /Missing bearer token/],
    ['a malformed header', async () => ({ authorization: 'Token abc' }), /Malformed Authorization header/],
    ['a token that is not a JWT', async () => ({ authorization: 'Bearer not.a.jwt' }), /malformed/],
    [
      'an expired token',
      async () => ({ authorization: `Bearer ${await sign({ kind: 'CLIENT', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' }, t.config.tokenSecret, '-10 minutes')}` }),
      /expired/,
    ],
    [
      'a token from another issuer',
      async () => ({ authorization: `Bearer ${await sign(BANK_CLAIMS, t.config.tokenSecret, '1h', 'someone-else')}` }),
      /not valid here \(iss claim\)/,
    ],
    [
      'a token for another audience',
      async () => ({ authorization: `Bearer ${await sign(BANK_CLAIMS, t.config.tokenSecret, '1h', HUB_ISSUER, 'another-service')}` }),
      /not valid here \(aud claim\)/,
    ],
    [
      'a token signed with another key',
      async () => ({ authorization: `Bearer ${await sign({ kind: 'CLIENT', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' }, 'some other key of at least thirty-two chars')}` }),
      /not signed by this hub/,
    ],
  ];
  it.each(cases)('refuses %s with UNAUTHENTICATED and a message that says what to fix', async (_, headers, message) => {
    const { status, body } = await post(t.url, await headers());
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toMatch(message);
  });

  it('refuses an unknown purpose with FORBIDDEN', async () => {
    const token = await sign({ kind: 'CLIENT', clientKind: 'BANK', purpose: 'CURIOSITY' }, t.config.tokenSecret);
    const { status, body } = await post(t.url, { authorization: `Bearer ${token}` });
    expect(status).toBe(403);
    expect(body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(body.errors![0]!.message).toMatch(/Unknown purpose "CURIOSITY"/);
  });

  it('refuses a purpose the kind of client may not declare', async () => {
    const token = await sign({ kind: 'CLIENT', clientKind: 'BANK', purpose: 'SUPERVISION' }, t.config.tokenSecret);
    const { body } = await post(t.url, { authorization: `Bearer ${token}` });
    expect(body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(body.errors![0]!.message).toMatch(/may not declare SUPERVISION/);
  });
});

describe('a subgraph reached directly refuses every call', () => {
  const entities = '{ _entities(representations: [{ __typename: "Person", creditCode: "320106197805123519" }]) { ... on Person { creditCode } } }';
  it.each(SUBGRAPH_NAMES)('%s refuses no credentials, a client token, and forged viewers', async (name) => {
    const url = t.hub.subgraphs[name].url;
    const token = await t.token('regulator-jiangsu-credit');
    const iat = Math.floor(Date.now() / 1000);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}` },
      { [VIEWER_HEADER]: Buffer.from(JSON.stringify({ viewer: viewers.regulator, requestId: 'x', iat })).toString('base64url') },
      { [VIEWER_HEADER]: signViewer({ viewer: viewers.regulator, requestId: 'x', iat }, 'a guessed secret') },
      { [VIEWER_HEADER]: signViewer({ viewer: viewers.regulator, requestId: 'x', iat: iat - 3600 }, t.config.subgraphSecret) },
    ];
    for (const headers of attempts) {
      const { status, body } = await post(url, headers, entities);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('consent states the gateway forwards', () => {
  // 刘洋 operates a shop and has given the bank no consent: who runs a shop is not public, so the
  // bank sees none of his shops; with his consent it sees their ratings and complaint counts.
  const 刘洋 = '320583199001011531';
  const shop = `{ _entities(representations: [{ __typename: "Person", creditCode: "${刘洋}" }]) { ... on Person { merchants { rating complaints90d } } } }`;
  const forged = JSON.stringify({ VALID: [刘洋] });

  async function ask(extensions: Record<string, unknown> | undefined, bound: string | undefined) {
    const iat = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', [VIEWER_HEADER]: signViewer({ viewer: viewers.bank, requestId: 'x', iat }, t.config.subgraphSecret, bound) };
    const res = await fetch(t.hub.subgraphs.ecommerce.url, { method: 'POST', headers, body: JSON.stringify({ query: shop, ...(extensions ? { extensions } : {}) }) });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string; reason?: string } }[] } };
  }

  it('without forwarded states, a subgraph reads the consent itself', async () => {
    const { status, body } = await ask(undefined, undefined);
    expect(status).toBe(200);
    expect(body.data._entities[0].merchants).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT', field: 'Person.merchants' });
  });

  it('takes states the signature covers', async () => {
    const { status, body } = await ask({ credithubConsents: forged }, forged);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities[0].merchants[0].complaints90d).toEqual(expect.any(Number));
  });

  it.each([
    ['added to a request signed without them', { credithubConsents: forged }, undefined, /bad signature/],
    ['changed after signing', { credithubConsents: forged }, JSON.stringify({ NONE: [刘洋] }), /bad signature/],
    ['removed after signing', undefined, forged, /bad signature/],
    ['sent as an object rather than the signed string', { credithubConsents: { VALID: [刘洋] } }, forged, /one JSON string/],
    ['signed but malformed', { credithubConsents: '{"MAYBE":["x"]}' }, '{"MAYBE":["x"]}', /malformed/],
  ] as const)('refuses states %s', async (_, extensions, bound, message) => {
    const { status, body } = await ask(extensions, bound);
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toMatch(message);
  });
});
