/**
 * What each process trusts, built from its configuration: the issuers' tokens (with their keys
 * found by discovery), the client registry in the store, and the gateway's call-assertion keys
 * (the private one in the gateway only, the public ones in the subgraphs).
 */
import { ConfigError, type HubConfig } from '../platform/config.ts';
import type { Store } from '../platform/store/port.ts';
import { CallSigner } from './assertion.ts';
import { ClientRegistry } from './registry.ts';
import { TokenVerifier, type TokenPolicy } from './tokens.ts';

export function tokenPolicy(config: Pick<HubConfig, 'tokenAudience' | 'tokenAlgorithms' | 'tokenMaxAgeSeconds'>, issuers: readonly string[]): TokenPolicy {
  return { issuers, audience: config.tokenAudience, algorithms: config.tokenAlgorithms, maxAgeSeconds: config.tokenMaxAgeSeconds };
}

type IdentityConfig = Pick<HubConfig, 'tokenAudience' | 'tokenAlgorithms' | 'tokenMaxAgeSeconds'>;

/** A subgraph's own checks: it verifies every token and asks the registry itself. */
export function subgraphIdentity(config: IdentityConfig, store: Store, issuers: readonly string[], gatewayJwks: HubConfig['gatewayJwks']) {
  if (!gatewayJwks) throw new ConfigError("HUB_GATEWAY_JWKS is required: the gateway's public keys, which this subgraph accepts call assertions from");
  return { tokens: new TokenVerifier(tokenPolicy(config, issuers)), registry: new ClientRegistry(store), gatewayJwks: gatewayJwks as { keys: Record<string, unknown>[] } };
}

/** The gateway's: the same token and registry checks, and the key it signs each call with. */
export function gatewayIdentity(config: IdentityConfig, store: Store, issuers: readonly string[], signingKey: HubConfig['gatewaySigningKey']) {
  if (!signingKey) throw new ConfigError('HUB_GATEWAY_SIGNING_KEY is required: the private key the gateway signs its calls to the subgraphs with (npm run keys makes one)');
  return { tokens: new TokenVerifier(tokenPolicy(config, issuers)), registry: new ClientRegistry(store), signer: new CallSigner(signingKey) };
}
