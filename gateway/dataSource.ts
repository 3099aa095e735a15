/**
 * The gateway's subgraph transport. Each call carries the client's own token and a call assertion
 * the gateway signs for exactly that call (subgraphs/shared/wire/assertion.ts): for that
 * subgraph, that body, that token, for a few seconds, once. The assertion is made where the body
 * is final, in the fetcher, so that it covers every byte the subgraph receives.
 *
 * Every fetch has a deadline (HUB_SUBGRAPH_TIMEOUT_MS). A subgraph that is paused, killed,
 * unreachable or answers with a failure costs the client only the fields that fetch would have
 * filled: each gets SERVICE_UNAVAILABLE on its own path, the rest of the answer comes back, and
 * the next request simply tries again (nothing to restart). No URL, status line or stack of the
 * subgraph reaches the client; the operator gets one line per subgraph and cause per interval
 * (the failure log of observe.ts) and the metric of fetch errors by reason.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { outgoingTraceHeaders } from '../subgraphs/shared/platform/observe.ts';
import { ASSERTION_HEADER, type CallSigner } from '../subgraphs/shared/wire/assertion.ts';
import type { Viewer } from '../subgraphs/shared/wire/viewer.ts';

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface GatewayContext {
  viewer: Viewer;
  token: string;
  requestId: string;
}

/** Set by willSendRequest, consumed by the fetcher: what the assertion for this call will say. */
const PENDING_CALL = 'x-credithub-pending-call';

type Fetcher = (url: string, init: { method?: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

/** Node's own fetch, with each call's assertion signed over the body it sends, within the deadline. */
export function assertingFetcher(subgraph: string, signer: CallSigner, timeoutMs = 0): Fetcher {
  return async (url, init) => {
    const headers = { ...init.headers };
    const pending = headers[PENDING_CALL];
    delete headers[PENDING_CALL];
    if (pending) {
      const { purpose, requestId } = JSON.parse(pending) as { purpose: string; requestId: string };
      const token = (headers.authorization ?? '').replace(/^Bearer /, '');
      headers[ASSERTION_HEADER] = await signer.sign({ audience: subgraph, body: init.body ?? '', token, purpose, requestId });
    }
    // the signal covers the whole exchange: connecting, the headers and reading the body
    return fetch(url, { ...init, headers, ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
  };
}

/** Why a subgraph's part is missing. */
export type FetchFailure = 'TIMEOUT' | 'UNREACHABLE' | 'FAILED';

/** The extension carrying, on the one error a failed fetch may throw, every path that fetch would have filled. */
const UNAVAILABLE_PATHS = 'unavailablePaths';

const SUBGRAPH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE', 'BAD_USER_INPUT']);

const MESSAGES: Record<FetchFailure, string> = {
  TIMEOUT: 'This part of the answer is unavailable: a source of the hub did not answer in time. Retry shortly.',
  UNREACHABLE: 'This part of the answer is unavailable: a source of the hub cannot be reached right now. Retry shortly.',
  FAILED: 'This part of the answer is unavailable: a source of the hub failed to answer. Retry shortly.',
};

/** The response keys a subgraph operation fills: its root fields, or for `_entities` the fields asked of each entity. */
export function fieldsOfFetch(document: DocumentNode): string[] {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const keys = new Set<string>();
  const collect = (set: SelectionSetNode, into: (key: string, sub: SelectionSetNode | undefined, name: string) => void, depth = 0) => {
    if (depth > 16) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) into(sel.alias?.value ?? sel.name.value, sel.selectionSet, sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet, into, depth + 1);
      else {
        const f = fragments.get(sel.name.value);
        if (f) collect(f, into, depth + 1);
      }
    }
  };
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  collect(operation.selectionSet, (key, sub, name) => {
    if (name === '_entities' && sub) collect(sub, (k) => k !== '__typename' && keys.add(k));
    else if (key !== '__typename') keys.add(key);
  });
  return [...keys];
}

/** Why a subgraph fetch failed, as a bounded metric label: timeout, unreachable, http_<status> or error. */
export function fetchFailure(error: Error, response?: { status?: number }): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
  if (error.message === 'fetch failed' || /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket/i.test(String((error as { cause?: Error }).cause?.message ?? error.message))) return 'unreachable';
  if (response?.status && response.status >= 400) return `http_${response.status}`;
  return 'error';
}

function failureOf(err: unknown): FetchFailure {
  const reason = err instanceof Error ? fetchFailure(err) : 'error';
  return reason === 'timeout' ? 'TIMEOUT' : reason === 'unreachable' ? 'UNREACHABLE' : 'FAILED';
}

/** What a subgraph's refusal said, when it said it in GraphQL: passed on, without its URL or status line. */
class SubgraphRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: GraphQLFormattedError | undefined,
  ) {
    super(`HTTP ${status}`);
  }
}

