import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ListKind } from '../../subgraphs/shared/facts/documents.ts';
import { buildEvaluationSet, evaluate } from '../fixtures/screening/evaluation.ts';
import {
  createScreeningIndex,
  DEFAULT_THRESHOLD,
  type Hit,
  type ScreenEntry,
  type ScreenResult,
} from '../../subgraphs/sanctions/screening/index.ts';
import {
  birthDateFromCitizenId,
  normalize,
  normalizeCreditCode,
  parseOrganisationName,
  pinyinKey,
  reading,
  romanisedOrders,
} from '../../subgraphs/sanctions/screening/normalize.ts';
import { jaroWinkler, jaroWinklerBound, jaroWinklerSeq } from '../../subgraphs/sanctions/screening/similarity.ts';

interface Showcase {
  persons: { creditCode: string; name: string }[];
  enterprises: { creditCode: string; name: string }[];
  sanctions: { ref: string; list: ListKind; subject: string }[];
}
const showcase = JSON.parse(readFileSync(new URL('../fixtures/showcase.json', import.meta.url), 'utf8')) as Showcase;

/** The showcase sanction entries, named from the showcase persons and enterprises. */
function showcaseEntries(): ScreenEntry[] {
  const persons = new Map(showcase.persons.map((p) => [p.creditCode, p.name]));
  const organisations = new Map(showcase.enterprises.map((e) => [e.creditCode, e.name]));
  return showcase.sanctions.map((s) => {
    const person = persons.get(s.subject);
    const name = person ?? organisations.get(s.subject);
    if (name === undefined) throw new Error(`showcase subject without a name: ${s.subject}`);
    return {
      ref: s.ref,
      list: s.list,
      subject: s.subject,
      subjectKind: person === undefined ? 'ORGANISATION' : 'PERSON',
      subjectName: name,
    };
  });
}

const LI_MEI = '(2025)苏01执1234号';
const SUDA = '苏邮管黑〔2026〕2号';

/** A small list with the names the cases below are about, next to the showcase entries. */
const entries: ScreenEntry[] = [
  ...showcaseEntries(),
  { ref: 'T-1', list: 'SERIOUS_DISHONESTY', subject: '320106197805123519', subjectKind: 'PERSON', subjectName: '王建国' },
  { ref: 'T-2', list: 'SERIOUS_DISHONESTY', subject: '320203199507082021', subjectKind: 'PERSON', subjectName: '陈静' },
  { ref: 'T-3', list: 'ECOMMERCE_BLACKLIST', subject: '320502198203174715', subjectKind: 'PERSON', subjectName: '张伟' },
  { ref: 'T-4', list: 'ADMINISTRATIVE_PENALTY', subject: '650102198001011234', subjectKind: 'PERSON', subjectName: '阿不都·热合曼' },
  { ref: 'T-5', list: 'MAJOR_TAX_VIOLATION', subject: '320104196603033312', subjectKind: 'PERSON', subjectName: '单田芳' },
  { ref: 'T-6', list: 'ECOMMERCE_BLACKLIST', subject: '91320106MA1W2K3L48', subjectKind: 'ORGANISATION', subjectName: '南京诚达物流有限公司' },
];
const index = createScreeningIndex(entries);

function hitsFor(name: string, extra: { creditCode?: string; birthDate?: string } = {}): Hit[] {
  const [result] = index.screen([{ name, ...extra }]);
  return result?.hits ?? [];
}

function refs(hits: readonly Hit[]): string[] {
  return hits.map((h) => h.ref);
}

describe('normalize', () => {
  it('folds full-width Latin to lower-case half-width', () => {
    expect(normalize('ＷＡＮＧ')).toBe('wang');
    expect(normalize('ＷＡＮＧ　Ｊｉａｎｇｕｏ')).toBe('wangjianguo');
  });

  it('converts traditional to simplified, Taiwan and Hong Kong forms alike', () => {
    expect(normalize('陳靜')).toBe('陈静');
    expect(normalize('張偉')).toBe('张伟');
    expect(normalize('劉洋')).toBe('刘洋');
    expect(normalize('衞')).toBe('卫'); // Hong Kong variant of 衛
    expect(normalize('無錫速達快遞有限公司')).toBe('无锡速达快递有限公司');
  });

  it('strips middle dots and all whitespace', () => {
    expect(normalize('阿不都·热合曼')).toBe('阿不都热合曼');
    for (const dot of ['•', '.', '・', '‧', ' ', '\u3000', ' · ']) expect(normalize(`阿不都${dot}热合曼`)).toBe('阿不都热合曼');
    expect(normalize(' 王 建　国 ')).toBe('王建国');
  });

  it('keeps the written order', () => {
    expect(normalize('建国 王')).toBe('建国王');
  });
});

