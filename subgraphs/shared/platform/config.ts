/**
 * The environment, read once into a typed, frozen object. Nothing else reads process.env.
 * Outside production the hub trusts its own development issuer and makes its gateway keys at
 * start; with NODE_ENV=production it refuses to start without the operator's issuer, and each
 * process without the keys its role needs. Secrets may come from files (`NAME_FILE`).
 */
import { readFileSync } from 'node:fs';
import { SUBGRAPH_LIST, SUBGRAPH_NAMES, type SubgraphName } from '../../list.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from './clock.ts';

export { SUBGRAPH_NAMES, type SubgraphName };

export const DEFAULT_PORTS = Object.freeze({
  gateway: 4000,
  ...Object.fromEntries(SUBGRAPH_LIST.map((s) => [s.name, s.port])),
}) as Readonly<Record<SubgraphName | 'gateway', number>>;

/** LOG_LEVEL's values, pino's levels (platform/log.ts) */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The development issuer's port: `npm start` runs an OpenID Provider there for the seeded clients. */
export const DEFAULT_ISSUER_PORT = 4010;

/** The audience the hub's tokens carry, unless configured otherwise. */
export const DEFAULT_AUDIENCE = 'urn:credithub:api';

/** Only asymmetric signatures: a shared secret would let whoever holds it mint any client. */
const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'];

export interface JsonWebKey {
  kid?: string;
  kty?: string;
  [k: string]: unknown;
}

export interface HubConfig {
  production: boolean;
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  /** where the gateway reaches each subgraph */
  subgraphUrls: Record<SubgraphName, string>;
  mongodbUri: string | undefined;
  /**
   * the issuers whose tokens the hub accepts (HUB_TOKEN_ISSUERS): in production the operator's own
   * identity provider; empty outside production, where `npm start` runs a development issuer
   */
  issuers: readonly string[];
  /** true when no issuer is configured: the hub runs and trusts its own development issuer */
  developmentIssuer: boolean;
  issuerPort: number;
  /** the registry's operator API of a hub on the embedded store (loopback only; `npm run clients`) */
  adminPort: number;
  /** the operator API's key, when given (else the key file the running hub wrote) */
  adminKey: string | undefined;
  tokenAudience: string;
  tokenAlgorithms: readonly string[];
  /** the longest a token may live (from its iat) when used */
  tokenMaxAgeSeconds: number;
  /** the gateway's private key for call assertions (a JWK); generated per start in development */
  gatewaySigningKey: JsonWebKey | undefined;
  /** the gateway's public keys, which the subgraphs accept call assertions from */
  gatewayJwks: { keys: JsonWebKey[] } | undefined;
  /**
   * whether the gateway serves the developer explorer and the API reference (gateway/dev/):
   * by default only with the development keys outside production; HUB_EXPLORER=on serves them
   * anywhere (then the developer pastes a token), HUB_EXPLORER=off nowhere
   */
  explorer: boolean;
  /**
   * whether the explorer hands out development tokens for the showcase askers: only outside
   * production and only from the development issuer, so that it can never get a real token
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
  /** LOG_LEVEL: the least severe level logged (info: one line per request) */
  logLevel: (typeof LOG_LEVELS)[number];
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where traces go (OTLP over HTTP); tracing is off without it */
  otlpEndpoint: string | undefined;
  /** OTEL_TRACES_SAMPLER_ARG: the share of new traces recorded, 0 to 1 (a caller's sampled flag is followed) */
  traceSampleRatio: number;
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

/** A setting from the environment, or from the file its `_FILE` variant names (secrets mounted as files). */
function valueOf(env: Env, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) {
    if (env[name]) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      throw new ConfigError(`${name}_FILE names a file that cannot be read: ${file}`);
    }
  }
  return env[name] || undefined;
}

