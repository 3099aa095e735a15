import { buildEvaluationSet, evaluate } from './subgraphs/sanctions/screening/evaluation.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
let t = performance.now();
const set = buildEvaluationSet({ seed: 42, size: 100_000, queries: 1000 });
console.log('gen', (performance.now() - t).toFixed(0));
t = performance.now();
const index = createScreeningIndex(set.entries);
console.log('build', (performance.now() - t).toFixed(0));
const inputs = set.queries.map(q => q.input);
for (let i = 0; i < 6; i++) { t = performance.now(); const r = index.screen(inputs); console.log('screen', (performance.now() - t).toFixed(0), r.reduce((a, x) => a + x.hits.length, 0)); }
const e = evaluate(index, set, 0.93); console.log(e.precision, e.recall, e.tp, e.fp, e.fn);
