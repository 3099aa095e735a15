/**
 * Deterministic synthetic Jiangsu data beside the showcase.
 *
 * Every record is a pure function of (seed, its index, the options): person i draws only
 * from the generator keyed (seed, person stream, i), so a loader can produce any chunk on
 * its own and a million persons stream in constant memory. Identifiers are handed out by
 * keyed permutations of the code spaces, which makes them unique without a registry of
 * used codes, and the showcase codes are cut out of those spaces so they never collide.
 */
import type {
  ClientKind,
  CommitmentDoc,
  ConsentDoc,
  CourierCompanyDoc,
  CourierDoc,
  EnterpriseDoc,
  FinancialDefaultDoc,
  Gender,
  IsoDate,
  ListKind,
  Measure,
  MerchantDoc,
  MisconductDoc,
  ObjectionDoc,
  OccupationDoc,
  OfficerDoc,
  PenaltyDoc,
  PersonDoc,
  Purpose,
  QueryRecordDoc,
  RedListEntryDoc,
  SanctionEntryDoc,
  Severity,
  SubjectKind,
  ViolationDoc,
} from '../documents.ts';
import { citizenIdCheckChar, makeCreditCode, USCC_ALPHABET } from '../ids.ts';
import type { FactClass } from '../policy/matrix.ts';
import { appendBatch, emptyBatch, type SeedBatch } from './batch.ts';
import {
  ADMIN_AGENCIES,
  CAPITAL,
  COMMITMENT_TEXTS,
  COMPLAINT_RATE,
  COMPLAINT_REASONS,
  COURIER_BASES,
  COURIER_HONOUR,
  COURIER_OCCUPATION,
  DJD_BASES,
  ECOMMERCE_BASES,
  ENTERPRISE_HONOURS,
  type EnterpriseKind,
  FIXED_KINDS,
  formatYuan,
  type Honour,
  OBJECTION_OUTCOMES,
  OBJECTION_REASONS,
  OBLIGATIONS,
  OCCUPATIONS,
  type OccupationSpec,
  PENALTY_AGENCIES,
  type PenaltyAgency,
  PERSON_HONOURS,
  REFUSING,
  SERIOUS_DISHONESTY_AUTHORITIES,
  SHOP_CATEGORIES,
  TAX_BASES,
  TOWNS,
  TRAFFIC_VIOLATIONS,
  VILLAGES,
  VIOLATION_KINDS,
  VIOLATION_MEASURES,
  VIOLATION_SEVERITY,
  VIOLATION_TEXT,
  WARNING_REASONS,
} from './catalogue.ts';
import {
  basicCourt,
  BRAND_FIRST,
  BRAND_SECOND,
  type City,
  DISTRICTS,
  type District,
  districtByCode,
  ENTERPRISE_WORDS,
  ERA_NAMES,
  GIVEN_FEMALE_FIRST,
  GIVEN_FEMALE_SECOND,
  GIVEN_FEMALE_SINGLE,
  GIVEN_MALE_FIRST,
  GIVEN_MALE_SECOND,
  GIVEN_MALE_SINGLE,
  LENDERS,
  LOAN_PRODUCTS,
  MOBILE_PREFIXES,
  placeName,
  RESIDENCE_SUFFIXES,
  STREETS,
  SURNAMES,
} from './jiangsu.ts';
import { addDays, addMonths, addYears, fromDays, maxDate, minDate, toDays } from '../clock.ts';
import { feistelPermutation, hash32, type PermutationWithHoles, permutationWithHoles, type Rng, rngFor, Weighted } from './random.ts';
import { OBJECTION_DAYS } from '../lifecycle.ts';
import { DEFAULT_RETENTION_YEARS, loadShowcase, sanctionSeverity } from './showcase.ts';

export interface SyntheticOptions {
  persons: number;
  enterprises: number;
  merchants: number;
  couriers: number;
  listEntries: number;
  seed?: number;
  /** the day the data describes; dates are drawn up to it. Fixed so output never depends on the clock. */
  asOf?: IsoDate;
}

export const DEFAULT_SEED = 2017;
export const SEED_AS_OF: IsoDate = '2026-11-27';

/** Stream numbers keep the draws of different record kinds independent. */
const STREAM = {
  personCode: 1,
  personName: 2,
  person: 3,
  enterpriseCore: 4,
  enterprise: 5,
  enterpriseKind: 6,
  orgCode: 7,
  brand: 8,
  merchant: 9,
  courier: 10,
  listEntry: 11,
  redList: 12,
} as const;

// ---------- citizen-ID space ----------
//
// A point of the space is (unit, birth day, sub-sequence). A district of weight w owns w
// units; unit b of a district covers sequence numbers b*100 … b*100+99 (spread over 000–999
// by a bijective multiplier), so populous districts get more codes and no two points give
// the same code. Parity of the sub-sequence is kept by the odd multiplier: it is the gender.

const BIRTH_FIRST_DAY = toDays('1950-01-01');
const BIRTH_DAY_COUNT = toDays('2005-12-31') - BIRTH_FIRST_DAY + 1;
const SUB_SEQUENCES = 100;
const SEQ_SPREAD = 337;
const SEQ_UNSPREAD = (() => {
  for (let x = 1; x < 1000; x++) if ((x * SEQ_SPREAD) % 1000 === 1) return x;
  throw new Error('sequence multiplier has no inverse mod 1000');
})();

interface Unit {
  district: District;
  block: number;
}
const UNITS: Unit[] = DISTRICTS.flatMap((district) => {
  if (district.weight > 10) throw new Error(`district weight above 10: ${district.code}`);
  return Array.from({ length: district.weight }, (_, block) => ({ district, block }));
});
const UNIT_INDEX = new Map(UNITS.map((u, i) => [`${u.district.code}:${u.block}`, i]));
const PERSON_SPACE = UNITS.length * BIRTH_DAY_COUNT * SUB_SEQUENCES;

interface PersonPoint {
  code: string;
  district: District;
  birthDate: IsoDate;
  gender: Gender;
}

