/** The information-flow suite, run through Hive Gateway in front of the same subgraphs: the same answers, the same audit records. */
process.env.CREDITHUB_TEST_GATEWAY = 'hive';
await import('../supergraph/information-flow.test.ts');
