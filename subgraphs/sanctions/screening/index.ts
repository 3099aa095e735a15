/**
 * The screening engine (domain.md section 7): many subjects against the sanction lists in
 * one call. Pure and store-independent — the caller passes the entries to screen against
 * (service.ts indexes every entry not removed) and gets hits back; whether a hit may be shown
 * today, and to this asker, is decided per request (services/screen.ts).
 *
 * Rules, deliberately conservative:
 * - An exact credit-code match is authoritative: CONFIRMED, score 1. It is the only way to
 *   CONFIRMED.
 * - Every name hit is POTENTIAL, persons and organisations alike, even at score 1. A
 *   matching birth date is reported as a match key (BIRTH_DATE) for the reviewer but does
 *   not confirm: names and birth dates collide far more often than credit codes, and a
 *   wrong confirmation puts a listing on someone it does not belong to.
 * - A birth date that differs does not suppress a name hit: the date on either side may be
 *   a data-entry error, and deciding that is the reviewer's job.
 * - A name hit is kept when the input carries a credit code that is not the entry's, for
 *   the same reason (the code may be mistyped); it simply has no CREDIT_CODE key.
 *
 * Scoring: Jaro–Winkler on the written name and on its toneless pinyin syllables, combined
 * by combineScores (similarity.ts). An organisation is compared on its trade name (字号),
 * with region, industry and legal form parsed off (normalize.ts); a conflicting
 * registration region or industry scales the score down.
 *
 * Blocking: like OFAC's search, which pre-filters candidates before it scores them, only
 * entries that share a blocking key with the input are scored — never every input against
 * every entry. A person is keyed by pairs of its syllables (each with the next two), an
 * organisation by adjacent syllable pairs of its trade name. A name that shares no pair
 * with an entry has at most one syllable in common with it, and then cannot reach the
 * default threshold (a two- or three-syllable name scores ≤ 0.8). Organisation pairs held
 * by more than 1 % of organisations are skipped when the input has rarer ones. The
 * screening tests check that blocked and exhaustive screening agree at the default
 * threshold; far below it (the 50 % of OFAC's pre-filter) blocking is not exhaustive, and
 * `exhaustive: true` scores everything.
 *
 * Scoring once per name: entries listed under the same name (张伟 is listed many times) share
 * one interned name, and the postings list names, not entries. A name is scored once per input
 * and its similarity given to every entry under it: the score depends on the two names alone.
 *
 * Length bound: a candidate whose lengths leave it no chance is skipped unscored. Jaro–Winkler
 * of sequences of m ≤ n symbols is at most (1 + m/n + 1)/3 plus the prefix bonus on at most
 * min(4, m) symbols (jaroWinklerBound: 张伟 / 张伟国 at most 0.911); combineScores, a weighted mean
 * floored at the written-name similarity, is non-decreasing in both, so combining the bounds
 * of the written name and of the reading bounds the score, and the conflict factors only lower
 * it. A name is skipped only when that bound, rounded as scores are, is below the threshold:
 * the result is the same as scoring it (tested against `lengthBound: false`). The bound is not
 * used when the scoring is configured outside those premises (a weight outside 0..1, a factor
 * above 1), nor by `exhaustive: true`, which still scores every entry on its own.
 */
import type { ListKind } from '../../shared/facts/documents.ts';
import type { SanctionEntryDoc } from '../documents.ts';
import type { SubjectKind } from '../../shared/platform/ids.ts';
import {
  birthDateFromCitizenId,
  hasLegalForm,
  industriesConflict,
  normalize,
  normalizeCreditCode,
  normalizeDate,
  parseOrganisationName,
  reading,
  regionsConflict,
  romanisedOrders,
  scriptOf,
  type OrganisationName,
  type Reading,
  type Script,
} from './normalize.ts';
import { codePoints, combineScores, jaroWinklerBound, jaroWinklerRange } from './similarity.ts';

export interface ScreenEntry {
  ref: string;
  list: ListKind;
  /** credit code: citizen ID for a person, unified social credit code for an organisation */
  subject: string;
  subjectKind: SubjectKind;
  subjectName: string;
  /** YYYY-MM-DD; derived from the citizen ID (positions 7–14) when absent */
  birthDate?: string;
}

export interface ScreenInput {
  name: string;
  creditCode?: string;
  /** YYYY-MM-DD or YYYYMMDD; derived from a citizen-ID credit code when absent */
  birthDate?: string;
}

