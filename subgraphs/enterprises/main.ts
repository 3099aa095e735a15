import { runSubgraph } from '../shared/main.ts';
import { enterprises } from './index.ts';

await runSubgraph(enterprises);
