import { runSubgraph } from '../shared/platform/main.ts';
import { sanctions } from './index.ts';

await runSubgraph(sanctions);
