/**
 * The environment, read once into a typed, frozen object. Nothing else reads process.env.
 * Outside production the hub trusts its own development issuer and makes its gateway keys at
 * start; with NODE_ENV=production it refuses to start without the operator's issuer, and each
 * process without the keys its role needs. Every variable may come from a file (`NAME_FILE`, for
 * mounted secrets). The variables are checked by one zod schema: a bad configuration stops the
 * process with one line per bad value, naming the variable and what it must be, never its value.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SUBGRAPH_LIST, SUBGRAPH_NAMES, type SubgraphName } from '../../list.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from './clock.ts';

export { SUBGRAPH_NAMES, type SubgraphName };

export const DEFAULT_PORTS = Object.freeze({
  gateway: 4000,
  ...Object.fromEntries(SUBGRAPH_LIST.map((s) => [s.name, s.port])),
}) as Readonly<Record<SubgraphName | 'gateway', number>>;

/** LOG_LEVEL's values, pino's levels (platform/log.ts) */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The monitoring worker's health port (npm run worker; docker compose's worker). */
export const DEFAULT_WORKER_PORT = 4009;

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
  /** the monitoring worker's health port (/healthz, /readyz): it serves nothing else */
  workerPort: number;
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
   * HUB_LINK_KEY: the subgraphs' shared secret for sealed person links (wire/links.ts); required
   * to serve a subgraph in production, the public development key elsewhere when absent
   */
  linkSecret: string | undefined;
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
  // ---- operations: timeouts, limits, the allow-list, CORS and shutdown (README, "Operating the hub") ----
  /** the longest the gateway waits for one subgraph fetch before that part is SERVICE_UNAVAILABLE */
  subgraphTimeoutMs: number;
  /** the longest one store call may take before it fails as unavailable */
  storeTimeoutMs: number;
  /** the highest query cost the gateway runs (list arguments multiply: gateway/cost.ts) */
  maxQueryCost: number;
  /** the query cost one client may have in flight at the gateway at once (one request above it runs alone) */
  clientCostInFlight: number;
  /** the safelisted-operations manifest (an Apollo persisted query manifest); when set, no other operation runs */
  operationAllowList: string | undefined;
  /** browser origins allowed to call the gateway (CORS); none by default */
  corsOrigins: readonly string[];
  /** on SIGTERM, how long in-flight requests may take to finish before the process exits anyway */
  shutdownDeadlineMs: number;
  /** benchmark-only: run the gateway without rate limits, quotas and the in-flight cost cap, to measure what they do */
  benchDisableLimits: boolean;
  /** the monitoring worker's delivery settings (persons/monitor/, README "Monitoring") */
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** HUB_WEBHOOK_ATTEMPTS: attempts before a delivery is a dead letter */
  attempts: number;
  /** HUB_WEBHOOK_BACKOFF_MS: the wait after the first failure; doubled after each, with jitter */
  backoffMs: number;
  /** HUB_WEBHOOK_MAX_BACKOFF_MS: the longest wait between two attempts */
  maxBackoffMs: number;
  /** HUB_WEBHOOK_TIMEOUT_MS: the longest one POST may take */
  timeoutMs: number;
  /** HUB_WEBHOOK_CONCURRENCY: POSTs in flight at once, per worker */
  concurrency: number;
  /** HUB_WEBHOOK_POLL_MS: how often an idle worker looks at the outbox */
  pollMs: number;
  /**
   * HUB_WEBHOOK_ALLOW_PRIVATE: whether an endpoint may resolve to a loopback, private or link-local
   * address; by default only outside production (a production hub must not be made to call its own network)
   */
  allowPrivate: boolean;
  /**
   * HUB_WEBHOOK_ALLOW_HTTP: whether a plain-http endpoint is delivered to; by default only outside
   * production (a payload names a person and their facts: in transit it is encrypted, PIPL Art. 51)
   */
  allowHttp: boolean;
}

