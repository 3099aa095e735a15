/**
 * Who asks at the gateway: the bearer token, verified with its issuer's keys, checked against the
 * client registry, with the purpose the request declares. The gateway authenticates, limits and
 * routes; it decides no field. Each subgraph makes the same check again for itself.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, PURPOSE_HEADER, resolveAsker, verifiedToken } from '../subgraphs/shared/wire/asker.ts';
import type { ClientRegistry } from '../subgraphs/shared/wire/registry.ts';
import type { TokenVerifier } from '../subgraphs/shared/wire/tokens.ts';
import type { Viewer } from '../subgraphs/shared/wire/viewer.ts';

export interface GatewayIdentity {
  tokens: TokenVerifier;
  registry: ClientRegistry;
}

export interface Authenticated {
  viewer: Viewer;
  /** the client's own token: it travels on to the subgraphs, which verify it themselves */
  token: string;
}

/** The asker of a request, or UNAUTHENTICATED / FORBIDDEN saying what to fix. */
export async function authenticate(headers: IncomingHttpHeaders, identity: GatewayIdentity): Promise<Authenticated> {
  const token = bearerToken(headers.authorization);
  const declared = headers[PURPOSE_HEADER];
  const viewer = await resolveAsker(await verifiedToken(identity.tokens, token), typeof declared === 'string' ? declared : undefined, identity.registry);
  return { viewer, token };
}
