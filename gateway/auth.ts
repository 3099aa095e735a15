/**
 * Bearer tokens: HS256 JWTs the hub's token service issues to clients and data subjects.
 * The gateway verifies a token once per request and turns it into the viewer it forwards.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { ClientKind, Purpose } from '../subgraphs/shared/documents.ts';
import { forbidden, unauthenticated } from '../subgraphs/shared/errors.ts';
import { validateCitizenId } from '../subgraphs/shared/ids.ts';
import { PURPOSES } from '../subgraphs/shared/policy/matrix.ts';
import type { AskingViewer } from '../subgraphs/shared/viewer.ts';

export const ISSUER = 'credithub';
export const AUDIENCE = 'credithub-gateway';
const ALG = 'HS256';
const MAX_TOKEN_CHARS = 4096;

/** Which purposes each kind of client can ever be licensed for (domain.md section 1). */
export const KIND_PURPOSES: Record<ClientKind, readonly Purpose[]> = {
  BANK: ['LOAN_UNDERWRITING'],
  EMPLOYER: ['EMPLOYMENT_SCREENING'],
  PLATFORM: ['MERCHANT_ONBOARDING'],
  REGULATOR: ['SUPERVISION'],
  DEVELOPER: ['PUBLIC'],
};

const key = (secret: string) => new TextEncoder().encode(secret);

export interface TokenRequest {
  viewer: AskingViewer;
  /** lifetime in seconds */
  ttl?: number;
}

export async function issueToken({ viewer, ttl = 3600 }: TokenRequest, secret: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims =
    viewer.kind === 'CLIENT'
      ? { kind: 'CLIENT', clientKind: viewer.clientKind, purpose: viewer.purpose }
      : { kind: 'SUBJECT', purpose: 'SELF_ACCESS' };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(viewer.kind === 'CLIENT' ? viewer.client : viewer.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(crypto.randomUUID())
    .sign(key(secret));
}

/** The viewer a valid token speaks for; UNAUTHENTICATED or FORBIDDEN errors that say what to fix otherwise. */
export async function authenticate(authorization: string | undefined, secret: string, now = new Date()): Promise<AskingViewer> {
  if (!authorization) {
    throw unauthenticated('Missing bearer token: send "Authorization: Bearer <token>" (get one with `npm run -s token -- --client <client id>`).');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || match[1]!.length > MAX_TOKEN_CHARS) {
    throw unauthenticated('Malformed Authorization header: expected "Bearer <token>" with a single JWT.');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(match[1]!, key(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      clockTolerance: 5,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The bearer token has expired: get a new one.');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthenticated('The bearer token is not signed by this hub.');
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The bearer token is not valid here (${err.claim} claim).`);
    throw unauthenticated('The bearer token is malformed: it is not a JWT this hub issued.');
  }
  const sub = payload.sub;
  const purpose = payload.purpose as Purpose;
  if (typeof sub !== 'string' || !sub) throw unauthenticated('The bearer token names no subject.');
  if (!PURPOSES.includes(purpose)) {
    throw forbidden(`Unknown purpose "${String(payload.purpose)}": a request declares one of ${PURPOSES.join(', ')}.`, { reason: 'UNKNOWN_PURPOSE' });
  }
  if (payload.kind === 'SUBJECT') {
    if (purpose !== 'SELF_ACCESS' || validateCitizenId(sub)) throw unauthenticated('The bearer token is not a valid subject token.');
    return { kind: 'SUBJECT', subject: sub, purpose: 'SELF_ACCESS' };
  }
  if (payload.kind !== 'CLIENT') throw unauthenticated('The bearer token names no kind of asker.');
  const clientKind = payload.clientKind as ClientKind;
  const licensed = KIND_PURPOSES[clientKind];
  if (!licensed) throw unauthenticated('The bearer token names an unknown kind of client.');
  if (!licensed.includes(purpose)) {
    throw forbidden(`A ${clientKind.toLowerCase()} client may not declare ${purpose}; it may declare ${licensed.join(', ')}.`, {
      reason: 'PURPOSE_NOT_LICENSED',
    });
  }
  return { kind: 'CLIENT', client: sub, clientKind, purpose };
}