function decodePersonPoint(p: number): PersonPoint {
  const s = p % SUB_SEQUENCES;
  const q = (p - s) / SUB_SEQUENCES;
  const day = q % BIRTH_DAY_COUNT;
  const unit = UNITS[(q - day) / BIRTH_DAY_COUNT]!;
  const seq = ((unit.block * SUB_SEQUENCES + s) * SEQ_SPREAD) % 1000;
  const birthDate = fromDays(BIRTH_FIRST_DAY + day);
  const first17 =
    unit.district.code + birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10) + String(seq).padStart(3, '0');
  return {
    code: first17 + citizenIdCheckChar(first17),
    district: unit.district,
    birthDate,
    gender: seq % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** The point a citizen ID occupies in the space, if it lies in it. */
function encodePersonCode(code: string): number | undefined {
  const day = toDays(`${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`) - BIRTH_FIRST_DAY;
  if (!(day >= 0 && day < BIRTH_DAY_COUNT)) return undefined;
  const x = (Number(code.slice(14, 17)) * SEQ_UNSPREAD) % 1000;
  const u = UNIT_INDEX.get(`${code.slice(0, 6)}:${Math.floor(x / SUB_SEQUENCES)}`);
  if (u === undefined) return undefined;
  return (u * BIRTH_DAY_COUNT + day) * SUB_SEQUENCES + (x % SUB_SEQUENCES);
}

// ---------- organisation-code space: `MA` + 6 characters of the USCC alphabet ----------

const ORG_BODY_LENGTH = 6;
const ORG_SPACE = 31 ** ORG_BODY_LENGTH;

function decodeOrgBody(p: number): string {
  let s = '';
  for (let i = 0; i < ORG_BODY_LENGTH; i++) {
    s = USCC_ALPHABET[p % 31]! + s;
    p = Math.floor(p / 31);
  }
  return s;
}

function encodeOrgBody(body: string): number | undefined {
  let p = 0;
  for (const ch of body) {
    const v = USCC_ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    p = p * 31 + v;
  }
  return p;
}

interface SeedSpaces {
  persons: PermutationWithHoles;
  orgs: PermutationWithHoles;
  brands: (i: number) => number;
}

const spacesBySeed = new Map<number, SeedSpaces>();

function spaces(seed: number): SeedSpaces {
  let s = spacesBySeed.get(seed);
  if (!s) {
    const showcase = loadShowcase();
    const personHoles = showcase.persons.map((p) => encodePersonCode(p.creditCode)).filter((x) => x !== undefined);
    const orgHoles = showcase.enterprises
      .filter((e) => e.creditCode.slice(8, 10) === 'MA')
      .map((e) => encodeOrgBody(e.creditCode.slice(10, 16)))
      .filter((x) => x !== undefined);
    s = {
      persons: permutationWithHoles(PERSON_SPACE, hash32(seed, STREAM.personCode), personHoles),
      orgs: permutationWithHoles(ORG_SPACE, hash32(seed, STREAM.orgCode), orgHoles),
      brands: feistelPermutation(BRAND_FIRST.length * BRAND_SECOND.length, hash32(seed, STREAM.brand)),
    };
    if (spacesBySeed.size > 32) spacesBySeed.clear();
    spacesBySeed.set(seed, s);
  }
  return s;
}

/** The citizen ID of synthetic person i: unique per (seed, i), never a showcase code. */
export function personCodeAt(seed: number, i: number): string {
  return decodePersonPoint(spaces(seed).persons.at(i)).code;
}

// ---------- persons: identity ----------

const SURNAME_TABLE = new Weighted(SURNAMES);
const DISTRICT_TABLE = new Weighted(DISTRICTS.map((x) => [x, x.weight] as const));
const MOBILE_TABLE = new Weighted(MOBILE_PREFIXES);

export interface PersonCore {
  index: number;
  code: string;
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  district: District;
}

function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  const male = gender === 'MALE';
  if (birthYear < 1968 && rng.chance(0.3)) return rng.pick(male ? ERA_NAMES.olderMale : ERA_NAMES.olderFemale);
  if (birthYear >= 1990 && rng.chance(0.3)) return rng.pick(male ? ERA_NAMES.youngerMale : ERA_NAMES.youngerFemale);
  if (rng.chance(0.3)) return rng.pick(male ? GIVEN_MALE_SINGLE : GIVEN_FEMALE_SINGLE);
  return male
    ? rng.pick(GIVEN_MALE_FIRST) + rng.pick(GIVEN_MALE_SECOND)
    : rng.pick(GIVEN_FEMALE_FIRST) + rng.pick(GIVEN_FEMALE_SECOND);
}

/** Identity of synthetic person i: what relations (officers, list entries) need to know. */
export function personCore(seed: number, i: number): PersonCore {
  const point = decodePersonPoint(spaces(seed).persons.at(i));
  const rng = rngFor(seed, STREAM.personName, i);
  const name = SURNAME_TABLE.pick(rng) + givenName(rng, point.gender, Number(point.birthDate.slice(0, 4)));
  return { index: i, code: point.code, name, gender: point.gender, birthDate: point.birthDate, district: point.district };
}

// ---------- enterprises: identity ----------

const KIND_TABLE = new Weighted<EnterpriseKind>([
  ['COURIER_COMPANY', 7],
  ['ECOMMERCE_COMPANY', 18],
  ['MANUFACTURER', 30],
  ['TRADING', 28],
  ['CONSTRUCTION', 10],
  ['CATERING', 7],
]);

export interface Platform {
  code: string;
  name: string;
  /** first part of merchant ids: `${slug}:shop:${number}` */
  slug: string;
  /** how the platform abbreviates itself in its own black-list numbers (云集黑〔2026〕0042号) */
  refAbbr: string;
  weight: number;
}

/** The showcase platform; synthetic merchants sell there too, so the platform client has a market to query. */
export const SHOWCASE_PLATFORM: Platform = {
  code: '91320191MA1C6D7E7F',
  name: '江苏云集网络科技有限公司',
  slug: 'yunji',
  refAbbr: '云集',
  weight: 4,
};

const FIXED_PLATFORMS: Record<number, { name: string; slug: string; refAbbr: string; division: string; weight: number }> = {
  0: { name: '江苏惠邻网络科技有限公司', slug: 'huilin', refAbbr: '惠邻', division: '320106', weight: 3 },
  2: { name: '南京鲜到家电子商务有限公司', slug: 'xiandaojia', refAbbr: '鲜到家', division: '320105', weight: 2 },
  4: { name: '苏州集市通网络科技有限公司', slug: 'jishitong', refAbbr: '集市通', division: '320505', weight: 2 },
};

export interface EnterpriseCore {
  index: number;
  code: string;
  name: string;
  kind: EnterpriseKind;
  district: District;
  registeredAt: IsoDate;
  status: EnterpriseDoc['status'];
  /** the two-character trade name, reused for shop names */
  brand: string;
}

export function enterpriseKindAt(seed: number, k: number): EnterpriseKind {
  return FIXED_KINDS[k] ?? KIND_TABLE.pick(rngFor(seed, STREAM.enterpriseKind, k));
}

const STATUS_TABLE = new Weighted<EnterpriseDoc['status']>([
  ['OPERATING', 88],
  ['SUSPENDED', 3],
  ['REVOKED', 3],
  ['DEREGISTERED', 6],
]);

/** Identity of synthetic enterprise k. */
export function enterpriseCore(seed: number, k: number): EnterpriseCore {
  const sp = spaces(seed);
  const rng = rngFor(seed, STREAM.enterpriseCore, k);
  const kind = enterpriseKindAt(seed, k);
  const fixed = FIXED_PLATFORMS[k];
  const district = (fixed && districtByCode(fixed.division)) || DISTRICT_TABLE.pick(rng);
  const code = makeCreditCode(district.code, `MA${decodeOrgBody(sp.orgs.at(k))}`);
  const brandSpace = BRAND_FIRST.length * BRAND_SECOND.length;
  const b = sp.brands(k % brandSpace);
  const brand = BRAND_FIRST[Math.floor(b / BRAND_SECOND.length)]! + BRAND_SECOND[b % BRAND_SECOND.length]!;
  // county-level cities name their firms after themselves (昆山…), districts after the city (南京…)
  const place = district.name.endsWith('区') ? district.city.name.slice(0, -1) : district.name.slice(0, -1);
  const name = fixed ? fixed.name : `${place}${brand}${rng.pick(ENTERPRISE_WORDS[kind]!)}有限公司`;
  const registeredAt = kind === 'PLATFORM_OPERATOR' ? rng.date('2010-01-01', '2016-12-31') : rng.date('1998-01-01', '2025-12-31');
  const status = kind === 'PLATFORM_OPERATOR' ? 'OPERATING' : STATUS_TABLE.pick(rng);
  return { index: k, code, name, kind, district, registeredAt, status, brand };
}

/** The credit code of synthetic enterprise k: unique per (seed, k), never a showcase code. */
export function enterpriseCodeAt(seed: number, k: number): string {
  return enterpriseCore(seed, k).code;
}

