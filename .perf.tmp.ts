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
const res = index.screen(inputs, { threshold: 0.93 });
const ex = index.screen(inputs.slice(0, 300), { threshold: 0.93, exhaustive: true });
let diff = 0;
ex.forEach((r, i) => { const a = JSON.stringify(r.hits), b = JSON.stringify(res[i]!.hits); if (a !== b) { diff++; if (diff < 5) console.log('DIFF', inputs[i], a, b); } });
console.log('exhaustive diffs in 300:', diff);
set.queries.forEach((q, i) => { if (q.expected && !res[i]!.hits.some(h => h.ref === q.expected)) { const e = set.entries.find(x => x.ref === q.expected)!; console.log('FN', q.category, q.input.name, '→', e.subjectName, JSON.stringify(index.screen([q.input], { threshold: 0.5, exhaustive: true })[0]!.hits.find(h => h.ref === q.expected))); } });
