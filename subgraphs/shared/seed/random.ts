/**
 * Seeded randomness for the seed data. Everything a generator draws comes from an Rng keyed
 * by (seed, stream, index), so any single record can be produced on its own: that is what
 * lets the loader stream a million persons in independent chunks.
 */
import { fromDays, toDays } from '../clock.ts';
import type { IsoDate } from '../documents.ts';

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash step */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a few 32-bit integers; order matters. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ fmix32(p >>> 0)) + 0x7f4a7c15);
  return h;
}

/** Hash of a string (FNV-1a then mixed), for deriving values from an existing identifier. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** mulberry32 with a few helpers. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [min, max], both inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** uniform in [min, max) rounded to `decimals` places */
  float(min: number, max: number, decimals: number): number {
    const f = 10 ** decimals;
    return Math.round((min + this.next() * (max - min)) * f) / f;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct items (fewer if the list is shorter), in drawing order */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  }

  /** a day in [from, to], both inclusive */
  date(from: IsoDate, to: IsoDate): IsoDate {
    return fromDays(this.int(toDays(from), toDays(to)));
  }

  /** a digit string of the given length (leading zeros allowed) */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += Math.floor(this.next() * 10);
    return s;
  }
}

/** The generator for record `index` of `stream` under `seed`. */
export function rngFor(seed: number, stream: number, index: number): Rng {
  return new Rng(hash32(seed, stream, index));
}

/** A weighted choice table, built once and sampled many times. */
export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [item, weight] of entries) {
      if (weight <= 0) continue;
      sum += weight;
      this.items.push(item);
      this.cumulative.push(sum);
    }
    if (sum === 0) throw new RangeError('weighted table with no positive weight');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * A keyed pseudo-random permutation of [0, size): a 4-round Feistel network on the
 * smallest even bit width that covers `size`, with cycle walking for the excess. Used to
 * hand out unique identifiers by index without remembering which ones were taken.
 */
export function feistelPermutation(size: number, key: number): (i: number) => number {
  if (!(size >= 1 && size <= 2 ** 32)) throw new RangeError(`permutation size out of range: ${size}`);
  let half = 1;
  while (2 ** (2 * half) < size) half++;
  const mask = 2 ** half - 1;
  const base = 2 ** half;
  const roundKeys = [0, 1, 2, 3].map((r) => hash32(key, r));
  const encrypt = (x: number): number => {
    let left = Math.floor(x / base);
    let right = x % base;
    for (const rk of roundKeys) {
      const next = (left ^ fmix32(right ^ rk)) & mask;
      left = right;
      right = next;
    }
    return left * base + right;
  };
  return (i: number) => {
    if (!(i >= 0 && i < size && Number.isInteger(i))) throw new RangeError(`index ${i} outside [0, ${size})`);
    let y = encrypt(i);
    while (y >= size) y = encrypt(y);
    return y;
  };
}

export interface PermutationWithHoles {
  /** how many indices there are: the size less the holes */
  capacity: number;
  /** the point of index i, for i in [0, capacity) */
  at(i: number): number;
}

/**
 * A bijection from [0, size - holes) onto the points of [0, size) that are not holes: index
 * i is taken to the i-th non-hole point, sent through the permutation, and walked along its
 * cycle past any hole. This is how generated codes avoid the showcase's without a registry.
 */
export function permutationWithHoles(size: number, key: number, holes: Iterable<number>): PermutationWithHoles {
  const sorted = [...new Set(holes)].filter((h) => h >= 0 && h < size).sort((a, b) => a - b);
  const holeSet = new Set(sorted);
  const permute = feistelPermutation(size, key);
  const capacity = size - sorted.length;
  return {
    capacity,
    at(i: number): number {
      if (!(Number.isInteger(i) && i >= 0 && i < capacity)) throw new RangeError(`index ${i} outside [0, ${capacity})`);
      let j = i;
      for (const hole of sorted) {
        if (hole <= j) j++;
        else break;
      }
      let y = permute(j);
      while (holeSet.has(y)) y = permute(y);
      return y;
    },
  };
}
