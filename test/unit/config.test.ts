import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { ConfigError, DEV_SUBGRAPH_SECRET, DEV_TOKEN_SECRET, loadConfig } from '../../subgraphs/shared/config.ts';

describe('configuration', () => {
  it('uses the labelled development keys outside production', () => {
    const c = loadConfig({});
    expect(c.tokenSecret).toBe(DEV_TOKEN_SECRET);
    expect(c.usingDevelopmentKeys).toBe(true);
    expect(c.introspection).toBe(true);
    expect(c.ports).toEqual({ gateway: 4000, persons: 4001, enterprises: 4002, ecommerce: 4003, couriers: 4004, sanctions: 4005 });
  });

  it('lets every port be changed through the environment', () => {
    expect(loadConfig({ GATEWAY_PORT: '5000', SANCTIONS_PORT: '5005' }).ports).toMatchObject({ gateway: 5000, sanctions: 5005 });
    expect(() => loadConfig({ PERSONS_PORT: 'http' })).toThrow(/PERSONS_PORT must be a port number/);
  });

  it('refuses to start in production without real keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_TOKEN_SECRET: 'short', HUB_SUBGRAPH_SECRET: 'x'.repeat(40) })).toThrow(/at least 32/);
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_TOKEN_SECRET: DEV_TOKEN_SECRET, HUB_SUBGRAPH_SECRET: DEV_SUBGRAPH_SECRET })).toThrow(/development key/);
    const real = loadConfig({ NODE_ENV: 'production', HUB_TOKEN_SECRET: 'a'.repeat(40), HUB_SUBGRAPH_SECRET: 'b'.repeat(40) });
    expect(real.usingDevelopmentKeys).toBe(false);
    expect(real.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', HUB_TOKEN_SECRET: 'a'.repeat(40), HUB_SUBGRAPH_SECRET: 'b'.repeat(40), HUB_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('serves the explorer with development tokens only with the development keys; HUB_EXPLORER=on serves it anywhere, without tokens', () => {
    const real = { HUB_TOKEN_SECRET: 'a'.repeat(40), HUB_SUBGRAPH_SECRET: 'b'.repeat(40) };
    expect(loadConfig({})).toMatchObject({ explorer: true, explorerTokens: true });
    expect(loadConfig({ HUB_EXPLORER: 'off' })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ HUB_TOKEN_SECRET: real.HUB_TOKEN_SECRET })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...real })).toMatchObject({ explorer: false, explorerTokens: false });
    expect(loadConfig({ NODE_ENV: 'production', ...real, HUB_EXPLORER: 'on' })).toMatchObject({ explorer: true, explorerTokens: false });
    expect(() => loadConfig({ HUB_EXPLORER: 'yes' })).toThrow(/HUB_EXPLORER must be "on" or "off"/);
  });

  it('gives field suggestions only outside production, and only with introspection', () => {
    expect(loadConfig({}).fieldSuggestions).toBe(true);
    expect(loadConfig({ HUB_INTROSPECTION: 'false' }).fieldSuggestions).toBe(false);
    const production = { NODE_ENV: 'production', HUB_TOKEN_SECRET: 'a'.repeat(40), HUB_SUBGRAPH_SECRET: 'b'.repeat(40) };
    expect(loadConfig(production).fieldSuggestions).toBe(false);
    expect(loadConfig({ ...production, HUB_INTROSPECTION: 'true' }).fieldSuggestions).toBe(false);
  });
});

describe('vendor telemetry', () => {
  it("is switched off whenever a gateway is built: @apollo/gateway would otherwise probe cloud metadata and report to Apollo", async () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    const gateway = await createGateway(loadConfig({}));
    try {
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    } finally {
      await gateway.stop();
    }
  });
});
