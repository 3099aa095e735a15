/**
 * The environment, read once into a typed, frozen object. Nothing else reads process.env.
 * In development fixed, clearly labelled keys are used; with NODE_ENV=production the hub
 * refuses to start unless real keys are configured.
 */
import { DEFAULT_TIME_ZONE, isTimeZone } from './clock.ts';

export const SUBGRAPH_NAMES = ['persons', 'enterprises', 'ecommerce', 'couriers', 'sanctions'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  persons: 4001,
  enterprises: 4002,
  ecommerce: 4003,
  couriers: 4004,
  sanctions: 4005,
};

/** Development-only keys. They are public (they are in this repository) and refused in production. */
export const DEV_TOKEN_SECRET = 'DEVELOPMENT-ONLY token key of credithub: never use in production';
export const DEV_SUBGRAPH_SECRET = 'DEVELOPMENT-ONLY gateway-to-subgraph key of credithub: never use in production';

export interface HubConfig {
  production: boolean;
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  /** where the gateway reaches each subgraph */
  subgraphUrls: Record<SubgraphName, string>;
  mongodbUri: string | undefined;
  tokenSecret: string;
  subgraphSecret: string;
  usingDevelopmentKeys: boolean;
  /**
   * whether the gateway serves the developer explorer and the API reference (gateway/dev/):
   * by default only with the development keys outside production; HUB_EXPLORER=on serves them
   * anywhere (then the developer pastes a token), HUB_EXPLORER=off nowhere
   */
  explorer: boolean;
  /**
   * whether the explorer hands out development tokens for the showcase askers: only outside
   * production and only while tokens are signed with the public development key, so that it can
   * never sign a token with a real key
   */
  explorerTokens: boolean;
  introspection: boolean;
  /**
   * "did you mean" hints in validation errors: only outside production, and only where
   * introspection shows the schema anyway, so that they reveal nothing more
   */
  fieldSuggestions: boolean;
  /** the IANA time zone whose calendar days the hub counts in (domain.md section 6: China Standard Time) */
  timeZone: string;
  /** seed the embedded store at start (always on for the embedded store) */
  seedScale: 'showcase' | 'default';
  /** benchmark-only: run the subgraphs without field authorization, to measure its cost */
  benchDisableEnforcement: boolean;
  /** benchmark-only: answer without writing audit records, to measure their cost apart */
  benchDisableAudit: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number (0-65535), not "${raw}"`);
  return n;
}

function secret(env: Env, name: string, dev: string, production: boolean): string {
  const value = env[name];
  if (production) {
    if (!value) throw new ConfigError(`${name} is required with NODE_ENV=production (at least 32 random characters)`);
    if (value.length < 32) throw new ConfigError(`${name} must be at least 32 characters long`);
    if (value === dev) throw new ConfigError(`${name} is the public development key; configure a real secret`);
  }
  return value || dev;
}

export function loadConfig(env: Env = process.env): Readonly<HubConfig> {
  const production = env.NODE_ENV === 'production';
  const host = env.HUB_HOST || '127.0.0.1';
  const ports = {
    gateway: port(env, 'GATEWAY_PORT', DEFAULT_PORTS.gateway),
    persons: port(env, 'PERSONS_PORT', DEFAULT_PORTS.persons),
    enterprises: port(env, 'ENTERPRISES_PORT', DEFAULT_PORTS.enterprises),
    ecommerce: port(env, 'ECOMMERCE_PORT', DEFAULT_PORTS.ecommerce),
    couriers: port(env, 'COURIERS_PORT', DEFAULT_PORTS.couriers),
    sanctions: port(env, 'SANCTIONS_PORT', DEFAULT_PORTS.sanctions),
  };
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, env[`${n.toUpperCase()}_URL`] || `http://127.0.0.1:${ports[n]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const tokenSecret = secret(env, 'HUB_TOKEN_SECRET', DEV_TOKEN_SECRET, production);
  const subgraphSecret = secret(env, 'HUB_SUBGRAPH_SECRET', DEV_SUBGRAPH_SECRET, production);
  if (production && tokenSecret === subgraphSecret) {
    throw new ConfigError('HUB_TOKEN_SECRET and HUB_SUBGRAPH_SECRET must differ');
  }
  const introspectionRaw = env.HUB_INTROSPECTION;
  const introspection = introspectionRaw === undefined ? !production : introspectionRaw === 'true';
  const seedScale = env.HUB_SEED === 'showcase' ? 'showcase' : 'default';
  const explorerRaw = env.HUB_EXPLORER || undefined;
  if (explorerRaw !== undefined && explorerRaw !== 'on' && explorerRaw !== 'off') {
    throw new ConfigError(`HUB_EXPLORER must be "on" or "off", not "${explorerRaw}"`);
  }
  const explorerTokens = explorerRaw !== 'off' && !production && tokenSecret === DEV_TOKEN_SECRET;
  const timeZone = env.HUB_TIMEZONE || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new ConfigError(`HUB_TIMEZONE must be an IANA time zone such as ${DEFAULT_TIME_ZONE}, not "${timeZone}"`);
  return Object.freeze({
    production,
    host,
    ports,
    subgraphUrls,
    mongodbUri: env.MONGODB_URI || undefined,
    tokenSecret,
    subgraphSecret,
    usingDevelopmentKeys: tokenSecret === DEV_TOKEN_SECRET || subgraphSecret === DEV_SUBGRAPH_SECRET,
    explorer: explorerRaw === 'on' || explorerTokens,
    explorerTokens,
    introspection,
    fieldSuggestions: !production && introspection,
    timeZone,
    seedScale,
    benchDisableEnforcement: !production && env.HUB_BENCH_DISABLE_ENFORCEMENT === '1',
    benchDisableAudit: !production && env.HUB_BENCH_DISABLE_AUDIT === '1',
  });
}

/**
 * @apollo/gateway reads APOLLO_TELEMETRY_DISABLED itself: unless it is set, every gateway it builds
 * probes cloud metadata addresses and reports usage to Apollo's servers. A credit hub sends
 * nothing anywhere it was not told to, so the gateway sets it before it is built, whatever the
 * environment says.
 */
export function disableVendorTelemetry(env: Env = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED = '1';
}

