/**
 * What one service (the gateway, or a subgraph) tells its operator: one log line and the metrics
 * of every GraphQL request, its failures once per cause, its readiness, and — when tracing is on —
 * a span per request. The gateway and the subgraphs use it alike (http.ts, createGateway,
 * createSubgraph).
 *
 * A request's facts arrive at different moments: who asks when its context is built, the operation
 * and the answer when Apollo sends it, the status when the response ends. They are gathered on one
 * `Observation`, found through AsyncLocalStorage wherever the request's work runs, and written once,
 * when the response is done.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from '../wire/viewer.ts';
import { createLogger, errorFields, FailureLog, scrub, type Logger } from './log.ts';
import { ServiceMetrics, type Outcome } from './metrics.ts';
import { hubTracer, tracingOn } from './tracing.ts';

export interface Telemetry {
  service: string;
  /** the subgraphs decide fields and so count denials by reason; the gateway only reports them */
  role: 'gateway' | 'subgraph';
  log: Logger;
  failures: FailureLog;
  metrics: ServiceMetrics;
}

export interface TelemetryOptions {
  /** the process's logger; this service logs through a child with `svc` set to its name */
  log: Logger;
  /** the process's own metrics (CPU, memory, event loop): one service per process says them */
  processMetrics?: boolean;
  /** operation names that always keep their own metric series (an allow-list) */
  knownOperations?: readonly string[];
  /** how long a failure cause stays quiet after its line (one line per cause per interval) */
  failureIntervalMs?: number;
}

export function createTelemetry(service: string, role: Telemetry['role'], options: TelemetryOptions): Telemetry {
  const log = options.log.child({ svc: service });
  return {
    service,
    role,
    log,
    failures: new FailureLog(log, options.failureIntervalMs),
    metrics: new ServiceMetrics(service, role, { processMetrics: options.processMetrics, knownOperations: options.knownOperations }),
  };
}

/** The header a caller may give its own request id in; the hub answers with its own id in it. */
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * A caller's request id is logged only when it is a UUID or a ULID: a free-form id could carry a
 * credit code or a name into the log. The hub's own id stays the request's id (the audit records
 * and the subgraph calls carry it), so that no caller can make two requests share one.
 */
const CALLER_REQUEST_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26})$/i;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C traceparent's trace id, when the header is well-formed and not all zeros. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const m = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return m[1];
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** One GraphQL request, as the service saw it. */
export class Observation {
  readonly started = performance.now();
  requestId: string = randomUUID();
  callerRequestId: string | undefined;
  traceId: string | undefined;
  /** what the gateway forwards to the subgraphs when it makes no spans itself: the caller's, or one it started */
  traceparent: string | undefined;
  client: string | undefined;
  clientKind: string | undefined;
  purpose: string | undefined;
  operationName: string | null | undefined;
  /** Apollo's response body: read when the response is done, after every plugin has changed it */
  body: GraphQLResponse['body'] | undefined;
  span: Span | undefined;

  constructor(
    private readonly res: ServerResponse,
    /** the service the request came to: its log, its failure log, its metrics */
    readonly telemetry: Telemetry,
  ) {}

  /** A subgraph takes the request id the gateway's call assertion carries. */
  adoptRequestId(id: string): void {
    if (!id) return;
    this.requestId = id;
    if (!this.res.headersSent) this.res.setHeader(REQUEST_ID_HEADER, id);
  }

  asker(viewer: Viewer): void {
    // a person on their own file is named by the subject app they came through, never by their code
    this.client = viewer.client;
    this.clientKind = viewer.kind === 'CLIENT' ? viewer.clientKind : 'SUBJECT';
    this.purpose = viewer.purpose;
  }
}

const requests = new AsyncLocalStorage<Observation>();

/** The request this code runs for, when it runs for one (inside the HTTP handler of a service). */
export const currentRequest = (): Observation | undefined => requests.getStore();

let fallback: FailureLog | undefined;

/**
 * An error the client is told only "internal error" about: one line for the operator, once per
 * cause per interval, in the log of the service the request came to (a process-wide one when it
 * came to none, as in an in-process test). Never the stack, never the error object as it came.
 */
