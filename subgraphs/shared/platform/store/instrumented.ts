/**
 * A store decorator that says what the store does: every call counted and timed by collection and
 * operation, every failure counted by kind and logged once per cause per interval, and — when
 * tracing is on — a CLIENT span per call. Names only: no filter, document or value leaves here.
 * Works the same over the embedded store and MongoDB.
 */
import { performance } from 'node:perf_hooks';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { errorFields } from '../log.ts';
import type { Telemetry } from '../observe.ts';
import { hubTracer, tracingOn } from '../tracing.ts';
import { StoreError, type Collection, type CollectionName, type Collections, type IndexSpec, type Store } from './port.ts';

type Method = 'find' | 'findOne' | 'count' | 'insertOne' | 'insertMany' | 'upsertMany' | 'updateOne' | 'deleteMany';
const METHODS: readonly Method[] = ['find', 'findOne', 'count', 'insertOne', 'insertMany', 'upsertMany', 'updateOne', 'deleteMany'];

export class InstrumentedStore implements Store {
  private readonly collections = new Map<CollectionName, Collection<any>>();

  constructor(
    private readonly inner: Store,
    private readonly telemetry: Pick<Telemetry, 'metrics' | 'failures' | 'service'>,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  /** Times one call; counts it and its failure. */
  private async call<T>(collection: string, operation: string, run: () => Promise<T>): Promise<T> {
    const { metrics, failures } = this.telemetry;
    metrics.storeRoundTrips.inc({ collection, operation });
    const started = performance.now();
    const span = tracingOn()
      ? hubTracer().startSpan(`store.${operation} ${collection}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system': this.inner.kind === 'mongodb' ? 'mongodb' : 'credithub-embedded', 'db.collection.name': collection, 'db.operation.name': operation },
        })
      : undefined;
    try {
      return await (span ? context.with(trace.setSpan(context.active(), span), run) : run());
    } catch (err) {
      const kind = err instanceof StoreError ? err.kind : 'other';
      metrics.storeErrors.inc({ collection, operation, kind });
      span?.setStatus({ code: SpanStatusCode.ERROR, message: kind });
      failures.report(kind === 'UNAVAILABLE' ? 'error' : 'warn', `store:${kind}`, { collection, operation, kind, error: errorFields(err) }, kind === 'UNAVAILABLE' ? 'store unavailable' : 'store call failed');
      throw err;
    } finally {
      metrics.storeSeconds.observe({ operation }, (performance.now() - started) / 1000);
      span?.end();
    }
  }

  collection<K extends CollectionName>(name: K): Collection<Collections[K]> {
    let wrapped = this.collections.get(name);
    if (!wrapped) {
      const target = this.inner.collection(name);
      wrapped = { name } as Collection<Collections[K]>;
      for (const m of METHODS) {
        const method = (target[m] as (...a: unknown[]) => Promise<unknown>).bind(target);
        (wrapped as unknown as Record<Method, unknown>)[m] = (...args: unknown[]) => this.call(name, m, () => method(...args));
      }
      this.collections.set(name, wrapped);
    }
    return wrapped as Collection<Collections[K]>;
  }

  ensureIndexes(specs: readonly IndexSpec[]) {
    return this.inner.ensureIndexes(specs);
  }

  ping() {
    return this.call('-', 'ping', () => this.inner.ping());
  }

  close() {
    return this.inner.close();
  }
}
