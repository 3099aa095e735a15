// The same run as stryker.config.mjs against the fast tests only (test/mutation/vitest.fast.config.ts):
// minutes instead of hours on two cores, and a lower bound of the full run's score. Its results
// are kept apart from the full run's.
import base from './stryker.config.mjs';

export default {
  ...base,
  vitest: { ...base.vitest, configFile: 'test/mutation/vitest.fast.config.ts' },
  incrementalFile: '.cache/stryker/fast/incremental.json',
  jsonReporter: { fileName: '.cache/stryker/fast/mutation.json' },
  htmlReporter: { fileName: '.cache/stryker/fast/mutation.html' },
};
