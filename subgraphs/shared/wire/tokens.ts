/**
 * Bearer tokens: OAuth 2.0 access tokens (JWT) from the issuers the hub is configured to trust,
 * verified through each issuer's JWKS (found by OpenID Connect discovery). The gateway and every
 * subgraph verify the client's token themselves: nothing a subgraph accepts can be minted by the
 * gateway or by another subgraph. A token only says which client (or which subject, through a
 * subject app) is asking; what that client may do is the registry's to say (registry.ts).
 *
 * Checked: the issuer is configured; the signature verifies with a key of that issuer, found by
 * `kid` (a new key is fetched when an unknown `kid` appears, so issuers rotate keys freely); only
 * the configured algorithms; the audience; `exp` and `iat` present, not expired, not issued in
 * the future, not older than the longest lifetime the hub accepts.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** The claim that names the subject in a subject app's self-access token. */
export const SUBJECT_CLAIM = 'subject_code';

export interface TokenPolicy {
  /** issuer identifiers (URLs), each serving OpenID Connect discovery */
  issuers: readonly string[];
  /** the audience every token must carry: this hub */
  audience: string;
  /** the signature algorithms accepted (asymmetric only) */
  algorithms: readonly string[];
  /** the longest lifetime (from `iat`) a token may have when used */
  maxAgeSeconds: number;
}

export interface VerifiedToken {
  issuer: string;
  /** the client the token was issued to */
  client: string;
  /** for a self-access token, the subject it speaks for */
  subject?: string;
  /** seconds since the epoch */
  expiresAt: number;
  /** sha256 of the token, base64url: what an internal call binds itself to */
  hash: string;
}

export type TokenProblem = 'MALFORMED' | 'UNTRUSTED_ISSUER' | 'EXPIRED' | 'CLAIMS' | 'ALGORITHM' | 'UNKNOWN_KEY' | 'SIGNATURE' | 'ISSUER_UNREACHABLE';

export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

const CLOCK_TOLERANCE_SECONDS = 5;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A trusted issuer's keys, found through its discovery document. */
async function discover(issuer: string, fetchImpl: typeof fetch): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`discovery answered HTTP ${res.status}`);
  const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
  // RFC 8414 / OIDC Discovery: the document must name the issuer it was fetched for
  if (doc.issuer !== issuer) throw new Error(`discovery names issuer ${String(doc.issuer)}`);
  if (!doc.jwks_uri) throw new Error('discovery names no jwks_uri');
  // An unknown kid refetches the key set at most once every 5 s: rotated keys are picked up
  // quickly, and a flood of made-up kids cannot hammer the issuer.
  return createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: 5000, timeoutDuration: 3000, cacheMaxAge: 10 * 60_000 });
}

export class TokenVerifier {
  private readonly keys = new Map<string, Promise<JWTVerifyGetKey>>();
  /** verified tokens until they expire: a client uses one token for many requests */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly policy: TokenPolicy,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private keysOf(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = this.keys.get(issuer);
    if (!keys) {
      keys = discover(issuer, this.fetchImpl);
      this.keys.set(issuer, keys);
      // an issuer that could not be reached is asked again on the next token, not remembered as down
      keys.catch(() => this.keys.delete(issuer));
    }
    return keys;
  }

  async verify(token: string, nowMs = Date.now()): Promise<VerifiedToken> {
    const now = Math.floor(nowMs / 1000);
    const known = this.verified.get(token);
    if (known && known.expiresAt > now) return known;

    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenError('MALFORMED', 'The bearer token is malformed: it is not a JWT.');
    }
    const issuer = typeof unverified.iss === 'string' ? unverified.iss : '';
    if (!this.policy.issuers.includes(issuer)) {
      throw new TokenError('UNTRUSTED_ISSUER', `The bearer token's issuer is not one this hub trusts${issuer ? ` (${issuer.slice(0, 100)})` : ''}: get a token from the hub's issuer.`);
    }
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keysOf(issuer);
    } catch {
      throw new TokenError('ISSUER_UNREACHABLE', "The hub cannot reach the token's issuer to check its keys right now; retry shortly.");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience: this.policy.audience,
        algorithms: [...this.policy.algorithms],
        requiredClaims: ['exp', 'iat'],
        // with a maximum age jose also refuses an iat in the future
        maxTokenAge: this.policy.maxAgeSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(nowMs),
      }));
    } catch (err) {
      throw describe(err, this.policy);
    }
    const client = typeof payload.client_id === 'string' ? payload.client_id : typeof payload.sub === 'string' ? payload.sub : '';
    if (!client) throw new TokenError('CLAIMS', 'The bearer token names no client (client_id).');
    const subject = payload[SUBJECT_CLAIM];
    const result: VerifiedToken = {
      issuer,
      client,
      ...(typeof subject === 'string' ? { subject } : {}),
      expiresAt: payload.exp!,
      hash: tokenHash(token),
    };
    if (this.verified.size > 50_000) this.verified.clear();
    this.verified.set(token, result);
    return result;
  }
}

function describe(err: unknown, policy: TokenPolicy): TokenError {
  if (err instanceof joseErrors.JWTExpired) {
    return new TokenError('EXPIRED', err.claim === 'iat' ? `The bearer token is older than ${policy.maxAgeSeconds} s: get a new one.` : 'The bearer token has expired: get a new one.');
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const what =
      err.reason === 'missing'
        ? `it has no "${err.claim}" claim`
        : err.claim === 'aud'
          ? `it is not meant for this hub (audience must be ${policy.audience})`
          : err.claim === 'iat' || err.claim === 'nbf'
            ? 'it is dated in the future'
            : `its "${err.claim}" claim is not valid`;
    return new TokenError('CLAIMS', `The bearer token is not valid here: ${what}.`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new TokenError('ALGORITHM', `The bearer token's signature algorithm is not accepted; the hub accepts ${policy.algorithms.join(', ')}.`);
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new TokenError('UNKNOWN_KEY', "The bearer token is signed with a key its issuer does not publish (unknown kid).");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenError('SIGNATURE', 'The bearer token is not signed by its issuer.');
  if (err instanceof joseErrors.JWKSTimeout) return new TokenError('ISSUER_UNREACHABLE', "The hub cannot reach the token's issuer to check its keys right now; retry shortly.");
  return new TokenError('MALFORMED', 'The bearer token is malformed: it is not a JWT this hub accepts.');
}