describe('pinyinKey', () => {
  it('gives homophones one key, whatever their tones', () => {
    expect(pinyinKey('王建国', { surnameFirst: true })).toBe('wangjianguo');
    expect(pinyinKey('汪健国', { surnameFirst: true })).toBe('wangjianguo');
    expect(pinyinKey('张伟')).toBe(pinyinKey('张薇')); // wěi / wēi
  });

  it('makes a romanised name its own key', () => {
    expect(pinyinKey('Wang Jian-Guo')).toBe('wangjianguo');
    expect(pinyinKey('ＷＡＮＧ Ｊｉａｎｇｕｏ')).toBe('wangjianguo');
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(pinyinKey('单田芳', { surnameFirst: true })).toBe('shantianfang');
    expect(pinyinKey('曾国藩', { surnameFirst: true })).toBe('zengguofan');
    expect(pinyinKey(' 单田芳', { surnameFirst: true })).toBe('shantianfang');
    expect(pinyinKey('单田芳')).toBe('dantianfang'); // not a person: the common reading
  });

  it('writes ü as v and accepts the passport spelling LYU', () => {
    expect(pinyinKey('吕斌', { surnameFirst: true })).toBe('lvbin');
    expect(pinyinKey('LYU Bin')).toBe('lvbin');
  });
});

describe('romanisedOrders', () => {
  it('puts the surname first when it can tell which token it is', () => {
    expect(romanisedOrders('Jianguo Wang')).toEqual(['Wang Jianguo']);
    expect(romanisedOrders('Jian Guo WANG')).toEqual(['WANG Jian Guo']);
    expect(romanisedOrders('Wang Jianguo')).toEqual(['Wang Jianguo']);
  });

  it('tries both orders when both tokens could be the surname', () => {
    expect(romanisedOrders('Chen Xue')).toEqual(['Chen Xue', 'Xue Chen']);
  });

  it('never reorders a Han name', () => {
    expect(romanisedOrders('建国 王')).toEqual(['建国 王']);
  });
});

describe('organisation names', () => {
  it('parses region, trade name, industry and legal form', () => {
    expect(parseOrganisationName(normalize('江苏省无锡市速达快递有限公司'))).toEqual({
      core: '速达快递',
      trade: '速达',
      industry: '快递',
      province: '江苏',
      city: '无锡',
    });
    expect(parseOrganisationName(normalize('速达快递(无锡)有限公司')).city).toBe('无锡');
  });
});

describe('identifiers', () => {
  it('normalises credit codes leniently and widens 15-digit citizen IDs', () => {
    expect(normalizeCreditCode(' 91320211ma1x4y5t2h ')).toBe('91320211MA1X4Y5T2H');
    expect(normalizeCreditCode('３２０１０２１９８５０９２３１６２９')).toBe('320102198509231629');
    expect(normalizeCreditCode('320102850923162')).toBe('320102198509231629');
  });

  it('derives the birth date from positions 7–14 of a citizen ID', () => {
    expect(birthDateFromCitizenId('320102198509231629')).toBe('1985-09-23');
    expect(birthDateFromCitizenId('91320211MA1X4Y5T2H')).toBeUndefined();
  });
});

