/** The lifecycle suite, run through Hive Gateway in front of the same subgraphs: the same answers, the same audit records. */
process.env.CREDITHUB_TEST_GATEWAY = 'hive';
await import('../supergraph/lifecycle.test.ts');