export type MatchKey = 'CREDIT_CODE' | 'NAME' | 'PINYIN' | 'BIRTH_DATE';
export type HitStatus = 'CONFIRMED' | 'POTENTIAL';

export interface Hit {
  list: ListKind;
  ref: string;
  subject: string;
  /** the entry's name as listed */
  matchedName: string;
  /** 0..1, three decimals */
  score: number;
  /** the name's own similarity, as if no code or birth date had been given (0..1, three decimals) */
  nameScore: number;
  matchKeys: MatchKey[];
  status: HitStatus;
}

export interface ScreenResult {
  input: ScreenInput;
  /** best first */
  hits: Hit[];
}

export interface ScreenOptions {
  /** lowest score returned, 0 < threshold ≤ 1; DEFAULT_THRESHOLD when absent */
  threshold?: number;
  /**
   * Score every entry instead of the blocked candidates. Slow (inputs × entries); it exists
   * to verify that blocking loses nothing at a threshold, and for thresholds far below the
   * default, where blocking is not exhaustive.
   */
  exhaustive?: boolean;
  /**
   * false: score every candidate blocking brings, including those whose name lengths leave them
   * no chance of reaching the threshold (see the length bound in createScreeningIndex). It
   * changes no result; it exists to test that.
   */
  lengthBound?: boolean;
}

export interface ScoringConfig {
  /** weight of the written-name similarity against the pinyin similarity (combineScores) */
  nameWeight: number;
  /**
   * SYLLABLES: Jaro–Winkler over the syllable sequence, each syllable one symbol.
   * LETTERS: Jaro–Winkler over the joined pinyin key, letter by letter.
   */
  pinyin: 'SYLLABLES' | 'LETTERS';
  /** factor applied to an organisation hit registered in another city or province */
  regionConflictFactor: number;
  /** factor applied to an organisation hit whose industry is a different one */
  industryConflictFactor: number;
}

/**
 * Chosen on the evaluation set (evaluation.ts, seeds 1–3, 4,000 entries and 4,000 labelled
 * queries each; `npx tsx test/bench/screening.ts` prints the sweep for seed 1).
 *
 * SYLLABLES, not LETTERS: letter-level Jaro–Winkler rewards the shared surname prefix
 * ("wangjianguo"/"wangjianjun" 0.93, "zhangmin"/"zhangming" 0.98), so the near misses
 * crowd up against the homophones at 1.0: letters need a threshold of 0.98 for 97–98 %
 * precision with no margin left, syllables give 99.4–99.8 % at 0.93 (recall 100 % both).
 *
 * nameWeight 0.05: every true variant in the set reads the same as its entry, so the reading
 * decides, and each step of written-name weight costs the homophones: a two-character name
 * with both characters swapped for homophones (王伟 → 汪玮) has written similarity 0 and
 * scores 1 − w. At 0.2 recall falls to 96 % at the chosen threshold. A small non-zero
 * weight is kept so that, for the same input, an exact-character entry outranks a homophone.
 *
 * The conflict factors put an otherwise perfect organisation match below the threshold:
 * the same trade name registered in another city (0.8) or in another industry (0.9) is a
 * different legal person, still shown when the caller lowers the threshold.
 */
export const DEFAULT_SCORING: Readonly<ScoringConfig> = Object.freeze({
  nameWeight: 0.05,
  pinyin: 'SYLLABLES',
  regionConflictFactor: 0.8,
  industryConflictFactor: 0.9,
});

/**
 * Chosen by sweeping the evaluation set with DEFAULT_SCORING. Below 0.92 precision collapses
 * to ~80 %: a two-character name against a three-character one that starts with it (张伟 /
 * 张伟国) scores 0.911 and lists are full of them. Above 0.95 recall drops (the double
 * homophones at 0.95). 0.93 sits between the two with a margin either side; on seeds 1–3
 * it measured precision 99.4–99.8 % and recall 100 %.
 */
export const DEFAULT_THRESHOLD = 0.93;

export interface ScreeningIndex {
  /** the entries screened against now */
  readonly size: number;
  screen(inputs: readonly ScreenInput[], options?: ScreenOptions): ScreenResult[];
  /**
   * Adds an entry, or replaces the one with its ref (a corrected name): read once, like the built
   * ones, and screened against from the next call. Costs one entry's reading, never a rebuild.
   */
  upsert(entry: ScreenEntry): void;
  /** Stops screening against the entry with this ref (revoked, removed); false when none had it. */
  remove(ref: string): boolean;
}

