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
import { codePoints, combineScores, jaroWinklerSeq } from './similarity.ts';

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

/** One written form of a name, ready to compare. */
interface Form {
  /** code points of the compared text: a person's whole name, an organisation's trade name (or core) */
  chars: number[];
  /** interned syllable ids; negative for a syllable no entry has */
  syllables: number[];
  /** code points of the pinyin key */
  letters: number[];
  /** every syllable is pinyin, so syllable comparison is meaningful */
  pinyin: boolean;
  /** written in Han characters (possibly mixed with Latin); decides whether written forms compare */
  han: boolean;
}

interface Prepared {
  entry: ScreenEntry;
  /** replaced or removed since: skipped, its postings left to the next build */
  gone?: true;
  /** the whole name for a person; the trade name for an organisation */
  form: Form;
  organisation?: { parsed: OrganisationName; core: Form };
  birthDate?: string;
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

function personKeys(syllables: readonly number[], out: Set<number>): void {
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

function organisationKeys(syllables: readonly number[], out: Set<number>): void {
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

function addPosting(postings: Map<number, number[]>, key: number, entry: number): void {
  const list = postings.get(key);
  if (list === undefined) postings.set(key, [entry]);
  else list.push(entry);
}

function freeze(postings: Map<number, number[]>): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const [key, list] of postings) out.set(key, Int32Array.from(list));
  return out;
}

function hasHan(script: Script): boolean {
  return script === 'HAN' || script === 'MIXED';
}

function compare(q: Form, e: Form, scoring: ScoringConfig): Similarity {
  // Written forms are comparable only in the same script; a romanised input is judged on its reading.
  const name = q.han === e.han ? jaroWinklerSeq(q.chars, e.chars) : undefined;
  const pinyin =
    scoring.pinyin === 'SYLLABLES' && q.pinyin && e.pinyin
      ? jaroWinklerSeq(q.syllables, e.syllables)
      : jaroWinklerSeq(q.letters, e.letters);
  return { score: combineScores(name, pinyin, scoring.nameWeight), name, pinyin };
}

function best(forms: readonly Form[], e: Form, scoring: ScoringConfig): Similarity {
  let top: Similarity | undefined;
  for (const form of forms) {
    const s = compare(form, e, scoring);
    if (top === undefined || s.score > top.score) top = s;
  }
  return top as Similarity;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
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
 */
export function createScreeningIndex(
  entries: readonly ScreenEntry[],
  scoringOverrides: Partial<ScoringConfig> = {},
): ScreeningIndex {
  const scoring: ScoringConfig = { ...DEFAULT_SCORING, ...scoringOverrides };
  const syllables = new Syllables();
  const prepared: Prepared[] = [];
  const byCode = new Map<string, number[]>();
  const personPostings = new Map<number, number[]>();
  const organisationPostings = new Map<number, number[]>();
  // Person names repeat (张伟 is listed many times); read each distinct name once.
  const readings = new Map<string, Reading>();

  const readingOf = (text: string, surnameFirst: boolean): Reading => {
    const cacheKey = `${surnameFirst ? 'P' : 'O'}${text}`;
    let r = readings.get(cacheKey);
    if (r === undefined) {
      r = reading(text, { surnameFirst });
      readings.set(cacheKey, r);
    }
    return r;
  };
  const entryForm = (text: string, r: Reading): Form => ({
    chars: codePoints(text),
    syllables: r.syllables.map((s) => syllables.intern(s)),
    letters: codePoints(r.syllables.join('')),
    pinyin: r.pinyin,
    han: hasHan(scriptOf(text)),
  });
  // The trade name opens the core; when both are all Han (one syllable per character) its
  // reading is a prefix of the core's, which saves a second pinyin-pro call per organisation.
  const tradeReading = (parsed: OrganisationName, core: Reading): Reading => {
    const length = codePoints(parsed.trade).length;
    return ALL_HAN.test(parsed.core) && core.syllables.length === codePoints(parsed.core).length
      ? { syllables: core.syllables.slice(0, length), pinyin: core.pinyin }
      : readingOf(parsed.trade, false);
  };

  let organisations = 0;
  /** ref → index of the entry screened against under it */
  const byRef = new Map<string, number>();
  let live = 0;
  const prepareEntry = (entry: ScreenEntry, personSink: Map<number, number[]>, organisationSink: Map<number, number[]>): void => {
    const index = prepared.length;
    const normalized = normalize(entry.subjectName);
    const keys = new Set<number>();
    let p: Prepared;
    if (entry.subjectKind === 'PERSON') {
      p = { entry, form: entryForm(normalized, readingOf(normalized, true)) };
      const birthDate = entry.birthDate !== undefined ? normalizeDate(entry.birthDate) : birthDateFromCitizenId(entry.subject);
      if (birthDate !== undefined) p.birthDate = birthDate;
      personKeys(p.form.syllables, keys);
      for (const key of keys) addPosting(personSink, key, index);
    } else {
      const parsed = parseOrganisationName(normalized);
      const core = readingOf(parsed.core, false);
      p = {
        entry,
        form: entryForm(parsed.trade, tradeReading(parsed, core)),
        organisation: { parsed, core: entryForm(parsed.core, core) },
      };
      organisationKeys(p.form.syllables, keys);
      for (const key of keys) addPosting(organisationSink, key, index);
      organisations++;
    }
    prepared.push(p);
    byRef.set(entry.ref, index);
    live++;
    const code = normalizeCreditCode(entry.subject);
    if (code.length > 0) {
      const list = byCode.get(code);
      if (list === undefined) byCode.set(code, [index]);
      else list.push(index);
    }
  };
  for (const entry of entries) {
    const earlier = byRef.get(entry.ref);
    if (earlier !== undefined) {
      (prepared[earlier] as Prepared).gone = true;
      live--;
    }
    prepareEntry(entry, personPostings, organisationPostings);
  }

  // The built postings are frozen (compact, fast to scan); entries added since go to small
  // growable postings beside them, until the next build folds them in.
  const persons = freeze(personPostings);
  const orgs = freeze(organisationPostings);
  const addedPersons = new Map<number, number[]>();
  const addedOrgs = new Map<number, number[]>();
  const stopAboveNow = () => Math.max(STOP_MIN, organisations * STOP_SHARE);
  let stopAbove = stopAboveNow();
  const orgPostingCount = (key: number) => (orgs.get(key)?.length ?? 0) + (addedOrgs.get(key)?.length ?? 0);
  // Scoring stamps: seen[i] === stamp means entry i was already scored for this input.
  let seen = new Int32Array(prepared.length);
  let stamp = 0;

  const inputForm = (text: string, surnameFirst: boolean, unknown: Map<string, number>): Form => {
    const r = reading(text, { surnameFirst });
    const normalized = normalize(text);
    return {
      chars: codePoints(normalized),
      syllables: r.syllables.map((s) => syllables.lookup(s, unknown)),
      letters: codePoints(r.syllables.join('')),
      pinyin: r.pinyin,
      han: hasHan(scriptOf(normalized)),
    };
  };

  const prepareInput = (name: string, unknown: Map<string, number>): PreparedInput => {
    const normalized = normalize(name);
    const person = romanisedOrders(name).map((order) => inputForm(order, true, unknown));
    const parsed = parseOrganisationName(normalized);
    const organisationOnly = hasLegalForm(normalized);
    const structured =
      organisationOnly || parsed.industry !== undefined || parsed.city !== undefined || parsed.province !== undefined;
    const organisation = inputForm(structured ? parsed.trade : parsed.core, false, unknown);
    const pk = new Set<number>();
    for (const form of person) personKeys(form.syllables, pk);
    const ok = new Set<number>();
    organisationKeys(organisation.syllables, ok);
    // Drop uninformative organisation keys, unless nothing else is left to block on.
    const informative = [...ok].filter((k) => orgPostingCount(k) <= stopAbove);
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

  const nameSimilarity = (input: PreparedInput, p: Prepared): Similarity => {
    if (p.organisation === undefined) return best(input.person, p.form, scoring);
    const { parsed, core } = p.organisation;
    const s = compare(input.organisation, input.structured ? p.form : core, scoring);
    if (regionsConflict(input.parsed, parsed)) s.score *= scoring.regionConflictFactor;
    if (industriesConflict(input.parsed, parsed)) s.score *= scoring.industryConflictFactor;
    return s;
  };

  const screenOne = (input: ScreenInput, q: PreparedInput, threshold: number, exhaustive: boolean): ScreenResult => {
    const hits: Hit[] = [];
    const birthDate =
      input.birthDate !== undefined
        ? normalizeDate(input.birthDate)
        : input.creditCode !== undefined
          ? birthDateFromCitizenId(input.creditCode)
          : undefined;
    if (stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 0;
    }
    stamp++;

    const hit = (i: number, sim: Similarity, confirmed: boolean): void => {
      const p = prepared[i] as Prepared;
      if (p.gone) return;
      const nameScore = round3(sim.score);
      const score = confirmed ? 1 : nameScore;
      if (!confirmed && score < threshold) return;
      const matchKeys: MatchKey[] = [];
      if (confirmed) matchKeys.push('CREDIT_CODE');
      if (sim.name !== undefined && sim.name >= threshold) matchKeys.push('NAME');
      if (sim.pinyin >= threshold) matchKeys.push('PINYIN');
      if (birthDate !== undefined && p.birthDate === birthDate) matchKeys.push('BIRTH_DATE');
      hits.push({
        list: p.entry.list,
        ref: p.entry.ref,
        subject: p.entry.subject,
        matchedName: p.entry.subjectName,
        score,
        nameScore,
        matchKeys,
        status: confirmed ? 'CONFIRMED' : 'POTENTIAL',
      });
    };

    if (input.creditCode !== undefined) {
      for (const i of byCode.get(normalizeCreditCode(input.creditCode)) ?? []) {
        seen[i] = stamp;
        hit(i, nameSimilarity(q, prepared[i] as Prepared), true);
      }
    }

    const scanList = (list: ArrayLike<number> | undefined): void => {
      if (list === undefined) return;
      for (let k = 0; k < list.length; k++) {
        const i = list[k] as number;
        if (seen[i] === stamp) continue;
        seen[i] = stamp;
        if ((prepared[i] as Prepared).gone) continue;
        hit(i, nameSimilarity(q, prepared[i] as Prepared), false);
      }
    };
    const scan = (postings: Map<number, Int32Array>, added: Map<number, number[]>, keys: readonly number[]): void => {
      for (const key of keys) {
        scanList(postings.get(key));
        if (added.size > 0) scanList(added.get(key));
      }
    };
    if (exhaustive) {
      for (let i = 0; i < prepared.length; i++) {
        if (seen[i] === stamp) continue;
        const p = prepared[i] as Prepared;
        if (p.gone || (q.organisationOnly && p.organisation === undefined)) continue;
        hit(i, nameSimilarity(q, p), false);
      }
    } else {
      if (!q.organisationOnly) scan(persons, addedPersons, q.personKeys);
      scan(orgs, addedOrgs, q.organisationKeys);
    }

    hits.sort(byRelevance);
    return { input, hits };
  };

  const drop = (ref: string): boolean => {
    const i = byRef.get(ref);
    if (i === undefined) return false;
    (prepared[i] as Prepared).gone = true;
    byRef.delete(ref);
    live--;
    return true;
  };

  return {
    get size() {
      return live;
    },
    upsert(entry) {
      drop(entry.ref);
      prepareEntry(entry, addedPersons, addedOrgs);
      stopAbove = stopAboveNow();
      if (prepared.length > seen.length) {
        const grown = new Int32Array(Math.max(1024, prepared.length * 2));
        grown.set(seen);
        seen = grown;
      }
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
        return screenOne(input, p, threshold, options.exhaustive === true);
      });
    },
  };
}
