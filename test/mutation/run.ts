/**
 * `npm run test:mutation [-- file …] [-- --concurrency 2 --force …]`: the mutation run, then the
 * per-file scores. Files narrow the run to some of test/mutation/targets.json; `--fast` runs each
 * mutant against test/unit and test/policy only (a lower bound, in minutes rather than hours;
 * stryker.fast.config.mjs); other options starting with `--` go to Stryker. Results are kept in
 * .cache/stryker (the fast run's in .cache/stryker/fast), so a rerun only tests mutants whose code
 * or covering tests changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEFAULT_REPORT, printScores, scoreReport, targetFiles, type Report } from './score.ts';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
if (fast) args.splice(args.indexOf('--fast'), 1);
const CONFIG = fast ? 'test/mutation/stryker.fast.config.mjs' : 'test/mutation/stryker.config.mjs';
const REPORT = fast ? '.cache/stryker/fast/mutation.json' : DEFAULT_REPORT;

const strykerArgs: string[] = [];
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a.startsWith('--')) {
    strykerArgs.push(a);
    // an option's value, unless the next word is another option or a target file
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('--') && !existsSync(next)) strykerArgs.push(args[++i]!);
  } else files.push(a.replace(/^\.\//, ''));
}

const all = targetFiles();
const unknown = files.filter((f) => !all.includes(f));
if (unknown.length) {
  console.error(`Not in test/mutation/targets.json: ${unknown.join(', ')}`);
  process.exit(2);
}
const selected = files.length ? files : all;

const run = spawnSync('npx', ['stryker', 'run', CONFIG, ...(files.length ? ['--mutate', files.join(',')] : []), ...strykerArgs], { stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`Stryker failed (exit ${run.status ?? run.signal}); no scores.`);
  process.exit(run.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
if (fast) console.log('\n--fast: test/unit and test/policy only; a lower bound of the full run\'s scores.');
process.exit(printScores(scoreReport(report, selected)) ? 0 : 1);
