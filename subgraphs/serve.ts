/** Serves one subgraph of the list as its own process (docker compose, production): `<name>/main.ts` calls this. */
import { INDEXES } from './collections.ts';
import { FACT_LOCATORS, SUBGRAPHS } from './index.ts';
import type { SubgraphName } from './list.ts';
import { runSubgraph } from './shared/platform/main.ts';

export const serve = (name: SubgraphName): Promise<void> => runSubgraph(SUBGRAPHS[name], { factLocators: FACT_LOCATORS, indexes: INDEXES });