// ---------- the generation context ----------

interface CourierCompanyRef {
  code: string;
  registeredAt: IsoDate;
  /** synthetic enterprise index; undefined for a showcase company */
  index?: number;
}

interface ConsentClient {
  id: string;
  kind: ClientKind;
  purpose: Purpose;
}

interface Context {
  seed: number;
  asOf: IsoDate;
  opts: Required<SyntheticOptions>;
  courierStride: number;
  courierPersonCache: Map<number, number>;
  courierCompanies: CourierCompanyRef[];
  platforms: Weighted<Platform>;
  consentClients: ConsentClient[];
}

function checkOptions(opts: SyntheticOptions): Required<SyntheticOptions> {
  const full: Required<SyntheticOptions> = { seed: DEFAULT_SEED, asOf: SEED_AS_OF, ...opts };
  for (const key of ['persons', 'enterprises', 'merchants', 'couriers', 'listEntries'] as const) {
    const n = full[key];
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${key} must be a non-negative integer, not ${n}`);
  }
  if (!Number.isInteger(full.seed)) throw new RangeError(`seed must be an integer, not ${full.seed}`);
  if (full.couriers > full.persons) throw new RangeError('every courier is a person: couriers cannot exceed persons');
  if (full.enterprises > 0 && full.persons === 0) throw new RangeError('enterprises need persons as legal representatives');
  if ((full.merchants > 0 || full.listEntries > 0) && full.persons + full.enterprises === 0) {
    throw new RangeError('merchants and list entries need persons or enterprises as subjects');
  }
  if (full.persons > spaces(full.seed).persons.capacity) throw new RangeError('more persons than citizen IDs in the space');
  return full;
}

function makeContext(opts: SyntheticOptions): Context {
  const full = checkOptions(opts);
  const showcase = loadShowcase();
  const courierCompanies: CourierCompanyRef[] = [];
  for (let k = 0; k < full.enterprises; k++) {
    if (enterpriseKindAt(full.seed, k) === 'COURIER_COMPANY') {
      const core = enterpriseCore(full.seed, k);
      courierCompanies.push({ code: core.code, registeredAt: core.registeredAt, index: k });
    }
  }
  if (courierCompanies.length === 0) {
    // too few synthetic enterprises to have a courier company: couriers join the showcase ones
    for (const e of showcase.enterprises) {
      if (e.courierGrade) courierCompanies.push({ code: e.creditCode, registeredAt: e.registeredAt });
    }
  }
  const platforms: [Platform, number][] = [[SHOWCASE_PLATFORM, SHOWCASE_PLATFORM.weight]];
  for (const [k, p] of Object.entries(FIXED_PLATFORMS)) {
    if (Number(k) < full.enterprises) {
      const { name, slug, refAbbr, weight } = p;
      platforms.push([{ code: enterpriseCodeAt(full.seed, Number(k)), name, slug, refAbbr, weight }, weight]);
    }
  }
  const consentPurposes: ReadonlySet<Purpose> = new Set<Purpose>([
    'LOAN_UNDERWRITING',
    'EMPLOYMENT_SCREENING',
    'MERCHANT_ONBOARDING',
  ]);
  const consentClients = showcase.clients.flatMap((c) =>
    c.purposes.filter((p) => consentPurposes.has(p)).map((purpose) => ({ id: c.id, kind: c.kind, purpose })),
  );
  return {
    seed: full.seed,
    asOf: full.asOf,
    opts: full,
    courierStride: full.couriers > 0 ? Math.floor(full.persons / full.couriers) : 0,
    courierPersonCache: new Map(),
    courierCompanies,
    platforms: new Weighted(platforms),
    consentClients,
  };
}

function ageOn(birthDate: IsoDate, day: IsoDate): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Courier c is the first person of block c (persons c*stride … c*stride+stride-1) of
 * working age, so the person generator can tell from its own index whether it is one.
 */
function courierPersonIndex(ctx: Context, c: number): number {
  const cached = ctx.courierPersonCache.get(c);
  if (cached !== undefined) return cached;
  const start = c * ctx.courierStride;
  let chosen = start;
  for (let i = start; i < start + ctx.courierStride; i++) {
    const birthDate = decodePersonPoint(spaces(ctx.seed).persons.at(i)).birthDate;
    const age = ageOn(birthDate, ctx.asOf);
    if (age >= 20 && age <= 55) {
      chosen = i;
      break;
    }
  }
  if (ctx.courierPersonCache.size > 4096) ctx.courierPersonCache.clear();
  ctx.courierPersonCache.set(c, chosen);
  return chosen;
}

function isCourier(ctx: Context, i: number): boolean {
  if (ctx.courierStride === 0) return false;
  const c = Math.floor(i / ctx.courierStride);
  return c < ctx.opts.couriers && courierPersonIndex(ctx, c) === i;
}

// ---------- small helpers ----------

function timestamp(rng: Rng, day: IsoDate): string {
  // office hours in China (UTC+8): 09:00–18:59 local is 01–10 UTC
  const hh = String(rng.int(1, 10)).padStart(2, '0');
  const mm = String(rng.int(0, 59)).padStart(2, '0');
  const ss = String(rng.int(0, 59)).padStart(2, '0');
  return `${day}T${hh}:${mm}:${ss}.000Z`;
}

/** Minimum display period before a fact may be repaired (domain.md section 6). */
function earliestRepair(decidedAt: IsoDate, severity: Severity): IsoDate {
  if (severity === 'SERIOUS') return addYears(decidedAt, 1);
  if (severity === 'GENERAL') return addMonths(decidedAt, 3);
  return decidedAt;
}

/** Marks a fact REPAIRED with probability p, when its minimum period has passed. */
function maybeRepair<T extends { status: string; repairedAt?: IsoDate }>(
  rng: Rng,
  fact: T,
  decidedAt: IsoDate,
  severity: Severity,
  asOf: IsoDate,
  p: number,
): T {
  const from = addDays(earliestRepair(decidedAt, severity), 1);
  if (from <= asOf && rng.chance(p)) {
    fact.status = 'REPAIRED';
    fact.repairedAt = rng.date(from, minDate(asOf, addYears(from, 2)));
  }
  return fact;
}

// ---------- persons: full record ----------

const OCCUPATION_TABLE = new Weighted(OCCUPATIONS.map((o) => [o, o.weight] as const));

const REVOKING = /吊销|撤销/;
const SUSPENDING = /暂停|停止/;

function personAddress(rng: Rng, home: District): string {
  const d = rng.chance(0.85) ? home : DISTRICT_TABLE.pick(rng);
  const place = placeName(d);
  const rural = !d.name.endsWith('区');
  const roll = rng.next();
  if (rural && roll < 0.25) return `${place}${rng.pick(TOWNS)}镇${rng.pick(VILLAGES)}村${rng.int(1, 12)}组${rng.int(1, 80)}号`;
  if (roll < 0.6) {
    return `${place}${rng.pick(STREETS)}${rng.int(1, 400)}号${rng.int(1, 30)}幢${rng.int(1, 3)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
  }
  return `${place}${rng.pick(BRAND_FIRST)}${rng.pick(BRAND_SECOND)}${rng.pick(RESIDENCE_SUFFIXES)}${rng.int(1, 40)}幢${rng.int(1, 26)}0${rng.int(1, 4)}室`;
}

/**
 * One licence. Its status follows from its misconduct: a revoking measure revokes it, a
 * suspension decided within the last year suspends it. A working courier keeps a valid
 * licence, so only mild cases are drawn for one.
 */
function occupation(
  rng: Rng,
  ctx: Context,
  core: PersonCore,
  spec: OccupationSpec,
  slot: number,
  working: boolean,
): OccupationDoc | undefined {
  const birthYear = Number(core.birthDate.slice(0, 4));
  const asOfYear = Number(ctx.asOf.slice(0, 4));
  const firstYear = Math.max(birthYear + spec.minAge, 1990);
  if (firstYear > asOfYear - 1) return undefined;
  const year = rng.int(firstYear, asOfYear - 1);
  const city = core.district.city;
  const mild = ([, measure]: OccupationSpec['misconduct'][number]) => !REVOKING.test(measure) && !SUSPENDING.test(measure);
  const cases = working ? spec.misconduct.filter(mild) : spec.misconduct;
  const roll = rng.next();
  const count = roll < 0.01 ? 2 : roll < 0.07 ? 1 : 0;
  const misconduct: MisconductDoc[] = [];
  for (let m = 0; m < count; m++) {
    const [what, measure, severity] = rng.pick(cases);
    const decidedAt = rng.date(maxDate(`${year}-03-01`, '2014-01-01'), ctx.asOf);
    const n = 1000 + (core.index * 2 + slot) * 2 + m;
    const fact: MisconductDoc = {
      ref: `${spec.refPrefix(city)}〔${decidedAt.slice(0, 4)}〕${n}号`,
      what,
      measure,
      authority: spec.authority(city),
      decidedAt,
      severity,
      status: 'ACTIVE',
    };
    misconduct.push(maybeRepair(rng, fact, decidedAt, severity, ctx.asOf, 0.1));
  }
  const lastYear = addYears(ctx.asOf, -1);
  const status: OccupationDoc['status'] = misconduct.some((m) => REVOKING.test(m.measure))
    ? 'REVOKED'
    : misconduct.some((m) => SUSPENDING.test(m.measure) && m.decidedAt > lastYear)
      ? 'SUSPENDED'
      : !working && rng.chance(0.06)
        ? 'EXPIRED'
        : 'VALID';
  return {
    occupation: spec.occupation,
    licenseNo: spec.licence(rng, year, core.district),
    issuer: spec.issuer(city),
    status,
    misconduct,
  };
}

function financialDefault(rng: Rng, ctx: Context, core: PersonCore, k: number): FinancialDefaultDoc | undefined {
  const from = maxDate(addYears(core.birthDate, 20), '2016-01-01');
  const to = addDays(ctx.asOf, -60);
  if (from > to) return undefined;
  const lender = rng.pick(LENDERS);
  const product = rng.pick(LOAN_PRODUCTS);
  const overdueSince = rng.date(from, to);
  const doc: FinancialDefaultDoc = {
    _id: '',
    ref: `${lender.code}-${product.code}-${overdueSince.slice(0, 4)}-${String(core.index * 2 + k).padStart(7, '0')}`,
    subject: core.code,
    lender: lender.name,
    product: product.name,
    overdueAmount: rng.float(product.min, product.max, 2),
    overdueSince,
    repayment: 'OVERDUE',
    authority: lender.name,
    decidedAt: overdueSince,
    severity: 'SERIOUS',
    status: 'ACTIVE',
    displayUntil: null,
  };
  doc._id = doc.ref;
  const settleFrom = addDays(overdueSince, 30);
  if (settleFrom <= ctx.asOf && rng.chance(0.4)) {
    doc.repayment = 'SETTLED';
    doc.settledAt = rng.date(settleFrom, minDate(ctx.asOf, addDays(overdueSince, 1200)));
    doc.displayUntil = addYears(doc.settledAt, DEFAULT_RETENTION_YEARS);
  }
  return doc;
}

/** Fact classes a seeded query record lists, per purpose, sorted as the audit writes them. */
export const QUERY_RECORD_CLASSES: Readonly<Record<Purpose, readonly FactClass[]>> = {
  LOAN_UNDERWRITING: ['ADMIN_PENALTY', 'COURT_LIST', 'CREDIT_SCORE', 'FINANCIAL_DEFAULT', 'IDENTITY', 'TAX_VIOLATION'],
  EMPLOYMENT_SCREENING: ['COURT_LIST', 'IDENTITY', 'OCCUPATION'],
  MERCHANT_ONBOARDING: ['ADMIN_PENALTY', 'COURT_LIST', 'ECOMMERCE', 'IDENTITY'],
  SUPERVISION: [],
  SELF_ACCESS: [],
  PUBLIC: [],
};

const CONSENT_MONTHS = [1, 3, 6, 12, 12, 24] as const;

function consentsFor(
  rng: Rng,
  ctx: Context,
  core: PersonCore,
  hasDefault: boolean,
): { consents: ConsentDoc[]; queries: QueryRecordDoc[] } {
  const consents: ConsentDoc[] = [];
  const queries: QueryRecordDoc[] = [];
  if (ctx.consentClients.length === 0 || !rng.chance(hasDefault ? 0.5 : 0.08)) return { consents, queries };
  const adultFrom = addYears(core.birthDate, 18);
  const from = maxDate('2023-01-01', adultFrom);
  if (from > ctx.asOf) return { consents, queries };
  const clients = rng.sample(ctx.consentClients, rng.int(1, 2));
  for (const client of clients) {
    const grantedAt = rng.date(from, ctx.asOf);
    const expiresAt = addMonths(grantedAt, rng.pick(CONSENT_MONTHS));
    const consent: ConsentDoc = {
      _id: `${core.code}:${client.id}:${client.purpose}:${grantedAt}`,
      subject: core.code,
      client: client.id,
      purpose: client.purpose,
      grantedAt,
      expiresAt,
    };
    let usableUntil = minDate(expiresAt, ctx.asOf);
    if (rng.chance(0.1)) {
      const revokedOn = rng.date(grantedAt, usableUntil);
      consent.revokedAt = timestamp(rng, revokedOn);
      usableUntil = revokedOn;
    }
    consents.push(consent);
    const n = rng.int(0, 2);
    for (let q = 0; q < n; q++) {
      const seq = queries.length;
      queries.push({
        _id: `seed:${ctx.seed}:${core.index}:${seq}`,
        at: timestamp(rng, rng.date(grantedAt, usableUntil)),
        requestId: `seed-${ctx.seed}-${core.index}-${seq}`,
        subgraph: 'persons',
        client: client.id,
        clientKind: client.kind,
        purpose: client.purpose,
        subjects: [core.code],
        consents: [consent._id],
        classes: [...QUERY_RECORD_CLASSES[client.purpose]],
        denied: [],
      });
    }
  }
  return { consents, queries };
}

interface PersonRecords {
  person: PersonDoc;
  defaults: FinancialDefaultDoc[];
  consents: ConsentDoc[];
  queries: QueryRecordDoc[];
}

function personRecords(ctx: Context, i: number): PersonRecords {
  const core = personCore(ctx.seed, i);
  const rng = rngFor(ctx.seed, STREAM.person, i);
  const phone = MOBILE_TABLE.pick(rng) + rng.digits(8);
  const address = personAddress(rng, core.district);

  const occupations: OccupationDoc[] = [];
  if (isCourier(ctx, i)) {
    const o = occupation(rng, ctx, core, COURIER_OCCUPATION, 0, true);
    if (o) occupations.push(o);
  } else {
    const roll = rng.next();
    const count = roll < 0.03 ? 2 : roll < 0.25 ? 1 : 0;
    const seen = new Set<string>();
    for (let slot = 0; slot < count; slot++) {
      const spec = OCCUPATION_TABLE.pick(rng);
      if (seen.has(spec.occupation)) continue;
      seen.add(spec.occupation);
      const o = occupation(rng, ctx, core, spec, slot, false);
      if (o) occupations.push(o);
    }
  }

  const defaults: FinancialDefaultDoc[] = [];
  if (rng.chance(0.03)) {
    const n = rng.chance(0.15) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const f = financialDefault(rng, ctx, core, k);
      if (f) defaults.push(f);
    }
  }
  const { consents, queries } = consentsFor(rng, ctx, core, defaults.length > 0);

  return {
    person: {
      _id: core.code,
      creditCode: core.code,
      name: core.name,
      gender: core.gender,
      birthDate: core.birthDate,
      phone,
      address,
      occupations,
    },
    defaults,
    consents,
    queries,
  };
}