/** The screening view of a stored list entry. Whether it is still shown is the caller's rule. */
export function screenEntryFromDoc(doc: SanctionEntryDoc): ScreenEntry {
  return {
    ref: doc.ref,
    list: doc.list,
    subject: doc.subject,
    subjectKind: doc.subjectKind,
    subjectName: doc.subjectName,
  };
}

// ---------- internals ----------

/**
 * One written form of an input's name, ready to compare: the code points of the compared text
 * (a person's whole name, an organisation's trade name or core), its interned syllable ids
 * (negative for a syllable no entry has) and the code points of its pinyin key, back to back
 * in `sym`. The index keeps its names' forms the same way, in its pool (Pool).
 */
interface Form {
  sym: Int32Array;
  /** how many code points open sym */
  chars: number;
  /** how many syllable ids follow them */
  syllables: number;
  /** how many pinyin-key code points close it */
  letters: number;
  /** every syllable is pinyin, so syllable comparison is meaningful */
  pinyin: boolean;
  /** written in Han characters (possibly mixed with Latin); decides whether written forms compare */
  han: boolean;
}

const PINYIN = 1;
const HAN = 2;

/*
 * A form in the pool: its lengths and flags, then its symbols (chars, syllables, letters back
 * to back, as in Form); it is known by its address. A name's record is a header of NAME_HEADER
 * ints followed by the form of its compared text, and the name is known by that form's address:
 * what screening reads of a name, from whether it was seen for this input to its symbols, lies
 * in one or two cache lines. With a million entries, scattered per-name arrays and objects left
 * the scan waiting on memory more than computing.
 */
const FORM_CHARS = 0;
const FORM_SYLLABLES = 1;
const FORM_LETTERS = 2;
const FORM_FLAGS = 3;
const FORM_SYMBOLS = 4;
/** name.seen === stamp: already scored for this input */
const NAME_SEEN = -4;
/** the newest entry under the name, -1 for none; the others follow through `next` */
const NAME_HEAD = -3;
/** entries under the name not removed or replaced: a name with none gives no hit */
const NAME_LIVE = -2;
/** index into organisationOf, -1 for a person's name */
const NAME_ORGANISATION = -1;
const NAME_HEADER = 4;

class Pool {
  data = new Int32Array(1 << 16);
  private used = 0;

  /** Appends a form after `header` zeroed ints; returns the form's address. */
  add(header: number, chars: readonly number[], syllables: readonly number[], letters: readonly number[], pinyin: boolean, han: boolean): number {
    const length = header + FORM_SYMBOLS + chars.length + syllables.length + letters.length;
    if (this.used + length > this.data.length) this.data = grow(this.data, Math.max(this.data.length * 2, this.used + length));
    const d = this.data;
    const at = this.used + header;
    d[at + FORM_CHARS] = chars.length;
    d[at + FORM_SYLLABLES] = syllables.length;
    d[at + FORM_LETTERS] = letters.length;
    d[at + FORM_FLAGS] = (pinyin ? PINYIN : 0) | (han ? HAN : 0);
    let k = at + FORM_SYMBOLS;
    for (const x of chars) d[k++] = x;
    for (const x of syllables) d[k++] = x;
    for (const x of letters) d[k++] = x;
    this.used += length;
    return at;
  }
}

function grow<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}

/** An organisation name's parts: what conflicts are judged on, its core's form, its blocking keys. */
interface OrganisationInfo {
  parsed: OrganisationName;
  /** pool address of the core's form (trade name + industry), compared when the input is a bare name */
  core: number;
  keys: number[];
}

interface PreparedInput {
  /** surname-first reading; several for a romanised name whose order is unknown */
  person: Form[];
  /** compared with an organisation's trade name, or with its trade name + industry when bare */
  organisation: Form;
  parsed: OrganisationName;
  /**
   * Shows region, industry or legal form. Only then is it compared with trade names alone:
   * a bare 方颖 is a person's name, not a reference to 江苏方盈食品有限公司.
   */
  structured: boolean;
  /** ends in a legal form: no person can match */
  organisationOnly: boolean;
  personKeys: number[];
  organisationKeys: number[];
}

interface Similarity {
  /** combined, after any conflict factor */
  score: number;
  /** written-name Jaro–Winkler; undefined across scripts */
  name: number | undefined;
  /** reading Jaro–Winkler */
  pinyin: number;
}

