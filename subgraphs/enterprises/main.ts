import { runSubgraph } from '../shared/platform/main.ts';
import { enterprises } from './index.ts';

await runSubgraph(enterprises);
