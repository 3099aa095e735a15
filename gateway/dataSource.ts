/**
 * The gateway's subgraph transport. Each call carries the client's own token and a call assertion
 * the gateway signs for exactly that call (subgraphs/shared/wire/assertion.ts): for that
 * subgraph, that body, that token, for a few seconds, once. The assertion is made where the body
 * is final, in the fetcher, so that it covers every byte the subgraph receives.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
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

export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(name: string, url: string, signer: CallSigner) {
    // Node's own fetch (undici): the default make-fetch-happen agent captures a stack trace on
    // every request to tell http from https, which showed in the gateway's profile.
    super({ url, fetcher: assertingFetcher(name, signer) as never });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loads carry no incoming request and so no asker: they get nothing.
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.viewer || !ctx.token || !ctx.requestId) return;
    request.http?.headers.set('authorization', `Bearer ${ctx.token}`);
    request.http?.headers.set(PENDING_CALL, JSON.stringify({ purpose: ctx.viewer.purpose, requestId: ctx.requestId }));
  }
}