/*
 * Blocking keys pack two syllable ids into one number (Map lookups on numbers are several
 * times faster than on strings). SOLO marks the key of a one-syllable name.
 */
const SHIFT = 2 ** 21;
const SOLO = SHIFT - 1;
/** Person keys pair a syllable with the next PAIR_SPAN ones. */
const PAIR_SPAN = 2;
/** Organisation keys held by more than this share of organisations are uninformative. */
const STOP_SHARE = 0.01;
const STOP_MIN = 100;
const ALL_HAN = /^\p{Script=Han}+$/u;
/**
 * Room for floating-point rounding between a length bound and a score computed in another
 * order (many orders of magnitude above it, far below the three decimals scores are kept to).
 */
const BOUND_SLACK = 1e-9;

class Syllables {
  private readonly ids = new Map<string, number>();

  intern(syllable: string): number {
    let id = this.ids.get(syllable);
    if (id === undefined) {
      id = this.ids.size;
      if (id >= SOLO) throw new RangeError('screening index: too many distinct name symbols');
      this.ids.set(syllable, id);
    }
    return id;
  }

  /** An input's syllable: its entry id, or a per-call negative id that matches no entry. */
  lookup(syllable: string, unknown: Map<string, number>): number {
    const id = this.ids.get(syllable);
    if (id !== undefined) return id;
    let neg = unknown.get(syllable);
    if (neg === undefined) {
      neg = -1 - unknown.size;
      unknown.set(syllable, neg);
    }
    return neg;
  }
}

function personKeys(syllables: ArrayLike<number>, out: Set<number>): void {
  if (syllables.length === 1) {
    const s = syllables[0] as number;
    if (s >= 0) out.add(s * SHIFT + SOLO);
    return;
  }
  for (let i = 0; i < syllables.length; i++) {
    const a = syllables[i] as number;
    if (a < 0) continue;
    for (let j = i + 1; j <= i + PAIR_SPAN && j < syllables.length; j++) {
      const b = syllables[j] as number;
      if (b >= 0) out.add(a * SHIFT + b);
    }
  }
}

function organisationKeys(syllables: ArrayLike<number>, out: Set<number>): void {
  if (syllables.length === 1) {
    const s = syllables[0] as number;
    if (s >= 0) out.add(s * SHIFT + SOLO);
    return;
  }
  for (let i = 0; i + 1 < syllables.length; i++) {
    const a = syllables[i] as number;
    const b = syllables[i + 1] as number;
    if (a >= 0 && b >= 0) out.add(a * SHIFT + b);
  }
}

function addPosting(postings: Map<number, number[]>, key: number, name: number): void {
  const list = postings.get(key);
  if (list === undefined) postings.set(key, [name]);
  else list.push(name);
}

function freeze(postings: Map<number, number[]>): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const [key, list] of postings) out.set(key, Int32Array.from(list));
  return out;
}

function hasHan(script: Script): boolean {
  return script === 'HAN' || script === 'MIXED';
}

function packForm(chars: readonly number[], syllables: readonly number[], letters: readonly number[], pinyin: boolean, han: boolean): Form {
  const sym = new Int32Array(chars.length + syllables.length + letters.length);
  sym.set(chars, 0);
  sym.set(syllables, chars.length);
  sym.set(letters, chars.length + syllables.length);
  return { sym, chars: chars.length, syllables: syllables.length, letters: letters.length, pinyin, han };
}

function compare(q: Form, d: Int32Array, s: number, scoring: ScoringConfig): Similarity {
  const chars = d[s + FORM_CHARS] as number;
  const syllables = d[s + FORM_SYLLABLES] as number;
  const flags = d[s + FORM_FLAGS] as number;
  const at = s + FORM_SYMBOLS;
  // Written forms are comparable only in the same script; a romanised input is judged on its reading.
  const name = q.han === ((flags & HAN) !== 0) ? jaroWinklerRange(q.sym, 0, q.chars, d, at, chars) : undefined;
  const pinyin =
    scoring.pinyin === 'SYLLABLES' && q.pinyin && (flags & PINYIN) !== 0
      ? jaroWinklerRange(q.sym, q.chars, q.syllables, d, at + chars, syllables)
      : jaroWinklerRange(q.sym, q.chars + q.syllables, q.letters, d, at + chars + syllables, d[s + FORM_LETTERS] as number);
  return { score: combineScores(name, pinyin, scoring.nameWeight), name, pinyin };
}