// ---------- enterprises: full record ----------

function agenciesFor(kind: EnterpriseKind): PenaltyAgency[] {
  return PENALTY_AGENCIES.filter((a) => a.kinds === 'ALL' || a.kinds.includes(kind));
}

const GRADE_TABLE = new Weighted<CourierCompanyDoc['grade']>([
  ['A', 30],
  ['B', 40],
  ['C', 20],
  ['D', 10],
]);

interface EnterpriseRecords {
  enterprise: EnterpriseDoc;
  officers: OfficerDoc[];
  penalties: PenaltyDoc[];
  courierCompany?: CourierCompanyDoc;
}

function enterpriseRecords(ctx: Context, k: number): EnterpriseRecords {
  const core = enterpriseCore(ctx.seed, k);
  const rng = rngFor(ctx.seed, STREAM.enterprise, k);
  const city = core.district.city;

  const officerAgeOk = (p: number) => ageOn(personCore(ctx.seed, p).birthDate, core.registeredAt) >= 23;
  let rep = rng.int(0, ctx.opts.persons - 1);
  for (let tries = 0; tries < 20 && !officerAgeOk(rep); tries++) rep = rng.int(0, ctx.opts.persons - 1);
  const repCore = personCore(ctx.seed, rep);
  const repCode = repCore.code;

  const officers: OfficerDoc[] = [
    {
      _id: `${core.code}:${repCode}:LEGAL_REPRESENTATIVE`,
      enterprise: core.code,
      person: repCode,
      name: repCore.name,
      role: 'LEGAL_REPRESENTATIVE',
      since: core.registeredAt,
    },
  ];
  const roles: OfficerDoc['role'][] = [];
  for (let n = rng.int(0, 3); n > 0; n--) roles.push('DIRECTOR');
  if (rng.chance(0.5)) roles.push('SUPERVISOR');
  for (let n = rng.int(0, 2); n > 0; n--) roles.push('SENIOR_MANAGER');
  const taken = new Set<number>([rep]);
  const latest = maxDate(core.registeredAt, addDays(ctx.asOf, -30));
  for (const role of roles) {
    const p = rng.int(0, ctx.opts.persons - 1);
    if (taken.has(p)) continue;
    taken.add(p);
    const officer = personCore(ctx.seed, p);
    officers.push({
      _id: `${core.code}:${officer.code}:${role}`,
      enterprise: core.code,
      person: officer.code,
      name: officer.name,
      role,
      since: rng.chance(0.6) ? core.registeredAt : rng.date(core.registeredAt, latest),
    });
  }

  const commitments: CommitmentDoc[] = [];
  if (rng.chance(0.3)) {
    const madeAt = rng.date(maxDate(core.registeredAt, '2018-01-01'), maxDate(ctx.asOf, core.registeredAt));
    commitments.push({ ref: `承诺${madeAt.slice(0, 4)}-${1000 + k}`, text: rng.pick(COMMITMENT_TEXTS), madeAt });
  }

  const street = rng.pick(STREETS);
  const address = rng.chance(0.5)
    ? `${placeName(core.district)}${street}${rng.int(1, 500)}号`
    : `${placeName(core.district)}${street}${rng.int(1, 500)}号${rng.int(1, 12)}幢${rng.int(1, 25)}0${rng.int(1, 9)}室`;

  const penalties: PenaltyDoc[] = [];
  if (rng.chance(0.1)) {
    const agencies = agenciesFor(core.kind);
    const n = rng.chance(0.3) ? 2 : 1;
    for (let j = 0; j < n; j++) {
      const agency = rng.pick(agencies);
      const [what, measure, severity] = rng.pick(agency.cases);
      const decidedAt = rng.date(maxDate(addDays(core.registeredAt, 60), '2016-01-01'), maxDate(ctx.asOf, '2016-01-01'));
      // odd numbers: the even ones belong to penalties published on the sanctions lists
      const ref = `${city.abbr}${agency.prefix}〔${decidedAt.slice(0, 4)}〕${1001 + 2 * (k * 2 + j)}号`;
      const doc: PenaltyDoc = {
        _id: ref,
        ref,
        subject: core.code,
        what,
        measure,
        authority: `${city.name}${agency.agency}`,
        decidedAt,
        severity,
        status: 'ACTIVE',
      };
      penalties.push(maybeRepair(rng, doc, decidedAt, severity, ctx.asOf, 0.15));
    }
  }

  let courierCompany: CourierCompanyDoc | undefined;
  if (core.kind === 'COURIER_COMPANY') {
    const grade = GRADE_TABLE.pick(rng);
    const [lo, hi] = COMPLAINT_RATE[grade];
    const licenceStatus: CourierCompanyDoc['license']['status'] =
      core.status === 'REVOKED' || core.status === 'DEREGISTERED'
        ? 'REVOKED'
        : grade === 'D' && rng.chance(0.3)
          ? 'SUSPENDED'
          : 'VALID';
    const warnings = grade === 'D' ? rng.int(1, 2) : grade === 'C' ? rng.int(0, 1) : 0;
    courierCompany = {
      _id: core.code,
      creditCode: core.code,
      license: { no: `邮政快递许可苏${city.plate}${core.registeredAt.slice(0, 4)}-${1000 + k}`, status: licenceStatus },
      grade,
      complaintRatePerMillion: rng.float(lo, hi, 1),
      serviceWarnings: Array.from({ length: warnings }, (_, j) => {
        const issuedAt = rng.date(maxDate(core.registeredAt, '2019-01-01'), maxDate(ctx.asOf, core.registeredAt));
        return {
          ref: `${city.abbr}邮管警〔${issuedAt.slice(0, 4)}〕${100 + k * 2 + j}号`,
          reason: rng.pick(WARNING_REASONS),
          issuedAt,
        };
      }),
    };
  }

  const enterprise: EnterpriseDoc = {
    _id: core.code,
    creditCode: core.code,
    name: core.name,
    kind: core.kind,
    legalRepresentative: repCode,
    legalRepresentativeName: repCore.name,
    registeredAt: core.registeredAt,
    status: core.status,
    address,
    registeredCapital: rng.pick(CAPITAL[core.kind]),
    commitments,
  };
  return courierCompany ? { enterprise, officers, penalties, courierCompany } : { enterprise, officers, penalties };
}

