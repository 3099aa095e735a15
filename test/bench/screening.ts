/**
 * Screening benchmark: quality on the labelled evaluation set, and speed of one screening
 * call of 1,000 names against a 100,000-entry list (domain.md section 7).
 *
 *   npx tsx test/bench/screening.ts
 *
 * Index build time is reported apart from screening time: the index is built once per list
 * version, screening runs per request. Screening is timed after one warm-up call (JIT,
 * pinyin-pro's lazily loaded dictionaries), as the median of five calls.
 */
import { pathToFileURL } from 'node:url';
import {
  buildEvaluationSet,
  evaluate,
  sweep,
  type Evaluation,
} from '../fixtures/screening/evaluation.ts';
import { createScreeningIndex, DEFAULT_THRESHOLD, type ScreenEntry } from '../../subgraphs/sanctions/screening/index.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { AREAS, GIVEN, SURNAMES } from './feed.ts';

export interface ScreeningBench {
  precision: number;
  recall: number;
  threshold: number;
  /** list entries in the timed index */
  entries: number;
  /** names per timed screening call */
  names: number;
  /** median screening time of one call, ms */
  ms: number;
  /** index build time, ms */
  buildMs: number;
}

const QUALITY = { seed: 1, size: 4_000 } as const;
const SPEED = { seed: 42, size: 100_000, queries: 1_000 } as const;
const RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function quality(): Evaluation {
  const set = buildEvaluationSet(QUALITY);
  return evaluate(createScreeningIndex(set.entries), set, DEFAULT_THRESHOLD);
}

export async function benchScreening(): Promise<ScreeningBench> {
  const q = quality();

  const list = buildEvaluationSet(SPEED);
  const inputs = list.queries.map((query) => query.input);
  const built = performance.now();
  const index = createScreeningIndex(list.entries);
  const buildMs = performance.now() - built;

  index.screen(inputs);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    index.screen(inputs);
    times.push(performance.now() - started);
  }

  return {
    precision: q.precision,
    recall: q.recall,
    threshold: DEFAULT_THRESHOLD,
    entries: index.size,
    names: inputs.length,
    ms: median(times),
    buildMs,
  };
}

export interface ScaleBench {
  entries: number;
  names: number;
  ms: number;
  buildMs: number;
  /** heap used by the index (and its entries), MB */
  heapMb: number;
  /** one incremental upsert into the built index, µs (median of 100) */
  upsertUs: number;
}

/**
 * 1,000 names against the list size bulk feeds bring (1,000,000 entries by default): the index's
 * build time and the heap it holds, screening time, and the cost of one incremental change.
 */
export async function benchScreeningAtScale(size = 1_000_000): Promise<ScaleBench> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  // the evaluation set's names are all distinct, and run out near 200,000: the rest of the list
  // repeats names the way real lists do (张伟 is listed many times), each entry its own person
  const list = buildEvaluationSet({ seed: 7, size: Math.min(size, 100_000), queries: 1_000 });
  const inputs = list.queries.slice(0, 1_000).map((q) => q.input);
  const entries: ScreenEntry[] = [...list.entries];
  let x = 0x2545f491;
  // xorshift: names spread over the ~250,000 surname × given-name combinations, about 4 entries each
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  for (let i = entries.length; i < size; i++) {
    const name = `${SURNAMES[next() % SURNAMES.length]}${GIVEN[next() % GIVEN.length]}${next() % 3 === 0 ? '' : GIVEN[next() % GIVEN.length]}`;
    const birth = `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    entries.push({ ref: `bench-${i}`, list: 'DISHONEST_JUDGMENT_DEBTOR', subject: makeCitizenId(AREAS[i % AREAS.length]!, birth, 1 + (Math.floor(i / AREAS.length) % 999)), subjectKind: 'PERSON', subjectName: name });
  }
  const built = performance.now();
  const index = createScreeningIndex(entries);
  const buildMs = performance.now() - built;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  index.screen(inputs);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    index.screen(inputs);
    times.push(performance.now() - started);
  }
  const entriesIndexed = index.size;
  const upserts: number[] = [];
  for (let i = 0; i < 100; i++) {
    const e = entries[i]!;
    const started = performance.now();
    index.upsert({ ...e, ref: `bench-upsert-${i}` });
    upserts.push((performance.now() - started) * 1000);
  }
  return { entries: entriesIndexed, names: inputs.length, ms: median(times), buildMs, heapMb, upsertUs: median(upserts) };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const set = buildEvaluationSet(QUALITY);
  console.log(`evaluation set: seed ${QUALITY.seed}, ${set.entries.length} entries, ${set.queries.length} labelled queries`);
  console.log('threshold  precision  recall     tp    fp    fn');
  for (const row of sweep(set, [0.85, 0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97])) {
    const mark = row.threshold === DEFAULT_THRESHOLD ? ' <- default' : '';
    console.log(
      `${row.threshold.toFixed(2).padStart(9)}  ${pct(row.precision).padStart(9)}  ${pct(row.recall).padStart(7)}` +
        `  ${String(row.tp).padStart(5)} ${String(row.fp).padStart(5)} ${String(row.fn).padStart(5)}${mark}`,
    );
  }

  const r = await benchScreening();
  console.log(`\nat threshold ${r.threshold}: precision ${pct(r.precision)}, recall ${pct(r.recall)}`);
  console.log(`index build: ${r.entries} entries in ${r.buildMs.toFixed(0)} ms`);
  console.log(`screen: ${r.names} names against ${r.entries} entries in ${r.ms.toFixed(0)} ms (median of ${RUNS}, after warm-up)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
