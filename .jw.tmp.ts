import { jaroWinklerSeq } from './subgraphs/sanctions/screening/similarity.ts';
const mk = (n: number) => Array.from({ length: n }, () => 20000 + Math.floor(Math.random() * 30));
const A = Array.from({ length: 1000 }, () => mk(3 + Math.floor(Math.random() * 3)));
const B = Array.from({ length: 1000 }, () => mk(3 + Math.floor(Math.random() * 3)));
const TA = A.map(a => Int32Array.from(a)), TB = B.map(b => Int32Array.from(b));
for (let k = 0; k < 3; k++) {
  let t = performance.now(); let s = 0;
  for (let r = 0; r < 200; r++) for (let i = 0; i < 1000; i++) s += jaroWinklerSeq(A[i]!, B[(i + r) % 1000]!);
  console.log('array 200k', (performance.now() - t).toFixed(0), s.toFixed(0));
  t = performance.now(); s = 0;
  for (let r = 0; r < 200; r++) for (let i = 0; i < 1000; i++) s += jaroWinklerSeq(TA[i]!, TB[(i + r) % 1000]!);
  console.log('typed 200k', (performance.now() - t).toFixed(0), s.toFixed(0));
}