// ---------- merchants ----------

const MERCHANT_STATUS = new Weighted<MerchantDoc['status']>([
  ['ACTIVE', 93],
  ['CLOSED', 5],
  ['HIDDEN', 2],
]);

interface MerchantRecord {
  doc: MerchantDoc;
  platform: Platform;
  /** index of the operating person or enterprise, for list entries that name the operator */
  operatorIndex: number;
}

function merchantRecord(ctx: Context, m: number): MerchantRecord {
  const rng = rngFor(ctx.seed, STREAM.merchant, m);
  const platform = ctx.platforms.pick(rng);
  const byPerson = ctx.opts.enterprises === 0 || (ctx.opts.persons > 0 && rng.chance(0.55));
  let operator: string;
  let operatorKind: SubjectKind;
  let operatorName: string;
  let operatorIndex: number;
  let shopName: string;
  if (byPerson) {
    const p = personCore(ctx.seed, rng.int(0, ctx.opts.persons - 1));
    operatorIndex = p.index;
    operatorName = p.name;
    operator = p.code;
    operatorKind = 'PERSON';
    const style = rng.int(0, 3);
    shopName =
      style === 0
        ? `${p.name}小铺`
        : style === 1
          ? `${p.name.slice(-1)}家${rng.pick(SHOP_CATEGORIES)}店`
          : style === 2
            ? `${p.district.name.slice(0, -1)}${rng.pick(SHOP_CATEGORIES)}优选`
            : `${p.name.slice(0, 1)}记${rng.pick(SHOP_CATEGORIES)}`;
  } else {
    let e = enterpriseCore(ctx.seed, rng.int(0, ctx.opts.enterprises - 1));
    for (let tries = 0; tries < 5 && (e.kind === 'PLATFORM_OPERATOR' || e.kind === 'COURIER_COMPANY'); tries++) {
      e = enterpriseCore(ctx.seed, rng.int(0, ctx.opts.enterprises - 1));
    }
    operator = e.code;
    operatorKind = 'ORGANISATION';
    operatorIndex = e.index;
    operatorName = e.name;
    shopName = `${e.brand}${rng.pick(SHOP_CATEGORIES)}${rng.pick(['旗舰店', '专营店', '官方店'])}`;
  }

  const ratingCount = Math.floor(Math.exp(rng.next() * Math.log(60_000)));
  const violations: ViolationDoc[] = [];
  if (rng.chance(0.12)) {
    const n = rng.chance(0.25) ? 2 : 1;
    for (let j = 0; j < n; j++) {
      const kind = VIOLATION_KINDS.pick(rng);
      const severity = VIOLATION_SEVERITY[kind].pick(rng);
      const decidedAt = rng.date('2021-01-01', ctx.asOf);
      const v: ViolationDoc = {
        ref: `EV-${decidedAt.slice(0, 4)}-${10000 + m * 2 + j}`,
        kind,
        what: VIOLATION_TEXT[kind](rng),
        measure: rng.pick(VIOLATION_MEASURES[severity]),
        authority: platform.name,
        decidedAt,
        severity,
        status: 'ACTIVE',
      };
      violations.push(maybeRepair(rng, v, decidedAt, severity, ctx.asOf, 0.1));
    }
  }
  const serious = violations.some((v) => v.severity === 'SERIOUS' && v.status === 'ACTIVE');
  const status: MerchantDoc['status'] = serious
    ? rng.pick(['RESTRICTED', 'RESTRICTED', 'HIDDEN', 'CLOSED'] as const)
    : violations.length > 0 && rng.chance(0.3)
      ? 'RESTRICTED'
      : MERCHANT_STATUS.pick(rng);
  const rating = violations.length > 0 ? rng.float(2.5, 4.5, 1) : rng.float(3.8, 5, 1);
  const baseComplaints = violations.length > 0 ? rng.int(5, 40) : rng.int(0, 3);
  const complaints90d = Math.floor((ratingCount / 1000) * rng.float(0, 3, 2) + baseComplaints);

  const doc: MerchantDoc = {
    _id: `${platform.slug}:shop:${400000 + m}`,
    id: `${platform.slug}:shop:${400000 + m}`,
    platform: platform.code,
    shopName,
    operator,
    operatorKind,
    operatorName,
    realNameVerified: rng.chance(0.96),
    licenseDisplayed: rng.chance(operatorKind === 'ORGANISATION' ? 0.92 : 0.7),
    rating,
    ratingCount,
    complaints90d,
    status,
    violations,
  };
  return { doc, platform, operatorIndex };
}

