/**
 * What crosses the hop from the gateway to a subgraph, besides the client's own token: a call
 * assertion, signed by the gateway with its own key (EdDSA; the subgraphs hold only its public
 * keys, so no subgraph can mint one), that binds this one call:
 * - `aud`: the subgraph it is for (another subgraph refuses it);
 * - `bh`: the SHA-256 of the exact request body (another operation, other variables, another
 *   `_entities` batch: refused);
 * - `th`: the SHA-256 of the client's token that travels beside it (another token: refused);
 * - `exp`, `iat`, `jti`: a short life, and used once per subgraph process (a replay: refused);
 * - `prp`, `rid`: the purpose the client declared and the request's id, for the audit record.
 * A captured call is therefore worth that one call, as that client, for the seconds it lives —
 * and never a second time at the same subgraph.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';

export const ASSERTION_HEADER = 'x-credithub-assertion';
export const ASSERTION_ISSUER = 'credithub-gateway';
const ALG = 'EdDSA';
/** how long an assertion lives: one query plan's fetches start within it */
export const ASSERTION_TTL_SECONDS = 30;

export interface CallClaims {
  purpose: string;
  requestId: string;
}

export const bodyHash = (body: string) => createHash('sha256').update(body).digest('base64url');

export interface GatewayKeys {
  /** the private key, as a JWK with its kid: the gateway's only */
  signing: JWK;
  /** the public keys the subgraphs accept (the current one, and any being rotated out) */
  jwks: JSONWebKeySet;
}

/** A fresh key pair, for development and tests (production reads them from configuration). */
export async function generateGatewayKeys(kid = `gw-${randomUUID().slice(0, 8)}`): Promise<GatewayKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  const pub = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  return { signing, jwks: { keys: [pub] } };
}

export class CallSigner {
  private readonly key: ReturnType<typeof importJWK>;

  constructor(private readonly jwk: JWK) {
    if (!jwk.kid) throw new Error('the gateway signing key needs a kid');
    this.key = importJWK(jwk, ALG);
  }

  async sign(call: { audience: string; body: string; token: string } & CallClaims): Promise<string> {
    return new SignJWT({ bh: bodyHash(call.body), th: bodyHash(call.token), prp: call.purpose, rid: call.requestId })
      .setProtectedHeader({ alg: ALG, kid: this.jwk.kid!, typ: 'credithub-call+jwt' })
      .setIssuer(ASSERTION_ISSUER)
      .setAudience(call.audience)
      .setIssuedAt()
      .setExpirationTime(`${ASSERTION_TTL_SECONDS}s`)
      .setJti(randomUUID())
      .sign(await this.key);
  }
}

export type CallProblem = 'MISSING' | 'INVALID' | 'WRONG_SUBGRAPH' | 'WRONG_BODY' | 'WRONG_TOKEN' | 'REPLAYED';

export class CallError extends Error {
  override name = 'CallError';
  constructor(readonly problem: CallProblem) {
    super(problem);
  }
}

export class CallVerifier {
  private readonly keys: JWTVerifyGetKey;
  /** jti → when it stops mattering (its assertion's expiry) */
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(
    jwks: JSONWebKeySet,
    private readonly audience: string,
  ) {
    this.keys = createLocalJWKSet(jwks);
  }

  async verify(assertion: string | undefined, call: { body: string; token: string }, nowMs = Date.now()): Promise<CallClaims> {
    if (!assertion) throw new CallError('MISSING');
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, this.keys, {
        issuer: ASSERTION_ISSUER,
        algorithms: [ALG],
        typ: 'credithub-call+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'aud'],
        maxTokenAge: ASSERTION_TTL_SECONDS + 5,
        clockTolerance: 5,
        currentDate: new Date(nowMs),
      }));
    } catch {
      throw new CallError('INVALID');
    }
    if (payload.aud !== this.audience) throw new CallError('WRONG_SUBGRAPH');
    if (payload.bh !== bodyHash(call.body)) throw new CallError('WRONG_BODY');
    if (payload.th !== bodyHash(call.token)) throw new CallError('WRONG_TOKEN');
    const now = Math.floor(nowMs / 1000);
    if (now >= this.nextSweep) {
      for (const [jti, until] of this.seen) if (until < now) this.seen.delete(jti);
      this.nextSweep = now + 10;
    }
    if (this.seen.has(payload.jti!)) throw new CallError('REPLAYED');
    this.seen.set(payload.jti!, payload.exp! + 5);
    return { purpose: String(payload.prp ?? ''), requestId: String(payload.rid ?? '') };
  }
}
