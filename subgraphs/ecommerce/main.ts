import { runSubgraph } from '../shared/main.ts';
import { ecommerce } from './index.ts';

await runSubgraph(ecommerce);
