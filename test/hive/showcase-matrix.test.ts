/** The exhaustive showcase matrix, run through Hive Gateway in front of the same subgraphs: the same answers. */
process.env.CREDITHUB_TEST_GATEWAY = 'hive';
await import('../policy/showcase-matrix.test.ts');
