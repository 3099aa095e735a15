import { buildEvaluationSet } from './subgraphs/sanctions/screening/evaluation.ts';
import { normalize, reading, romanisedOrders, parseOrganisationName, hasLegalForm } from './subgraphs/sanctions/screening/normalize.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
const set = buildEvaluationSet({ seed: 42, size: 2000, queries: 1000 });
const names = set.queries.map(q => q.input.name);
for (let k = 0; k < 3; k++) {
let t = performance.now();
for (const n of names) { const norm = normalize(n); romanisedOrders(n).map(o => reading(o, { surnameFirst: true })); const p = parseOrganisationName(norm); reading(p.trade); hasLegalForm(norm); normalize(n); normalize(p.trade); normalize(n); }
console.log('prepare', (performance.now() - t).toFixed(0));
}
const idx = createScreeningIndex(set.entries.slice(0, 10));
for (let k = 0; k < 3; k++) { const t = performance.now(); idx.screen(set.queries.map(q => q.input)); console.log('screen tiny', (performance.now() - t).toFixed(0)); }
