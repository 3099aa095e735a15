import { runSubgraph } from '../shared/platform/main.ts';
import { persons } from './index.ts';

await runSubgraph(persons);
