/**
 * The cost of field authorization, measured side by side in one run: the same 100-person query,
 * fields from all five subgraphs, as a bank holding every subject's consent, against two hubs
 * over one store — one enforcing, one with enforcement switched off by the benchmark-only setting.
 * Rounds alternate between the two so that machine noise falls on both alike.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startHub, type Hub } from '../../gateway/startHub.ts';
import { fixedClock } from '../../subgraphs/shared/clock.ts';
import { loadConfig } from '../../subgraphs/shared/config.ts';
import type { ConsentDoc } from '../../subgraphs/shared/documents.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, personCodeAt } from '../../subgraphs/shared/seed/index.ts';
import { seededEmbeddedStore, tokenFor, TODAY } from '../support/hub.ts';

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

const ports = { GATEWAY_PORT: '0', PERSONS_PORT: '0', ENTERPRISES_PORT: '0', ECOMMERCE_PORT: '0', COURIERS_PORT: '0', SANCTIONS_PORT: '0' };

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

export interface EnforcementResult {
  requests: number;
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
  const cost = (a: Measured, b: Measured) => `${((1 - a.rps / b.rps) * 100).toFixed(1)} % of throughput (ratio ${(a.rps / b.rps).toFixed(3)}; CPU ratio ${(b.cpuMs / a.cpuMs).toFixed(3)})`;
  console.log(`   field authorization costs ${cost(r.enforced, r.open)}  (goal: at most 10 %)`);
  console.log(`   with the audit write too : ${cost(r.full, r.open)}`);
}

export async function benchEnforcement({ rounds = 12, requestsPerRound = 40, concurrency = 4 } = {}): Promise<EnforcementResult> {
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
    const token = await tokenFor('bank-jinling', configs[0]!.tokenSecret);
    // Warm-up: JIT, query plans, connection pools.
    for (const hub of hubs) await timeRound(hub.url, token, codes, 30, concurrency);
    const ms = [0, 0, 0];
    const cpu = [0, 0, 0];
    for (let r = 0; r < rounds; r++) {
      // rotate the order so that no configuration always runs first or last
      const order = [0, 1, 2].map((i) => (i + r) % 3);
      for (const i of order) {
        const t = await timeRound(hubs[i]!.url, token, codes, requestsPerRound, concurrency);
        ms[i]! += t.ms;
        cpu[i]! += t.cpuMs;
      }
    }
    const n = rounds * requestsPerRound;
    const at = (i: number): Measured => ({ rps: n / (ms[i]! / 1000), cpuMs: cpu[i]! / n });
    return { requests: n, full: at(0), enforced: at(1), open: at(2) };
  } finally {
    for (const hub of hubs) await hub.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printEnforcement(await benchEnforcement());
  process.exit(0);
}