// ---------- couriers ----------

function courierRecord(ctx: Context, c: number): CourierDoc {
  const rng = rngFor(ctx.seed, STREAM.courier, c);
  const person = personCore(ctx.seed, courierPersonIndex(ctx, c));
  const company = rng.pick(ctx.courierCompanies);
  const from = maxDate(company.registeredAt, addYears(person.birthDate, 19));
  const since = rng.date(from, maxDate(from, addDays(ctx.asOf, -30)));
  const activeFrom = maxDate(since, '2020-01-01');
  const end = maxDate(activeFrom, ctx.asOf);
  const complaints = Array.from({ length: rng.chance(0.6) ? rng.int(0, 2) : rng.int(0, 5) }, (_, j) => {
    const at = rng.date(activeFrom, end);
    return { ref: `CP-${at.slice(0, 4)}-${20000 + c * 5 + j}`, reason: rng.pick(COMPLAINT_REASONS), at };
  });
  const trafficViolations = Array.from({ length: rng.chance(0.7) ? 0 : rng.int(1, 2) }, (_, j) => {
    const at = rng.date(activeFrom, end);
    return {
      ref: `苏${person.district.city.plate}交违${at.slice(0, 4)}-${String(100000 + c * 3 + j).padStart(6, '0')}`,
      what: rng.pick(TRAFFIC_VIOLATIONS),
      at,
    };
  });
  return {
    _id: person.code,
    person: person.code,
    company: company.code,
    since,
    rating: rng.float(complaints.length > 2 ? 3 : 3.8, 5, 1),
    complaints: complaints.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    trafficViolations,
  };
}

// ---------- list entries ----------

const LIST_KINDS: readonly ListKind[] = [
  'DISHONEST_JUDGMENT_DEBTOR',
  'MAJOR_TAX_VIOLATION',
  'ECOMMERCE_BLACKLIST',
  'COURIER_BLACKLIST',
  'SERIOUS_DISHONESTY',
  'ADMINISTRATIVE_PENALTY',
];
const LIST_TABLE = new Weighted<ListKind>([
  ['DISHONEST_JUDGMENT_DEBTOR', 30],
  ['ADMINISTRATIVE_PENALTY', 25],
  ['MAJOR_TAX_VIOLATION', 12],
  ['SERIOUS_DISHONESTY', 13],
  ['ECOMMERCE_BLACKLIST', 12],
  ['COURIER_BLACKLIST', 8],
]);

interface Subject {
  code: string;
  kind: SubjectKind;
  name: string;
  /** earliest day a fact about the subject can be dated: adulthood or registration */
  from: IsoDate;
  city: City;
}

function personSubject(ctx: Context, i: number): Subject {
  const p = personCore(ctx.seed, i);
  return { code: p.code, kind: 'PERSON', name: p.name, from: addYears(p.birthDate, 18), city: p.district.city };
}

function enterpriseSubject(ctx: Context, k: number): Subject {
  const e = enterpriseCore(ctx.seed, k);
  return { code: e.code, kind: 'ORGANISATION', name: e.name, from: addDays(e.registeredAt, 90), city: e.district.city };
}

/** A person with probability pPerson (when both kinds exist). */
function someSubject(rng: Rng, ctx: Context, pPerson: number): Subject {
  const { persons, enterprises } = ctx.opts;
  const person = enterprises === 0 || (persons > 0 && rng.chance(pPerson));
  return person ? personSubject(ctx, rng.int(0, persons - 1)) : enterpriseSubject(ctx, rng.int(0, enterprises - 1));
}

