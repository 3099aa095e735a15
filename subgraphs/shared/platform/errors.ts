/**
 * The hub's client-facing errors. Every error a client can see has a code and a message that says
 * what to fix; nothing else leaves a process (no stack traces, no store or driver internals).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { reportInternalError } from './observe.ts';
import { StoreError } from './store/port.ts';

export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });

export const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export const forbidden = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });

export const serviceUnavailable = (message = 'The credit store is unavailable right now; retry shortly.') =>
  new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });

/** Codes whose message was written for the client and may be shown as is. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

function rootCause(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    if (e instanceof StoreError) return e;
    const next = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
    if (!next) break;
    e = next;
  }
  return e;
}

/**
 * Apollo Server's formatError: keeps messages of client errors, turns store outages into
 * SERVICE_UNAVAILABLE and everything else into a bare INTERNAL_SERVER_ERROR.
 * Extensions are copied field by field so that no `exception`/`stacktrace` can slip through.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = rootCause(error);
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (cause instanceof StoreError && cause.kind === 'UNAVAILABLE') {
    return { ...base, message: 'The credit store is unavailable right now; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  const ext = { ...(formatted.extensions ?? {}) };
  delete ext.stacktrace;
  delete ext.exception;
  // which internal service answered is not the client's business
  delete ext.serviceName;
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  if (code && (CLIENT_CODES.has(code) || code.startsWith('ARMOR') || code === 'DOWNSTREAM_SERVICE_ERROR')) {
    if (code === 'DOWNSTREAM_SERVICE_ERROR') {
      return { ...base, message: 'A source of the hub failed to answer; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    return { ...base, message: formatted.message, extensions: ext };
  }
  // The client learns nothing of the cause; the operator's log gets one line per cause (observe.ts).
  reportInternalError(cause, formatted.path);
  return { ...base, message: 'Internal error. The hub logged it; retry, or report the request id.', extensions: { code: 'INTERNAL_SERVER_ERROR', ...(ext.requestId ? { requestId: ext.requestId } : {}) } };
}
