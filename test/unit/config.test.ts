import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { ConfigError, loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { gatewayIdentity } from '../../subgraphs/shared/wire/identity.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';

const ISSUER = { HUB_TOKEN_ISSUERS: 'https://idp.example/realms/credithub' };

describe('configuration', () => {
  it('outside production trusts its own development issuer, and nothing else unless told', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ developmentIssuer: true, issuers: [], issuerPort: 4010, tokenAudience: 'urn:credithub:api', tokenAlgorithms: ['ES256', 'EdDSA'], introspection: true });
    expect(c.ports).toEqual({ gateway: 4000, persons: 4001, enterprises: 4002, ecommerce: 4003, couriers: 4004, sanctions: 4005 });
    expect(loadConfig({ HUB_TOKEN_ISSUERS: 'https://a.example, https://b.example' })).toMatchObject({ developmentIssuer: false, issuers: ['https://a.example', 'https://b.example'] });
  });

  it('lets every port be changed through the environment', () => {
    expect(loadConfig({ GATEWAY_PORT: '5000', SANCTIONS_PORT: '5005' }).ports).toMatchObject({ gateway: 5000, sanctions: 5005 });
    expect(() => loadConfig({ PERSONS_PORT: 'http' })).toThrow(/PERSONS_PORT must be a port number/);
  });

  it("refuses to start in production without the operator's issuer, or with one reached in clear over a network", () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HUB_TOKEN_ISSUERS is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_TOKEN_ISSUERS: 'http://idp.example' })).toThrow(/over https/);
    expect(loadConfig({ NODE_ENV: 'production', HUB_TOKEN_ISSUERS: 'http://127.0.0.1:9000' }).issuers).toEqual(['http://127.0.0.1:9000']);
    const real = loadConfig({ NODE_ENV: 'production', ...ISSUER });
    expect(real).toMatchObject({ developmentIssuer: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER, HUB_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('accepts asymmetric signature algorithms only', () => {
    expect(() => loadConfig({ HUB_TOKEN_ALGORITHMS: 'ES256,HS256' })).toThrow(/no shared-secret algorithms/);
    expect(() => loadConfig({ HUB_TOKEN_ALGORITHMS: 'none' })).toThrow(ConfigError);
    expect(loadConfig({ HUB_TOKEN_ALGORITHMS: 'EdDSA' }).tokenAlgorithms).toEqual(['EdDSA']);
  });

  it("reads the gateway's keys from the environment or from files, and says which is wrong", async () => {
    const keys = await generateGatewayKeys('gw-1');
    const dir = mkdtempSync(join(tmpdir(), 'credithub-keys-'));
    writeFileSync(join(dir, 'signing.json'), JSON.stringify(keys.signing));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(keys.jwks));
    const c = loadConfig({ HUB_GATEWAY_SIGNING_KEY_FILE: join(dir, 'signing.json'), HUB_GATEWAY_JWKS: JSON.stringify(keys.jwks) });
    expect(c.gatewaySigningKey).toMatchObject({ kid: 'gw-1', crv: 'Ed25519' });
    expect(c.gatewayJwks!.keys).toHaveLength(1);
    expect(() => loadConfig({ HUB_GATEWAY_SIGNING_KEY_FILE: join(dir, 'missing.json') })).toThrow(/cannot be read/);
    expect(() => loadConfig({ HUB_GATEWAY_JWKS: '{"keys":"no"}' })).toThrow(/HUB_GATEWAY_JWKS must be a JWK set/);
    expect(() => loadConfig({ HUB_GATEWAY_SIGNING_KEY: JSON.stringify({ ...keys.signing, kid: undefined }) })).toThrow(/needs a kid/);
    expect(() => loadConfig({ HUB_GATEWAY_JWKS: 'x', HUB_GATEWAY_JWKS_FILE: join(dir, 'jwks.json') })).toThrow(/not both/);
  });

  it('serves the explorer with development tokens only with the development issuer; HUB_EXPLORER=on serves it anywhere, without tokens', () => {
    expect(loadConfig({})).toMatchObject({ explorer: true, explorerTokens: true });
    expect(loadConfig({ HUB_EXPLORER: 'off' })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig(ISSUER)).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER, HUB_EXPLORER: 'on' })).toMatchObject({ explorer: true, explorerTokens: false });
    expect(() => loadConfig({ HUB_EXPLORER: 'yes' })).toThrow(/HUB_EXPLORER must be "on" or "off"/);
  });

  it('gives field suggestions only outside production, and only with introspection', () => {
    expect(loadConfig({}).fieldSuggestions).toBe(true);
    expect(loadConfig({ HUB_INTROSPECTION: 'false' }).fieldSuggestions).toBe(false);
    const production = { NODE_ENV: 'production', ...ISSUER };
    expect(loadConfig(production).fieldSuggestions).toBe(false);
    expect(loadConfig({ ...production, HUB_INTROSPECTION: 'true' }).fieldSuggestions).toBe(false);
  });
});

describe('vendor telemetry', () => {
  it("is switched off whenever a gateway is built: @apollo/gateway would otherwise probe cloud metadata and report to Apollo", async () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    const config = loadConfig({});
    const identity = gatewayIdentity(config, new EmbeddedStore(), ['http://127.0.0.1:1'], (await generateGatewayKeys()).signing);
    const gateway = await createGateway({ ...config, identity });
    try {
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    } finally {
      await gateway.stop();
    }
  });
});
