import { buildEvaluationSet } from './subgraphs/sanctions/screening/evaluation.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
const set = buildEvaluationSet({ seed: 42, size: 100_000, queries: 1000 });
const index = createScreeningIndex(set.entries);
const inputs = set.queries.map(q => q.input);
(globalThis as any).__mark = true;
const t0 = performance.now();
for (let i = 0; i < 20; i++) index.screen(inputs);
console.log('20 screens', (performance.now() - t0).toFixed(0));
