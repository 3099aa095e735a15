/**
 * `npm run feed -- --file <records.ndjson> --token <jwt> [--url <gateway>] [--report <out.ndjson>]`
 *
 * Sends an authority's NDJSON file (one listing record per line; README, "Feeding the hub") to a
 * running hub, in batches through `publishListings`, and writes the line-by-line report: to
 * --report when given (NDJSON, one object per line of the file), else the refused lines to stdout.
 * A progress bar shows on a terminal. Exits 0 when every line was applied or unchanged, 1 when some
 * were refused (the report says which and why), 2 when it could not run.
 *
 * The token is the authority's own access token (--token, or its file with --token-file): in
 * development, `--token "$(npm run -s token -- --client court-nanjing-intermediate)"`.
 */
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { loadConfig } from './config.ts';
import { batchAnswer, FeedStopped, PUBLISH_LINES, runFeed, type LineReport } from './feeds.ts';

function fail(message: string): never {
  console.error(`feed: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  strict: true,
  options: {
    file: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    url: { type: 'string' },
    report: { type: 'string' },
    batch: { type: 'string' },
  },
});
if (!values.file) fail('usage: npm run feed -- --file <records.ndjson> --token <jwt> | --token-file <file> [--url http://127.0.0.1:4000] [--report report.ndjson]');
const config = loadConfig();
const gateway = (values.url ?? `http://127.0.0.1:${config.ports.gateway}`).replace(/\/(graphql)?$/, '');
const token = values.token ?? (values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : undefined);
if (!token) fail('give the authority\'s access token: --token <jwt> or --token-file <file> (in development: --token "$(npm run -s token -- --client court-nanjing-intermediate)")');
const batch = values.batch ? Number(values.batch) : undefined;
if (batch !== undefined && !(Number.isInteger(batch) && batch >= 1 && batch <= 1000)) fail('--batch must be from 1 to 1000');

let size: number;
try {
  size = statSync(values.file).size;
} catch {
  fail(`cannot read ${values.file}`);
}
const input = createReadStream(values.file, 'utf8');
let read = 0;
input.on('data', (chunk) => (read += Buffer.byteLength(chunk)));
const bar = process.stderr.isTTY ? new SingleBar({ format: 'feed [{bar}] {percentage}% | {done} lines reported | {applied} applied, {unchanged} unchanged, {refused} refused', hideCursor: true, stream: process.stderr }) : null;
const counts = { done: 0, applied: 0, unchanged: 0, refused: 0 };
bar?.start(size, 0, counts);
const out = values.report ? createWriteStream(values.report) : null;

const started = performance.now();
const summary = await runFeed(
  createInterface({ input, crlfDelay: Infinity }),
  async (lines) => {
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-credithub-purpose': 'PUBLICATION' },
      body: JSON.stringify({ query: PUBLISH_LINES, variables: { lines } }),
    });
    return batchAnswer((await res.json()) as never);
  },
  (reports: LineReport[]) => {
    for (const r of reports) {
      counts.done++;
      counts[r.outcome === 'APPLIED' ? 'applied' : r.outcome === 'UNCHANGED' ? 'unchanged' : 'refused']++;
      if (out) out.write(`${JSON.stringify(r)}\n`);
      else if (r.outcome === 'REFUSED') console.log(JSON.stringify(r));
    }
    bar?.update(read, counts);
  },
  batch ? { batch } : {},
).catch((err: unknown) => {
  bar?.stop();
  if (err instanceof FeedStopped) fail(`${err.message} (${err.summary.lines} lines read; nothing after the first refused batch was sent)`);
  throw err;
});
bar?.update(size, counts);
bar?.stop();
if (out) await new Promise((resolve) => out.end(resolve));
const seconds = (performance.now() - started) / 1000;
console.error(
  `feed: ${summary.lines} lines in ${seconds.toFixed(1)} s (${Math.round(summary.lines / Math.max(seconds, 0.001))} lines/s): ${summary.applied} applied, ${summary.unchanged} unchanged, ${summary.refused} refused${out ? `; report in ${values.report}` : ''}`,
);
process.exit(summary.refused > 0 ? 1 : 0);
