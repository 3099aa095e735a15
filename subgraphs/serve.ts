/**
 * Serves one subgraph of the list as its own process (docker compose, production):
 * `node --import tsx subgraphs/serve.ts <name>`.
 */
import { INDEXES } from './collections.ts';
import { FACT_LOCATORS, SUBGRAPHS } from './index.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from './list.ts';
import { runSubgraph } from './shared/platform/main.ts';

export const serve = (name: SubgraphName): Promise<void> => runSubgraph(SUBGRAPHS[name], { factLocators: FACT_LOCATORS, indexes: INDEXES });

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const name = process.argv[2] as SubgraphName;
  if (!SUBGRAPH_NAMES.includes(name)) {
    console.error(`usage: subgraphs/serve.ts <name>, the name one of ${SUBGRAPH_NAMES.join(', ')}`);
    process.exit(2);
  }
  await serve(name);
}
