/**
 * What an operator sees of the hub run as production runs it: the gateway and the five subgraphs
 * each a process of its own, on a FerretDB of the test's own. Each process logs JSON lines on
 * stdout and serves /metrics, /healthz and /readyz; a stopped store makes every process unready
 * (and alive) until it is back; a killed subgraph is one line at the gateway, not a stack per
 * request. Runs with MONGODB_URI (CI) and the FerretDB binary; skipped, visibly, otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevelopmentIssuer, type DevelopmentIssuer } from '../../gateway/dev/issuer.ts';
import { developmentToken } from '../../gateway/dev/tokens.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { DEFAULT_AUDIENCE } from '../../subgraphs/shared/platform/config.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { FERRETDB_BIN, HAVE_FERRETDB, MONGODB_URI, startFerretDB, type FerretDB } from '../support/mongo.ts';
import { allReady, startProcessHub, type ProcessHub } from '../support/processes.ts';

const canRun = !!MONGODB_URI && HAVE_FERRETDB;
const why = canRun ? '' : ` [skipped: needs MONGODB_URI and ${FERRETDB_BIN}]`;

const 陈静 = '320203199507082021';
const QUERY = /* GraphQL */ `query Courier { person(creditCode: "${陈静}") { name courierProfile { rating } sanctions { courtListed } } }`;
const STACK = /\n\s+at |^\s+at |\bat .+:\d+:\d+|"stack"/m;

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let v = await get();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    v = await get();
  }
  return v;
}

describe.skipIf(!canRun)(`the hub as separate processes: logs, metrics and readiness${why}`, () => {
  let dir: string;
  let ferret: FerretDB;
  let store: Store;
  let issuer: DevelopmentIssuer;
  let hub: ProcessHub;
  let token: string;

  const ask = async (headers: Record<string, string> = {}) => {
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credithub-observe-'));
    ferret = await startFerretDB(join(dir, 'state'));
    const uri = ferret.uri('credithub_observe');
    await seed({ uri, scale: { persons: 20, enterprises: 4, merchants: 4, couriers: 4, listEntries: 4 } });
    store = await openStore({ mongodbUri: uri, indexes: INDEXES });
    issuer = await startDevelopmentIssuer({ host: '127.0.0.1', port: 0, store, audience: DEFAULT_AUDIENCE });
    hub = await startProcessHub({ mongodbUri: uri, issuer: issuer.url });
    token = await developmentToken(issuer.tokenEndpoint, 'regulator-jiangsu-credit');
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    await issuer?.close();
    await store?.close().catch(() => undefined);
    await ferret?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each process logs a JSON line per request on stdout, under one request id, and serves its metrics', async () => {
    const res = await ask({ 'x-request-id': '0190a6f2-7d8e-7c3a-9b1e-4f5a6b7c8d9e' });
    expect(res.status).toBe(200);
    expect(res.body.data.person.name).toBe('陈静');
    const reqId = res.body.extensions.requestId;
    const line = (svc: keyof ProcessHub['processes']) =>
      until(
        async () => hub.processes[svc].log().find((l) => l.msg === 'request' && l.reqId === reqId),
        (l) => !!l,
        5000,
      );
    expect(await line('gateway')).toMatchObject({ svc: 'gateway', callerReqId: '0190a6f2-7d8e-7c3a-9b1e-4f5a6b7c8d9e', client: 'regulator-jiangsu-credit', purpose: 'SUPERVISION', op: 'Courier', outcome: 'ok' });
    for (const svc of ['persons', 'couriers', 'sanctions'] as const) expect(await line(svc)).toMatchObject({ svc, reqId, op: 'Courier', outcome: 'ok' });
    for (const p of Object.values(hub.processes)) {
      expect(p.stdout.join('\n'), p.name).not.toContain(陈静);
      expect(p.stdout.join('\n'), p.name).not.toContain('陈静');
      const metrics = await (await fetch(`${p.base}/metrics`)).text();
      expect(metrics, p.name).toContain(`credithub_process_cpu_seconds_total{service="${p.name}"}`);
    }
    const persons = await (await fetch(`${hub.processes.persons.base}/metrics`)).text();
    expect(persons).toMatch(/credithub_store_round_trips_total\{collection="persons",operation="find",service="persons"\} [1-9]/);
  });

  it('with the store stopped every process is unready but alive, logs the outage once, and is ready again when the store is back', async () => {
    await ferret.stop();
    try {
      for (const p of Object.values(hub.processes)) {
        const ready = await until(() => fetch(`${p.base}/readyz`), (r) => r.status === 503, 15_000);
        expect([p.name, ready.status]).toEqual([p.name, 503]);
        expect(['failed', 'timeout']).toContain((await ready.json()).checks.store);
        expect([p.name, (await fetch(`${p.base}/healthz`)).status]).toEqual([p.name, 200]);
      }
      // requests keep coming (each waits out the store's timeout, so side by side)
      await Promise.all(Array.from({ length: 10 }, () => ask()));
      for (const svc of ['persons', 'couriers', 'sanctions'] as const) {
        const outage = hub.processes[svc].log().filter((l) => l.cause === 'store:UNAVAILABLE');
        expect(outage.length, svc).toBeLessThanOrEqual(1);
      }
      expect(hub.processes.persons.log().filter((l) => l.cause === 'store:UNAVAILABLE')).toHaveLength(1);
    } finally {
      await ferret.start();
    }
    await allReady(Object.values(hub.processes), 30_000);
    const res = await until(ask, (r) => !r.body.errors, 15_000);
    expect(res.body.data.person.name).toBe('陈静');
  }, 120_000);

  it('a killed subgraph is one line at the gateway however many requests fail, with no stack, and counted per request', async () => {
    const gateway = hub.processes.gateway;
    const sanctions = hub.processes.sanctions;
    const exited = new Promise((resolve) => sanctions.child.once('exit', resolve));
    sanctions.child.kill('SIGKILL');
    await exited;
    const before = gateway.stdout.length;
    const answers = await Promise.all(Array.from({ length: 30 }, () => ask()));
    for (const a of answers) {
      if (!a.body.data) throw new Error(JSON.stringify(a));
      // the rest of the answer stands
      expect(a.body.data.person.name).toBe('陈静');
      expect(a.body.data.person.sanctions).toBeNull();
    }
    // a line is written when its response has closed, and reaches this process through a pipe
    const after = await until(async () => gateway.stdout.slice(before), (lines) => lines.filter((l) => l.includes('"msg":"request"')).length >= 30, 5000);
    const failures = after.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => l.level === 'error' || l.level === 'warn');
    const causes = failures.map((l) => l.cause);
    expect(causes).toContain('subgraph:sanctions:unreachable');
    expect(causes).toEqual([...new Set(causes)]);
    expect(after.join('\n')).not.toMatch(STACK);
    expect(gateway.stderr.join('\n')).not.toMatch(STACK);
    // one request line per request, and nothing else per request
    expect(after.filter((l) => l.includes('"msg":"request"'))).toHaveLength(30);
    expect(after.length).toBeLessThanOrEqual(30 + 3);
    const metrics = await (await fetch(`${gateway.base}/metrics`)).text();
    expect(metrics).toMatch(/credithub_subgraph_fetch_errors_total\{subgraph="sanctions",reason="unreachable",service="gateway"\} 30\b/);
    // the gateway itself stays ready: the other subgraphs answer
    expect((await fetch(`${gateway.base}/readyz`)).status).toBe(200);
  });
});