function someMeasures(rng: Rng, always: readonly Measure[], optional: readonly Measure[], p: number): Measure[] {
  return [...always, ...optional.filter(() => rng.chance(p))];
}

interface ListRecords {
  entry: SanctionEntryDoc;
  objection?: ObjectionDoc;
}

function listRecords(ctx: Context, j: number): ListRecords | undefined {
  const rng = rngFor(ctx.seed, STREAM.listEntry, j);
  const list = LIST_KINDS[j] ?? LIST_TABLE.pick(rng);
  const n = 1000 + j * 3 + rng.int(0, 2);

  let subject: Subject;
  let platform: Platform | undefined;
  if (list === 'ECOMMERCE_BLACKLIST' && ctx.opts.merchants > 0) {
    const merchant = merchantRecord(ctx, rng.int(0, ctx.opts.merchants - 1));
    subject =
      merchant.doc.operatorKind === 'PERSON'
        ? personSubject(ctx, merchant.operatorIndex)
        : enterpriseSubject(ctx, merchant.operatorIndex);
    platform = merchant.platform;
  } else if (list === 'COURIER_BLACKLIST' && ctx.opts.couriers > 0 && rng.chance(0.4)) {
    subject = personSubject(ctx, courierPersonIndex(ctx, rng.int(0, ctx.opts.couriers - 1)));
  } else if (list === 'COURIER_BLACKLIST' && ctx.opts.enterprises > 0) {
    const k = rng.pick(ctx.courierCompanies).index;
    subject = k === undefined ? someSubject(rng, ctx, 0.3) : enterpriseSubject(ctx, k);
  } else {
    const pPerson: Record<ListKind, number> = {
      DISHONEST_JUDGMENT_DEBTOR: 0.7,
      MAJOR_TAX_VIOLATION: 0.2,
      ECOMMERCE_BLACKLIST: 0.5,
      COURIER_BLACKLIST: 0.4,
      SERIOUS_DISHONESTY: 0.3,
      ADMINISTRATIVE_PENALTY: 0.5,
    };
    subject = someSubject(rng, ctx, pPerson[list]);
  }
  const from = maxDate(subject.from, list === 'ECOMMERCE_BLACKLIST' ? '2019-01-01' : '2017-01-01');
  if (from > ctx.asOf) return undefined;
  const listedAt = rng.date(from, ctx.asOf);
  const year = listedAt.slice(0, 4);
  const city = subject.city;
  const isPerson = subject.kind === 'PERSON';
  let severity = sanctionSeverity(list);

  let authority: string;
  let ref: string;
  let basis: string;
  let obligation: string | undefined;
  let measures: Measure[];
  let displayUntil: IsoDate | null;
  let removable = false;

  switch (list) {
    case 'DISHONEST_JUDGMENT_DEBTOR': {
      const intermediate = rng.chance(0.3);
      const district = DISTRICTS.filter((x) => x.city === city);
      const court = intermediate
        ? { name: `${city.name}中级人民法院`, code: city.court }
        : basicCourt(district.length > 0 ? rng.pick(district) : DISTRICT_TABLE.pick(rng));
      authority = court.name;
      const caseYear = Number(year) - (rng.chance(0.4) ? 1 : 0);
      ref = `(${caseYear})${court.code}执${n + 1000}号`;
      basis = DJD_BASES.pick(rng);
      obligation = `${rng.pick(OBLIGATIONS)} ${formatYuan(rng.int(8, 2000) * 1000 + rng.pick([0, 0, 500, 888]))} 元`;
      measures = isPerson
        ? someMeasures(rng, ['HIGH_CONSUMPTION', 'AIR_TRAVEL', 'HIGH_SPEED_RAIL'], ['CIVIL_SERVICE_HIRING', 'FINANCING'], 0.4)
        : someMeasures(rng, ['HIGH_CONSUMPTION', 'GOVERNMENT_PROCUREMENT', 'FINANCING'], ['MARKET_ENTRY'], 0.3);
      // refusing to perform has no fixed term; the other grounds list for 2 years, extendable by 1–3
      displayUntil = basis === REFUSING ? null : addYears(listedAt, 2 + (rng.chance(0.2) ? rng.int(1, 3) : 0));
      removable = true;
      break;
    }
    case 'MAJOR_TAX_VIOLATION': {
      authority = rng.chance(0.7) ? `国家税务总局${city.name}税务局稽查局` : '国家税务总局江苏省税务局稽查局';
      ref = `${authority.includes('江苏省') ? '苏' : city.abbr}税稽罚〔${year}〕${n}号`;
      basis = rng.pick(TAX_BASES);
      measures = isPerson
        ? someMeasures(rng, ['FINANCING'], ['HIGH_CONSUMPTION', 'AIR_TRAVEL', 'CIVIL_SERVICE_HIRING'], 0.5)
        : someMeasures(rng, ['FINANCING', 'GOVERNMENT_PROCUREMENT'], ['MARKET_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'], 0.5);
      displayUntil = addYears(listedAt, 3);
      break;
    }
    case 'ECOMMERCE_BLACKLIST': {
      platform ??= ctx.platforms.pick(rng);
      authority = platform.name;
      ref = `${platform.refAbbr}黑〔${year}〕${String(n).padStart(4, '0')}号`;
      basis = rng.pick(ECOMMERCE_BASES);
      measures = someMeasures(rng, ['PLATFORM_ENTRY'], ['MARKET_ENTRY'], 0.15);
      displayUntil = addYears(listedAt, 1);
      break;
    }
    case 'COURIER_BLACKLIST': {
      const provincial = rng.chance(0.4);
      authority = provincial ? '江苏省邮政管理局' : `${city.name}邮政管理局`;
      ref = `${provincial ? '苏' : city.abbr}邮管黑〔${year}〕${n}号`;
      basis = rng.pick(COURIER_BASES);
      measures = isPerson
        ? ['PLATFORM_ENTRY']
        : someMeasures(rng, ['PLATFORM_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'], ['MARKET_ENTRY'], 0.3);
      displayUntil = addYears(listedAt, 3);
      break;
    }
    case 'SERIOUS_DISHONESTY': {
      const a = rng.pick(SERIOUS_DISHONESTY_AUTHORITIES);
      authority = a.authority(city);
      ref = `${a.prefix(city)}〔${year}〕${n}号`;
      basis = rng.pick(a.bases);
      measures = isPerson
        ? someMeasures(rng, ['CIVIL_SERVICE_HIRING', 'HIGH_CONSUMPTION'], ['FINANCING', 'AIR_TRAVEL'], 0.5)
        : someMeasures(
            rng,
            ['GOVERNMENT_PROCUREMENT', 'LEGAL_REPRESENTATIVE_ROLE'],
            ['FINANCING', 'MARKET_ENTRY', 'DIRECTOR_ROLE', 'SUPERVISOR_ROLE', 'SENIOR_MANAGER_ROLE'],
            0.6,
          );
      displayUntil = addYears(listedAt, rng.chance(0.8) ? 3 : rng.int(1, 2));
      removable = true;
      break;
    }
    case 'ADMINISTRATIVE_PENALTY': {
      const a = rng.pick(ADMIN_AGENCIES);
      authority = `${city.name}${a.agency}`;
      // even numbers: the odd ones belong to the enterprises' own penalty records
      ref = `${city.abbr}${a.prefix}〔${year}〕${2 * n}号`;
      basis = rng.pick(a.bases);
      measures = [];
      severity = rng.chance(0.2) ? 'MINOR' : 'GENERAL';
      displayUntil = severity === 'MINOR' ? addMonths(listedAt, 3) : addYears(listedAt, 1);
      break;
    }
  }

  const entry: SanctionEntryDoc = {
    _id: ref,
    ref,
    list,
    subject: subject.code,
    subjectKind: subject.kind,
    subjectName: subject.name,
    authority,
    basis,
    severity,
    decidedAt: listedAt,
    displayUntil,
    status: 'ACTIVE',
    measures,
  };
  if (obligation !== undefined) entry.obligation = obligation;
  if (removable && rng.chance(0.2) && addDays(listedAt, 30) <= ctx.asOf) {
    entry.status = 'REMOVED';
    entry.removedAt = rng.date(addDays(listedAt, 30), ctx.asOf);
  } else {
    maybeRepair(rng, entry, listedAt, severity, ctx.asOf, 0.12);
  }

  let objection: ObjectionDoc | undefined;
  const filedFrom = addDays(listedAt, 10);
  if (isPerson && entry.status === 'ACTIVE' && filedFrom <= ctx.asOf && rng.chance(0.05)) {
    const filedAt = rng.date(filedFrom, ctx.asOf);
    const dueAt = addDays(filedAt, OBJECTION_DAYS);
    objection = {
      _id: `OBJ-${filedAt.slice(0, 4)}-${1000 + j}`,
      ref: `OBJ-${filedAt.slice(0, 4)}-${1000 + j}`,
      factRef: ref,
      subject: subject.code,
      filedAt,
      dueAt,
      reason: rng.pick(OBJECTION_REASONS[list]),
      status: 'UNDER_REVIEW',
    };
    const answeredBy = addDays(filedAt, rng.int(3, OBJECTION_DAYS));
    if (answeredBy <= ctx.asOf && rng.chance(0.85)) {
      const [status, outcomeReason] = OBJECTION_OUTCOMES.pick(rng);
      objection.status = status;
      objection.resolvedAt = answeredBy;
      objection.outcomeReason = outcomeReason;
      if (status === 'REMOVED') entry.status = 'REVOKED';
    }
  }
  return objection ? { entry, objection } : { entry };
}

