/**
 * OpenTelemetry tracing, off unless configured. With OTEL_EXPORTER_OTLP_ENDPOINT set, a process
 * registers a tracer provider that exports OTLP over HTTP; otherwise nothing of the SDK is even
 * loaded, and the hub's own spans are not made (`tracingOn()` is false): no cost when off.
 *
 * One trace runs from the gateway through the subgraphs to the store:
 * - each process makes a SERVER span per GraphQL request (http.ts through observe.ts), continuing
 *   the caller's W3C `traceparent` when there is one;
 * - @apollo/gateway adds its own spans (gateway.request, gateway.plan, gateway.fetch, …) through the
 *   global API, and the gateway sends `traceparent` on every subgraph fetch (dataSource.ts);
 * - each store call is a CLIENT span (store/instrumented.ts), named by operation and collection,
 *   with no filter, document or value in it.
 * Spans carry no variables, no document and no value: only names, codes and counts.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

let on = false;

/** Whether this process makes spans (a tracer provider is registered). */
export const tracingOn = (): boolean => on;

export const hubTracer = (): Tracer => trace.getTracer('credithub');

export interface TracingOptions {
  /** `service.name` of the spans: `credithub-gateway`, `credithub-persons`, or `credithub` for the all-in-one hub */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans go to `<endpoint>/v1/traces` */
  otlpEndpoint?: string | undefined;
  /** the share of new traces recorded (a caller's sampled flag is followed); 1 by default */
  sampleRatio?: number;
  /** instead of OTLP: where spans go, synchronously (tests) */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** exports what is pending and stops */
  shutdown(): Promise<void>;
}

/** Registers the process's tracer provider when tracing is configured; undefined (and nothing loaded) otherwise. */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  if (!options.otlpEndpoint && !options.exporter) return undefined;
  if (on) throw new Error('tracing is already started in this process');
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  let processor;
  if (options.exporter) {
    processor = new SimpleSpanProcessor(options.exporter);
  } else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint!.replace(/\/$/, '')}/v1/traces` }));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [processor],
  });
  // W3C trace context and an AsyncLocalStorage context manager, as the global API's
  provider.register();
  on = true;
  return {
    shutdown: async () => {
      on = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
