/**
 * A bank's 1,000-applicant report: for each applicant the summary, the score, its band and its
 * reasons, as one request through the whole hub (gateway and five subgraphs, the embedded store at
 * the default scale, a bank holding every applicant's consent). Prints the time of each of a few
 * requests after a warm-up, and the median against the goal of one second.
 */
import { performance } from 'node:perf_hooks';
import { startHub } from '../../gateway/dev/startHub.ts';
import { developmentToken } from '../../gateway/dev/tokens.ts';
import type { ConsentDoc } from '../../subgraphs/shared/facts/documents.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { seededEmbeddedStore, TEST_PORTS, TODAY } from '../support/hub.ts';

export const REPORT_QUERY = /* GraphQL */ `
  query Report($codes: [ID!]!) {
    persons(creditCodes: $codes) {
      creditCode
      creditScore
      creditBand
      creditScoreReasons { code points }
      summary { consent defaults listed restrictionsInForce withheld }
    }
  }
`;

export interface ReportResult {
  applicants: number;
  runs: number[];
  medianMs: number;
}

export async function benchReport({ applicants = 1000, runs = 7 } = {}): Promise<ReportResult> {
  const store = await seededEmbeddedStore(DEFAULT_SCALE);
  const codes = Array.from({ length: applicants }, (_, i) => personCodeAt(DEFAULT_SEED, i));
  const consents: ConsentDoc[] = codes.map((subject) => ({
    _id: `${subject}:bank-jinling:LOAN_UNDERWRITING:bench`,
    subject,
    client: 'bank-jinling',
    purpose: 'LOAN_UNDERWRITING',
    grantedAt: '2026-01-01',
    expiresAt: '2027-12-31',
  }));
  await store.collection('consents').upsertMany(consents);
  const hub = await startHub({ config: loadConfig({ ...TEST_PORTS }), storeFor: () => store, clock: fixedClock(TODAY) });
  try {
    const token = await developmentToken(hub.issuer!.tokenEndpoint, 'bank-jinling');
    const body = JSON.stringify({ query: REPORT_QUERY, variables: { codes } });
    const once = async () => {
      const started = performance.now();
      const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const json = (await res.json()) as { errors?: unknown[]; data?: { persons: { summary: unknown; creditScore: number }[] } };
      if (json.errors?.length || json.data?.persons.length !== applicants || json.data.persons.some((p) => !p.summary || typeof p.creditScore !== 'number')) {
        throw new Error(`unexpected answer: ${JSON.stringify(json).slice(0, 300)}`);
      }
      return performance.now() - started;
    };
    // warm-up: JIT, query plans
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    const sorted = [...times].sort((a, b) => a - b);
    return { applicants, runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]! };
  } finally {
    await hub.stop();
  }
}
