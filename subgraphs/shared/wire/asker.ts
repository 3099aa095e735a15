/**
 * Who asks: a verified token, checked against the client registry, with the purpose the request
 * declares. The gateway and every subgraph make this same check; kind and purposes come from the
 * registry, never from the token, and an unknown or suspended client is refused.
 */
import type { Purpose } from './purposes.ts';
import { forbidden, serviceUnavailable, unauthenticated } from '../platform/errors.ts';
import { validateCitizenId } from '../platform/ids.ts';
import { PURPOSES } from './purposes.ts';
import { StoreError } from '../platform/store/port.ts';
import type { AskingViewer } from './viewer.ts';
import type { ClientRegistry } from './registry.ts';
import { TokenError, type TokenVerifier, type VerifiedToken } from './tokens.ts';

/** The request header a client declares its purpose in; a client licensed for one purpose may omit it. */
export const PURPOSE_HEADER = 'x-credithub-purpose';

const MAX_TOKEN_CHARS = 8192;

/** The token in an Authorization header, or UNAUTHENTICATED saying what to send. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) {
    throw unauthenticated('Missing bearer token: send "Authorization: Bearer <token>" (in development: npm run -s token -- --client <client id>).');
  }
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
  if (!match || match[1]!.length > MAX_TOKEN_CHARS) {
    throw unauthenticated('Malformed Authorization header: expected "Bearer <token>" with a single JWT.');
  }
  return match[1]!;
}

/** The token, verified: UNAUTHENTICATED naming what is wrong with it, SERVICE_UNAVAILABLE when its issuer is unreachable. */
export async function verifiedToken(verifier: TokenVerifier, token: string): Promise<VerifiedToken> {
  try {
    return await verifier.verify(token);
  } catch (err) {
    if (err instanceof TokenError) throw err.problem === 'ISSUER_UNREACHABLE' ? serviceUnavailable(err.message) : unauthenticated(err.message);
    throw err;
  }
}

/** The asker a verified token speaks for, under the declared purpose, as the registry allows. */
export async function resolveAsker(token: VerifiedToken, declared: string | undefined, registry: ClientRegistry): Promise<AskingViewer> {
  let client;
  try {
    client = await registry.client(token.client);
  } catch (err) {
    if (err instanceof StoreError) throw serviceUnavailable('The hub cannot check its client registry right now; retry shortly.');
    throw err;
  }
  if (!client) throw unauthenticated(`Client "${token.client.slice(0, 64)}" is not registered with this hub: ask the hub's operator to register it.`);
  if (client.status !== 'ACTIVE') {
    throw forbidden(`Client "${client.id}" is suspended: its requests are refused until the hub's operator reinstates it.`, { reason: 'CLIENT_SUSPENDED' });
  }
  const purpose = (declared?.trim() || (client.purposes.length === 1 ? client.purposes[0] : undefined)) as Purpose | undefined;
  if (!purpose) {
    throw forbidden(`Client "${client.id}" is licensed for several purposes: declare one in the ${PURPOSE_HEADER} header (${client.purposes.join(', ')}).`, {
      reason: 'PURPOSE_REQUIRED',
    });
  }
  if (!PURPOSES.includes(purpose)) {
    throw forbidden(`Unknown purpose "${purpose.slice(0, 40)}": a request declares one of ${PURPOSES.join(', ')}.`, { reason: 'UNKNOWN_PURPOSE' });
  }
  if (!client.purposes.includes(purpose)) {
    throw forbidden(`Client "${client.id}" is not licensed for ${purpose}; it is licensed for ${client.purposes.join(', ')}.`, { reason: 'PURPOSE_NOT_LICENSED' });
  }
  if (client.kind === 'SUBJECT_APP') {
    const subject = token.subject ?? '';
    if (validateCitizenId(subject)) throw unauthenticated('The bearer token is a self-access token that names no valid subject.');
    return { kind: 'SUBJECT', subject, purpose: 'SELF_ACCESS', client: client.id };
  }
  if (token.subject !== undefined) throw unauthenticated(`Client "${client.id}" is not a subject app: its tokens may not speak for a subject.`);
  return { kind: 'CLIENT', client: client.id, clientKind: client.kind, purpose, ...(client.organisation ? { organisation: client.organisation } : {}) };
}