export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    signer: CallSigner,
    private readonly timeoutMs = 0,
    /** told of every failed fetch (metrics and the failure log: observe.ts), never of a refusal meant for the client */
    private readonly onFetchError?: (subgraph: string, reason: string, error: Error) => void,
  ) {
    // Node's own fetch (undici): the default make-fetch-happen agent captures a stack trace on
    // every request to tell http from https, which showed in the gateway's profile.
    super({ url, fetcher: assertingFetcher(subgraph, signer, timeoutMs) as never });
  }

  override didEncounterError(...args: Parameters<RemoteGraphQLDataSource<GatewayContext>['didEncounterError']>): void {
    const [error, , response] = args;
    // the subgraph refused the asker (its own GraphQL error): the client's matter, not an outage
    const refusal = error instanceof SubgraphRefusal && SUBGRAPH_CODES.has(String(error.error?.extensions?.code ?? '')) && error.error?.extensions?.code !== 'SERVICE_UNAVAILABLE';
    if (!refusal) this.onFetchError?.(this.subgraph, fetchFailure(error, response), error);
    super.didEncounterError(...args);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loads carry no incoming request and so no asker: they get nothing.
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.viewer || !ctx.token || !ctx.requestId) return;
    request.http?.headers.set('authorization', `Bearer ${ctx.token}`);
    for (const [k, v] of Object.entries(outgoingTraceHeaders())) request.http?.headers.set(k, v);
    request.http?.headers.set(PENDING_CALL, JSON.stringify({ purpose: ctx.viewer.purpose, requestId: ctx.requestId }));
  }

  /** A non-2xx answer: the subgraph's own GraphQL error when it gave one, else nothing of it. */
  override async errorFromResponse(response: Response): Promise<GraphQLError> {
    let first: GraphQLFormattedError | undefined;
    try {
      const body = (await response.json()) as { errors?: GraphQLFormattedError[] };
      first = body.errors?.[0];
    } catch {
      // not JSON: a proxy's page, a crash; nothing of it is passed on
    }
    throw new SubgraphRefusal(response.status, first);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    let response: SubgraphResponse;
    try {
      response = await super.process(options);
    } catch (err) {
      throw this.unavailable(options, err);
    }
    // A subgraph that withheld its whole part (its audit record could not be written, say) answers
    // with no data and errors on no path: they concern every field of the fetch.
    if (response.data == null && response.errors?.length && response.errors.every((e) => !e.path)) {
      const e = response.errors[0]!;
      const code = String(e.extensions?.code ?? '');
      if (SUBGRAPH_CODES.has(code)) throw this.onPaths(options, e.message, { code, ...(e.extensions?.reason ? { reason: e.extensions.reason } : {}) });
    }
    return response;
  }

  private unavailable(options: GraphQLDataSourceProcessOptions<GatewayContext>, err: unknown): GraphQLError {
    if (err instanceof SubgraphRefusal) {
      const code = String(err.error?.extensions?.code ?? '');
      // the subgraph refused the asker itself (a token that expired on the way, a suspension), or
      // could not check it: its words were written for the client
      if (err.error && SUBGRAPH_CODES.has(code)) {
        return this.onPaths(options, err.error.message, { code, ...(err.error.extensions?.reason ? { reason: err.error.extensions.reason } : {}) });
      }
      return this.onPaths(options, MESSAGES.FAILED, { code: 'SERVICE_UNAVAILABLE', reason: 'FAILED' });
    }
    const failure = failureOf(err);
    return this.onPaths(options, MESSAGES[failure], { code: 'SERVICE_UNAVAILABLE', reason: failure });
  }

  /** One error for the failed fetch, on the path of the first field it would have filled, carrying all of them. */
  private onPaths(options: GraphQLDataSourceProcessOptions<GatewayContext>, message: string, extensions: Record<string, unknown>): GraphQLError {
    const at = 'pathInIncomingRequest' in options && options.pathInIncomingRequest ? options.pathInIncomingRequest.filter((p): p is string => typeof p === 'string' && p !== '@') : [];
    let fields: string[] = [];
    try {
      const document = 'document' in options && options.document ? options.document : parse(options.request.query ?? '');
      fields = fieldsOfFetch(document);
    } catch {
      // an unparsable fetch cannot happen; the error then names the object the fetch was for
    }
    const paths = fields.length ? fields.map((f) => [...at, f]) : [at];
    return new GraphQLError(message, { path: paths[0]!, extensions: { ...extensions, [UNAVAILABLE_PATHS]: paths } });
  }
}

/**
 * The client's errors with each failed fetch spread over the fields it would have filled: one
 * error per field, on its path (list indices left out, as for denials), in place of the one the
 * gateway could carry.
 */
export function spreadUnavailable(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const out: GraphQLFormattedError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const paths = e.extensions?.[UNAVAILABLE_PATHS] as string[][] | undefined;
    if (!Array.isArray(paths)) {
      out.push(e);
      continue;
    }
    const { [UNAVAILABLE_PATHS]: _paths, ...extensions } = e.extensions!;
    for (const path of paths) {
      const key = `${extensions.code}|${path.join('.')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ message: e.message, ...(path.length ? { path } : {}), extensions });
    }
  }
  return out;
}
