/**
 * Fairness, measured side by side in one run: the latency of a small query (one person, one
 * field, a bank) alone and beside a regulator's fan-out queries (1,000 persons each, several at a
 * time, without pause), against two hubs over one store — one with the gateway's limits (the cost
 * in flight queues the regulator's fan-outs in its own queue) and one without (the
 * benchmark-only HUB_BENCH_DISABLE_LIMITS). The figures are p50 and p99 of the small query and
 * their ratios beside/alone; a ratio near 1 means the small query is not stalled behind the fan-outs.
 * The phases alternate between the hubs, so that a neighbour's burst on this shared machine
 * does not fall on one of them only.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startHub, type Hub } from '../../gateway/dev/startHub.ts';
import { developmentToken } from '../../gateway/dev/tokens.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { seededEmbeddedStore, TEST_PORTS, TODAY } from '../support/hub.ts';
import { BANK_QUERY } from './enforcement.ts';

const SMALL = /* GraphQL */ `{ person(creditCode: "320203199507082021") { maskedId } }`;

export interface Latency {
  p50: number;
  p99: number;
}

export interface FairnessResult {
  samples: number;
  fanOutsAtOnce: number;
  /** ms of the small query, per hub and phase */
  open: { alone: Latency; beside: Latency; fanOuts: number };
  limited: { alone: Latency; beside: Latency; fanOuts: number };
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const post = (url: string, token: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

/** The small query's latencies, one after another. */
async function smallQueries(url: string, token: string, n: number): Promise<number[]> {
  const body = JSON.stringify({ query: SMALL });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await post(url, token, body);
    await res.text();
    if (res.status !== 200) throw new Error(`small query: HTTP ${res.status}`);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Keeps `atOnce` fan-out queries running until stopped; counts those answered. */
function fanOuts(url: string, token: string, codes: string[], atOnce: number) {
  const body = JSON.stringify({ query: BANK_QUERY, variables: { codes } });
  let running = true;
  let answered = 0;
  const loops = Array.from({ length: atOnce }, async () => {
    while (running) {
      const res = await post(url, token, body);
      await res.text();
      if (res.status === 200) answered++;
      // refused for the client's own limit: it retries after what Retry-After says, as a client should
      else if (res.status === 429) await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      else throw new Error(`fan-out: HTTP ${res.status}`);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return answered;
    },
  };
}

export async function benchFairness({ samples = 40, fanOutsAtOnce = 3, rounds = 2 } = {}): Promise<FairnessResult> {
  const store = await seededEmbeddedStore(DEFAULT_SCALE);
  const codes = Array.from({ length: 1000 }, (_, i) => personCodeAt(DEFAULT_SEED, i));
  const clock = fixedClock(TODAY);
  const hubs: Hub[] = [];
  for (const env of [{ HUB_BENCH_DISABLE_LIMITS: '1' }, {}]) hubs.push(await startHub({ config: loadConfig({ ...TEST_PORTS, ...env }), storeFor: () => store, clock }));
  try {
    const tokens = await Promise.all(
      hubs.map(async (hub) => ({
        bank: await developmentToken(hub.issuer!.tokenEndpoint, 'bank-jinling'),
        regulator: await developmentToken(hub.issuer!.tokenEndpoint, 'regulator-jiangsu-credit'),
      })),
    );
    // warm-up: JIT, query plans, connection pools
    for (const [i, hub] of hubs.entries()) {
      await smallQueries(hub.url, tokens[i]!.bank, 10);
      await (await post(hub.url, tokens[i]!.regulator, JSON.stringify({ query: BANK_QUERY, variables: { codes } }))).text();
    }
    const alone: number[][] = [[], []];
    const beside: number[][] = [[], []];
    const answered = [0, 0];
    const per = Math.ceil(samples / rounds);
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const hub = hubs[i]!;
        alone[i]!.push(...(await smallQueries(hub.url, tokens[i]!.bank, per)));
        const load = fanOuts(hub.url, tokens[i]!.regulator, codes, fanOutsAtOnce);
        // let the fan-outs get going before measuring beside them
        await new Promise((res) => setTimeout(res, 300));
        beside[i]!.push(...(await smallQueries(hub.url, tokens[i]!.bank, per)));
        answered[i]! += await load.stop();
      }
    }
    const lat = (v: number[]): Latency => ({ p50: percentile(v, 0.5), p99: percentile(v, 0.99) });
    return {
      samples: per * rounds,
      fanOutsAtOnce,
      open: { alone: lat(alone[0]!), beside: lat(beside[0]!), fanOuts: answered[0]! },
      limited: { alone: lat(alone[1]!), beside: lat(beside[1]!), fanOuts: answered[1]! },
    };
  } finally {
    for (const hub of hubs) await hub.stop();
  }
}

export function printFairness(r: FairnessResult): void {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const row = (label: string, m: FairnessResult['open']) =>
    console.log(
      `   ${label}: alone p50 ${ms(m.alone.p50)}, p99 ${ms(m.alone.p99)}; beside fan-out p50 ${ms(m.beside.p50)}, p99 ${ms(m.beside.p99)}` +
        ` → ×${(m.beside.p50 / m.alone.p50).toFixed(1)} (p50), ×${(m.beside.p99 / m.alone.p99).toFixed(1)} (p99); ${m.fanOuts} fan-outs answered meanwhile`,
    );
  row('without limits', r.open);
  row('with limits   ', r.limited);
  console.log(
    `   the limits make the small query beside fan-out ×${(r.open.beside.p50 / r.limited.beside.p50).toFixed(1)} faster at p50, ×${(r.open.beside.p99 / r.limited.beside.p99).toFixed(1)} at p99 (${r.samples} samples per phase)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFairness(await benchFairness());
  process.exit(0);
}