/**
 * The highest score compare() can give q against the form at s, from the lengths alone: each
 * Jaro–Winkler replaced by its length bound (jaroWinklerBound), combined the same way.
 * combineScores is non-decreasing in both similarities when 0 ≤ nameWeight ≤ 1, so the
 * combination of the bounds bounds the combination.
 */
function bound(q: Form, d: Int32Array, s: number, scoring: ScoringConfig): number {
  const flags = d[s + FORM_FLAGS] as number;
  const name = q.han === ((flags & HAN) !== 0) ? jaroWinklerBound(q.chars, d[s + FORM_CHARS] as number) : undefined;
  const pinyin =
    scoring.pinyin === 'SYLLABLES' && q.pinyin && (flags & PINYIN) !== 0
      ? jaroWinklerBound(q.syllables, d[s + FORM_SYLLABLES] as number)
      : jaroWinklerBound(q.letters, d[s + FORM_LETTERS] as number);
  return combineScores(name, pinyin, scoring.nameWeight);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A YYYY-MM-DD date as the number YYYYMMDD, 0 when absent: one Int32Array holds every entry's. */
function dateNumber(date: string | undefined): number {
  if (date === undefined) return 0;
  return Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/** Best first: score, then a confirmed hit before a potential one, then the ref. */
export function byRelevance(a: Hit, b: Hit): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.status !== b.status) return a.status === 'CONFIRMED' ? -1 : 1;
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/**
 * Build the index: every entry's normalised name, reading and blocking keys are computed
 * once here, so that screening only reads the inputs.
 *
 * Names are interned: entries listed under the same name (张伟 many times over) share one
 * name, with one form and one set of blocking keys, and the postings list names, not entries.
 * Screening scores each name a posting reaches once per input and gives the result to every
 * entry under it; the score depends on the name alone (the credit code and birth date an entry
 * carries only confirm or annotate a hit).
 */
export function createScreeningIndex(
  entries: readonly ScreenEntry[],
  scoringOverrides: Partial<ScoringConfig> = {},
): ScreeningIndex {
  const scoring: ScoringConfig = { ...DEFAULT_SCORING, ...scoringOverrides };
  // The length bound holds only while a score cannot rise above its similarities: the weight is
  // a proportion and the conflict factors only scale down. Other overrides are scored in full.
  const canPrune =
    scoring.nameWeight >= 0 &&
    scoring.nameWeight <= 1 &&
    scoring.regionConflictFactor >= 0 &&
    scoring.regionConflictFactor <= 1 &&
    scoring.industryConflictFactor >= 0 &&
    scoring.industryConflictFactor <= 1;
  const syllables = new Syllables();
  const pool = new Pool();

  // ---- names, each known by its address in the pool (NAME_* header): interned by kind and normalised text ----
  /** the organisations' parts, indexed from their names' records */
  const organisationOf: OrganisationInfo[] = [];
  /** `${kind}${normalized}` → name */
  const nameIds = new Map<string, number>();
  /**
   * subjectName → name, a map per kind: a name listed again is not normalised again, and the
   * entry's own string is the key (no concatenated key to build and hash per entry).
   */
  const personNames = new Map<string, number>();
  const organisationNames = new Map<string, number>();

  // ---- entries (index i), in the order read ----
  let count = 0;
  const listed: ScreenEntry[] = [];
  /** the address of the entry's name */
  let nameOf = new Int32Array(Math.max(1024, entries.length));
  /** the next (earlier) entry under the same name, -1 for none: the name's record holds the newest */
  let next = new Int32Array(nameOf.length);
  /** the next entry with the same credit code, -1 for none (byCode holds the first) */
  let codeNext = new Int32Array(nameOf.length);
  /** a person's birth date as YYYYMMDD, 0 when unknown (dateNumber) */
  let birth = new Int32Array(nameOf.length);
  /** 1: replaced or removed since, skipped; it stays in its name's chain until the next build */
  let gone = new Uint8Array(nameOf.length);
  /** seen[i] === stamp: entry i already has this input's confirmed hit */
  let seen = new Int32Array(nameOf.length);
  let stamp = 0;
  const byCode = new Map<string, number>();

  const personPostings = new Map<number, number[]>();
  const organisationPostings = new Map<number, number[]>();
  // Organisations' cores and trade names read during the build: a core is often another
  // organisation's (the same trade name in several cities). Dropped after the build: an upsert
  // reads its one name.
  const readings = new Map<string, Reading>();

  const readingOf = (text: string): Reading => {
    let r = readings.get(text);
    if (r === undefined) {
      r = reading(text, { surnameFirst: false });
      readings.set(text, r);
    }
    return r;
  };
  const addForm = (header: number, text: string, r: Reading): { at: number; ids: number[] } => {
    const ids = r.syllables.map((s) => syllables.intern(s));
    const at = pool.add(header, codePoints(text), ids, codePoints(r.syllables.join('')), r.pinyin, hasHan(scriptOf(text)));
    return { at, ids };
  };
  // The trade name opens the core; when both are all Han (one syllable per character) its
  // reading is a prefix of the core's, which saves a second pinyin-pro call per organisation.
  const tradeReading = (parsed: OrganisationName, core: Reading): Reading => {
    const length = codePoints(parsed.trade).length;
    return ALL_HAN.test(parsed.core) && core.syllables.length === codePoints(parsed.core).length
      ? { syllables: core.syllables.slice(0, length), pinyin: core.pinyin }
      : readingOf(parsed.trade);
  };

  const addName = (normalized: string, person: boolean, personSink: Map<number, number[]>, organisationSink: Map<number, number[]>): number => {
    const keys = new Set<number>();
    let n: number;
    let organisation = -1;
    if (person) {
      // read once: a person's name is interned by this very text
      const { at, ids } = addForm(NAME_HEADER, normalized, reading(normalized, { surnameFirst: true }));
      n = at;
      personKeys(ids, keys);
      for (const key of keys) addPosting(personSink, key, n);
    } else {
      const parsed = parseOrganisationName(normalized);
      const core = readingOf(parsed.core);
      const { at, ids } = addForm(NAME_HEADER, parsed.trade, tradeReading(parsed, core));
      n = at;
      organisationKeys(ids, keys);
      organisation = organisationOf.length;
      organisationOf.push({ parsed, core: addForm(0, parsed.core, core).at, keys: [...keys] });
      for (const key of keys) addPosting(organisationSink, key, n);
    }
    const d = pool.data; // read after the last add: it may have grown
    d[n + NAME_HEAD] = -1;
    d[n + NAME_ORGANISATION] = organisation;
    return n;
  };
  const organisationAt = (d: Int32Array, n: number): OrganisationInfo | undefined => {
    const k = d[n + NAME_ORGANISATION] as number;
    return k < 0 ? undefined : organisationOf[k];
  };

  let organisations = 0;
  /**
   * Organisation entries (not names) ever indexed under each key, removed ones included: the
   * share that makes a key uninformative counts listings, as the entry postings did before names
   * were interned.
   */
  const organisationKeyEntries = new Map<number, number>();
  /** ref → index of the entry screened against under it */
  const byRef = new Map<string, number>();
  let live = 0;
  const prepareEntry = (entry: ScreenEntry, personSink: Map<number, number[]>, organisationSink: Map<number, number[]>): void => {
    const i = count++;
    if (i === nameOf.length) {
      const length = i * 2;
      nameOf = grow(nameOf, length);
      next = grow(next, length);
      codeNext = grow(codeNext, length);
      birth = grow(birth, length);
      gone = grow(gone, length);
      seen = grow(seen, length);
    }
    const person = entry.subjectKind === 'PERSON';
    const listedNames = person ? personNames : organisationNames;
    let n = listedNames.get(entry.subjectName);
    if (n === undefined) {
      const normalized = normalize(entry.subjectName);
      const key = `${person ? 'P' : 'O'}${normalized}`;
      n = nameIds.get(key);
      if (n === undefined) {
        n = addName(normalized, person, personSink, organisationSink);
        nameIds.set(key, n);
      }
      listedNames.set(entry.subjectName, n);
    }
    const d = pool.data;
    const organisation = organisationAt(d, n);
    if (organisation !== undefined) {
      for (const key of organisation.keys) organisationKeyEntries.set(key, (organisationKeyEntries.get(key) ?? 0) + 1);
      organisations++;
    }
    listed.push(entry);
    nameOf[i] = n;
    next[i] = d[n + NAME_HEAD] as number;
    d[n + NAME_HEAD] = i;
    d[n + NAME_LIVE] = (d[n + NAME_LIVE] as number) + 1;
    gone[i] = 0;
    const code = normalizeCreditCode(entry.subject);
    if (person) {
      birth[i] = dateNumber(entry.birthDate !== undefined ? normalizeDate(entry.birthDate) : birthDateFromCitizenId(entry.subject));
    } else {
      birth[i] = 0;
    }
    byRef.set(entry.ref, i);
    live++;
    codeNext[i] = -1;
    if (code.length > 0) {
      const first = byCode.get(code);
      if (first !== undefined) codeNext[i] = first;
      byCode.set(code, i);
    }
  };
  const drop = (ref: string): boolean => {
    const i = byRef.get(ref);
    if (i === undefined) return false;
    gone[i] = 1;
    const liveAt = (nameOf[i] as number) + NAME_LIVE;
    pool.data[liveAt] = (pool.data[liveAt] as number) - 1;
    byRef.delete(ref);
    live--;
    return true;
  };
  for (const entry of entries) {
    drop(entry.ref);
    prepareEntry(entry, personPostings, organisationPostings);
  }
  readings.clear();

  // The built postings are frozen (compact, fast to scan); names added since go to small
  // growable postings beside them, until the next build folds them in.
  const persons = freeze(personPostings);
  const orgs = freeze(organisationPostings);
  const addedPersons = new Map<number, number[]>();
  const addedOrgs = new Map<number, number[]>();
  const stopAboveNow = () => Math.max(STOP_MIN, organisations * STOP_SHARE);
  let stopAbove = stopAboveNow();

  const inputForm = (text: string, surnameFirst: boolean, unknown: Map<string, number>): Form => {
    const r = reading(text, { surnameFirst });
    const normalized = normalize(text);
    return packForm(
      codePoints(normalized),
      r.syllables.map((s) => syllables.lookup(s, unknown)),
      codePoints(r.syllables.join('')),
      r.pinyin,
      hasHan(scriptOf(normalized)),
    );
  };
  const idsOf = (form: Form): Int32Array => form.sym.subarray(form.chars, form.chars + form.syllables);

  const prepareInput = (name: string, unknown: Map<string, number>): PreparedInput => {
    const normalized = normalize(name);
    const person = romanisedOrders(name).map((order) => inputForm(order, true, unknown));
    const parsed = parseOrganisationName(normalized);
    const organisationOnly = hasLegalForm(normalized);
    const structured =
      organisationOnly || parsed.industry !== undefined || parsed.city !== undefined || parsed.province !== undefined;
    const organisation = inputForm(structured ? parsed.trade : parsed.core, false, unknown);
    const pk = new Set<number>();
    for (const form of person) personKeys(idsOf(form), pk);
    const ok = new Set<number>();
    organisationKeys(idsOf(organisation), ok);
    // Drop uninformative organisation keys, unless nothing else is left to block on.
    const informative = [...ok].filter((k) => (organisationKeyEntries.get(k) ?? 0) <= stopAbove);
    return {
      person,
      organisation,
      parsed,
      structured,
      organisationOnly,
      personKeys: [...pk],
      organisationKeys: informative.length > 0 ? informative : [...ok],
    };
  };

  const nameSimilarity = (input: PreparedInput, d: Int32Array, n: number): Similarity => {
    const organisation = organisationAt(d, n);
    if (organisation === undefined) {
      let top: Similarity | undefined;
      for (const form of input.person) {
        const s = compare(form, d, n, scoring);
        if (top === undefined || s.score > top.score) top = s;
      }
      return top as Similarity;
    }
    const s = compare(input.organisation, d, input.structured ? n : organisation.core, scoring);
    if (regionsConflict(input.parsed, organisation.parsed)) s.score *= scoring.regionConflictFactor;
    if (industriesConflict(input.parsed, organisation.parsed)) s.score *= scoring.industryConflictFactor;
    return s;
  };

  /**
   * No name scores above this against the input (see bound): the best over a person input's
   * readings, and for an organisation before the conflict factors, which only scale down.
   */
  const nameBound = (input: PreparedInput, d: Int32Array, n: number): number => {
    const organisation = organisationAt(d, n);
    if (organisation === undefined) {
      let top = 0;
      for (const form of input.person) top = Math.max(top, bound(form, d, n, scoring));
      return top;
    }
    return bound(input.organisation, d, input.structured ? n : organisation.core, scoring);
  };

  const screenOne = (input: ScreenInput, q: PreparedInput, threshold: number, exhaustive: boolean, lengthBound: boolean): ScreenResult => {
    const hits: Hit[] = [];
    const birthDate = dateNumber(
      input.birthDate !== undefined
        ? normalizeDate(input.birthDate)
        : input.creditCode !== undefined
          ? birthDateFromCitizenId(input.creditCode)
          : undefined,
    );
    // no name is added while screening: the pool stays where it is
    const d = pool.data;
    if (stamp === 0x7fffffff) {
      seen.fill(0);
      for (let i = 0; i < count; i++) d[(nameOf[i] as number) + NAME_SEEN] = 0;
      stamp = 0;
    }
    stamp++;

    const hit = (i: number, sim: Similarity, nameScore: number, confirmed: boolean): void => {
      const entry = listed[i] as ScreenEntry;
      const matchKeys: MatchKey[] = [];
      if (confirmed) matchKeys.push('CREDIT_CODE');
      if (sim.name !== undefined && sim.name >= threshold) matchKeys.push('NAME');
      if (sim.pinyin >= threshold) matchKeys.push('PINYIN');
      if (birthDate !== 0 && birth[i] === birthDate) matchKeys.push('BIRTH_DATE');
      hits.push({
        list: entry.list,
        ref: entry.ref,
        subject: entry.subject,
        matchedName: entry.subjectName,
        score: confirmed ? 1 : nameScore,
        nameScore,
        matchKeys,
        status: confirmed ? 'CONFIRMED' : 'POTENTIAL',
      });
    };

    if (input.creditCode !== undefined) {
      const code = normalizeCreditCode(input.creditCode);
      for (let i = byCode.get(code) ?? -1; i >= 0; i = codeNext[i] as number) {
        seen[i] = stamp;
        if (gone[i] === 1) continue;
        const sim = nameSimilarity(q, d, nameOf[i] as number);
        hit(i, sim, round3(sim.score), true);
      }
    }

    // Each name once, and only when its lengths leave it a chance (张伟 against 张伟国 reaches
    // 0.911 at best): on the million-entry bench list about one candidate name in ten is skipped.
    const prune = canPrune && lengthBound;
    const scanList = (list: ArrayLike<number> | undefined): void => {
      if (list === undefined) return;
      for (let k = 0; k < list.length; k++) {
        const n = list[k] as number;
        if (d[n + NAME_SEEN] === stamp) continue;
        d[n + NAME_SEEN] = stamp;
        if (d[n + NAME_LIVE] === 0) continue;
        if (prune && round3(nameBound(q, d, n) + BOUND_SLACK) < threshold) continue;
        const sim = nameSimilarity(q, d, n);
        const nameScore = round3(sim.score);
        if (nameScore < threshold) continue;
        for (let i = d[n + NAME_HEAD] as number; i >= 0; i = next[i] as number) {
          if (gone[i] === 0 && seen[i] !== stamp) hit(i, sim, nameScore, false);
        }
      }
    };
    const scan = (postings: Map<number, Int32Array>, added: Map<number, number[]>, keys: readonly number[]): void => {
      for (const key of keys) {
        scanList(postings.get(key));
        if (added.size > 0) scanList(added.get(key));
      }
    };
    if (exhaustive) {
      // Every entry scored on its own, without the bound or the sharing of names: the reference
      // the blocked, pruned scan is tested against.
      for (let i = 0; i < count; i++) {
        if (seen[i] === stamp || gone[i] === 1) continue;
        const n = nameOf[i] as number;
        if (q.organisationOnly && organisationAt(d, n) === undefined) continue;
        const sim = nameSimilarity(q, d, n);
        const nameScore = round3(sim.score);
        if (nameScore >= threshold) hit(i, sim, nameScore, false);
      }
    } else {
      if (!q.organisationOnly) scan(persons, addedPersons, q.personKeys);
      scan(orgs, addedOrgs, q.organisationKeys);
    }

    hits.sort(byRelevance);
    return { input, hits };
  };

  return {
    get size() {
      return live;
    },
    upsert(entry) {
      drop(entry.ref);
      prepareEntry(entry, addedPersons, addedOrgs);
      stopAbove = stopAboveNow();
    },
    remove: drop,
    screen(inputs, options = {}) {
      const threshold = options.threshold ?? DEFAULT_THRESHOLD;
      if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
      // Per call: the same name often recurs in a batch, and its reading is the costly part.
      const cache = new Map<string, PreparedInput>();
      const unknown = new Map<string, number>();
      return inputs.map((input) => {
        let p = cache.get(input.name);
        if (p === undefined) {
          p = prepareInput(input.name, unknown);
          cache.set(input.name, p);
        }
        return screenOne(input, p, threshold, options.exhaustive === true, options.lengthBound !== false);
      });
    },
  };
}
