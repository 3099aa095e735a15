/**
 * One trace from the gateway through the subgraphs to the store: the hub in-process with tracing
 * on, its spans kept in memory. The caller's W3C traceparent is continued; no span holds a value,
 * a name or a code. (Off, the default, nothing of the SDK is loaded: tracing-off.test.ts.)
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { startTracing, tracingOn, type Tracing } from '../../subgraphs/shared/platform/tracing.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const 张伟 = '320502198203174715';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let t: TestHub;

beforeAll(async () => {
  tracing = await startTracing({ serviceName: 'credithub', exporter });
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
  await tracing?.shutdown();
});

/** A span as a test reads it: its kind of work and the service it ran in. */
const label = (s: ReadableSpan) => (s.attributes['credithub.service'] ? `${s.name} @${s.attributes['credithub.service']}` : s.name);

async function until(ok: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('tracing', () => {
  it('is on in this process, its SDK loaded', () => {
    expect(tracingOn()).toBe(true);
    // the other side of observability.test.ts's check that nothing is loaded when tracing is off
    expect(Object.keys(createRequire(import.meta.url).cache).filter((k) => /@opentelemetry[\\/]sdk-trace-node/.test(k))).not.toEqual([]);
  });

  it("runs one trace from the caller's traceparent through the gateway and the subgraphs to the store", async () => {
    exporter.reset();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('bank-jinling')}`, traceparent: `00-${TRACE}-${PARENT}-01` },
      body: JSON.stringify({ query: /* GraphQL */ `query Applicant { person(creditCode: "${张伟}") { name financialDefaults { ref overdueAmount } sanctions { courtListed } } }` }),
    });
    const body = (await res.json()) as any;
    expect(body.data.person.name).toBe('张伟');
    // the gateway's own span ends when its response has gone
    await until(() => exporter.getFinishedSpans().some((s) => label(s) === 'POST /graphql @gateway'));
    const spans = exporter.getFinishedSpans();
    const trace = spans.filter((s) => s.spanContext().traceId === TRACE);
    // every span the request made is in the caller's trace
    expect(spans.filter((s) => s.spanContext().traceId !== TRACE).map(label)).toEqual([]);

    const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
    const ancestry = (s: ReadableSpan): string[] => {
      const chain: string[] = [];
      for (let cur: ReadableSpan | undefined = s; cur; cur = byId.get(cur.parentSpanContext?.spanId ?? '')) chain.push(label(cur));
      return chain;
    };
    const root = trace.find((s) => label(s) === 'POST /graphql @gateway')!;
    expect(root.parentSpanContext?.spanId).toBe(PARENT);
    expect(root.attributes).toMatchObject({ 'http.response.status_code': 200, 'credithub.outcome': 'ok', 'graphql.operation.name': 'Applicant' });

    // the persons subgraph's read of its collection, under its own request, under the gateway's fetch, under the gateway's request
    const read = trace.find((s) => s.name === 'store.find persons')!;
    expect(read).toBeDefined();
    const chain = ancestry(read);
    expect(chain[0]).toBe('store.find persons');
    expect(chain).toContain('POST /graphql @persons');
    expect(chain).toContain('gateway.fetch');
    expect(chain.at(-1)).toBe('POST /graphql @gateway');
    // and the same for the sanctions subgraph, reached through _entities
    const sanctions = trace.find((s) => label(s) === 'POST /graphql @sanctions')!;
    expect(ancestry(sanctions).at(-1)).toBe('POST /graphql @gateway');
    expect(trace.filter((s) => s.name.startsWith('store.') && ancestry(s).includes('POST /graphql @sanctions')).length).toBeGreaterThan(0);
    // the audit's write is a store call of the subgraph that answered
    expect(trace.filter((s) => s.name === 'store.insertMany queryRecords').map((s) => ancestry(s)[1])).toContain('POST /graphql @persons');

    // nothing of the question or the answer is in any span
    const text = JSON.stringify(trace.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    for (const secret of [张伟, '张伟', '38888.88', 'JL-LOAN-2023-0917']) expect(text).not.toContain(secret);
  });

  it('gives a request without a traceparent a trace of its own, shared by every service it reaches', async () => {
    exporter.reset();
    await t.query('bank-jinling', /* GraphQL */ `{ person(creditCode: "${张伟}") { name sanctions { courtListed } } }`);
    await until(() => exporter.getFinishedSpans().some((s) => label(s) === 'POST /graphql @gateway'));
    const servers = exporter.getFinishedSpans().filter((s) => s.name === 'POST /graphql');
    expect(servers.map((s) => s.attributes['credithub.service']).sort()).toEqual(['gateway', 'persons', 'sanctions']);
    expect(new Set(servers.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(servers.find((s) => s.attributes['credithub.service'] === 'gateway')!.parentSpanContext).toBeUndefined();
  });
});
