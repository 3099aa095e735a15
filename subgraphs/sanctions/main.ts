import { runSubgraph } from '../shared/main.ts';
import { sanctions } from './index.ts';

await runSubgraph(sanctions);
