import { runSubgraph } from '../shared/platform/main.ts';
import { ecommerce } from './index.ts';

await runSubgraph(ecommerce);