export function reportInternalError(err: unknown, path: readonly (string | number)[] | undefined): void {
  const obs = currentRequest();
  const failures = obs?.telemetry.failures ?? (fallback ??= new FailureLog(createLogger({ level: 'warn', service: 'credithub' })));
  const error = errorFields(err);
  failures.report('error', `internal:${error.type}:${error.code ?? error.message.slice(0, 60)}`, { reqId: obs?.requestId, path: path ? scrub(path.filter((p) => typeof p === 'string').join('.')) : null, error }, 'internal error');
}

/**
 * The trace headers of a subgraph fetch: with tracing on, the active span's context (the gateway's
 * fetch span); otherwise the caller's traceparent, or the one the gateway started, so that every
 * line of one request carries one trace id.
 */
export function outgoingTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (tracingOn()) propagation.inject(context.active(), carrier);
  else {
    const tp = currentRequest()?.traceparent;
    if (tp) carrier.traceparent = tp;
  }
  return carrier;
}

/** An operation name for a log line: a GraphQL name that cannot carry an identifier, or `other`. */
function operationForLog(name: string | null | undefined): string | null {
  if (!name) return null;
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) && !/\d{6,}/.test(name) ? name : 'other';
}

interface Tally {
  outcome: Outcome;
  denials: number;
  errors: number;
  reasons: Record<string, number>;
}

const isDenial = (e: GraphQLFormattedError) => e.extensions?.code === 'FORBIDDEN' && typeof e.extensions.field === 'string';
const CLIENT_CODES = /^(BAD_USER_INPUT|BAD_REQUEST|GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED|OPERATION_RESOLUTION_FAILURE|PERSISTED_QUERY_.*|QUERY_TOO_COMPLEX|ARMOR.*|UNAUTHENTICATED|FORBIDDEN)$/;

