import { runSubgraph } from '../shared/main.ts';
import { persons } from './index.ts';

await runSubgraph(persons);
