// StrykerJS over the modules that decide what an asker may see, when a fact shows, who asks and
// whether an identifier is valid. Run it with `npm run test:mutation` (test/mutation/run.ts), which
// scores the JSON report with test/mutation/score.ts: Stryker's own score counts mutants in
// message text, which this project does not.
import { readFileSync } from 'node:fs';

// The one list of mutated files, shared with the scorer (edit it when the modules move).
const targets = JSON.parse(readFileSync(new URL('./targets.json', import.meta.url), 'utf8'));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // A mutant in code that runs while modules load or hubs start (the MATRIX table, weights,
  // DISPLAY_RULES, seeding) would need every related suite per mutant: about 600 of them, most of
  // a working day on two cores. Those also hit inside a test run with the tests that hit them;
  // those hit only at load are left out (score.ts counts them as "static"). The table itself is
  // covered cell by cell by `npm run test:matrix-flips`.
  ignoreStatic: true,
  mutate: targets,
  // The machine is shared with other engineers' test runs: one mutant at a time unless asked.
  concurrency: 1,
  // A busy neighbour slows a test run; a generous margin keeps slow runs from passing as timeouts.
  timeoutMS: 15_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  incremental: true,
  incrementalFile: '.cache/stryker/incremental.json',
  tempDirName: '.cache/stryker/tmp',
  // Nothing under .cache belongs in the sandbox (earlier reports, the sandbox itself).
  ignorePatterns: ['.cache', 'coverage'],
  reporters: ['json', 'html', 'progress-append-only'],
  jsonReporter: { fileName: '.cache/stryker/mutation.json' },
  htmlReporter: { fileName: '.cache/stryker/mutation.html' },
  // The threshold is applied per file, after message text is set aside, by score.ts.
  thresholds: { high: 90, low: 90, break: null },
  cleanTempDir: true,
};
