import { buildEvaluationSet, sweep } from './subgraphs/sanctions/screening/evaluation.ts';
const ts = [0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98];
for (const seed of [1, 2, 3]) {
  const set = buildEvaluationSet({ seed, size: 4000 });
  for (const [pinyin, nameWeight] of [['SYLLABLES', 0], ['SYLLABLES', 0.05], ['SYLLABLES', 0.1], ['SYLLABLES', 0.2], ['LETTERS', 0.05], ['LETTERS', 0]] as const) {
    const rows = sweep(set, ts, { pinyin, nameWeight });
    console.log(seed, pinyin.padEnd(9), String(nameWeight).padEnd(4), rows.map(r => `${r.threshold}:${(r.precision*100).toFixed(1)}/${(r.recall*100).toFixed(1)}`).join(' '));
  }
}