/** What is wrong with the configuration: one line per bad value, each naming the variable, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.problems = list;
  }
}

type Env = Record<string, string | undefined>;

const PORT_ERROR = 'must be a port number (0-65535)';
const port = z.string().regex(/^\d{1,5}$/, { error: PORT_ERROR }).transform(Number).refine((n) => n <= 65535, { error: PORT_ERROR });
const onOff = z.stringbool({ truthy: ['true', 'on', '1'], falsy: ['false', 'off', '0'], error: 'must be true or false (on/off, 1/0)' });
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, { error: 'must be an http(s) URL' });
/** A whole number within bounds; the message says the bounds. */
const whole = (min: number, max: number, unit = '') => {
  const error = `must be a whole number${unit} from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, { error }).transform(Number).refine((n) => n >= min && n <= max, { error });
};
const ORIGIN = /^https?:\/\/[^/\s*]+$/;
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** A JSON value of the given shape; the message says the shape, never the text. */
function jsonOf<T>(check: (v: unknown) => v is T, shape: string) {
  return z.string().transform((raw, ctx) => {
    try {
      const v: unknown = JSON.parse(raw);
      if (check(v)) return v;
    } catch {
      // reported below, without the text
    }
    ctx.addIssue({ code: 'custom', message: `must be ${shape}` });
    return z.NEVER;
  });
}

const isJwk = (v: unknown): v is JsonWebKey => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as JsonWebKey).kty === 'string';
const isJwks = (v: unknown): v is { keys: JsonWebKey[] } => !!v && typeof v === 'object' && Array.isArray((v as { keys?: unknown }).keys) && (v as { keys: unknown[] }).keys.every(isJwk);

const portVars = Object.fromEntries((['gateway', ...SUBGRAPH_NAMES] as const).map((n) => [`${n.toUpperCase()}_PORT`, port.optional()])) as Record<`${Uppercase<SubgraphName | 'gateway'>}_PORT`, z.ZodOptional<typeof port>>;
const urlVars = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, httpUrl.optional()])) as Record<`${Uppercase<SubgraphName>}_URL`, z.ZodOptional<typeof httpUrl>>;

/**
 * Every variable the hub reads, as text from the environment (or from the file `NAME_FILE` names).
 * An empty value counts as unset.
 */
const ENV = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).optional(),
  HUB_HOST: z.string().optional(),
  ...portVars,
  ...urlVars,
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, { error: 'must be a MongoDB connection string (mongodb:// or mongodb+srv://)' }).optional(),
  HUB_TOKEN_ISSUERS: z
    .string()
    .transform(list)
    .refine((l) => l.every((i) => /^https?:\/\/[^\s]+$/.test(i)), { error: 'must list issuer URLs (http or https), comma-separated' })
    .optional(),
  HUB_TOKEN_AUDIENCE: z.string().optional(),
  HUB_TOKEN_ALGORITHMS: z
    .string()
    .transform(list)
    .refine((l) => l.length > 0 && l.every((a) => ACCEPTED_ALGORITHMS.includes(a)), { error: `may list ${ACCEPTED_ALGORITHMS.join(', ')} only (no shared-secret algorithms)` })
    .optional(),
  HUB_TOKEN_MAX_AGE: z.coerce.number({ error: 'must be whole seconds from 60 to 86400' }).int({ error: 'must be whole seconds from 60 to 86400' }).min(60, { error: 'must be whole seconds from 60 to 86400' }).max(86_400, { error: 'must be whole seconds from 60 to 86400' }).optional(),
  HUB_GATEWAY_SIGNING_KEY: jsonOf(isJwk, 'a private JWK with a kid (npm run keys makes one)')
    .refine((k) => typeof k.kid === 'string' && k.kid !== '', { error: 'needs a kid' })
    .optional(),
  HUB_GATEWAY_JWKS: jsonOf(isJwks, 'a JWK set: {"keys":[…]}').optional(),
  ISSUER_PORT: port.optional(),
  ADMIN_PORT: port.optional(),
  WORKER_PORT: port.optional(),
  HUB_ADMIN_KEY: z.string().optional(),
  HUB_LINK_KEY: z.string().min(32, { error: 'must be a secret of at least 32 characters (e.g. openssl rand -base64 32)' }).optional(),
  HUB_INTROSPECTION: onOff.optional(),
  HUB_EXPLORER: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
  HUB_SEED: z.enum(['showcase', 'default'], { error: 'must be "showcase" or "default"' }).optional(),
  HUB_TIMEZONE: z.string().refine(isTimeZone, { error: `must be an IANA time zone such as ${DEFAULT_TIME_ZONE}` }).optional(),
  HUB_BENCH_DISABLE_ENFORCEMENT: z.enum(['0', '1'], { error: 'must be 1 or 0' }).optional(),
  HUB_BENCH_DISABLE_AUDIT: z.enum(['0', '1'], { error: 'must be 1 or 0' }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  HUB_SUBGRAPH_TIMEOUT_MS: whole(100, 600_000, ' of milliseconds').optional(),
  HUB_STORE_TIMEOUT_MS: whole(100, 600_000, ' of milliseconds').optional(),
  HUB_MAX_QUERY_COST: whole(1, 100_000_000).optional(),
  HUB_CLIENT_COST_IN_FLIGHT: whole(1, 100_000_000).optional(),
  HUB_OPERATION_ALLOWLIST: z.string().optional(),
  HUB_CORS_ORIGINS: z
    .string()
    .transform(list)
    .refine((l) => l.every((o) => ORIGIN.test(o)), { error: 'must list origins such as https://app.example (scheme, host and port; no path, no wildcard), comma-separated' })
    .optional(),
  HUB_SHUTDOWN_DEADLINE_MS: whole(0, 600_000, ' of milliseconds').optional(),
  HUB_WEBHOOK_ATTEMPTS: whole(1, 50).optional(),
  HUB_WEBHOOK_BACKOFF_MS: whole(1, 3_600_000, ' of milliseconds').optional(),
  HUB_WEBHOOK_MAX_BACKOFF_MS: whole(1, 86_400_000, ' of milliseconds').optional(),
  HUB_WEBHOOK_TIMEOUT_MS: whole(100, 120_000, ' of milliseconds').optional(),
  HUB_WEBHOOK_CONCURRENCY: whole(1, 1000).optional(),
  HUB_WEBHOOK_POLL_MS: whole(10, 600_000, ' of milliseconds').optional(),
  HUB_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1'], { error: 'must be 1 or 0' }).optional(),
  HUB_WEBHOOK_ALLOW_HTTP: z.enum(['0', '1'], { error: 'must be 1 or 0' }).optional(),
  HUB_BENCH_DISABLE_LIMITS: z.enum(['0', '1'], { error: 'must be 1 or 0' }).optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' }).optional(),
});

/** The variables that may be given as files (`NAME_FILE`, for mounted secrets): every one the hub reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ENV.shape);

/**
 * The raw values: each from the environment, or from the file its `_FILE` variant names (a Docker or
 * Kubernetes secret), trimmed; empty values dropped. Only the hub's own variables are looked up so.
 */
function rawValues(env: Env, problems: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const file = env[`${name}_FILE`];
    let value = env[name];
    if (file) {
      if (value) {
        problems.push(`${name}: set ${name} or ${name}_FILE, not both`);
        continue;
      }
      try {
        value = readFileSync(file, 'utf8').trim();
      } catch {
        problems.push(`${name}_FILE: names a file that cannot be read`);
        continue;
      }
    }
    if (value !== undefined && value !== '') raw[name] = value;
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Readonly<HubConfig> {
  const problems: string[] = [];
  const raw = rawValues(env, problems);
  const parsed = ENV.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const v = parsed.data;

  const production = v.NODE_ENV === 'production';
  const issuers = v.HUB_TOKEN_ISSUERS ?? [];
  if (production && issuers.length === 0) {
    problems.push("HUB_TOKEN_ISSUERS: required with NODE_ENV=production (the operator's identity provider, e.g. https://idp.example/realms/credithub)");
  }
  // over https, but for an issuer on the same host (a sidecar): nothing crosses a network in clear
  if (production && issuers.some((i) => !i.startsWith('https://') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(i))) {
    problems.push('HUB_TOKEN_ISSUERS: a production issuer is reached over https (or on this host)');
  }
  if (problems.length) throw new ConfigError(problems);

  const ports = Object.fromEntries(
    (['gateway', ...SUBGRAPH_NAMES] as const).map((n) => [n, v[`${n.toUpperCase() as Uppercase<typeof n>}_PORT`] ?? DEFAULT_PORTS[n]]),
  ) as Record<SubgraphName | 'gateway', number>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, v[`${n.toUpperCase() as Uppercase<typeof n>}_URL`] ?? `http://127.0.0.1:${ports[n]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const introspection = v.HUB_INTROSPECTION ?? !production;
  const developmentIssuer = issuers.length === 0;
  const explorerTokens = v.HUB_EXPLORER !== 'off' && !production && developmentIssuer;
  return Object.freeze({
    production,
    host: v.HUB_HOST ?? '127.0.0.1',
    ports,
    subgraphUrls,
    mongodbUri: v.MONGODB_URI,
    issuers,
    developmentIssuer,
    issuerPort: v.ISSUER_PORT ?? DEFAULT_ISSUER_PORT,
    adminPort: v.ADMIN_PORT ?? DEFAULT_ISSUER_PORT + 1,
    workerPort: v.WORKER_PORT ?? DEFAULT_WORKER_PORT,
    adminKey: v.HUB_ADMIN_KEY,
    tokenAudience: v.HUB_TOKEN_AUDIENCE ?? DEFAULT_AUDIENCE,
    tokenAlgorithms: v.HUB_TOKEN_ALGORITHMS ?? ['ES256', 'EdDSA'],
    tokenMaxAgeSeconds: v.HUB_TOKEN_MAX_AGE ?? 3600,
    gatewaySigningKey: v.HUB_GATEWAY_SIGNING_KEY,
    gatewayJwks: v.HUB_GATEWAY_JWKS,
    linkSecret: v.HUB_LINK_KEY,
    explorer: v.HUB_EXPLORER === 'on' || explorerTokens,
    explorerTokens,
    introspection,
    fieldSuggestions: !production && introspection,
    timeZone: v.HUB_TIMEZONE ?? DEFAULT_TIME_ZONE,
    seedScale: v.HUB_SEED ?? 'default',
    benchDisableEnforcement: !production && v.HUB_BENCH_DISABLE_ENFORCEMENT === '1',
    benchDisableAudit: !production && v.HUB_BENCH_DISABLE_AUDIT === '1',
    logLevel: v.LOG_LEVEL ?? 'info',
    otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
    traceSampleRatio: v.OTEL_TRACES_SAMPLER_ARG ?? 1,
    subgraphTimeoutMs: v.HUB_SUBGRAPH_TIMEOUT_MS ?? 10_000,
    storeTimeoutMs: v.HUB_STORE_TIMEOUT_MS ?? 3000,
    maxQueryCost: v.HUB_MAX_QUERY_COST ?? 1_000_000,
    clientCostInFlight: v.HUB_CLIENT_COST_IN_FLIGHT ?? 100_000,
    operationAllowList: v.HUB_OPERATION_ALLOWLIST,
    corsOrigins: v.HUB_CORS_ORIGINS ?? [],
    shutdownDeadlineMs: v.HUB_SHUTDOWN_DEADLINE_MS ?? 10_000,
    benchDisableLimits: !production && v.HUB_BENCH_DISABLE_LIMITS === '1',
    webhooks: {
      attempts: v.HUB_WEBHOOK_ATTEMPTS ?? 8,
      backoffMs: v.HUB_WEBHOOK_BACKOFF_MS ?? 5_000,
      maxBackoffMs: v.HUB_WEBHOOK_MAX_BACKOFF_MS ?? 3_600_000,
      timeoutMs: v.HUB_WEBHOOK_TIMEOUT_MS ?? 10_000,
      concurrency: v.HUB_WEBHOOK_CONCURRENCY ?? 32,
      pollMs: v.HUB_WEBHOOK_POLL_MS ?? 1_000,
      allowPrivate: v.HUB_WEBHOOK_ALLOW_PRIVATE ? v.HUB_WEBHOOK_ALLOW_PRIVATE === '1' : !production,
      allowHttp: v.HUB_WEBHOOK_ALLOW_HTTP ? v.HUB_WEBHOOK_ALLOW_HTTP === '1' : !production,
    },
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

