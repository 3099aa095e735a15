/**
 * What the operator sees of the hub: one log line per request at the gateway and at each subgraph
 * it asked (never a value, a name or a full ID), failures once per cause rather than once per
 * request, Prometheus metrics that move with the traffic, and readiness that follows the store.
 * The whole hub in-process, its log captured; the store made to fail by a switch in front of it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreError, type Collection, type Store } from '../../subgraphs/shared/platform/store/port.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/list.ts';
import { tracingOn } from '../../subgraphs/shared/platform/tracing.ts';
import { seededEmbeddedStore, startTestHub, type TestHub } from '../support/hub.ts';
import { captureLog, type CapturedLog } from '../support/logs.ts';

const 张伟 = '320502198203174715';
const 李梅 = '320102198509231629';
const 赵磊 = '320115197511303019';
const BANK = 'bank-jinling';

/** A switch in front of a store: `down` fails every call as an outage would; `auditDown` only the audit's writes. */
class Outage {
  down = false;
  auditDown = false;

  store(inner: Store): Store {
    const fail = (what: string) => {
      throw new StoreError('UNAVAILABLE', `store unavailable during ${what}`);
    };
    return {
      get kind() {
        return inner.kind;
      },
      collection: (name) => {
        const col = inner.collection(name) as Collection<any>;
        const guard =
          (m: keyof Collection<any>) =>
          async (...args: unknown[]) => {
            if (this.down || (this.auditDown && name === 'queryRecords' && m.startsWith('insert'))) fail(`${m} ${name}`);
            return (col[m] as (...a: unknown[]) => Promise<unknown>).apply(col, args);
          };
        return {
          name,
          find: guard('find'),
          findOne: guard('findOne'),
          count: guard('count'),
          insertOne: guard('insertOne'),
          insertMany: guard('insertMany'),
          upsertMany: guard('upsertMany'),
          updateOne: guard('updateOne'),
          deleteMany: guard('deleteMany'),
        } as never;
      },
      ensureIndexes: (specs) => inner.ensureIndexes(specs),
      ping: async () => {
        if (this.down) fail('ping');
        return inner.ping();
      },
      close: () => inner.close(),
    };
  }
}

/** The request lines a test looks at: msg "request". */
const requestLines = (cap: CapturedLog, reqId?: string) => cap.lines.filter((l) => l.msg === 'request' && (!reqId || l.reqId === reqId));

const url = (t: TestHub, svc: 'gateway' | (typeof SUBGRAPH_NAMES)[number], path: string) =>
  (svc === 'gateway' ? t.url : t.hub.subgraphs[svc].url).replace(/\/graphql$/, path);

/** One value of a metric family in a Prometheus exposition (0 when the series is absent). */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const metricsOf = async (t: TestHub, svc: 'gateway' | (typeof SUBGRAPH_NAMES)[number]) => {
  const res = await fetch(url(t, svc, '/metrics'));
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** every phone number of the showcase (a random id can hold eleven digits in a row, so the numbers themselves are looked for) */
const SHOWCASE_PHONES = [...readFileSync(new URL('../fixtures/showcase.json', import.meta.url), 'utf8').matchAll(/"phone": *"(\d+)"/g)].map((m) => m[1]!);

const STACK = /\n\s+at |\bat .+:\d+:\d+|"stack"/;

let t: TestHub;
let cap: CapturedLog;
const data = new Outage();
const whole = new Outage();

/** A request as a client sends it, with headers of its own. */
async function ask(asker: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(asker)}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, header: res.headers.get('x-request-id'), body: (await res.json()) as any };
}

const APPLICANT = /* GraphQL */ `
  query Applicant($code: ID!) {
    person(creditCode: $code) { name phone financialDefaults { ref overdueAmount } sanctions { courtListed } }
  }
`;

beforeAll(async () => {
  cap = captureLog();
  // `whole` stands in for the one store everything shares (the registry too); `data` for the subgraphs' reads and writes only
  t = await startTestHub({ log: cap.log, store: whole.store(await seededEmbeddedStore()), wrap: (_name, store) => data.store(store) });
});
afterAll(() => t?.stop());

