/** The five subgraph modules, by the names of the one list (list.ts), and what the hub builds from all of them. */
import { couriers } from './couriers/index.ts';
import { ecommerce } from './ecommerce/index.ts';
import { enterprises } from './enterprises/index.ts';
import { persons } from './persons/index.ts';
import { sanctions } from './sanctions/index.ts';
import type { FactLocator } from './shared/facts/locator.ts';
import type { SubgraphModule } from './shared/platform/createSubgraph.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from './list.ts';

export const SUBGRAPHS: Record<SubgraphName, SubgraphModule<any>> = { persons, enterprises, ecommerce, couriers, sanctions };

/** Every owner's fact locator: a subject's filing may name a fact of any of them. */
export const FACT_LOCATORS: readonly FactLocator[] = SUBGRAPH_NAMES.flatMap((name) => SUBGRAPHS[name].locateFacts ?? []);
