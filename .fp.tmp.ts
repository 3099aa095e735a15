import { buildEvaluationSet } from './subgraphs/sanctions/screening/evaluation.ts';
import { createScreeningIndex } from './subgraphs/sanctions/screening/index.ts';
const set = buildEvaluationSet({ seed: 1, size: 4000 });
const index = createScreeningIndex(set.entries);
const res = index.screen(set.queries.map(q => q.input), { threshold: 0.9 });
const hist = new Map<string, number>(); const ex = new Map<string, string[]>();
res.forEach((r, i) => { const q = set.queries[i]!; for (const h of r.hits) if (h.ref !== q.expected) {
  const k = h.score.toFixed(3) + ' ' + (/^\d{17}[\dX]$/.test(h.subject) ? 'P':'O');
  hist.set(k, (hist.get(k) ?? 0) + 1);
  const e = ex.get(k) ?? []; if (e.length < 4) e.push(`${q.category}: ${q.input.name} → ${h.matchedName} ${h.matchKeys}`); ex.set(k, e);
}});
for (const [k, v] of [...hist].sort()) console.log(k, v, ex.get(k)!.join(' | '));
