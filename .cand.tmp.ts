import { buildEvaluationSet } from './subgraphs/sanctions/screening/evaluation.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
const set = buildEvaluationSet({ seed: 42, size: 100_000, queries: 1000 });
const index = createScreeningIndex(set.entries);
const inputs = set.queries.map(q => q.input);
const r = index.screen(inputs, { threshold: 0.01 });
const counts = r.map(x => x.hits.length).sort((a,b)=>a-b);
console.log('total', counts.reduce((a,b)=>a+b,0), 'median', counts[500], 'p90', counts[900], 'max', counts[999]);
const worst = r.map((x,i)=>[x.hits.length, inputs[i]!.name] as const).sort((a,b)=>b[0]-a[0]).slice(0,10); console.log(worst);
