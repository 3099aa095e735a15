/**
 * The cost of field authorization, measured side by side in one run: the same 100-person query,
 * fields from all five subgraphs, as a bank holding every subject's consent, against three hubs
 * over one store — as it runs, without the audit write, and with enforcement switched off by the
 * benchmark-only setting. Many short rounds rotate between them; each round compares the three
 * within seconds of each other, and the figure is the median of those paired ratios, so that a
 * burst of noise from a neighbour on this shared machine moves one round, not the result.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startHub, type Hub } from '../../gateway/dev/startHub.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import type { ConsentDoc } from '../../subgraphs/shared/facts/documents.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { developmentToken } from '../../gateway/dev/tokens.ts';
import { seededEmbeddedStore, TEST_PORTS, TODAY } from '../support/hub.ts';

export const BANK_QUERY = /* GraphQL */ `
  query Applicants($codes: [ID!]!) {
    persons(creditCodes: $codes) {
      creditCode name maskedId birthDate gender
      financialDefaults { ref lender overdueAmount status }
      creditScore creditBand
      enterpriseRoles { role enterprise { name status } }
      merchants { rating complaints90d hasViolations }
      courierProfile { company { courierProfile { grade complaintRatePerMillion } } }
      sanctions { courtListed courtListings { ref authority basis measures } taxViolations { ref } administrativePenalties { ref } }
      redList { honor }
    }
  }
`;

const ports = TEST_PORTS;

async function timeRound(url: string, token: string, codes: string[], requests: number, concurrency: number): Promise<{ ms: number; cpuMs: number }> {
  const body = JSON.stringify({ query: BANK_QUERY, variables: { codes } });
  let next = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        const json = (await res.json()) as { errors?: unknown[]; data?: { persons: unknown[] } };
        if (json.errors?.length || json.data?.persons.length !== codes.length) throw new Error(`unexpected answer: ${JSON.stringify(json).slice(0, 300)}`);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

export interface Measured {
  rps: number;
  /** CPU milliseconds per request (gateway and subgraphs run in this one process) */
  cpuMs: number;
}

/** A throughput cost against the open hub: the median over paired rounds, its middle half, and the whole run. */
export interface Cost {
  median: number;
  quartiles: [number, number];
  overall: number;
}

export interface EnforcementResult {
  requests: number;
  rounds: number;
  /** field authorization on, no audit write, against neither */
  enforcementCost: Cost;
  /** field authorization on and the audit write, against neither */
  withAuditCost: Cost;
  /** field authorization on, audit records written: the hub as it runs */
  full: Measured;
  /** field authorization on, no audit write */
  enforced: Measured;
  /** neither */
  open: Measured;
}

export function printEnforcement(r: EnforcementResult): void {
  const row = (label: string, m: Measured) =>
    console.log(`   ${label}: ${m.rps.toFixed(1)} requests/s, ${m.cpuMs.toFixed(1)} ms CPU per request`);
  row('authorization on,  audit on ', r.full);
  row('authorization on,  audit off', r.enforced);
  row('authorization off, audit off', r.open);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const cost = (c: Cost, a: Measured) =>
    `${pct(c.median)} of throughput (median of ${r.rounds} paired rounds; middle half ${pct(c.quartiles[0])} to ${pct(c.quartiles[1])}; ` +
    `whole run ${pct(c.overall)}; CPU per request +${pct(a.cpuMs / r.open.cpuMs - 1)})`;
  console.log(`   field authorization costs ${cost(r.enforcementCost, r.enforced)}  (goal: at most 10 %)`);
  console.log(`   with the audit write too : ${cost(r.withAuditCost, r.full)}`);
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

function costOf(perRound: readonly number[], overall: number): Cost {
  const sorted = [...perRound].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), quartiles: [quantile(sorted, 0.25), quantile(sorted, 0.75)], overall };
}

export async function benchEnforcement({ rounds = 45, requestsPerRound = 12, concurrency = 4 } = {}): Promise<EnforcementResult> {
  const store = await seededEmbeddedStore(DEFAULT_SCALE);
  const codes = Array.from({ length: 100 }, (_, i) => personCodeAt(DEFAULT_SEED, i));
  const consents: ConsentDoc[] = codes.map((subject) => ({
    _id: `${subject}:bank-jinling:LOAN_UNDERWRITING:bench`,
    subject,
    client: 'bank-jinling',
    purpose: 'LOAN_UNDERWRITING',
    grantedAt: '2026-01-01',
    expiresAt: '2027-12-31',
  }));
  await store.collection('consents').upsertMany(consents);
  const clock = fixedClock(TODAY);
  const configs = [
    loadConfig({ ...ports }),
    loadConfig({ ...ports, HUB_BENCH_DISABLE_AUDIT: '1' }),
    loadConfig({ ...ports, HUB_BENCH_DISABLE_ENFORCEMENT: '1', HUB_BENCH_DISABLE_AUDIT: '1' }),
  ];
  const hubs: Hub[] = [];
  for (const config of configs) hubs.push(await startHub({ config, storeFor: () => store, clock }));
  try {
    // each hub trusts its own development issuer only
    const tokens = await Promise.all(hubs.map((hub) => developmentToken(hub.issuer!.tokenEndpoint, 'bank-jinling')));
    // Warm-up: JIT, query plans, connection pools.
    for (const [i, hub] of hubs.entries()) await timeRound(hub.url, tokens[i]!, codes, 30, concurrency);
    const ms = [0, 0, 0];
    const cpu = [0, 0, 0];
    const enforcementCosts: number[] = [];
    const withAuditCosts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // rotate the order so that no configuration always runs first or last
      const order = [0, 1, 2].map((i) => (i + r) % 3);
      const roundMs = [0, 0, 0];
      for (const i of order) {
        const t = await timeRound(hubs[i]!.url, tokens[i]!, codes, requestsPerRound, concurrency);
        roundMs[i] = t.ms;
        ms[i]! += t.ms;
        cpu[i]! += t.cpuMs;
      }
      // throughput cost = 1 - (requests/s on) / (requests/s off) = 1 - (time off) / (time on)
      enforcementCosts.push(1 - roundMs[2]! / roundMs[1]!);
      withAuditCosts.push(1 - roundMs[2]! / roundMs[0]!);
    }
    const n = rounds * requestsPerRound;
    const at = (i: number): Measured => ({ rps: n / (ms[i]! / 1000), cpuMs: cpu[i]! / n });
    return {
      requests: n,
      rounds,
      enforcementCost: costOf(enforcementCosts, 1 - ms[2]! / ms[1]!),
      withAuditCost: costOf(withAuditCosts, 1 - ms[2]! / ms[0]!),
      full: at(0),
      enforced: at(1),
      open: at(2),
    };
  } finally {
    for (const hub of hubs) await hub.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printEnforcement(await benchEnforcement());
  process.exit(0);
}
