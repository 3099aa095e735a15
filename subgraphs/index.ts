/** The five subgraphs, in the order the gateway composes them. */
import { couriers } from './couriers/index.ts';
import { ecommerce } from './ecommerce/index.ts';
import { enterprises } from './enterprises/index.ts';
import { persons } from './persons/index.ts';
import { sanctions } from './sanctions/index.ts';
import type { SubgraphModule } from './shared/platform/createSubgraph.ts';
import type { SubgraphName } from './shared/platform/config.ts';

export const SUBGRAPHS: Record<SubgraphName, SubgraphModule<any>> = { persons, enterprises, ecommerce, couriers, sanctions };
