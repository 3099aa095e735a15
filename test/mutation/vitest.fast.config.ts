// The fast tests only (test/unit, test/policy): what `npm run test:mutation -- --fast` runs each
// mutant against. A score over these is a lower bound: a mutant they miss may still be killed by
// the hub suites (test/supergraph, test/subgraphs, test/e2e, test/hive), which the full run includes.
// MUTATION_TESTS (comma-separated globs) narrows them further, to a file's own unit tests: a lower
// bound of this one's, for when even the fast run is too slow on a shared machine.
// (Not mergeConfig: it would append this include list to the base one instead of replacing it.)
import base from '../../vitest.config.ts';

const include = process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : ['test/unit/**/*.test.ts', 'test/policy/**/*.test.ts'];

export default { ...base, test: { ...base.test, include } };
