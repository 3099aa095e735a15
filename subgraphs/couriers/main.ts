import { runSubgraph } from '../shared/main.ts';
import { couriers } from './index.ts';

await runSubgraph(couriers);
