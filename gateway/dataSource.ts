/**
 * The gateway's subgraph transport. Each call carries the client's own token and a call assertion
 * the gateway signs for exactly that call (subgraphs/shared/wire/assertion.ts): for that
 * subgraph, that body, that token, for a few seconds, once. The assertion is made where the body
 * is final, in the fetcher, so that it covers every byte the subgraph receives.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { outgoingTraceHeaders } from '../subgraphs/shared/platform/observe.ts';
import { ASSERTION_HEADER, type CallSigner } from '../subgraphs/shared/wire/assertion.ts';
import type { Viewer } from '../subgraphs/shared/wire/viewer.ts';

export interface GatewayContext {
  viewer: Viewer;
  token: string;
  requestId: string;
}

/** Set by willSendRequest, consumed by the fetcher: what the assertion for this call will say. */
const PENDING_CALL = 'x-credithub-pending-call';

type Fetcher = (url: string, init: { method?: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

/** Node's own fetch, with each call's assertion signed over the body it sends. */
export function assertingFetcher(subgraph: string, signer: CallSigner): Fetcher {
  return async (url, init) => {
    const headers = { ...init.headers };
    const pending = headers[PENDING_CALL];
    delete headers[PENDING_CALL];
    if (pending) {
      const { purpose, requestId } = JSON.parse(pending) as { purpose: string; requestId: string };
      const token = (headers.authorization ?? '').replace(/^Bearer /, '');
      headers[ASSERTION_HEADER] = await signer.sign({ audience: subgraph, body: init.body ?? '', token, purpose, requestId });
    }
    return fetch(url, { ...init, headers });
  };
}

/** Why a subgraph fetch failed, as a bounded metric label: timeout, unreachable, http_<status> or error. */
export function fetchFailure(error: Error, response?: { status?: number }): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
  if (error.message === 'fetch failed' || /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket/i.test(String((error as { cause?: Error }).cause?.message ?? error.message))) return 'unreachable';
  if (response?.status && response.status >= 400) return `http_${response.status}`;
  return 'error';
}

export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    signer: CallSigner,
    /** told of every failed fetch (metrics and the failure log: observe.ts) */
    private readonly onFetchError?: (subgraph: string, reason: string, error: Error) => void,
  ) {
    // Node's own fetch (undici): the default make-fetch-happen agent captures a stack trace on
    // every request to tell http from https, which showed in the gateway's profile.
    super({ url, fetcher: assertingFetcher(subgraph, signer) as never });
  }

  override didEncounterError(...args: Parameters<RemoteGraphQLDataSource<GatewayContext>['didEncounterError']>): void {
    this.onFetchError?.(this.subgraph, fetchFailure(args[0], args[2]), args[0]);
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
}
