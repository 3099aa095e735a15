import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { ConfigError, loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { gatewayIdentity } from '../../subgraphs/shared/wire/identity.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';

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
    expect(() => loadConfig({ PERSONS_PORT: 'http' })).toThrow(/^PERSONS_PORT: must be a port number/);
  });

  it("refuses to start in production without the operator's issuer, or with one reached in clear over a network", () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^HUB_TOKEN_ISSUERS: required with NODE_ENV=production/);
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
    expect(() => loadConfig({ HUB_GATEWAY_JWKS: '{"keys":"no"}' })).toThrow(/^HUB_GATEWAY_JWKS: must be a JWK set/);
    expect(() => loadConfig({ HUB_GATEWAY_SIGNING_KEY: JSON.stringify({ ...keys.signing, kid: undefined }) })).toThrow(/needs a kid/);
    expect(() => loadConfig({ HUB_GATEWAY_JWKS: 'x', HUB_GATEWAY_JWKS_FILE: join(dir, 'jwks.json') })).toThrow(/not both/);
  });

  it('serves the explorer with development tokens only with the development issuer; HUB_EXPLORER=on serves it anywhere, without tokens', () => {
    expect(loadConfig({})).toMatchObject({ explorer: true, explorerTokens: true });
    expect(loadConfig({ HUB_EXPLORER: 'off' })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig(ISSUER)).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER, HUB_EXPLORER: 'on' })).toMatchObject({ explorer: true, explorerTokens: false });
    expect(() => loadConfig({ HUB_EXPLORER: 'yes' })).toThrow(/^HUB_EXPLORER: must be "on" or "off"$/);
  });

  it('gives field suggestions only outside production, and only with introspection', () => {
    expect(loadConfig({}).fieldSuggestions).toBe(true);
    expect(loadConfig({ HUB_INTROSPECTION: 'false' }).fieldSuggestions).toBe(false);
    const production = { NODE_ENV: 'production', ...ISSUER };
    expect(loadConfig(production).fieldSuggestions).toBe(false);
    expect(loadConfig({ ...production, HUB_INTROSPECTION: 'true' }).fieldSuggestions).toBe(false);
  });
});

/** The problems a configuration is refused for, one per line. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message.split('\n')).toEqual((err as ConfigError).problems);
    return [...(err as ConfigError).problems];
  }
  throw new Error('the configuration was accepted');
}

describe('configuration validation', () => {
  it('refuses a bad value it used to ignore: HUB_SEED and HUB_INTROSPECTION', () => {
    expect(problems({ HUB_SEED: 'everything' })).toEqual(['HUB_SEED: must be "showcase" or "default"']);
    expect(problems({ HUB_INTROSPECTION: 'ture' })).toEqual(['HUB_INTROSPECTION: must be true or false (on/off, 1/0)']);
    expect(loadConfig({ HUB_SEED: 'showcase', HUB_INTROSPECTION: 'off' })).toMatchObject({ seedScale: 'showcase', introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', ...ISSUER, HUB_INTROSPECTION: '1' }).introspection).toBe(true);
  });

  it('says every bad value at once, one line each, naming the variable and never echoing its value', async () => {
    const secret = 'S3CRET-do-not-print';
    const keys = await generateGatewayKeys('gw-1');
    const lines = problems({
      NODE_ENV: 'staging',
      GATEWAY_PORT: '65536',
      PERSONS_URL: `ftp://${secret}`,
      MONGODB_URI: `http://admin:${secret}@db.example/credithub`,
      HUB_TOKEN_MAX_AGE: '30',
      HUB_GATEWAY_SIGNING_KEY: JSON.stringify({ ...keys.signing, kid: undefined, x: secret }),
      HUB_GATEWAY_JWKS: `{"keys": "${secret}"}`,
      HUB_ADMIN_KEY: secret,
      HUB_TIMEZONE: `Asia/${secret}`,
      HUB_BENCH_DISABLE_AUDIT: 'yes',
    });
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'NODE_ENV',
      'GATEWAY_PORT',
      'PERSONS_URL',
      'MONGODB_URI',
      'HUB_TOKEN_MAX_AGE',
      'HUB_GATEWAY_SIGNING_KEY',
      'HUB_GATEWAY_JWKS',
      'HUB_TIMEZONE',
      'HUB_BENCH_DISABLE_AUDIT',
    ]);
    for (const line of lines) {
      expect(line).not.toContain(secret);
      expect(line).not.toContain(keys.signing.d as string);
    }
  });

  it('reads any of its variables from a file (NAME_FILE), and no file for a variable that is not its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credithub-secrets-'));
    writeFileSync(join(dir, 'uri'), 'mongodb://credithub:pw@mongo:27017/credithub?authSource=credithub\n');
    writeFileSync(join(dir, 'issuers'), 'https://idp.example/realms/credithub');
    writeFileSync(join(dir, 'admin'), 'k'.repeat(32));
    const c = loadConfig({ MONGODB_URI_FILE: join(dir, 'uri'), HUB_TOKEN_ISSUERS_FILE: join(dir, 'issuers'), HUB_ADMIN_KEY_FILE: join(dir, 'admin'), SSL_CERT_FILE: join(dir, 'missing') });
    expect(c).toMatchObject({ mongodbUri: 'mongodb://credithub:pw@mongo:27017/credithub?authSource=credithub', issuers: ['https://idp.example/realms/credithub'], adminKey: 'k'.repeat(32) });
    expect(problems({ MONGODB_URI_FILE: join(dir, 'missing') })).toEqual(['MONGODB_URI_FILE: names a file that cannot be read']);
    writeFileSync(join(dir, 'bad-uri'), 'postgres://x');
    expect(problems({ MONGODB_URI_FILE: join(dir, 'bad-uri') })).toEqual(['MONGODB_URI: must be a MongoDB connection string (mongodb:// or mongodb+srv://)']);
  });

  it('never opens the embedded store in production: the audit may not live in memory', async () => {
    await expect(openStore({ indexes: [], production: true })).rejects.toThrow(/^MONGODB_URI: required with NODE_ENV=production/);
    const store = await openStore({ indexes: [], production: false });
    expect(store.kind).toBe('embedded');
    await store.close();
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
