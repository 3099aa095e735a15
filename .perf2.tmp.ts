import { buildEvaluationSet } from './subgraphs/sanctions/screening/evaluation.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
const set = buildEvaluationSet({ seed: 42, size: 100_000, queries: 1000 });
let t = performance.now();
const index = createScreeningIndex(set.entries);
console.log('build', (performance.now() - t).toFixed(0));
const inputs = set.queries.map(q => q.input);
for (let i = 0; i < 8; i++) { t = performance.now(); index.screen(inputs); console.log('screen', (performance.now() - t).toFixed(0)); }