describe('jaroWinkler', () => {
  it('reproduces the published values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
  });

  it('is 1 for identical names and 0 with nothing in common or nothing at all', () => {
    expect(jaroWinkler('王建国', '王建国')).toBe(1);
    expect(jaroWinkler('王建国', '李梅')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('gives the textbook value for short and long sequences alike (names up to 32 symbols take a faster path)', () => {
    // Jaro–Winkler as usually written out: flags in arrays, matches within the window, half
    // transpositions, the prefix bonus on at most 4 symbols above jaro 0.7.
    const textbook = (a: number[], b: number[]): number => {
      if (a.length === 0 || b.length === 0) return 0;
      const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
      const fa = a.map(() => false);
      const fb = b.map(() => false);
      let m = 0;
      a.forEach((x, i) => {
        for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
          if (!fb[j] && b[j] === x) {
            fa[i] = fb[j] = true;
            m++;
            break;
          }
        }
      });
      if (m === 0) return 0;
      const ma = a.filter((_, i) => fa[i]);
      const mb = b.filter((_, j) => fb[j]);
      const t = ma.filter((x, k) => x !== mb[k]).length / 2;
      const jaro = (m / a.length + m / b.length + (m - t) / m) / 3;
      if (jaro <= 0.7) return jaro;
      let p = 0;
      while (p < Math.min(4, a.length, b.length) && a[p] === b[p]) p++;
      return jaro + p * 0.1 * (1 - jaro);
    };
    let x = 0x2545f491;
    const rnd = (n: number) => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) % n);
    for (let k = 0; k < 3_000; k++) {
      const long = k % 3 === 0 ? 30 : 3;
      const a = Array.from({ length: rnd(long + 10) }, () => rnd(4));
      const b = Array.from({ length: rnd(long + 10) }, () => rnd(4));
      expect(jaroWinklerSeq(a, b), `${a} / ${b}`).toBe(textbook(a, b));
    }
  });

  it('compares code points, so a supplementary-plane character is one symbol', () => {
    // 𠮷 is two UTF-16 units; counted as units it would share a "prefix" with 𠮾.
    expect(jaroWinkler('𠮷a', '𠮷b')).toBe(jaroWinkler('xa', 'xb'));
    expect(jaroWinkler('𠮷', '𠮾')).toBe(0);
  });
});

describe('jaroWinklerBound', () => {
  /** every sequence of `length` symbols over an alphabet of `size` */
  function sequences(length: number, size: number): number[][] {
    if (length === 0) return [[]];
    return sequences(length - 1, size).flatMap((s) => Array.from({ length: size }, (_, x) => [...s, x]));
  }

  it('no two sequences score above the bound for their lengths, and a prefix of the longer one reaches it', () => {
    // Rule: with m the shorter length, at most m symbols match and none is transposed, and the
    // Winkler bonus counts at most min(4, m) prefix symbols; the shorter one opening the longer
    // one is that best case. Checked on every pair of sequences of 0–5 symbols over 3 symbols.
    for (let la = 0; la <= 5; la++) {
      for (let lb = 0; lb <= 5; lb++) {
        const limit = jaroWinklerBound(la, lb);
        let top = 0;
        for (const a of sequences(la, 3)) {
          for (const b of sequences(lb, 3)) {
            const s = jaroWinklerSeq(a, b);
            if (s > limit) expect.fail(`${a} / ${b}: ${s} above the bound ${limit}`);
            top = Math.max(top, s);
          }
        }
        expect(top, `${la} / ${lb}`).toBe(limit);
      }
    }
  });

  it('keeps a two-character name from reaching the default threshold against a three-character one', () => {
    // 张伟 / 张伟国: 0.889 + 2 · 0.1 · 0.111; the bound is what lets screening skip such pairs.
    expect(jaroWinklerBound(2, 3)).toBeCloseTo(0.911, 3);
    expect(jaroWinklerBound(2, 3)).toBe(jaroWinkler('张伟', '张伟国'));
    expect(jaroWinklerBound(2, 3)).toBeLessThan(DEFAULT_THRESHOLD);
    expect(jaroWinklerBound(3, 4)).toBeGreaterThan(DEFAULT_THRESHOLD); // 王建国 / 王建国华 can match
    expect(jaroWinklerBound(0, 3)).toBe(0);
  });
});