// ---------- red list ----------

function redListRecord(ctx: Context, r: number): RedListEntryDoc | undefined {
  const rng = rngFor(ctx.seed, STREAM.redList, r);
  let subject: Subject;
  let honour: Honour;
  const courier = ctx.courierCompanies.length > 0 ? rng.pick(ctx.courierCompanies) : undefined;
  if (ctx.opts.enterprises > 0 && courier?.index !== undefined && rng.chance(0.1)) {
    subject = enterpriseSubject(ctx, courier.index);
    honour = COURIER_HONOUR;
  } else {
    subject = someSubject(rng, ctx, 0.55);
    honour = rng.pick(subject.kind === 'PERSON' ? PERSON_HONOURS : ENTERPRISE_HONOURS);
  }
  const from = maxDate(subject.from, '2019-01-01');
  if (from > ctx.asOf) return undefined;
  const listedAt = rng.date(from, ctx.asOf);
  const year = listedAt.slice(0, 4);
  const ref = `${honour.prefix(subject.city)}〔${year}〕${100 + r * 2 + rng.int(0, 1)}号`;
  return {
    _id: ref,
    ref,
    subject: subject.code,
    subjectKind: subject.kind,
    subjectName: subject.name,
    // honours are awarded for the year before the one they are announced in
    honor: honour.honor(String(Number(year) - 1), subject.city),
    authority: honour.authority(subject.city),
    listedAt,
    displayUntil: honour.years === null ? null : addYears(listedAt, honour.years),
  };
}

// ---------- assembling ----------

/** Red-list honours are rarer than black-list entries: one for every ten. */
export function redListCount(listEntries: number): number {
  return Math.ceil(listEntries / 10);
}

function* ranges(total: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < total; start += size) yield [start, Math.min(total, start + size)];
}

/**
 * The synthetic data in chunks of at most `batchSize` records of the chunk's main kind
 * (persons with their defaults, consents and query records; enterprises with officers,
 * penalties and courier files; merchants; couriers; list entries with objections; red list).
 * Concatenated, the chunks equal syntheticDocuments(opts) whatever the batch size.
 */
export function* syntheticBatches(opts: SyntheticOptions, batchSize = 1000): Generator<Partial<SeedBatch>> {
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  }
  const ctx = makeContext(opts);
  const { persons, enterprises, merchants, couriers, listEntries } = ctx.opts;

  for (const [from, to] of ranges(persons, batchSize)) {
    const batch: Pick<SeedBatch, 'persons' | 'financialDefaults' | 'consents' | 'queryRecords'> = {
      persons: [],
      financialDefaults: [],
      consents: [],
      queryRecords: [],
    };
    for (let i = from; i < to; i++) {
      const r = personRecords(ctx, i);
      batch.persons.push(r.person);
      for (const d of r.defaults) batch.financialDefaults.push(d);
      for (const c of r.consents) batch.consents.push(c);
      for (const q of r.queries) batch.queryRecords.push(q);
    }
    yield batch;
  }

  for (const [from, to] of ranges(enterprises, batchSize)) {
    const batch: Pick<SeedBatch, 'enterprises' | 'officers' | 'penalties' | 'courierCompanies'> = {
      enterprises: [],
      officers: [],
      penalties: [],
      courierCompanies: [],
    };
    for (let k = from; k < to; k++) {
      const r = enterpriseRecords(ctx, k);
      batch.enterprises.push(r.enterprise);
      for (const o of r.officers) batch.officers.push(o);
      for (const p of r.penalties) batch.penalties.push(p);
      if (r.courierCompany) batch.courierCompanies.push(r.courierCompany);
    }
    yield batch;
  }

  for (const [from, to] of ranges(merchants, batchSize)) {
    const batch: Pick<SeedBatch, 'merchants'> = { merchants: [] };
    for (let m = from; m < to; m++) batch.merchants.push(merchantRecord(ctx, m).doc);
    yield batch;
  }

  for (const [from, to] of ranges(couriers, batchSize)) {
    const batch: Pick<SeedBatch, 'couriers'> = { couriers: [] };
    for (let c = from; c < to; c++) batch.couriers.push(courierRecord(ctx, c));
    yield batch;
  }

  for (const [from, to] of ranges(listEntries, batchSize)) {
    const batch: Pick<SeedBatch, 'sanctionEntries' | 'objections'> = { sanctionEntries: [], objections: [] };
    for (let j = from; j < to; j++) {
      const r = listRecords(ctx, j);
      if (!r) continue;
      batch.sanctionEntries.push(r.entry);
      if (r.objection) batch.objections.push(r.objection);
    }
    yield batch;
  }

  for (const [from, to] of ranges(redListCount(listEntries), batchSize)) {
    const batch: Pick<SeedBatch, 'redList'> = { redList: [] };
    for (let r = from; r < to; r++) {
      const doc = redListRecord(ctx, r);
      if (doc) batch.redList.push(doc);
    }
    yield batch;
  }
}

/** All synthetic documents at once; deterministic for equal options. */
export function syntheticDocuments(opts: SyntheticOptions): SeedBatch {
  const out = emptyBatch();
  for (const batch of syntheticBatches(opts, 10_000)) appendBatch(out, batch);
  return out;
}
