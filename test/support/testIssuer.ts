/**
 * An issuer the tests hold the keys of: OpenID Connect discovery and a JWKS over real HTTP, and
 * tokens minted with whatever claims, header and key a test wants — valid ones, and each way of
 * being invalid — so that the hub's token checks can be tried one by one.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { DEFAULT_AUDIENCE } from '../../subgraphs/shared/platform/config.ts';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TestKey {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
}

export async function newKey(kid = `k-${randomUUID().slice(0, 6)}`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export interface TestIssuer {
  url: string;
  /** the keys it publishes; change the array to rotate */
  published: TestKey[];
  /** how many times its JWKS was fetched */
  jwksFetches(): number;
  /** a token for a client, signed with the first published key unless told otherwise */
  mint(client: string, options?: { claims?: Record<string, unknown>; key?: TestKey; audience?: string; expiresIn?: number | null; issuedAt?: number; header?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const published: TestKey[] = [await newKey()];
  let fetches = 0;
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks`, token_endpoint: `${base}/token` }));
    } else if (req.url === '/jwks') {
      fetches++;
      res.end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    published,
    jwksFetches: () => fetches,
    async mint(client, options = {}) {
      const key = options.key ?? published[0]!;
      const now = Math.floor(Date.now() / 1000);
      const iat = options.issuedAt ?? now;
      const jwt = new SignJWT({ client_id: client, ...options.claims })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...options.header })
        .setIssuer(url)
        .setSubject(client)
        .setAudience(options.audience ?? DEFAULT_AUDIENCE)
        .setIssuedAt(iat)
        .setJti(randomUUID());
      if (options.expiresIn !== null) jwt.setExpirationTime(iat + (options.expiresIn ?? 600));
      return jwt.sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
