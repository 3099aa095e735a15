/**
 * Jaro–Winkler similarity, written out here rather than taken from a package so that it
 * compares code points (a UTF-16 implementation would split supplementary-plane Han
 * characters such as 𠮷 into two halves) and so that the same routine can compare
 * sequences of pinyin syllable ids: the engine interns syllables to integers and asks
 * "how similar are these two syllable sequences", which is the same question.
 *
 * Parameters are Winkler's originals: prefix scale 0.1, at most 4 prefix symbols, and the
 * prefix bonus only once the Jaro similarity exceeds 0.7 (the "boost threshold").
 * With them MARTHA/MARHTA = 0.961, DIXON/DICKSONX = 0.813 and DWAYNE/DUANE = 0.840,
 * the values published with the measure.
 */

const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;
const BOOST_THRESHOLD = 0.7;

/*
 * Scratch flags reused across calls: screening scores hundreds of thousands of short pairs
 * per call, and allocating two typed arrays per pair would dominate the cost. JavaScript is
 * single-threaded and the routine is not re-entrant, so one buffer pair is enough.
 */
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

function scratch(la: number, lb: number): void {
  if (la > matchedA.length) matchedA = new Uint8Array(la * 2);
  if (lb > matchedB.length) matchedB = new Uint8Array(lb * 2);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
}

/**
 * Jaro–Winkler similarity of two symbol sequences (code points or interned ids), 0..1.
 * An empty side scores 0: an absent name is no evidence of a match.
 */
export function jaroWinklerSeq(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = a instanceof Int32Array ? a : Int32Array.from(a);
  const y = b instanceof Int32Array ? b : Int32Array.from(b);
  return jaroWinklerRange(x, 0, x.length, y, 0, y.length);
}

/**
 * jaroWinklerSeq of a[aFrom, aFrom + la) and b[bFrom, bFrom + lb). The screening index keeps
 * every name's symbols in one pooled Int32Array and compares slices of it in place: one typed
 * array type keeps this routine monomorphic, and the pool keeps the names it reads close
 * together in memory.
 */
export function jaroWinklerRange(a: Int32Array, aFrom: number, la: number, b: Int32Array, bFrom: number, lb: number): number {
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  let halfTranspositions = 0;

  if (la <= 32 && lb <= 32) {
    // Names are short: the matched flags fit in two 32-bit masks, with no scratch memory to clear.
    let maskA = 0;
    let maskB = 0;
    for (let i = 0; i < la; i++) {
      const from = Math.max(0, i - window);
      const to = Math.min(lb - 1, i + window);
      const symbol = a[aFrom + i];
      for (let j = from; j <= to; j++) {
        if ((maskB & (1 << j)) === 0 && b[bFrom + j] === symbol) {
          maskA |= 1 << i;
          maskB |= 1 << j;
          matches++;
          break;
        }
      }
    }
    if (matches === 0) return 0;
    let j = 0;
    for (let i = 0; i < la; i++) {
      if ((maskA & (1 << i)) === 0) continue;
      while ((maskB & (1 << j)) === 0) j++;
      if (a[aFrom + i] !== b[bFrom + j]) halfTranspositions++;
      j++;
    }
  } else {
    scratch(la, lb);
    for (let i = 0; i < la; i++) {
      const from = Math.max(0, i - window);
      const to = Math.min(lb - 1, i + window);
      const symbol = a[aFrom + i];
      for (let j = from; j <= to; j++) {
        if (matchedB[j] === 0 && b[bFrom + j] === symbol) {
          matchedA[i] = 1;
          matchedB[j] = 1;
          matches++;
          break;
        }
      }
    }
    if (matches === 0) return 0;
    // Matched symbols taken in order on both sides; each position where they differ is half a transposition.
    let j = 0;
    for (let i = 0; i < la; i++) {
      if (matchedA[i] === 0) continue;
      while (matchedB[j] === 0) j++;
      if (a[aFrom + i] !== b[bFrom + j]) halfTranspositions++;
      j++;
    }
  }

  const transpositions = halfTranspositions / 2;
  const jaro = (matches / la + matches / lb + (matches - transpositions) / matches) / 3;
  if (jaro <= BOOST_THRESHOLD) return jaro;

  let prefix = 0;
  const limit = Math.min(MAX_PREFIX, la, lb);
  while (prefix < limit && a[aFrom + prefix] === b[bFrom + prefix]) prefix++;
  return jaro + prefix * PREFIX_SCALE * (1 - jaro);
}

/**
 * The highest Jaro–Winkler similarity any two sequences of lengths la and lb can have, from
 * the lengths alone. With m = min(la, lb): at most m symbols match and none is transposed, so
 * jaro ≤ (m/la + m/lb + 1) / 3; the Winkler bonus grows with jaro and with the common prefix,
 * which is at most min(MAX_PREFIX, m) long. Hence 2 against 3 symbols (张伟 / 张伟国) is at most
 * 0.889 + 0.2 · 0.111 = 0.911 however the symbols compare, and an empty side 0.
 *
 * The expression is jaroWinklerRange's with its best case put in, so that in floating point
 * too no pair of those lengths scores above it.
 */
export function jaroWinklerBound(la: number, lb: number): number {
  if (la === 0 || lb === 0) return 0;
  const m = Math.min(la, lb);
  const jaro = (m / la + m / lb + m / m) / 3;
  if (jaro <= BOOST_THRESHOLD) return jaro;
  return jaro + Math.min(MAX_PREFIX, m) * PREFIX_SCALE * (1 - jaro);
}

/** The code points of a string, so that one Han character is one symbol whatever its plane. */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) as number);
  return out;
}

/** Jaro–Winkler similarity of two strings, compared code point by code point. */
export function jaroWinkler(a: string, b: string): number {
  return jaroWinklerSeq(codePoints(a), codePoints(b));
}

/**
 * The combined name score. `name` is the similarity of the written names (absent when the
 * two are in different scripts, e.g. a romanised input against a Han entry), `pinyin` the
 * similarity of their toneless readings.
 *
 * Weighted mean `w·name + (1−w)·pinyin`, floored at the written-name similarity. The
 * reading carries most of the weight because homophone substitution is the dominant
 * variant of a Chinese name (a pinyin input method offers every homophone); the small
 * written-name weight ranks an exact-character hit above a homophone hit for the same
 * input. The floor keeps a written-name match from being dragged down by a reading that
 * disagrees (a polyphone read differently in context). The weight was chosen on the
 * evaluation set: see DEFAULT_SCORING in index.ts.
 */
export function combineScores(name: number | undefined, pinyin: number, nameWeight: number): number {
  if (name === undefined) return pinyin;
  return Math.max(name, nameWeight * name + (1 - nameWeight) * pinyin);
}
