/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, the spans go to the collector over OTLP/HTTP: a collector
 * of the test's own on a loopback port receives the request's trace when the process stops.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { startTracing, type Tracing } from '../../subgraphs/shared/platform/tracing.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const TRACE = '5bf92f3577b34da6a3ce929d0e0e4737';
const received: { path: string; type: string; body: Buffer }[] = [];
let collector: Server;
let endpoint: string;
let tracing: Tracing | undefined;
let t: TestHub;

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  // as a process reads it: the endpoint from the configuration
  const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  tracing = await startTracing({ serviceName: 'credithub-test', otlpEndpoint: config.otlpEndpoint, sampleRatio: config.traceSampleRatio });
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
  await new Promise<void>((resolve) => collector?.close(() => resolve()));
});

describe('OTLP export', () => {
  it('sends the trace to <endpoint>/v1/traces, flushed when tracing stops', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('bank-jinling')}`, traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: '{ person(creditCode: "320502198203174715") { name } }' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    await new Promise((r) => setTimeout(r, 50));
    await tracing!.shutdown();
    const traces = received.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const all = traces.map((r) => r.body.toString('utf8')).join('\n');
    expect(all).toContain('credithub-test');
    expect(all).toContain(TRACE);
    expect(all).toContain('store.find persons');
    // nothing else is exported: no metrics, no logs
    expect(received.filter((r) => r.path !== '/v1/traces')).toEqual([]);
  });
});
