import { buildEvaluationSet, sweep } from './subgraphs/sanctions/screening/evaluation.ts';
const ts = [0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97];
for (const seed of [1, 2, 3]) {
  const set = buildEvaluationSet({ seed, size: 4000 });
  for (const pinyin of ['SYLLABLES', 'LETTERS'] as const) for (const nameWeight of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) {
    if (pinyin === 'LETTERS' && nameWeight !== 0.1) continue;
    const rows = sweep(set, ts, { pinyin, nameWeight });
    console.log(seed, pinyin.padEnd(9), String(nameWeight).padEnd(4), rows.map(r => `${r.threshold}:${r.precision.toFixed(3)}/${r.recall.toFixed(3)}`).join(' '));
  }
}
