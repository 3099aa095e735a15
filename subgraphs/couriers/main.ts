import { runSubgraph } from '../shared/platform/main.ts';
import { couriers } from './index.ts';

await runSubgraph(couriers);