describe('screening', () => {
  it('confirms an exact credit-code match with score 1, whatever the name', () => {
    const [hit] = hitsFor('李美', { creditCode: '320102198509231629' });
    expect(hit).toMatchObject({ ref: LI_MEI, status: 'CONFIRMED', score: 1, matchedName: '李梅' });
    expect(hit?.matchKeys).toContain('CREDIT_CODE');
  });

  it('keeps a name-only hit on a person POTENTIAL, even at score 1', () => {
    const [hit] = hitsFor('李梅');
    expect(hit).toMatchObject({ ref: LI_MEI, status: 'POTENTIAL', score: 1 });
    expect(hit?.matchKeys).toEqual(['NAME', 'PINYIN']);
  });

  it('reports a matching birth date without confirming on it', () => {
    const [hit] = hitsFor('李梅', { birthDate: '1985-09-23' });
    expect(hit).toMatchObject({ ref: LI_MEI, status: 'POTENTIAL' });
    expect(hit?.matchKeys).toContain('BIRTH_DATE');
  });

  it('finds a homophone through the pinyin key and ranks the exact name above it', () => {
    const [hit] = hitsFor('王健国');
    expect(hit).toMatchObject({ ref: 'T-1', status: 'POTENTIAL', matchedName: '王建国' });
    expect(hit?.matchKeys).toEqual(['PINYIN']);
    expect(hit?.score).toBeLessThan(1);
    expect(hit?.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(refs(hitsFor('汪建国'))).toEqual(['T-1']);
    expect(refs(hitsFor('章玮'))).toEqual(['T-3']); // 张伟 with both characters swapped for homophones
  });

  it('finds traditional, spaced and dotted spellings', () => {
    expect(refs(hitsFor('陳靜'))).toEqual(['T-2']);
    expect(refs(hitsFor('張 偉'))).toEqual(['T-3']);
    expect(refs(hitsFor('阿不都热合曼'))).toEqual(['T-4']);
    expect(refs(hitsFor('阿不都•热合曼'))).toEqual(['T-4']);
  });

  it('finds romanised names in either order and in full width', () => {
    for (const name of ['Wang Jianguo', 'WANG Jian Guo', 'Jianguo Wang', 'Jianguo WANG', 'ＷＡＮＧ Ｊｉａｎｇｕｏ']) {
      expect(refs(hitsFor(name)), name).toEqual(['T-1']);
    }
    expect(refs(hitsFor('Shan Tianfang'))).toEqual(['T-5']); // 单 as a surname is Shan
  });

  it('does not return near misses', () => {
    expect(hitsFor('王建军')).toEqual([]); // same surname, one character with another sound
    expect(hitsFor('王建')).toEqual([]); // a shorter name is another person
    expect(hitsFor('王江国')).toEqual([]); // jiang is not jian
    expect(hitsFor('Wang Jianjun')).toEqual([]);
    expect(hitsFor('李明')).toEqual([]);
    expect(hitsFor('阿不都·吐尔逊')).toEqual([]);
  });

  it('finds organisation variants: legal form, region and script', () => {
    for (const name of ['无锡速达快递', '江苏无锡速达快递有限公司', '無錫速達快遞有限公司', '无锡速达快递有限责任公司']) {
      const [hit] = hitsFor(name);
      expect(hit, name).toMatchObject({ ref: SUDA, status: 'POTENTIAL', matchedName: '无锡速达快递有限公司' });
    }
    expect(refs(hitsFor('诚达物流'))).toEqual(['T-6']);
  });

  it('does not take another trade name, or the same one registered elsewhere, for the listed organisation', () => {
    expect(hitsFor('无锡顺达快递有限公司')).toEqual([]);
    expect(hitsFor('苏州速达快递有限公司')).toEqual([]);
    expect(refs(index.screen([{ name: '苏州速达快递有限公司' }], { threshold: 0.75 })[0]?.hits ?? [])).toEqual([SUDA]);
  });

  it('finds the showcase entries by name and by code', () => {
    expect(hitsFor('李梅')[0]).toMatchObject({ ref: LI_MEI, list: 'DISHONEST_JUDGMENT_DEBTOR', status: 'POTENTIAL' });
    expect(hitsFor('', { creditCode: '320102198509231629' })[0]).toMatchObject({ ref: LI_MEI, status: 'CONFIRMED' });
    expect(hitsFor('无锡速达快递有限公司')[0]).toMatchObject({ ref: SUDA, list: 'COURIER_BLACKLIST', status: 'POTENTIAL' });
    const [byCode] = hitsFor('无锡速达快递有限公司', { creditCode: '91320211MA1X4Y5T2H' });
    expect(byCode).toMatchObject({ ref: SUDA, status: 'CONFIRMED', score: 1 });
    expect(byCode?.matchKeys).toEqual(['CREDIT_CODE', 'NAME', 'PINYIN']);
  });

  it('answers every input in order, hits best first, none below the threshold, scores to 3 decimals', () => {
    const inputs = [{ name: '张玮' }, { name: '王健国' }, { name: '某某某' }, { name: '张伟', creditCode: '320502198203174715' }];
    const results = index.screen(inputs, { threshold: 0.6 });
    expect(results.map((r) => r.input)).toEqual(inputs);
    for (const { hits } of results) {
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
      for (const h of hits) {
        expect(h.score).toBeGreaterThanOrEqual(0.6);
        expect(Math.round(h.score * 1000) / 1000).toBe(h.score);
      }
    }
    expect(results[2]?.hits).toEqual([]);
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => index.screen([{ name: '李梅' }], { threshold: 0 })).toThrow(RangeError);
    expect(() => index.screen([{ name: '李梅' }], { threshold: 1.5 })).toThrow(RangeError);
  });
});

