/**
 * The Prometheus metrics of one service (the gateway, or one subgraph), served at GET /metrics.
 * Each service has a registry of its own: the all-in-one hub and the tests run six services in one
 * process, and each port must say only what its own service did.
 *
 * Every label is bounded: operation names are the client's choice, so only the first
 * MAX_OPERATIONS distinct names (or the ones given as known: an allow-list) keep their own series,
 * any other is counted as `other`; client kinds, outcomes, reasons, collections and subgraphs come
 * from the hub's own lists. No label ever holds a client id, a subject or a value.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A request's outcome, as the log line and the metrics name it. */
export type Outcome = 'ok' | 'partial' | 'refused' | 'limited' | 'client_error' | 'unavailable' | 'error' | 'aborted';

export const MAX_OPERATIONS = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations: Set<string>;

  readonly requests: Counter<'operation' | 'client_kind' | 'outcome'>;
  readonly requestSeconds: Histogram<'operation' | 'client_kind' | 'outcome'>;
  readonly denials: Counter<'reason'>;
  readonly auditWriteSeconds: Histogram;
  readonly auditWriteFailures: Counter;
  readonly auditRecords: Counter;
  readonly storeRoundTrips: Counter<'collection' | 'operation'>;
  readonly storeErrors: Counter<'collection' | 'operation' | 'kind'>;
  readonly storeSeconds: Histogram<'operation'>;
  readonly fetchErrors: Counter<'subgraph' | 'reason'>;

  constructor(
    readonly service: string,
    /** a subgraph decides fields and writes the audit; the gateway fetches from the subgraphs */
    role: 'gateway' | 'subgraph',
    options: { processMetrics?: boolean; knownOperations?: readonly string[] } = {},
  ) {
    this.registry.setDefaultLabels({ service });
    this.operations = new Set(options.knownOperations ?? []);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'credithub_' });
    const registers = [this.registry];
    // what the other role counts exists, so that code may count it, but is not served
    const subgraphOnly = role === 'subgraph' ? registers : [];
    const gatewayOnly = role === 'gateway' ? registers : [];
    this.requests = new Counter({
      name: 'credithub_requests_total',
      help: 'GraphQL requests answered, by operation name (bounded: unknown names are "other"), client kind and outcome',
      labelNames: ['operation', 'client_kind', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'credithub_request_duration_seconds',
      help: 'Time from a request arriving to its answer sent, by operation, client kind and outcome',
      labelNames: ['operation', 'client_kind', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.denials = new Counter({
      name: 'credithub_denials_total',
      help: 'Fields withheld from an object of an answer, by reason (PURPOSE, NO_CONSENT, CONSENT_EXPIRED); counted where they are decided, in the subgraphs',
      labelNames: ['reason'],
      registers: subgraphOnly,
    });
    this.auditWriteSeconds = new Histogram({
      name: 'credithub_audit_write_duration_seconds',
      help: 'Time to store one group commit of audit records (or one change record)',
      buckets: STORE_BUCKETS,
      registers: subgraphOnly,
    });
    this.auditWriteFailures = new Counter({
      name: 'credithub_audit_write_failures_total',
      help: 'Audit writes that failed: each withheld the answers (or refused the change) it was for',
      registers: subgraphOnly,
    });
    this.auditRecords = new Counter({ name: 'credithub_audit_records_total', help: 'Audit records stored', registers: subgraphOnly });
    this.storeRoundTrips = new Counter({
      name: 'credithub_store_round_trips_total',
      help: 'Calls to the store, by collection and operation',
      labelNames: ['collection', 'operation'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'credithub_store_errors_total',
      help: 'Store calls that failed, by collection, operation and kind (UNAVAILABLE, DUPLICATE, INVALID, other)',
      labelNames: ['collection', 'operation', 'kind'],
      registers,
    });
    this.storeSeconds = new Histogram({
      name: 'credithub_store_duration_seconds',
      help: 'Time of one store call, by operation',
      labelNames: ['operation'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.fetchErrors = new Counter({
      name: 'credithub_subgraph_fetch_errors_total',
      help: "The gateway's failed subgraph fetches, by subgraph and reason (timeout, unreachable, http_<status>, error)",
      labelNames: ['subgraph', 'reason'],
      registers: gatewayOnly,
    });
  }

  /** The operation label of a client-chosen operation name: bounded, whatever clients send. */
  operation(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    // a name that could carry an identifier (a run of digits) never becomes a label
    if (!OPERATION_NAME.test(name) || /\d{6,}/.test(name) || this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** The text GET /metrics serves. */
  async exposition(): Promise<{ type: string; body: string }> {
    return { type: this.registry.contentType, body: await this.registry.metrics() };
  }
}
