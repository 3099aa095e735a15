/**
 * The operation allow-list (HUB_OPERATION_ALLOWLIST): in production the gateway can run only the
 * operations its operator has safelisted, named in a manifest by the sha256 of their text. The
 * manifest is an Apollo persisted query manifest, the format `@apollo/generate-persisted-query-manifest`
 * writes and Apollo Router reads:
 *
 *   { "format": "apollo-persisted-query-manifest", "version": 1,
 *     "operations": [{ "id": "<sha256 hex of body>", "name": "Applicants", "type": "query", "body": "query Applicants…" }] }
 *
 * A client sends a listed operation's exact text, or only its id as an automatic persisted query
 * (`extensions.persistedQuery.sha256Hash`), which the gateway fills in from the manifest. Anything
 * else is refused with 400 PERSISTED_QUERY_NOT_IN_LIST before it is parsed, and no client can add
 * to the list (automatic persisted queries register nothing here).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../subgraphs/shared/platform/config.ts';

export interface AllowList {
  readonly size: number;
  has(sha256: string): boolean;
  body(sha256: string): string | undefined;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface ManifestOperation {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  body?: unknown;
}

/** Reads and checks a manifest: each id must be the sha256 of its body; one clear line for what is wrong. */
export function loadAllowList(path: string): AllowList {
  let manifest: { format?: unknown; version?: unknown; operations?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`HUB_OPERATION_ALLOWLIST names ${path}, which cannot be read as JSON (${(err as NodeJS.ErrnoException).code ?? 'invalid JSON'})`);
  }
  if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new ConfigError(`HUB_OPERATION_ALLOWLIST: ${path} is not an Apollo persisted query manifest ({"format":"apollo-persisted-query-manifest","version":1,"operations":[…]})`);
  }
  const bodies = new Map<string, string>();
  for (const [i, op] of (manifest.operations as ManifestOperation[]).entries()) {
    const label = typeof op?.name === 'string' ? `"${op.name}"` : `number ${i + 1}`;
    if (typeof op?.body !== 'string' || typeof op.id !== 'string') throw new ConfigError(`HUB_OPERATION_ALLOWLIST: operation ${label} needs an id and a body`);
    if (op.type === 'subscription') throw new ConfigError(`HUB_OPERATION_ALLOWLIST: operation ${label} is a subscription, which the hub does not serve`);
    if (sha256(op.body) !== op.id.toLowerCase()) throw new ConfigError(`HUB_OPERATION_ALLOWLIST: the id of operation ${label} is not the sha256 of its body`);
    bodies.set(op.id.toLowerCase(), op.body);
  }
  return { size: bodies.size, has: (h) => bodies.has(h.toLowerCase()), body: (h) => bodies.get(h.toLowerCase()) };
}

export function notInList(hash: string | undefined): GraphQLError {
  return new GraphQLError(
    hash
      ? `This hub runs only safelisted operations, and this one (sha256 ${hash.slice(0, 16)}…) is not on its allow-list: send a listed operation's exact text or id, or ask the hub's operator to list it.`
      : 'This hub runs only safelisted operations: send a listed operation\'s exact text, or its id as extensions.persistedQuery.sha256Hash.',
    { extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } } },
  );
}

/** The operation a request carries, as the allow-list sees it: the sha256 of its text, or the id it sends instead. */
export function requestedHash(body: unknown, search: URLSearchParams): string | undefined {
  const b = body && typeof body === 'object' ? (body as { query?: unknown; extensions?: unknown }) : {};
  const query = typeof b.query === 'string' ? b.query : search.get('query') ?? undefined;
  if (query) return sha256(query);
  let extensions = b.extensions;
  if (extensions === undefined && search.has('extensions')) {
    try {
      extensions = JSON.parse(search.get('extensions')!);
    } catch {
      return undefined;
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Apollo Server's persisted-query cache, read from the manifest and written by nobody: a request
 * sending only a listed id runs that operation, and no request can register one.
 */
export function allowListCache(list: AllowList) {
  return {
    get: async (key: string) => list.body(key.replace(/^apq:/, '')),
    set: async () => undefined,
    delete: async () => false,
  };
}