function json<T>(env: Env, name: string, check: (v: unknown) => v is T, shape: string): T | undefined {
  const raw = valueOf(env, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be JSON (${shape})`);
  }
  if (!check(parsed)) throw new ConfigError(`${name} must be ${shape}`);
  return parsed;
}

const isJwk = (v: unknown): v is JsonWebKey => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as JsonWebKey).kty === 'string';
const isJwks = (v: unknown): v is { keys: JsonWebKey[] } => !!v && typeof v === 'object' && Array.isArray((v as { keys?: unknown }).keys) && (v as { keys: unknown[] }).keys.every(isJwk);

export function loadConfig(env: Env = process.env): Readonly<HubConfig> {
  const production = env.NODE_ENV === 'production';
  const host = env.HUB_HOST || '127.0.0.1';
  const ports = Object.fromEntries(
    (['gateway', ...SUBGRAPH_NAMES] as const).map((n) => [n, port(env, `${n.toUpperCase()}_PORT`, DEFAULT_PORTS[n])]),
  ) as Record<SubgraphName | 'gateway', number>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, env[`${n.toUpperCase()}_URL`] || `http://127.0.0.1:${ports[n]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const issuers = (valueOf(env, 'HUB_TOKEN_ISSUERS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of issuers) {
    if (!/^https?:\/\/[^\s]+$/.test(i)) throw new ConfigError(`HUB_TOKEN_ISSUERS must list issuer URLs, not "${i}"`);
    // over https, but for an issuer on the same host (a sidecar): nothing crosses a network in clear
    if (production && !i.startsWith('https://') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(i)) {
      throw new ConfigError(`HUB_TOKEN_ISSUERS: a production issuer is reached over https (or on this host), not "${i}"`);
    }
  }
  if (production && issuers.length === 0) {
    throw new ConfigError("HUB_TOKEN_ISSUERS is required with NODE_ENV=production: the operator's identity provider, e.g. https://idp.example/realms/credithub");
  }
  const tokenAlgorithms = (env.HUB_TOKEN_ALGORITHMS || 'ES256,EdDSA').split(',').map((a) => a.trim());
  for (const a of tokenAlgorithms) {
    if (!ACCEPTED_ALGORITHMS.includes(a)) throw new ConfigError(`HUB_TOKEN_ALGORITHMS may list ${ACCEPTED_ALGORITHMS.join(', ')}; not "${a}" (no shared-secret algorithms)`);
  }
  const maxAgeRaw = env.HUB_TOKEN_MAX_AGE || '3600';
  const tokenMaxAgeSeconds = Number(maxAgeRaw);
  if (!Number.isInteger(tokenMaxAgeSeconds) || tokenMaxAgeSeconds < 60 || tokenMaxAgeSeconds > 86_400) {
    throw new ConfigError(`HUB_TOKEN_MAX_AGE must be whole seconds from 60 to 86400, not "${maxAgeRaw}"`);
  }
  const gatewaySigningKey = json(env, 'HUB_GATEWAY_SIGNING_KEY', isJwk, 'a private JWK with a kid');
  const gatewayJwks = json(env, 'HUB_GATEWAY_JWKS', isJwks, 'a JWK set: {"keys":[…]}');
  if (gatewaySigningKey && !gatewaySigningKey.kid) throw new ConfigError('HUB_GATEWAY_SIGNING_KEY needs a kid');
  const introspectionRaw = env.HUB_INTROSPECTION;
  const introspection = introspectionRaw === undefined ? !production : introspectionRaw === 'true';
  const seedScale = env.HUB_SEED === 'showcase' ? 'showcase' : 'default';
  const explorerRaw = env.HUB_EXPLORER || undefined;
  if (explorerRaw !== undefined && explorerRaw !== 'on' && explorerRaw !== 'off') {
    throw new ConfigError(`HUB_EXPLORER must be "on" or "off", not "${explorerRaw}"`);
  }
  const developmentIssuer = issuers.length === 0;
  const explorerTokens = explorerRaw !== 'off' && !production && developmentIssuer;
  const logLevel = (env.LOG_LEVEL || 'info') as HubConfig['logLevel'];
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`);
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (otlpEndpoint && !/^https?:\/\/[^\s]+$/.test(otlpEndpoint)) throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://otel-collector:4318, not "${otlpEndpoint}"`);
  const ratioRaw = env.OTEL_TRACES_SAMPLER_ARG || '1';
  const traceSampleRatio = Number(ratioRaw);
  if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, not "${ratioRaw}"`);
  const timeZone = env.HUB_TIMEZONE || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new ConfigError(`HUB_TIMEZONE must be an IANA time zone such as ${DEFAULT_TIME_ZONE}, not "${timeZone}"`);
  return Object.freeze({
    production,
    host,
    ports,
    subgraphUrls,
    mongodbUri: valueOf(env, 'MONGODB_URI'),
    issuers,
    developmentIssuer,
    issuerPort: port(env, 'ISSUER_PORT', DEFAULT_ISSUER_PORT),
    adminPort: port(env, 'ADMIN_PORT', DEFAULT_ISSUER_PORT + 1),
    adminKey: valueOf(env, 'HUB_ADMIN_KEY'),
    tokenAudience: env.HUB_TOKEN_AUDIENCE || DEFAULT_AUDIENCE,
    tokenAlgorithms,
    tokenMaxAgeSeconds,
    gatewaySigningKey,
    gatewayJwks,
    explorer: explorerRaw === 'on' || explorerTokens,
    explorerTokens,
    introspection,
    fieldSuggestions: !production && introspection,
    timeZone,
    seedScale,
    benchDisableEnforcement: !production && env.HUB_BENCH_DISABLE_ENFORCEMENT === '1',
    benchDisableAudit: !production && env.HUB_BENCH_DISABLE_AUDIT === '1',
    logLevel,
    otlpEndpoint,
    traceSampleRatio,
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