describe('the length bound', () => {
  /**
   * A list built to collide: 14 characters with homophones among them (张/章, 王/汪, 建/健, 伟/玮,
   * 芳/方), names of 1–4 characters listed many times over, organisations with and without region,
   * industry and legal form; and inputs that are those names as listed, one character shorter or
   * longer, with one character changed, romanised (persons), or registered elsewhere.
   */
  function collidingList(seed: number): { entries: ScreenEntry[]; inputs: { name: string; creditCode?: string; birthDate?: string }[] } {
    let x = 0x2545f491 ^ seed;
    // xorshift, as in the bench: a linear congruential generator's low bits would repeat with period 4
    const rnd = (n: number) => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) % n);
    const pick = <T,>(xs: readonly T[] | string): T => xs[rnd(xs.length)] as T;
    const CHARS = '张章王汪李建健国伟玮明华芳方';
    const name = (min: number, max: number) => Array.from({ length: min + rnd(max - min + 1) }, () => pick<string>(CHARS)).join('');
    const organisation = (trade: string) =>
      `${pick(['', '南京', '苏州', '江苏省无锡市'])}${trade}${pick(['', '科技', '物流', '网络科技'])}${pick(['', '有限公司', '股份有限公司'])}`;
    // surname first or last, given name joined: "Wang Jianguo", "Jianguo Wang" (both orders are tried)
    const romanised = (listed: string) => {
      const [surname = '', ...given] = reading(listed, { surnameFirst: true }).syllables;
      return rnd(2) === 0 ? `${surname} ${given.join('')}` : `${given.join('')} ${surname}`;
    };
    const entries: ScreenEntry[] = [];
    for (let i = 0; i < 1_000; i++) {
      const person = rnd(10) < 7;
      entries.push({
        ref: `R-${i}`,
        list: 'SERIOUS_DISHONESTY',
        subject: person ? `3201061978051${String(1000 + i).slice(-4)}9` : `91320106MA${String(10000000 + i)}`,
        subjectKind: person ? 'PERSON' : 'ORGANISATION',
        subjectName: person ? name(1, 4) : organisation(name(1, 4)),
        ...(rnd(5) === 0 ? { birthDate: '1978-05-12' } : {}),
      });
    }
    const inputs = [];
    for (let i = 0; i < 300; i++) {
      const e = pick<ScreenEntry>(entries);
      const listed = e.subjectName;
      const variant = rnd(7);
      const input =
        variant === 0
          ? listed
          : variant === 1
            ? listed.slice(0, -1) || listed
            : variant === 2
              ? listed + pick<string>(CHARS)
              : variant === 3
                ? listed.replace(pick<string>(listed), pick<string>(CHARS))
                : variant === 4 && e.subjectKind === 'PERSON'
                  ? romanised(listed)
                  : variant === 5
                    ? organisation(name(1, 4))
                    : name(1, 4);
      inputs.push({ name: input, ...(rnd(8) === 0 ? { creditCode: e.subject } : {}), ...(rnd(4) === 0 ? { birthDate: '1978-05-12' } : {}) });
    }
    return { entries, inputs };
  }

  /** Equal input for input; compared as JSON first, since deep equality of thousands of hits is slow. */
  function expectSame(actual: ScreenResult[], expected: ScreenResult[], label: string): void {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < actual.length; i++) {
      if (JSON.stringify(actual[i]) !== JSON.stringify(expected[i])) expect(actual[i], label).toEqual(expected[i]);
    }
  }

  it('skips no entry that can reach the threshold: pruned and unpruned screening agree hit for hit', () => {
    for (const seed of [1, 2]) {
      const { entries: list, inputs } = collidingList(seed);
      for (const scoring of [{}, { pinyin: 'LETTERS' as const }, { nameWeight: 0.4 }]) {
        const listIndex = createScreeningIndex(list, scoring);
        // the default, the bound of 3 against 4 symbols, of 2 against 3 (both reached by a name that
        // opens another), and below
        for (const threshold of [0.93, 0.942, 0.911, 0.85]) {
          const label = `seed ${seed}, ${JSON.stringify(scoring)}, threshold ${threshold}`;
          const pruned = listIndex.screen(inputs, { threshold });
          expect(pruned.some((r) => r.hits.some((h) => h.status === 'POTENTIAL')), label).toBe(true);
          expectSame(pruned, listIndex.screen(inputs, { threshold, lengthBound: false }), label);
        }
        // Every hit blocked screening gives, exhaustive screening (every entry scored on its own name,
        // nothing shared or skipped) gives too, identically and in the same order. Not the converse
        // on this list: a one-syllable trade name is keyed alone, so 建网络科技张 does not reach 建网络科技
        // (0.967), nor does letter scoring's shared opening ("zhangli" / "zhang" 0.938) share a key.
        const blocked = listIndex.screen(inputs);
        const within = listIndex.screen(inputs, { exhaustive: true }).map((r, i) => {
          const refs = new Set(blocked[i]?.hits.map((h) => h.ref));
          return { ...r, hits: r.hits.filter((h) => refs.has(h.ref)) };
        });
        expectSame(blocked, within, `seed ${seed}, ${JSON.stringify(scoring)}, exhaustive`);
      }
    }
  });

  it('stays exact on an index changed incrementally: names added, renamed and removed after the build', () => {
    const { entries: list, inputs } = collidingList(4);
    const changed = createScreeningIndex(list.slice(0, 500));
    for (const e of list.slice(500)) changed.upsert(e);
    for (const e of list.slice(0, 100)) changed.upsert({ ...e, subjectName: `${e.subjectName}国` });
    for (const e of list.slice(100, 200)) changed.remove(e.ref);
    for (const e of list.slice(200, 300)) changed.upsert({ ...e, ref: `${e.ref}-again` });
    for (const threshold of [0.93, 0.911, 0.85]) {
      expectSame(changed.screen(inputs, { threshold }), changed.screen(inputs, { threshold, lengthBound: false }), `threshold ${threshold}`);
    }
    expectSame(changed.screen(inputs), changed.screen(inputs, { exhaustive: true }), 'exhaustive');
  });
});

