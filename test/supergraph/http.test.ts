/**
 * GraphQL over HTTP at the gateway (issue 12, item 5): a client's mistake is a 4xx with a GraphQL
 * error body, never 500 — 400 for a syntax error, several anonymous operations, an unknown
 * operation name, a subscription, the token limit and validation errors; 405 for a mutation over
 * GET; 413 with a GraphQL error body for a body over 512 KB. CORS is off unless origins are
 * configured: a preflight is answered 204 before anyone is asked who they are (not 401), with
 * allow headers only for a configured origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const 陈静 = '320203199507082021';
const BANK = 'bank-jinling';
const REGULATOR = 'regulator-jiangsu-credit';

/** POSTs a raw body as a client; the status, the headers and the parsed body. */
async function post(t: TestHub, asker: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(asker)}`, ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } };
}

const codeOf = (r: { body: { errors?: { extensions?: Record<string, any> }[] } }) => r.body.errors?.[0]?.extensions?.code;

describe('GraphQL over HTTP: status codes', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.stop());

  const ask = (query: string, extra: Record<string, unknown> = {}) => post(t, REGULATOR, JSON.stringify({ query, ...extra }));

  it('answers a well-formed query 200', async () => {
    const r = await ask(/* GraphQL */ `{ person(creditCode: "${陈静}") { name } }`);
    expect(r.status).toBe(200);
    expect(r.body.data.person.name).toBe('陈静');
  });

  it('400 for a syntax error', async () => {
    const r = await ask('{ person(creditCode: ');
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.body.data).toBeUndefined();
  });

  it('400 for several anonymous operations, and for an operation name the document does not hold', async () => {
    const several = await ask(/* GraphQL */ `{ a: __typename } { b: __typename }`);
    expect(several.status).toBe(400);
    expect(several.body.errors![0]!.message).toMatch(/operation/i);
    const unknown = await ask(/* GraphQL */ `query One { __typename } query Two { __typename }`, { operationName: 'Three' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]!.message).toMatch(/Three/);
    // several anonymous operations break a validation rule; a missing name is the operation's resolution
    expect([codeOf(several), codeOf(unknown)]).toEqual(['GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE']);
  });

  it('400 for a subscription', async () => {
    const r = await ask(/* GraphQL */ `subscription Watch { person(creditCode: "${陈静}") { name } }`);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.message).toMatch(/subscription/i);
    expect(codeOf(r)).toBe('BAD_REQUEST');
  });

  it('400 for a document over the token limit, before it is validated', async () => {
    const fields = Array.from({ length: 2100 }, (_, i) => `f${i}: __typename`).join(' ');
    const r = await ask(`{ ${fields} }`);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.body.errors![0]!.message).toMatch(/token/i);
  });

  it('400 for a validation error, with the field named', async () => {
    const r = await ask(/* GraphQL */ `{ person(creditCode: "${陈静}") { nameOfTheCat } }`);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.body.errors![0]!.message).toMatch(/nameOfTheCat/);
  });

  it('405 for a mutation over GET, and a query over GET answers', async () => {
    const get = async (query: string) => {
      const res = await fetch(`${t.url}?query=${encodeURIComponent(query)}`, {
        headers: { authorization: `Bearer ${await t.token(BANK)}`, 'apollo-require-preflight': '1' },
      });
      return { status: res.status, allow: res.headers.get('allow'), body: (await res.json()) as any };
    };
    const mutation = await get(/* GraphQL */ `mutation { revokeConsent(id: "consent-1") { __typename } }`);
    expect(mutation.status).toBe(405);
    expect(mutation.allow).toMatch(/POST/);
    expect(mutation.body.errors[0].message).toMatch(/GET/);
    expect(mutation.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const query = await get(/* GraphQL */ `{ person(creditCode: "${陈静}") { name } }`);
    expect(query.status).toBe(200);
  });

  it('413 with a GraphQL error body for a body over 512 KB, and the gateway answers the next request', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(600 * 1024) } });
    const r = await post(t, REGULATOR, big);
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('PAYLOAD_TOO_LARGE');
    expect(r.body.errors![0]!.message).toMatch(/at most 524288 bytes/);
    // a body just under the limit is read and answered
    const under = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(500 * 1024) } });
    expect((await post(t, REGULATOR, under)).status).toBe(200);
  });

  it('never 500 for a request body that is not JSON', async () => {
    const r = await post(t, REGULATOR, '{"query": ');
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_REQUEST');
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  describe('off by default', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub();
    });
    afterAll(() => t?.stop());

    it('answers a preflight 204 without credentials (not 401), and allows no origin', async () => {
      const res = await preflight(t.url, 'https://app.example');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBeNull();
      const post = await fetch(t.url, { method: 'POST', headers: { origin: 'https://app.example', 'content-type': 'application/json', authorization: `Bearer ${await t.token(BANK)}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(post.status).toBe(200);
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('on for configured origins (HUB_CORS_ORIGINS)', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub({ env: { HUB_CORS_ORIGINS: 'https://app.example, http://localhost:5173' } });
    });
    afterAll(() => t?.stop());

    it('allows a configured origin, its methods and headers', async () => {
      const res = await preflight(t.url, 'https://app.example');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(res.headers.get('vary')).toMatch(/origin/i);
      const post = await fetch(t.url, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json', authorization: `Bearer ${await t.token(BANK)}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(post.status).toBe(200);
      expect(post.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    });

    it('allows no other origin', async () => {
      const res = await preflight(t.url, 'https://evil.example');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
