/**
 * `npm run bench`: the hub's speed goals, measured side by side in one run and printed as ratios
 * and figures (never asserted in unit tests: these machines are shared and noisy).
 *  1. field authorization: throughput of the same 100-person bank query with enforcement on and off;
 *  2. screening: precision and recall on the labelled evaluation set, and the time to screen
 *     1,000 names against a 100,000-entry list, and against 1,000,000 (with build time and memory);
 *  3. bulk feeds: 100,000 court listing records through POST /feeds, in records per second;
 *  4. a bank's 1,000-applicant report with summaries and scores, against one second;
 *  5. fairness: a small query's latency p50/p99 alone and beside a regulator's 1,000-person
 *     fan-out queries, with the gateway's limits and without them;
 *  6. monitoring: webhook fan-out for 10,000 watches, events per second from publication to delivery.
 */
import { benchEnforcement, printEnforcement } from './enforcement.ts';
import { benchFairness, printFairness } from './fairness.ts';
import { benchFeed, printFeed } from './feed.ts';
import { benchFanOut, printFanOut } from './monitoring.ts';
import { benchReport } from './report.ts';
import { benchScreening, benchScreeningAtScale } from './screening.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

console.log('credithub benchmark (node %s, %s)', process.version, new Date().toISOString());
console.log('\n1. Field authorization (100 persons, fields from all five subgraphs, a bank with consent)');
printEnforcement(await benchEnforcement());

console.log('\n2. Screening');
const s = await benchScreening();
console.log(`   evaluation set : precision ${pct(s.precision)}, recall ${pct(s.recall)} at threshold ${s.threshold}`);
console.log(`   speed          : ${s.names} names against ${s.entries.toLocaleString('en')} entries in ${s.ms.toFixed(0)} ms (goal: under 1,000 ms); index built in ${s.buildMs.toFixed(0)} ms`);
const big = await benchScreeningAtScale();
console.log(
  `   at scale       : ${big.names} names against ${big.entries.toLocaleString('en')} entries in ${big.ms.toFixed(0)} ms (goal: under 1,000 ms); index built in ${(big.buildMs / 1000).toFixed(1)} s, ${big.heapMb.toFixed(0)} MB of heap; one entry added to it in ${big.upsertUs.toFixed(0)} µs`,
);

console.log('\n3. Bulk feeds (a court\'s file through POST /feeds, embedded store, screening index kept current)');
printFeed(await benchFeed());

console.log("\n4. A bank's report: 1,000 applicants, each with its summary, score, band and reasons, in one request");
const r = await benchReport();
console.log(`   median ${r.medianMs.toFixed(0)} ms over ${r.runs.length} requests (${r.runs.map((m) => m.toFixed(0)).join(', ')} ms; goal: under 1,000 ms)`);

console.log('\n5. Fairness (a bank\'s one-person query beside a regulator\'s 1,000-person fan-outs, 3 at a time)');
printFairness(await benchFairness());

console.log('\n6. Monitoring (a court\'s file listing 10,000 watched borrowers, to signed webhooks at a local receiver, one worker)');
printFanOut(await benchFanOut());
process.exit(0);
