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

async function timeRound(url: string, token: string, codes: string[], requests: number, concurrency: number): Promise<number> {
  const body = JSON.stringify({ query: BANK_QUERY, variables: { codes } });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        const json = (await res.json()) as { errors?: unknown[]; data?: { persons: unknown[] } };
        if (json.errors?.length || json.data?.persons.length !== codes.length) throw new Error(`unexpected answer: ${JSON.stringify(json).slice(0, 300)}`);
      }
    }),
  );
  return performance.now() - start;
}

export interface EnforcementResult {
  requestsPerRound: number;
  rounds: number;
  enforcedRps: number;
  openRps: number;
  /** throughput with enforcement relative to without: 0.93 means enforcement costs 7 % */
  ratio: number;
}

export async function benchEnforcement({ rounds = 6, requestsPerRound = 60, concurrency = 4 } = {}): Promise<EnforcementResult> {
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
  const enforced = loadConfig({ ...ports });
  const open = loadConfig({ ...ports, HUB_BENCH_DISABLE_ENFORCEMENT: '1' });
  const hubs: Hub[] = [await startHub({ config: enforced, storeFor: () => store, clock }), await startHub({ config: open, storeFor: () => store, clock })];
  try {
    const token = await tokenFor('bank-jinling', enforced.tokenSecret);
    // Warm-up: JIT, query plans, connection pools.
    for (const hub of hubs) await timeRound(hub.url, token, codes, 30, concurrency);
    const ms = [0, 0];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) ms[i]! += await timeRound(hubs[i]!.url, token, codes, requestsPerRound, concurrency);
    }
    const enforcedRps = (rounds * requestsPerRound) / (ms[0]! / 1000);
    const openRps = (rounds * requestsPerRound) / (ms[1]! / 1000);
    return { requestsPerRound, rounds, enforcedRps, openRps, ratio: enforcedRps / openRps };
  } finally {
    for (const hub of hubs) await hub.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchEnforcement();
  console.log(`enforcement on : ${r.enforcedRps.toFixed(1)} req/s`);
  console.log(`enforcement off: ${r.openRps.toFixed(1)} req/s`);
  console.log(`ratio on/off   : ${r.ratio.toFixed(3)} (cost ${((1 - r.ratio) * 100).toFixed(1)} %)`);
  process.exit(0);
}