describe('evaluation set', () => {
  const set = buildEvaluationSet({ seed: 7, size: 1_500 });
  const setIndex = createScreeningIndex(set.entries);

  it('is deterministic for a seed and labels only listed refs', () => {
    const again = buildEvaluationSet({ seed: 7, size: 1_500 });
    expect(again).toEqual(set);
    expect(buildEvaluationSet({ seed: 8, size: 1_500 }).entries).not.toEqual(set.entries);
    const listed = new Set(set.entries.map((e) => e.ref));
    expect(listed.size).toBe(set.entries.length);
    for (const q of set.queries) if (q.expected !== null) expect(listed.has(q.expected)).toBe(true);
    expect(set.queries.some((q) => q.expected === null)).toBe(true);
  });

  it('blocking loses no hit at the default threshold', () => {
    const inputs = set.queries.slice(0, 400).map((q) => q.input);
    expect(setIndex.screen(inputs)).toEqual(setIndex.screen(inputs, { exhaustive: true }));
  });

  it('reaches the measured precision and recall at the default threshold', () => {
    // Measured on seed 7, 1,500 entries: precision 0.999, recall 1.000; LETTERS scoring 0.781.
    const result = evaluate(setIndex, set, DEFAULT_THRESHOLD);
    expect(result.recall).toBeGreaterThanOrEqual(0.98);
    expect(result.precision).toBeGreaterThanOrEqual(0.97);
  });

  it('scores syllables more precisely than letters', () => {
    const letters = evaluate(createScreeningIndex(set.entries, { pinyin: 'LETTERS' }), set, DEFAULT_THRESHOLD);
    expect(evaluate(setIndex, set, DEFAULT_THRESHOLD).precision).toBeGreaterThan(letters.precision + 0.1);
  });
});