describe('the request log', () => {
  it('has one line per request at the gateway and at each subgraph it asked, under one request id and one trace id', async () => {
    cap.clear();
    const callerId = '0190a6f2-7d8e-7c3a-9b1e-4f5a6b7c8d9e';
    const res = await ask(BANK, APPLICANT, { code: 张伟 }, { 'x-request-id': callerId, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(res.status).toBe(200);
    const reqId = res.body.extensions.requestId;
    expect(res.header).toBe(reqId);

    const lines = requestLines(cap, reqId);
    expect(lines.map((l) => l.svc).sort()).toEqual(['gateway', 'persons', 'sanctions']);
    const gateway = lines.find((l) => l.svc === 'gateway')!;
    expect(gateway).toEqual({
      level: 'info',
      time: expect.any(String),
      svc: 'gateway',
      reqId,
      callerReqId: callerId,
      traceId: '0af7651916cd43dd8448eb211c80319c',
      client: BANK,
      clientKind: 'BANK',
      purpose: 'LOAN_UNDERWRITING',
      op: 'Applicant',
      ms: expect.any(Number),
      status: 200,
      outcome: 'ok',
      // phone, withheld from 张伟 for this purpose
      denials: 1,
      errors: 0,
      msg: 'request',
    });
    for (const sub of lines.filter((l) => l.svc !== 'gateway')) {
      expect(sub).toMatchObject({ reqId, traceId: gateway.traceId, client: BANK, clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING', op: 'Applicant', status: 200, outcome: 'ok', errors: 0 });
      // the caller's own id is the gateway's business
      expect(sub.callerReqId).toBeUndefined();
    }
    expect(lines.find((l) => l.svc === 'persons')!.denials).toBe(1);
  });

  it("gives a request a trace id of its own when the caller sends none, and ignores a request id or traceparent of the wrong shape", async () => {
    cap.clear();
    const res = await ask(BANK, APPLICANT, { code: 张伟 }, { 'x-request-id': 张伟, traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' });
    const lines = requestLines(cap, res.body.extensions.requestId);
    const gateway = lines.find((l) => l.svc === 'gateway')!;
    expect(gateway.callerReqId).toBeUndefined();
    expect(gateway.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(gateway.traceId).not.toMatch(/^0+$/);
    expect(new Set(lines.map((l) => l.traceId))).toEqual(new Set([gateway.traceId]));
  });

  it('says how a refused, a bad and a failed request ended', async () => {
    cap.clear();
    const anonymous = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(anonymous.status).toBe(401);
    const invalid = await ask(BANK, '{ person(creditCode: "1") { nosuchfield } }');
    expect(invalid.status).toBe(400);
    const badInput = await ask(BANK, 'query Bad { person(creditCode: "320106197805123518") { name } }');
    expect(badInput.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const gateway = requestLines(cap).filter((l) => l.svc === 'gateway');
    expect(gateway.map((l) => [l.status, l.outcome, l.client])).toEqual([
      [401, 'refused', null],
      [400, 'client_error', BANK],
      // the only root field failed on the client's input
      [200, 'client_error', BANK],
    ]);
  });

  it('never holds a value of a fact, a name or a full ID, however the request is made', async () => {
    cap.clear();
    await ask(BANK, APPLICANT, { code: 张伟 });
    await ask(BANK, /* GraphQL */ `query _320502198203174715 { person(creditCode: "${张伟}") { name financialDefaults { ref overdueAmount } } }`);
    await ask(BANK, /* GraphQL */ `query Batch($c: [ID!]!) { persons(creditCodes: $c) { name phone } }`, { c: [张伟, 李梅, 赵磊] });
    await ask('regulator-jiangsu-credit', /* GraphQL */ `{ person(creditCode: "${李梅}") { name phone sanctions { courtListings { ref subjectName subjectMaskedId } } } }`);
    // a person on their own file
    await ask(赵磊, /* GraphQL */ `{ person(creditCode: "${赵磊}") { name sanctions { taxViolations { ref } } queryRecords { client } } }`);
    // a request that fails, with the code in it
    await ask(BANK, /* GraphQL */ `{ person(creditCode: "${张伟.slice(0, 17)}0") { name } }`);
    expect(requestLines(cap).length).toBeGreaterThanOrEqual(12);
    const text = cap.raw.join('\n');
    for (const secret of [张伟, 李梅, 赵磊, '张伟', '李梅', '赵磊', '38888.88', 'JL-LOAN-2023-0917', '********']) expect(text).not.toContain(secret);
    for (const phone of SHOWCASE_PHONES) expect(text).not.toContain(phone);
    expect(text).not.toMatch(/[\u3400-\u9fff]/); // no name at all
    // and a request line holds exactly the fields chosen for it
    for (const line of requestLines(cap)) {
      expect(Object.keys(line).filter((k) => k !== 'callerReqId').sort()).toEqual(
        ['level', 'time', 'svc', 'reqId', 'traceId', 'client', 'clientKind', 'purpose', 'op', 'ms', 'status', 'outcome', 'denials', 'errors', 'msg'].sort(),
      );
    }
    const self = requestLines(cap).filter((l) => l.purpose === 'SELF_ACCESS');
    expect(self.length).toBeGreaterThan(0);
    for (const l of self) expect(l).toMatchObject({ client: 'dev-self-access', clientKind: 'SUBJECT' });
    // an operation name that could carry an identifier is logged as "other"
    expect(requestLines(cap).filter((l) => l.op === 'other')).not.toHaveLength(0);
  });
});

describe('failures', () => {
  it('are one line per cause under a flood of requests, not one per request, and no stack', async () => {
    cap.clear();
    // nothing may bypass the log: no console line, no stack on stderr
    const bypass = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'log'), vi.spyOn(process.stderr, 'write'), vi.spyOn(process.stdout, 'write')];
    data.down = true;
    try {
      // two subgraphs asked at once (persons and enterprises), thirty times
      const both = /* GraphQL */ `query Both { person(creditCode: "${张伟}") { name } enterprise(creditCode: "91320211MA1X4Y5T2H") { name } }`;
      const answers = await Promise.all(Array.from({ length: 30 }, () => ask(BANK, both)));
      for (const a of answers) expect(a.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
    } finally {
      data.down = false;
      for (const spy of bypass) spy.mockRestore();
    }
    for (const spy of bypass) expect(spy.mock.calls).toEqual([]);
    const failures = cap.lines.filter((l) => l.level === 'error' || l.level === 'warn');
    expect(failures.map((l) => [l.svc, l.cause, l.msg, l.suppressed]).sort()).toEqual([
      ['enterprises', 'store:UNAVAILABLE', 'store unavailable', 0],
      ['persons', 'store:UNAVAILABLE', 'store unavailable', 0],
    ]);
    expect(failures[0]).toMatchObject({ level: 'error', kind: 'UNAVAILABLE', collection: expect.any(String), operation: expect.any(String), error: { type: 'StoreError' } });
    expect(cap.raw.join('\n')).not.toMatch(STACK);
    expect(requestLines(cap).filter((l) => l.svc === 'gateway').map((l) => l.outcome)).toEqual(Array(30).fill('unavailable'));
  });

  it("an audit that cannot be written is one line, the subgraph's answers withheld, its readiness lost until a write succeeds", async () => {
    cap.clear();
    const before = await metricsOf(t, 'persons');
    data.auditDown = true;
    try {
      for (let i = 0; i < 5; i++) {
        const res = await ask(BANK, /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } } }`);
        expect(res.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      }
      const ready = await fetch(url(t, 'persons', '/readyz'));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { store: 'ok', audit: 'last write failed' } });
    } finally {
      data.auditDown = false;
    }
    const lines = cap.lines.filter((l) => l.cause === 'audit:write');
    expect(lines).toEqual([expect.objectContaining({ svc: 'persons', level: 'error', suppressed: 0, error: { type: 'StoreError', message: 'store unavailable during insertMany queryRecords' } })]);
    const after = await metricsOf(t, 'persons');
    expect(metric(after, 'credithub_audit_write_failures_total') - metric(before, 'credithub_audit_write_failures_total')).toBe(5);
    await ask(BANK, /* GraphQL */ `{ person(creditCode: "${张伟}") { financialDefaults { ref } } }`);
    expect((await fetch(url(t, 'persons', '/readyz'))).status).toBe(200);
  });
});

describe('tracing, when not configured', () => {
  it('is off: no SDK loaded, no span made', async () => {
    expect(tracingOn()).toBe(false);
    // (@apollo/gateway keeps older OpenTelemetry packages of its own for Apollo's usage reporting, which the hub switches off)
    const sdk = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\/]@opentelemetry[\\/](sdk-trace-node|exporter-trace-otlp-http)[\\/]/.test(k));
    expect(sdk).toEqual([]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('/metrics', () => {
  it('counts requests, latency, denials, store round trips and audit writes, each service its own', async () => {
    const [gw0, persons0] = [await metricsOf(t, 'gateway'), await metricsOf(t, 'persons')];
    for (let i = 0; i < 3; i++) await ask(BANK, APPLICANT, { code: 张伟 });
    const [gw, persons] = [await metricsOf(t, 'gateway'), await metricsOf(t, 'persons')];
    const moved = (a: string, b: string, name: string, labels: Record<string, string> = {}) => metric(b, name, labels) - metric(a, name, labels);
    const ok = { operation: 'Applicant', client_kind: 'BANK', outcome: 'ok' };
    expect(moved(gw0, gw, 'credithub_requests_total', { ...ok, service: 'gateway' })).toBe(3);
    expect(moved(gw0, gw, 'credithub_request_duration_seconds_count', ok)).toBe(3);
    expect(moved(persons0, persons, 'credithub_requests_total', { ...ok, service: 'persons' })).toBe(3);
    expect(moved(persons0, persons, 'credithub_denials_total', { reason: 'PURPOSE' })).toBe(3);
    expect(moved(persons0, persons, 'credithub_store_round_trips_total', { collection: 'persons', operation: 'find' })).toBeGreaterThanOrEqual(3);
    expect(moved(persons0, persons, 'credithub_store_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(moved(persons0, persons, 'credithub_audit_records_total')).toBeGreaterThanOrEqual(3);
    expect(moved(persons0, persons, 'credithub_audit_write_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    // each says only its own: the gateway decides no field and writes no audit
    expect(gw).not.toContain('credithub_denials_total');
    expect(gw).not.toContain('credithub_audit_');
    expect(persons).not.toContain('credithub_subgraph_fetch_errors_total');
    // the process's own metrics, once, on the gateway
    expect(gw).toContain('credithub_process_cpu_seconds_total');
    expect(persons).not.toContain('credithub_process_cpu_seconds_total');
  });

  it('keeps the operation label bounded: a flood of made-up names ends in "other"', async () => {
    for (let i = 0; i < 120; i++) await ask(BANK, `query Made${i} { __typename }`);
    const gw = await metricsOf(t, 'gateway');
    const operations = new Set([...gw.matchAll(/credithub_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]));
    // at most 100 names of their own, besides "anonymous" and "other"
    expect(operations.size).toBeLessThanOrEqual(102);
    expect(operations).toContain('other');
    expect(metric(gw, 'credithub_requests_total', { operation: 'other' })).toBeGreaterThan(0);
  });
});

describe('/healthz and /readyz', () => {
  const services = ['gateway', ...SUBGRAPH_NAMES] as const;

  it('answer on every process: alive, and ready with what was checked', async () => {
    for (const svc of services) {
      const alive = await fetch(url(t, svc, '/healthz'));
      expect([svc, alive.status, await alive.json()]).toEqual([svc, 200, { status: 'ok' }]);
      const ready = await fetch(url(t, svc, '/readyz'));
      expect([svc, ready.status, await ready.json()]).toEqual([
        svc,
        200,
        { status: 'ready', checks: svc === 'gateway' ? { store: 'ok', supergraph: 'ok' } : { store: 'ok', audit: 'ok' } },
      ]);
    }
  });

  it('is not ready anywhere while the store is down, and ready again when it is back, while alive throughout', async () => {
    whole.down = true;
    try {
      for (const svc of services) {
        const ready = await fetch(url(t, svc, '/readyz'));
        expect([svc, ready.status, (await ready.json()).checks.store]).toEqual([svc, 503, 'failed']);
        expect((await fetch(url(t, svc, '/healthz'))).status).toBe(200);
      }
    } finally {
      whole.down = false;
    }
    for (const svc of services) expect([svc, (await fetch(url(t, svc, '/readyz'))).status]).toEqual([svc, 200]);
  });
});
