/**
 * Who asks, as rules: the registry's records and their bound, the call assertion's bindings, the
 * token checks, and the asker a verified token and the registry make together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyHash, CallError, CallSigner, CallVerifier, generateGatewayKeys, ASSERTION_TTL_SECONDS } from '../../subgraphs/shared/wire/assertion.ts';
import { resolveAsker, bearerToken, verifiedToken } from '../../subgraphs/shared/wire/asker.ts';
import { StoreError } from '../../subgraphs/shared/platform/store/port.ts';
import { ClientRegistry, hashSecret, KIND_PURPOSES, RegistryError, REGISTRY_TTL_MS, secretMatches } from '../../subgraphs/shared/wire/registry.ts';
import { TokenError, tokenHash, TokenVerifier, type VerifiedToken } from '../../subgraphs/shared/wire/tokens.ts';
import { createHash } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import { newKey, startTestIssuer, type TestIssuer } from '../support/testIssuer.ts';

describe('client secrets', () => {
  it('are kept as a salted hash that matches the secret and nothing else', async () => {
    const hash = await hashSecret('correct horse', 2 ** 10);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await secretMatches(hash, 'correct horse')).toBe(true);
    expect(await secretMatches(hash, 'correct horsE')).toBe(false);
    expect(await secretMatches(await hashSecret('correct horse', 2 ** 10), 'correct horse')).toBe(true);
    expect(await hashSecret('x', 2 ** 10)).not.toBe(await hashSecret('x', 2 ** 10));
    for (const broken of [undefined, '', 'plain-text', 'bcrypt$1$2$3$4$5']) expect(await secretMatches(broken, 'x'), String(broken)).toBe(false);
  });
});

describe('the client registry', () => {
  let now = 1_000_000;
  const store = new EmbeddedStore();
  const registry = new ClientRegistry(store, REGISTRY_TTL_MS, () => now);

  it('registers a client with the purposes its kind may hold, and refuses any other', async () => {
    const { client, secret } = await registry.add({ id: 'bank-unit', name: '单元银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice');
    expect(client).toMatchObject({ status: 'ACTIVE', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'], limits: { requestsPerMinute: 600 } });
    expect(await secretMatches(client.credentials!.secretHash, secret)).toBe(true);
    await expect(registry.add({ id: 'bank-unit', name: 'again', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice')).rejects.toThrow(/already registered/);
    await expect(registry.add({ id: 'bank-two', name: 'x', kind: 'BANK', purposes: ['SUPERVISION'] }, 'a')).rejects.toThrow(/may be licensed for LOAN_UNDERWRITING, not SUPERVISION/);
    await expect(registry.add({ id: 'bank-two', name: 'x', kind: 'BANK', purposes: [] }, 'a')).rejects.toThrow(/at least one/);
    await expect(registry.add({ id: 'Bad Id', name: 'x', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'a')).rejects.toBeInstanceOf(RegistryError);
    await expect(registry.add({ id: 'x-kind', name: 'x', kind: 'ROBOT' as never, purposes: ['PUBLIC'] }, 'a')).rejects.toThrow(/unknown client kind/);
    await expect(registry.add({ id: 'no-name', name: '  ', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'a')).rejects.toThrow(/needs a name/);
    expect(KIND_PURPOSES.SUBJECT_APP).toEqual(['SELF_ACCESS']);
  });

  it('ties a platform to the company it acts for, by a valid unified social credit code only', async () => {
    const { client } = await registry.add({ id: 'platform-unit', name: '单元平台', kind: 'PLATFORM', purposes: ['MERCHANT_ONBOARDING'], organisation: '91320191MA1C6D7E7F' }, 'alice');
    expect(client.organisation).toBe('91320191MA1C6D7E7F');
    // one character off: the check digit fails, and nothing is registered
    await expect(registry.add({ id: 'platform-bad', name: 'x', kind: 'PLATFORM', purposes: ['MERCHANT_ONBOARDING'], organisation: '91320191MA1C6D7E7G' }, 'a')).rejects.toThrow(
      /organisation must be given by its unified social credit code/,
    );
    expect(await registry.client('platform-bad')).toBeNull();
  });

  it('answers from its cache for the stated bound, and from the store after it', async () => {
    expect((await registry.client('bank-unit'))!.status).toBe('ACTIVE');
    // changed behind this registry's back (another process, another replica)
    await store.collection('clients').updateOne({ _id: 'bank-unit' }, { $set: { status: 'SUSPENDED' } });
    now += REGISTRY_TTL_MS - 1;
    expect((await registry.client('bank-unit'))!.status).toBe('ACTIVE');
    now += 2;
    expect((await registry.client('bank-unit'))!.status).toBe('SUSPENDED');
    await store.collection('clients').updateOne({ _id: 'bank-unit' }, { $set: { status: 'ACTIVE' } });
    now += REGISTRY_TTL_MS + 1;
  });

  it('remembers that a client is unknown for the same bound', async () => {
    expect(await registry.client('nobody')).toBeNull();
    await store.collection('clients').insertOne({ ...(await registry.client('bank-unit'))!, _id: 'nobody', id: 'nobody' });
    expect(await registry.client('nobody')).toBeNull();
    now += REGISTRY_TTL_MS + 1;
    expect(await registry.client('nobody')).not.toBeNull();
  });

  it('suspends with a reason, reinstates, rotates, and records who did each, newest first; its own changes count at once', async () => {
    await expect(registry.suspend('bank-unit', 'bob', ' ')).rejects.toThrow(/needs a reason/);
    now += 1;
    await registry.suspend('bank-unit', 'bob', 'overdue fees');
    expect((await registry.client('bank-unit'))!.status).toBe('SUSPENDED');
    await expect(registry.suspend('bank-unit', 'bob', 'again')).rejects.toThrow(/already suspended/);
    now += 1;
    await registry.reinstate('bank-unit', 'carol');
    expect((await registry.client('bank-unit'))!.status).toBe('ACTIVE');
    now += 1;
    const before = (await registry.client('bank-unit'))!.credentials!.secretHash;
    const { secret } = await registry.rotate('bank-unit', 'dave');
    const after = (await registry.client('bank-unit'))!.credentials!.secretHash;
    expect(after).not.toBe(before);
    expect(await secretMatches(after, secret)).toBe(true);
    await expect(registry.rotate('nobody-at-all', 'dave')).rejects.toThrow(/no client "nobody-at-all"/);
    now += 1;
    const events = await registry.events('bank-unit');
    expect(events.map((e) => [e.action, e.operator, e.reason ?? null])).toEqual([
      ['ROTATE', 'dave', null],
      ['REINSTATE', 'carol', null],
      ['SUSPEND', 'bob', 'overdue fees'],
      ['ADD', 'alice', null],
    ]);
  });
});

describe('the call assertion', () => {
  let signer: CallSigner;
  let verifier: CallVerifier;
  const call = { audience: 'persons', body: '{"query":"{ a }"}', token: 'client-token', purpose: 'LOAN_UNDERWRITING', requestId: 'r-1' };
  beforeAll(async () => {
    const keys = await generateGatewayKeys('gw-test');
    signer = new CallSigner(keys.signing);
    verifier = new CallVerifier(keys.jwks, 'persons');
  });
  const problem = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'accepted';
    } catch (err) {
      return err instanceof CallError ? err.problem : String(err);
    }
  };

  it('carries the purpose and request id of exactly the call it was made for, once', async () => {
    const a = await signer.sign(call);
    expect(await verifier.verify(a, { body: call.body, token: call.token })).toEqual({ purpose: 'LOAN_UNDERWRITING', requestId: 'r-1' });
    expect(await problem(verifier.verify(a, { body: call.body, token: call.token }))).toBe('REPLAYED');
  });

  it('is refused for another body, another token, another subgraph, or none', async () => {
    expect(await problem(verifier.verify(await signer.sign(call), { body: '{"query":"{ b }"}', token: call.token }))).toBe('WRONG_BODY');
    expect(await problem(verifier.verify(await signer.sign(call), { body: call.body, token: 'someone-else' }))).toBe('WRONG_TOKEN');
    expect(await problem(verifier.verify(await signer.sign({ ...call, audience: 'sanctions' }), { body: call.body, token: call.token }))).toBe('WRONG_SUBGRAPH');
    expect(await problem(verifier.verify(undefined, { body: call.body, token: call.token }))).toBe('MISSING');
  });

  it('is refused when signed by another key, tampered with, or older than its life', async () => {
    const rogue = new CallSigner((await generateGatewayKeys('gw-test')).signing);
    expect(await problem(verifier.verify(await rogue.sign(call), { body: call.body, token: call.token }))).toBe('INVALID');
    const [h, p, sig] = (await signer.sign(call)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), prp: 'SUPERVISION' })).toString('base64url');
    expect(await problem(verifier.verify(`${h}.${forged}.${sig}`, { body: call.body, token: call.token }))).toBe('INVALID');
    const old = await signer.sign(call);
    const later = Date.now() + (ASSERTION_TTL_SECONDS + 10) * 1000;
    expect(await problem(verifier.verify(old, { body: call.body, token: call.token }, later))).toBe('INVALID');
  });
});

describe('a call assertion, rule by rule', () => {
  const call = { audience: 'persons', body: '{"query":"{ a }"}', token: 'client-token', purpose: 'LOAN_UNDERWRITING', requestId: 'r-1' };
  const sent = { body: call.body, token: call.token };
  const problem = (p: Promise<unknown>) => p.then(() => 'accepted', (err: Error) => (err instanceof CallError ? err.problem : String(err)));

  it('is signed with a fresh gateway key whose public half, and only it, the subgraphs are given', async () => {
    const keys = await generateGatewayKeys();
    expect(keys.signing.kid).toMatch(/^gw-[0-9a-f]{8}$/);
    expect((await generateGatewayKeys()).signing.kid).not.toBe(keys.signing.kid);
    expect(keys.jwks.keys).toHaveLength(1);
    expect(keys.jwks.keys[0]).toMatchObject({ kid: keys.signing.kid, alg: 'EdDSA', use: 'sig', kty: 'OKP', crv: 'Ed25519' });
    expect(keys.jwks.keys[0]!.d).toBeUndefined();
    expect(await new CallVerifier(keys.jwks, 'persons').verify(await new CallSigner(keys.signing).sign(call), sent)).toEqual({ purpose: 'LOAN_UNDERWRITING', requestId: 'r-1' });
  });

  it('cannot be signed with a key that has no kid', async () => {
    const { kid: _kid, ...nameless } = (await generateGatewayKeys()).signing;
    expect(() => new CallSigner(nameless)).toThrow(/needs a kid/);
  });

  it('is still accepted 33 s after it was made (its 30 s and 5 s of clock difference), and a replay is refused for as long as it could be accepted', async () => {
    const keys = await generateGatewayKeys();
    const signer = new CallSigner(keys.signing);
    const t0 = Date.now();
    expect(await problem(new CallVerifier(keys.jwks, 'persons').verify(await signer.sign(call), sent, t0 + 33_000))).toBe('accepted');
    const verifier = new CallVerifier(keys.jwks, 'persons');
    const a = await signer.sign(call);
    expect(await problem(verifier.verify(a, sent, t0))).toBe('accepted');
    // a later call sweeps forgotten assertions: this one is not forgotten while it lives
    expect(await problem(verifier.verify(await signer.sign(call), sent, t0 + 11_000))).toBe('accepted');
    expect(await problem(verifier.verify(a, sent, t0 + 12_000))).toBe('REPLAYED');
    expect(await problem(verifier.verify(a, sent, t0 + 27_000))).toBe('REPLAYED');
    expect(await problem(verifier.verify(a, sent, t0 + 29_000))).toBe('REPLAYED');
  });

  it('is forgotten once it could no longer be accepted, so the replay memory holds only live assertions', async () => {
    const keys = await generateGatewayKeys();
    const key = await importJWK(keys.signing, 'EdDSA');
    const verifier = new CallVerifier(keys.jwks, 'persons');
    const T = Math.floor(Date.now() / 1000);
    const at = (iat: number, jti: string) =>
      new SignJWT({ bh: bodyHash(call.body), th: bodyHash(call.token) })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.signing.kid!, typ: 'credithub-call+jwt' })
        .setIssuer('credithub-gateway')
        .setAudience('persons')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 30)
        .setJti(jti)
        .sign(key);
    const seen = () => (verifier as unknown as { seen: Map<string, number> }).seen.size;
    await verifier.verify(await at(T, 'a'), sent, T * 1000);
    await verifier.verify(await at(T + 11, 'b'), sent, (T + 11) * 1000);
    expect(seen()).toBe(2);
    // 41 s on, a's life and its 5 s of tolerance are over; b's are not
    await verifier.verify(await at(T + 41, 'c'), sent, (T + 41) * 1000);
    expect(seen()).toBe(2);
    await verifier.verify(await at(T + 60, 'd'), sent, (T + 60) * 1000);
    expect(seen()).toBe(2);
  });

  it('without an id (jti), an expiry or an audience is refused; without a purpose or request id it carries empty ones', async () => {
    const keys = await generateGatewayKeys();
    const key = await importJWK(keys.signing, 'EdDSA');
    const verifier = new CallVerifier(keys.jwks, 'persons');
    const made = (omit: string, claims: Record<string, unknown> = {}) => {
      const jwt = new SignJWT({ bh: bodyHash(call.body), th: bodyHash(call.token), ...claims }).setProtectedHeader({ alg: 'EdDSA', kid: keys.signing.kid!, typ: 'credithub-call+jwt' }).setIssuer('credithub-gateway').setIssuedAt();
      if (omit !== 'aud') jwt.setAudience('persons');
      if (omit !== 'exp') jwt.setExpirationTime('30s');
      if (omit !== 'jti') jwt.setJti(`j-${omit}`);
      return jwt.sign(key);
    };
    for (const omit of ['jti', 'exp', 'aud']) expect(await problem(verifier.verify(await made(omit, { prp: 'PUBLIC', rid: 'r' }), sent)), omit).toBe('INVALID');
    expect(await verifier.verify(await made('none'), sent)).toEqual({ purpose: '', requestId: '' });
  });

  it('is refused as a CallError naming its problem', async () => {
    const err = await new CallVerifier((await generateGatewayKeys()).jwks, 'persons').verify(undefined, sent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect(err).toMatchObject({ name: 'CallError', problem: 'MISSING' });
  });
});

describe('tokens and the asker they speak for', () => {
  let issuer: TestIssuer;
  let tokens: TokenVerifier;
  const store = new EmbeddedStore();
  const registry = new ClientRegistry(store, 0);
  beforeAll(async () => {
    issuer = await startTestIssuer();
    tokens = new TokenVerifier({ issuers: [issuer.url], audience: 'urn:credithub:api', algorithms: ['ES256'], maxAgeSeconds: 3600 });
    await registry.add({ id: 'bank-a', name: 'A', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 't');
    await registry.add({ id: 'app-self', name: 'S', kind: 'SUBJECT_APP', purposes: ['SELF_ACCESS'] }, 't');
    await registry.add({ id: 'dev-a', name: 'D', kind: 'DEVELOPER', purposes: ['PUBLIC'] }, 't');
  });
  afterAll(() => issuer?.close());

  it('names the client and, for a subject app, the subject; and is remembered until it expires', async () => {
    const token = await issuer.mint('bank-a');
    const v = await tokens.verify(token);
    expect(v).toMatchObject({ issuer: issuer.url, client: 'bank-a', expiresAt: expect.any(Number) });
    expect(v.subject).toBeUndefined();
    const fetched = issuer.jwksFetches();
    expect(await tokens.verify(token)).toBe(v);
    expect(issuer.jwksFetches()).toBe(fetched);
    // the clock tolerance is 5 s
    await expect(tokens.verify(token, (v.expiresAt + 10) * 1000)).rejects.toMatchObject({ problem: 'EXPIRED' });
  });

  it('is refused with a reason a client can act on', async () => {
    const cases: [Promise<string>, TokenError['problem']][] = [
      [issuer.mint('bank-a', { expiresIn: null }), 'CLAIMS'],
      [issuer.mint('bank-a', { audience: 'urn:other' }), 'CLAIMS'],
      [Promise.resolve('a.b'), 'MALFORMED'],
    ];
    for (const [token, want] of cases) await expect(tokens.verify(await token)).rejects.toMatchObject({ problem: want });
  });

  const asker = async (claims: Record<string, unknown>, declared?: string, client = 'bank-a'): Promise<unknown> => {
    const verified: VerifiedToken = { issuer: issuer.url, client, expiresAt: 0, hash: 'h', ...(claims as object) };
    try {
      return await resolveAsker(verified, declared, registry);
    } catch (err) {
      return (err as { extensions: Record<string, unknown> }).extensions;
    }
  };

  it("takes the client's kind and purpose from the registry, the purpose declared or its only one", async () => {
    expect(await asker({})).toEqual({ kind: 'CLIENT', client: 'bank-a', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' });
    expect(await asker({}, 'LOAN_UNDERWRITING')).toMatchObject({ purpose: 'LOAN_UNDERWRITING' });
    expect(await asker({}, 'SUPERVISION')).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_NOT_LICENSED' });
    expect(await asker({}, 'LOOKING')).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_PURPOSE' });
    expect(await asker({}, undefined, 'nobody')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('makes a subject app speak for a valid subject only, and no other client for any', async () => {
    expect(await asker({ subject: '320106197805123519' }, undefined, 'app-self')).toEqual({ kind: 'SUBJECT', subject: '320106197805123519', purpose: 'SELF_ACCESS', client: 'app-self' });
    expect(await asker({ subject: '320106197805123518' }, undefined, 'app-self')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await asker({}, undefined, 'app-self')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await asker({ subject: '320106197805123519' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await asker({ subject: '320106197805123519' }, undefined, 'dev-a')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a suspended client with FORBIDDEN, not as unknown', async () => {
    await registry.suspend('dev-a', 't', 'test');
    expect(await asker({}, undefined, 'dev-a')).toMatchObject({ code: 'FORBIDDEN', reason: 'CLIENT_SUSPENDED' });
  });

  it('reads a bearer header strictly', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    for (const bad of [undefined, '', 'bearer abc', 'Bearer', 'Bearer a b', 'Basic abc', `Bearer ${'a'.repeat(9000)}`]) {
      expect(() => bearerToken(bad), String(bad).slice(0, 20)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    }
  });

  it('takes the whole header as one bearer token, nothing before or after it, of at most 8,192 characters', () => {
    expect(bearerToken('  Bearer abc.def.ghi \t')).toBe('abc.def.ghi');
    expect(bearerToken(`Bearer ${'a'.repeat(8192)}`)).toHaveLength(8192);
    for (const bad of ['xBearer abc.def.ghi', 'Basic x, Bearer abc.def.ghi', 'Bearer abc.def.ghi, Basic x', `Bearer ${'a'.repeat(8193)}`]) {
      expect(() => bearerToken(bad), bad.slice(0, 30)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    }
  });
});

describe('a bearer token, check by check', () => {
  let issuer: TestIssuer;
  let other: TestIssuer;
  const policy = () => ({ issuers: [issuer.url], audience: 'urn:credithub:api', algorithms: ['ES256'], maxAgeSeconds: 3600 });
  beforeAll(async () => {
    issuer = await startTestIssuer();
    other = await startTestIssuer();
  });
  afterAll(async () => {
    await issuer?.close();
    await other?.close();
  });
  const refusal = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'accepted', (err: TokenError) => ({ problem: err.problem, message: err.message }));
  const now = () => Math.floor(Date.now() / 1000);

  it('from an issuer the hub is not configured to trust is refused, even when validly signed by it', async () => {
    expect(await refusal(new TokenVerifier(policy()).verify(await other.mint('bank-a')))).toMatchObject({ problem: 'UNTRUSTED_ISSUER' });
  });

  it('signed with HS256 is refused when ES256 is configured', async () => {
    const hs = await new SignJWT({ client_id: 'bank-a' })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.published[0]!.kid })
      .setIssuer(issuer.url)
      .setAudience('urn:credithub:api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(32));
    expect(await refusal(new TokenVerifier(policy()).verify(hs))).toMatchObject({ problem: 'ALGORITHM' });
  });

  it('signed by a key its issuer does not publish is refused as an unknown key; under a published kid, as a bad signature', async () => {
    const stranger = await newKey();
    const verifier = new TokenVerifier(policy());
    expect(await refusal(verifier.verify(await issuer.mint('bank-a', { key: stranger })))).toMatchObject({ problem: 'UNKNOWN_KEY' });
    const forged = { ...stranger, kid: issuer.published[0]!.kid };
    expect(await refusal(verifier.verify(await issuer.mint('bank-a', { key: forged })))).toMatchObject({ problem: 'SIGNATURE' });
  });

  it('older than the longest lifetime the hub accepts is refused as expired, even before its own expiry', async () => {
    const token = await issuer.mint('bank-a', { issuedAt: now() - 3700, expiresIn: 7200 });
    expect(await refusal(new TokenVerifier(policy()).verify(token))).toMatchObject({ problem: 'EXPIRED' });
  });

  it('dated in the future (beyond five seconds of clock difference) is refused, saying so; within them it is accepted', async () => {
    const verifier = new TokenVerifier(policy());
    expect(await refusal(verifier.verify(await issuer.mint('bank-a', { issuedAt: now() + 120 })))).toMatchObject({ problem: 'CLAIMS', message: expect.stringMatching(/dated in the future/) });
    const token = await issuer.mint('bank-a', { issuedAt: now() - 60, expiresIn: 60 });
    // expired three seconds ago by the hub's clock: within the tolerance
    expect(await verifier.verify(token, (now() + 3) * 1000)).toMatchObject({ client: 'bank-a' });
  });

  it('meant for another audience, or without an expiry, is refused saying what is wrong', async () => {
    const verifier = new TokenVerifier(policy());
    expect(await refusal(verifier.verify(await issuer.mint('bank-a', { audience: 'urn:other' })))).toMatchObject({ problem: 'CLAIMS', message: expect.stringMatching(/not meant for this hub \(audience must be urn:credithub:api\)/) });
    expect(await refusal(verifier.verify(await issuer.mint('bank-a', { expiresIn: null })))).toMatchObject({ problem: 'CLAIMS', message: expect.stringMatching(/has no "exp" claim/) });
  });

  it('names its client by client_id, or by sub when it has none; with neither it is refused', async () => {
    const verifier = new TokenVerifier(policy());
    expect(await verifier.verify(await issuer.mint('bank-sub', { claims: { client_id: undefined } }))).toMatchObject({ client: 'bank-sub' });
    expect(await verifier.verify(await issuer.mint('bank-sub2', { claims: { client_id: 42 } }))).toMatchObject({ client: 'bank-sub2' });
    const none = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: issuer.published[0]!.kid })
      .setIssuer(issuer.url)
      .setAudience('urn:credithub:api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(issuer.published[0]!.privateKey);
    expect(await refusal(verifier.verify(none))).toMatchObject({ problem: 'CLAIMS' });
  });

  it('of a subject app carries its subject_code as the subject; a subject_code that is not text is no subject', async () => {
    const verifier = new TokenVerifier(policy());
    expect(await verifier.verify(await issuer.mint('app-self', { claims: { subject_code: '320106197805123519' } }))).toMatchObject({ subject: '320106197805123519' });
    expect((await verifier.verify(await issuer.mint('app-self', { claims: { subject_code: 320106197805123519 } }))).subject).toBeUndefined();
  });

  it('names its client by client_id before sub; a sub that is not text names no one', async () => {
    const verifier = new TokenVerifier(policy());
    expect(await verifier.verify(await issuer.mint('bank-sub', { claims: { client_id: 'bank-real' } }))).toMatchObject({ client: 'bank-real' });
    const numericSub = await new SignJWT({ sub: 42 as never })
      .setProtectedHeader({ alg: 'ES256', kid: issuer.published[0]!.kid })
      .setIssuer(issuer.url)
      .setAudience('urn:credithub:api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(issuer.published[0]!.privateKey);
    expect(await refusal(verifier.verify(numericSub))).toMatchObject({ problem: 'CLAIMS' });
  });

  it('whose issuer is not text is from an untrusted issuer, refused as a TokenError', async () => {
    const token = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 42, client_id: 'x' })).toString('base64url')}.c2ln`;
    const err = await new TokenVerifier(policy()).verify(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect(err).toMatchObject({ name: 'TokenError', problem: 'UNTRUSTED_ISSUER' });
  });

  it('not valid before a time still to come is refused as dated in the future', async () => {
    const token = await issuer.mint('bank-a', { claims: { nbf: now() + 120 } });
    expect(await refusal(new TokenVerifier(policy()).verify(token))).toMatchObject({ problem: 'CLAIMS', message: expect.stringMatching(/dated in the future/) });
  });

  it('with a critical header the hub does not understand is refused as malformed, not as a bad signature', async () => {
    const key = issuer.published[0]!;
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: key.kid, crit: ['urn:x'], 'urn:x': 1 })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: issuer.url, aud: 'urn:credithub:api', client_id: 'bank-a', iat: now(), exp: now() + 300 })).toString('base64url');
    const sig = Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey as CryptoKey, Buffer.from(`${header}.${payload}`))).toString('base64url');
    expect(await refusal(new TokenVerifier(policy()).verify(`${header}.${payload}.${sig}`))).toMatchObject({ problem: 'MALFORMED' });
  });

  it('is remembered beside other tokens: a client that alternates two tokens has neither verified again', async () => {
    const verifier = new TokenVerifier(policy());
    const a = await issuer.mint('bank-a');
    const b = await issuer.mint('bank-b');
    const first = await verifier.verify(a);
    const second = await verifier.verify(b);
    expect(await verifier.verify(a)).toBe(first);
    expect(await verifier.verify(b)).toBe(second);
  });

  it('without an issuer is refused saying only that its issuer is not trusted', async () => {
    const token = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ client_id: 'x' })).toString('base64url')}.c2ln`;
    expect(await refusal(new TokenVerifier(policy()).verify(token))).toEqual({ problem: 'UNTRUSTED_ISSUER', message: "The bearer token's issuer is not one this hub trusts: get a token from the hub's issuer." });
  });

  it("fetches the issuer's key set once for many tokens signed with a key it knows", async () => {
    const verifier = new TokenVerifier(policy());
    await verifier.verify(await issuer.mint('bank-a'));
    const fetched = issuer.jwksFetches();
    await verifier.verify(await issuer.mint('bank-b'));
    await verifier.verify(await issuer.mint('bank-c'));
    expect(issuer.jwksFetches()).toBe(fetched);
  });

  it('is bound to by its SHA-256 (base64url), the value internal calls carry', async () => {
    const token = await issuer.mint('bank-a');
    const hash = createHash('sha256').update(token).digest('base64url');
    expect(tokenHash(token)).toBe(hash);
    expect((await new TokenVerifier(policy()).verify(token)).hash).toBe(hash);
  });

  it("reads the issuer's discovery document once, not per token", async () => {
    const asked: string[] = [];
    const counting = ((url: string, init: RequestInit) => (asked.push(String(url)), fetch(url, init))) as typeof fetch;
    const verifier = new TokenVerifier(policy(), counting);
    await verifier.verify(await issuer.mint('bank-a'));
    await verifier.verify(await issuer.mint('bank-b'));
    expect(asked).toEqual([`${issuer.url}/.well-known/openid-configuration`]);
  });

  it('an issuer that cannot be reached is ISSUER_UNREACHABLE, and is asked again on the next token rather than remembered as down', async () => {
    let down = true;
    const flaky = ((url: string, init: RequestInit) => (down ? Promise.reject(new Error('ECONNREFUSED')) : fetch(url, init))) as typeof fetch;
    const verifier = new TokenVerifier(policy(), flaky);
    expect(await refusal(verifier.verify(await issuer.mint('bank-a')))).toMatchObject({ problem: 'ISSUER_UNREACHABLE' });
    down = false;
    expect(await verifier.verify(await issuer.mint('bank-a'))).toMatchObject({ client: 'bank-a' });
  });

  it('is not trusted on a discovery document that fails, names another issuer, or names no key set', async () => {
    const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
    const token = await issuer.mint('bank-a');
    for (const [status, body] of [
      [500, { issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` }],
      [200, { issuer: other.url, jwks_uri: `${issuer.url}/jwks` }],
      [200, { issuer: issuer.url }],
    ] as const) {
      expect(await refusal(new TokenVerifier(policy(), answer(status, body)).verify(token)), JSON.stringify(body)).toMatchObject({ problem: 'ISSUER_UNREACHABLE' });
    }
    expect(await new TokenVerifier(policy(), answer(200, { issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` })).verify(token)).toMatchObject({ client: 'bank-a' });
  });

  it('of an issuer configured with a trailing slash is discovered at the issuer\'s own well-known address', async () => {
    const asked: string[] = [];
    const recording = (async (url: string) => (asked.push(String(url)), new Response('{}', { status: 404 }))) as unknown as typeof fetch;
    const iss = `${issuer.url}/`;
    const unsigned = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss, client_id: 'x' })).toString('base64url')}.c2ln`;
    expect(await refusal(new TokenVerifier({ ...policy(), issuers: [iss] }, recording).verify(unsigned))).toMatchObject({ problem: 'ISSUER_UNREACHABLE' });
    expect(asked).toEqual([`${issuer.url}/.well-known/openid-configuration`]);
  });
});

describe('the asker, when something it depends on fails or is left unsaid', () => {
  const token: VerifiedToken = { issuer: 'https://idp.example', client: 'bank-multi', expiresAt: 0, hash: 'h' };
  const registryOf = (client: unknown): ClientRegistry => ({ client: async () => client }) as unknown as ClientRegistry;
  const failing = (err: Error): ClientRegistry => ({ client: async () => { throw err; } }) as unknown as ClientRegistry;
  const codeOf = async (p: Promise<unknown>): Promise<unknown> => p.then(() => 'accepted', (err: { extensions?: Record<string, unknown>; message: string }) => err.extensions ?? err.message);

  it('a client licensed for several purposes must declare one: none declared is refused with PURPOSE_REQUIRED', async () => {
    const multi = { id: 'bank-multi', kind: 'BANK', status: 'ACTIVE', purposes: ['LOAN_UNDERWRITING', 'SUPERVISION'] };
    expect(await codeOf(resolveAsker(token, undefined, registryOf(multi)))).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    expect(await codeOf(resolveAsker(token, '  ', registryOf(multi)))).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    expect(await resolveAsker(token, ' LOAN_UNDERWRITING ', registryOf(multi))).toMatchObject({ kind: 'CLIENT', purpose: 'LOAN_UNDERWRITING' });
  });

  it('a platform acting for its operating company carries that company with it; a client without one carries none', async () => {
    const platform = { id: 'platform-unit', kind: 'PLATFORM', status: 'ACTIVE', purposes: ['MERCHANT_ONBOARDING'], organisation: '91320191MA1C6D7E7F' };
    expect(await resolveAsker({ ...token, client: 'platform-unit' }, undefined, registryOf(platform))).toEqual({
      kind: 'CLIENT',
      client: 'platform-unit',
      clientKind: 'PLATFORM',
      purpose: 'MERCHANT_ONBOARDING',
      organisation: '91320191MA1C6D7E7F',
    });
    expect(await resolveAsker(token, undefined, registryOf({ ...platform, organisation: undefined }))).not.toHaveProperty('organisation');
  });

  it('a registry the hub cannot read makes the request wait (SERVICE_UNAVAILABLE), not fail as an unknown client', async () => {
    expect(await codeOf(resolveAsker(token, undefined, failing(new StoreError('UNAVAILABLE', 'down'))))).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // any other failure is a bug, passed on as it is
    expect(await codeOf(resolveAsker(token, undefined, failing(new TypeError('a bug'))))).toBe('a bug');
  });

  it("an issuer that cannot be reached makes the request wait (SERVICE_UNAVAILABLE); a token's own fault is UNAUTHENTICATED", async () => {
    const verifier = (err: Error) => ({ verify: async () => { throw err; } }) as unknown as TokenVerifier;
    expect(await codeOf(verifiedToken(verifier(new TokenError('ISSUER_UNREACHABLE', 'jwks down')), 't'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await codeOf(verifiedToken(verifier(new TokenError('EXPIRED', 'expired')), 't'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await codeOf(verifiedToken(verifier(new TypeError('a bug')), 't'))).toBe('a bug');
    const ok = { issuer: 'i', client: 'c', expiresAt: 1, hash: 'h' };
    expect(await verifiedToken({ verify: async () => ok } as unknown as TokenVerifier, 't')).toBe(ok);
  });
});

describe('npm run keys', () => {
  it("writes a key pair the gateway signs with and the subgraphs verify with, the private half readable by its owner only", async () => {
    const { mkdtempSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { execFileSync } = await import('node:child_process');
    const { loadConfig } = await import('../../subgraphs/shared/platform/config.ts');
    const dir = mkdtempSync(join(tmpdir(), 'credithub-keys-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'gateway/keys.ts', '--dir', dir, '--kid', 'gw-test-kid'], { stdio: 'pipe' });
    expect(statSync(join(dir, 'gateway-signing-key.json')).mode & 0o077).toBe(0);
    const config = loadConfig({ HUB_GATEWAY_SIGNING_KEY_FILE: join(dir, 'gateway-signing-key.json'), HUB_GATEWAY_JWKS_FILE: join(dir, 'gateway-jwks.json') });
    expect(config.gatewayJwks!.keys.every((k) => k.d === undefined)).toBe(true);
    const signer = new CallSigner(config.gatewaySigningKey!);
    const verifier = new CallVerifier(config.gatewayJwks as never, 'couriers');
    const a = await signer.sign({ audience: 'couriers', body: '{}', token: 't', purpose: 'PUBLIC', requestId: 'r' });
    expect(await verifier.verify(a, { body: '{}', token: 't' })).toEqual({ purpose: 'PUBLIC', requestId: 'r' });
  });
});
