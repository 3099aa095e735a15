// The fast tests only (test/unit, test/policy): what `npm run test:mutation -- --fast` runs each
// mutant against. A score over these is a lower bound: a mutant they miss may still be killed by
// the hub suites (test/supergraph, test/subgraphs, test/e2e, test/hive), which the full run includes.
// (Not mergeConfig: it would append this include list to the base one instead of replacing it.)
import base from '../../vitest.config.ts';

export default { ...base, test: { ...base.test, include: ['test/unit/**/*.test.ts', 'test/policy/**/*.test.ts'] } };