/** What the answer was: its outcome, and its denials (fields withheld from an object) apart from its other errors. */
export function tally(status: number, body: GraphQLResponse['body'] | undefined, finished: boolean): Tally {
  const result = body?.kind === 'single' ? body.singleResult : undefined;
  let denials = 0;
  let errors = 0;
  const reasons: Record<string, number> = {};
  const codes = new Set<string>();
  for (const e of result?.errors ?? []) {
    if (isDenial(e)) {
      // the gateway reports one error per field of the query, with how many objects it hit
      const n = typeof e.extensions!.count === 'number' ? e.extensions!.count : 1;
      denials += n;
      const reason = String(e.extensions!.reason ?? 'PURPOSE');
      reasons[reason] = (reasons[reason] ?? 0) + n;
    } else {
      errors++;
      codes.add(String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
    }
  }
  let outcome: Outcome;
  if (!finished) outcome = 'aborted';
  else if (status === 401 || status === 403) outcome = 'refused';
  else if (status === 429) outcome = 'limited';
  else if (status === 503 || (status >= 500 && codes.has('SERVICE_UNAVAILABLE'))) outcome = 'unavailable';
  else if (status >= 500) outcome = 'error';
  else if (status >= 400) outcome = 'client_error';
  else if (errors === 0) outcome = 'ok';
  // partial: some root field answered; an answer whose every root field is null failed as a whole
  else if (result?.data != null && Object.values(result.data).some((v) => v != null)) outcome = 'partial';
  else if (codes.has('INTERNAL_SERVER_ERROR')) outcome = 'error';
  else if (codes.has('SERVICE_UNAVAILABLE')) outcome = 'unavailable';
  else outcome = [...codes].every((c) => CLIENT_CODES.test(c)) ? 'client_error' : 'error';
  return { outcome, denials, errors, reasons };
}

export interface RequestObserver {
  /** runs `handle` for this request, observed when it is a GraphQL request */
  around(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void>;
}

const isGraphQLPath = (url: string | undefined) => {
  const path = (url ?? '/').split('?', 1)[0];
  return path === '/graphql' || path === '/';
};

/** The observer http.ts runs every request through. */
export function requestObserver(telemetry: Telemetry): RequestObserver {
  const { log, metrics } = telemetry;
  const finish = (obs: Observation, res: ServerResponse) => {
    const seconds = (performance.now() - obs.started) / 1000;
    const t = tally(res.statusCode, obs.body, res.writableFinished);
    const clientKind = obs.clientKind ?? 'none';
    const labels = { operation: metrics.operation(obs.operationName), client_kind: clientKind, outcome: t.outcome };
    metrics.requests.inc(labels);
    metrics.requestSeconds.observe(labels, seconds);
    if (telemetry.role === 'subgraph') for (const [reason, n] of Object.entries(t.reasons)) metrics.denials.inc({ reason }, n);
    log.info(
      {
        reqId: obs.requestId,
        ...(obs.callerRequestId ? { callerReqId: obs.callerRequestId } : {}),
        traceId: obs.traceId ?? null,
        client: obs.client ?? null,
        clientKind: obs.clientKind ?? null,
        purpose: obs.purpose ?? null,
        op: operationForLog(obs.operationName),
        ms: Math.round(seconds * 10_000) / 10,
        status: res.statusCode,
        outcome: t.outcome,
        denials: t.denials,
        errors: t.errors,
      },
      'request',
    );
    if (obs.span) {
      obs.span.setAttributes({ 'http.response.status_code': res.statusCode, 'credithub.outcome': t.outcome, 'credithub.denials': t.denials, 'credithub.errors': t.errors });
      if (obs.operationName !== undefined) obs.span.setAttribute('graphql.operation.name', operationForLog(obs.operationName) ?? 'anonymous');
      if (t.outcome === 'error' || t.outcome === 'unavailable') obs.span.setStatus({ code: SpanStatusCode.ERROR });
      obs.span.end();
    }
  };

  return {
    around(req, res, handle) {
      if (!isGraphQLPath(req.url)) return handle();
      const obs = new Observation(res, telemetry);
      const callerId = header(req, REQUEST_ID_HEADER);
      if (callerId && CALLER_REQUEST_ID.test(callerId)) obs.callerRequestId = callerId;
      res.setHeader(REQUEST_ID_HEADER, obs.requestId);
      res.once('close', () => finish(obs, res));
      if (tracingOn()) {
        const parent = propagation.extract(ROOT_CONTEXT, req.headers);
        obs.span = hubTracer().startSpan(
          `${req.method ?? 'GET'} /graphql`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql', 'credithub.service': telemetry.service } },
          parent,
        );
        obs.traceId = obs.span.spanContext().traceId;
        return context.with(trace.setSpan(parent, obs.span), () => requests.run(obs, handle));
      }
      const incoming = header(req, 'traceparent');
      obs.traceId = traceIdOf(incoming);
      if (obs.traceId) obs.traceparent = incoming!.trim();
      else if (telemetry.role === 'gateway') {
        // no trace from the caller and no tracing: the gateway still gives the request one trace id,
        // which its subgraph calls carry (not sampled: nothing records it)
        obs.traceId = randomUUID().replace(/-/g, '');
        obs.traceparent = `00-${obs.traceId}-${randomUUID().replace(/-/g, '').slice(0, 16)}-00`;
      }
      return requests.run(obs, handle);
    },
  };
}

/** Apollo's part of the request line: the operation, and the answer as it is finally sent. */
export function observePlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, operation, response }) {
          const obs = currentRequest();
          if (!obs) return;
          const name = operation?.name?.value ?? request.operationName ?? null;
          // @apollo/gateway names its subgraph fetches <operation>__<subgraph>__<n>: a subgraph counts the client's operation
          obs.operationName = obs.telemetry.role === 'subgraph' ? (name?.replace(/__[a-z]+__\d+$/, '') ?? null) : name;
          obs.body = response.body;
        },
      };
    },
  };
}

/** The body of /readyz: each check's state, and whether all of them are ok. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/** Rejects to say a check failed; a NotReady's message is the state /readyz shows (any other error shows as `failed`). */
export type ReadinessChecks = Record<string, () => Promise<void> | void>;

export class NotReady extends Error {
  override name = 'NotReady';
}

/** A check that takes longer than this counts as failed: a hung store must not hang the probe. */
export const READINESS_TIMEOUT_MS = 2000;

export function readiness(checks: ReadinessChecks, timeoutMs = READINESS_TIMEOUT_MS): () => Promise<Readiness> {
  return async () => {
    const states = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const state = await Promise.race([
          Promise.resolve()
            .then(check)
            .then(
              () => 'ok',
              (err: unknown) => (err instanceof NotReady ? err.message : 'failed'),
            ),
          timeout,
        ]);
        clearTimeout(timer);
        return [name, state] as const;
      }),
    );
    return { ready: states.every(([, s]) => s === 'ok'), checks: Object.fromEntries(states) };
  };
}
