/**
 * A labelled evaluation set for the screening engine: a synthetic sanction list and queries
 * whose right answer is known, so that thresholds and weights are chosen on evidence.
 *
 * Deterministic (seeded PRNG). Ground truth comes from the generator's own tables — each
 * character carries its toneless pinyin here — never from the engine's normalisation, so a
 * normalisation error shows up as a miss instead of being graded by itself.
 *
 * Labelling decisions:
 * - Same toneless pinyin is the same name. Homophone substitution (建国→健国, 伟→玮, 王→汪)
 *   is labelled a match even when the tones differ (伟 wěi / 薇 wēi): a romanised name has no
 *   tones, and a pinyin input method offers every homophone whatever its tone, so a
 *   different person with a toneless-identical name cannot be told apart by name alone —
 *   that is what POTENTIAL and the reviewer are for. The generated list holds at most one
 *   entry per toneless reading, so no query has two right answers.
 * - A different syllable is a different name, even one letter away (建 jian / 江 jiang):
 *   those are the "similar pinyin" near misses. Romanisation typos are therefore not
 *   generated as matches; they would be indistinguishable from these.
 * - Organisations are the same when their trade names (字号) read the same and the
 *   registration regions do not conflict, whatever the industry is called (网络科技 or 科技);
 *   the list holds one organisation per trade-name reading. Same trade name in another city is a
 *   different legal person (a near miss).
 */
import { Converter } from 'opencc-js';
import type { ListKind } from '../../shared/documents.ts';
import { makeCitizenId, makeCreditCode, USCC_ALPHABET } from '../../shared/ids.ts';
import type { ScoringConfig, ScreenEntry, ScreenInput, ScreeningIndex } from './index.ts';
import { createScreeningIndex } from './index.ts';

export type MatchCategory =
  | 'PERSON_EXACT'
  | 'PERSON_HOMOPHONE_GIVEN'
  | 'PERSON_HOMOPHONE_SURNAME'
  | 'PERSON_HOMOPHONE_DOUBLE'
  | 'PERSON_TRADITIONAL'
  | 'PERSON_ROMANISED'
  | 'PERSON_FULL_WIDTH'
  | 'PERSON_SPACED'
  | 'PERSON_MINORITY_SEPARATOR'
  | 'PERSON_CREDIT_CODE'
  | 'ORG_EXACT'
  | 'ORG_NO_LEGAL_FORM'
  | 'ORG_REGION_PREFIX'
  | 'ORG_OTHER_LEGAL_FORM'
  | 'ORG_SHORT_INDUSTRY'
  | 'ORG_TRADITIONAL'
  | 'ORG_CREDIT_CODE';

export type NearMissCategory =
  | 'NEAR_SAME_SURNAME'
  | 'NEAR_ONE_CHAR'
  | 'NEAR_SIMILAR_PINYIN'
  | 'NEAR_ROMANISED'
  | 'NEAR_MINORITY'
  | 'NEAR_ORG_TRADE_NAME'
  | 'NEAR_ORG_OTHER_CITY';

export type QueryCategory = MatchCategory | NearMissCategory;

export interface LabelledQuery {
  input: ScreenInput;
  /** ref of the entry the query must hit; null when it must hit nothing */
  expected: string | null;
  category: QueryCategory;
}

export interface EvaluationSet {
  seed: number;
  entries: ScreenEntry[];
  queries: LabelledQuery[];
}

export interface EvaluationOptions {
  seed: number;
  /** list entries */
  size: number;
  /** labelled queries; defaults to size */
  queries?: number;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Evaluation extends Counts {
  threshold: number;
  precision: number;
  recall: number;
  queries: number;
  byCategory: Partial<Record<QueryCategory, Counts & { queries: number }>>;
}

// ---------- tables ----------

interface Sound {
  chars: string;
  py: string;
}

/** Surnames, toneless reading, relative frequency (per mille, after the 2020 census ranking). */
const SURNAMES: readonly (Sound & { weight: number })[] = (
  [
    ['王', 'wang', 71], ['李', 'li', 70], ['张', 'zhang', 64], ['刘', 'liu', 54], ['陈', 'chen', 46],
    ['杨', 'yang', 31], ['黄', 'huang', 23], ['赵', 'zhao', 22], ['吴', 'wu', 21], ['周', 'zhou', 21],
    ['徐', 'xu', 16], ['孙', 'sun', 15], ['马', 'ma', 15], ['朱', 'zhu', 13], ['胡', 'hu', 13],
    ['郭', 'guo', 12], ['何', 'he', 12], ['高', 'gao', 11], ['林', 'lin', 11], ['罗', 'luo', 10],
    ['郑', 'zheng', 9], ['梁', 'liang', 9], ['谢', 'xie', 8], ['宋', 'song', 8], ['唐', 'tang', 8],
    ['许', 'xu', 7], ['韩', 'han', 7], ['冯', 'feng', 7], ['邓', 'deng', 7], ['曹', 'cao', 7],
    ['彭', 'peng', 6], ['曾', 'zeng', 6], ['肖', 'xiao', 6], ['田', 'tian', 6], ['董', 'dong', 5],
    ['袁', 'yuan', 5], ['潘', 'pan', 5], ['于', 'yu', 5], ['蒋', 'jiang', 5], ['蔡', 'cai', 5],
    ['余', 'yu', 5], ['杜', 'du', 5], ['叶', 'ye', 4], ['程', 'cheng', 4], ['苏', 'su', 4],
    ['魏', 'wei', 4], ['吕', 'lv', 4], ['丁', 'ding', 4], ['任', 'ren', 4], ['沈', 'shen', 4],
    ['姚', 'yao', 4], ['卢', 'lu', 4], ['姜', 'jiang', 3], ['崔', 'cui', 3], ['钟', 'zhong', 3],
    ['谭', 'tan', 3], ['陆', 'lu', 3], ['汪', 'wang', 3], ['范', 'fan', 3], ['金', 'jin', 3],
    ['石', 'shi', 3], ['廖', 'liao', 3], ['贾', 'jia', 3], ['夏', 'xia', 3], ['韦', 'wei', 3],
    ['方', 'fang', 3], ['白', 'bai', 2], ['邹', 'zou', 2], ['孟', 'meng', 2], ['熊', 'xiong', 2],
    ['秦', 'qin', 2], ['邱', 'qiu', 2], ['江', 'jiang', 2], ['尹', 'yin', 2], ['薛', 'xue', 2],
    ['段', 'duan', 2], ['雷', 'lei', 2], ['侯', 'hou', 2], ['龙', 'long', 2], ['史', 'shi', 2],
    ['陶', 'tao', 2], ['黎', 'li', 2], ['贺', 'he', 2], ['顾', 'gu', 2], ['毛', 'mao', 2],
    ['郝', 'hao', 2], ['龚', 'gong', 2], ['邵', 'shao', 2], ['万', 'wan', 2], ['钱', 'qian', 2],
    ['严', 'yan', 2], ['章', 'zhang', 1], ['柳', 'liu', 1], ['武', 'wu', 1], ['诸', 'zhu', 0.3],
    // polyphones read differently as surnames: the engine must use surname readings
    ['单', 'shan', 0.5], ['解', 'xie', 0.5], ['仇', 'qiu', 0.3], ['朴', 'piao', 0.3], ['区', 'ou', 0.2],
    ['查', 'zha', 0.3], ['乐', 'yue', 0.3],
    // compound surnames
    ['欧阳', 'ouyang', 0.5], ['司马', 'sima', 0.1], ['诸葛', 'zhuge', 0.1], ['上官', 'shangguan', 0.1],
  ] as const
).map(([chars, py, weight]) => ({ chars, py, weight }));

/**
 * Given-name characters grouped by toneless reading (tones deliberately mixed: 伟 wěi,
 * 维 wéi, 薇 wēi). The first character of a group is the most common choice.
 */
const GIVEN: readonly (Sound & { weight: number })[] = (
  [
    ['wei', '伟玮炜维薇巍', 5], ['jian', '建健剑坚', 4], ['guo', '国果', 3], ['jing', '静晶婧靖菁', 4],
    ['li', '丽莉立力俐', 4], ['min', '敏民珉', 3], ['jie', '杰洁捷婕', 4], ['hua', '华桦骅', 3],
    ['jun', '军君俊峻钧', 4], ['ming', '明鸣铭', 4], ['yan', '燕艳彦雁妍', 4], ['lin', '林琳霖麟', 3],
    ['ling', '玲灵铃凌', 3], ['hui', '慧惠辉晖卉', 4], ['tao', '涛韬滔', 3], ['yu', '宇雨玉羽语煜', 4],
    ['feng', '峰锋枫丰凤', 3], ['fang', '芳舫', 3], ['xin', '欣新鑫馨昕', 4], ['ting', '婷庭亭', 3],
    ['ying', '颖英莹瑛', 3], ['qiang', '强蔷', 3], ['lei', '磊蕾', 3], ['yang', '洋扬', 3],
    ['yong', '勇永咏', 3], ['bin', '斌彬滨', 2], ['bing', '兵冰', 2], ['ping', '平萍苹', 2],
    ['hong', '红宏鸿虹', 3], ['wen', '文雯闻', 3], ['hai', '海', 2], ['xia', '霞侠', 2], ['na', '娜', 2],
    ['chao', '超', 2], ['gang', '刚钢', 2], ['chen', '晨辰琛臣', 3], ['cheng', '成诚承', 3],
    ['hao', '浩昊皓', 3], ['peng', '鹏朋', 2], ['jia', '佳嘉家', 3], ['mei', '梅玫美', 3],
    ['lan', '兰岚澜', 2], ['chun', '春纯', 2], ['xiu', '秀', 2], ['dong', '东冬', 3], ['liang', '亮良', 2],
    ['qin', '琴勤芹', 2], ['yun', '云芸韵', 2], ['fei', '飞菲霏', 2], ['long', '龙隆', 2],
    ['xiao', '晓筱', 3], ['zhi', '志智致芝', 3], ['de', '德', 1], ['rong', '荣蓉容', 2],
    ['jin', '金锦瑾晋', 3], ['xue', '雪', 2], ['qing', '青清庆晴', 3], ['shan', '珊杉', 2],
    ['ning', '宁凝', 1], ['zhen', '振真珍', 2], ['bo', '波博', 2], ['kai', '凯', 2], ['hang', '航杭', 1],
    ['jiang', '江疆', 2], ['huan', '欢焕', 1], ['shu', '淑舒书', 2], ['yi', '怡毅艺宜', 3], ['ke', '可珂', 1],
    ['zi', '子梓紫', 2], ['han', '涵晗寒', 2], ['rui', '瑞睿锐', 2], ['zhe', '哲', 1], ['yue', '悦月越', 2],
    ['xuan', '轩萱宣', 2], ['xing', '星兴', 2],
  ] as const
).map(([py, chars, weight]) => ({ py, chars, weight }));

/** Homophone surnames, each the other's variant (王/汪 is the classic). */
const SURNAME_HOMOPHONES: ReadonlyMap<string, readonly string[]> = (() => {
  const byPy = new Map<string, string[]>();
  for (const s of SURNAMES) byPy.set(s.py, [...(byPy.get(s.py) ?? []), s.chars]);
  const out = new Map<string, readonly string[]>();
  for (const group of byPy.values()) {
    if (group.length < 2) continue;
    for (const s of group) out.set(s, group.filter((o) => o !== s));
  }
  return out;
})();

/** Uyghur given names as transliterated into Han characters; a full name is two joined by ·. */
const MINORITY_PARTS = (
  '阿不都 买买提 艾力 热合曼 吐尔逊 阿依古丽 古丽 努尔 艾合买提 伊力哈木 帕尔哈提 迪丽 热依拉 阿迪力 ' +
  '库尔班 玉素甫 阿卜杜拉 肉孜 托合提 萨迪克 依明 吾斯曼 阿力木 买合木提 热娜 阿布力孜'
).split(' ');

/** Characters of trade names (字号), with their readings. */
const TRADE: readonly Sound[] = (
  '速su 达da 顺shun 通tong 恒heng 泰tai 华hua 鑫xin 隆long 盛sheng 兴xing 远yuan 宏hong 嘉jia 瑞rui ' +
  '诚cheng 信xin 金jin 源yuan 丰feng 祥xiang 海hai 天tian 新xin 德de 立li 正zheng 博bo 联lian 创chuang ' +
  '汇hui 益yi 东dong 方fang 明ming 优you 佳jia 亚ya 百bai 捷jie 驰chi 迅xun 畅chang 云yun 凯kai ' +
  '鼎ding 润run 康kang 美mei 科ke 永yong 久jiu 辉hui 奥ao 欣xin 航hang 豪hao 锦jin 盈ying'
)
  .split(' ')
  .map((t) => ({ chars: t.slice(0, 1), py: t.slice(1) }));

const INDUSTRIES = (
  '物流 快递 科技 贸易 商贸 电子商务 网络科技 信息技术 建设工程 建材 机械制造 服装 食品 医药 环保科技 ' +
  '文化传媒 装饰工程 供应链管理 餐饮管理 房地产开发 实业 电子 汽车销售 农业发展'
).split(' ');

/** How an industry is commonly cut short in a name written from memory. */
const SHORT_INDUSTRY: Readonly<Record<string, string>> = {
  网络科技: '科技',
  环保科技: '环保',
  信息技术: '信息',
  电子商务: '电子',
  建设工程: '建设',
  装饰工程: '装饰',
  文化传媒: '传媒',
  供应链管理: '供应链',
  餐饮管理: '餐饮',
  房地产开发: '房地产',
  机械制造: '机械',
  汽车销售: '汽车',
  农业发展: '农业',
};

/** Jiangsu prefecture cities, weighted roughly by the number of registered enterprises. */
const CITIES: readonly (readonly [string, number, string])[] = [
  ['苏州', 14, '320500'], ['南京', 12, '320100'], ['无锡', 10, '320200'], ['南通', 8, '320600'],
  ['常州', 7, '320400'], ['徐州', 7, '320300'], ['扬州', 5, '321000'], ['盐城', 5, '320900'],
  ['泰州', 4, '321200'], ['镇江', 4, '321100'], ['淮安', 3, '320800'], ['连云港', 3, '320700'],
  ['宿迁', 3, '321300'],
];

const PERSON_LISTS: readonly ListKind[] = [
  'DISHONEST_JUDGMENT_DEBTOR',
  'MAJOR_TAX_VIOLATION',
  'ECOMMERCE_BLACKLIST',
  'SERIOUS_DISHONESTY',
  'ADMINISTRATIVE_PENALTY',
];
const ORG_LISTS: readonly ListKind[] = [...PERSON_LISTS, 'COURIER_BLACKLIST'];

const REF_FORMAT: Record<ListKind, (year: number, n: number) => string> = {
  DISHONEST_JUDGMENT_DEBTOR: (y, n) => `(${y})苏01执${n}号`,
  MAJOR_TAX_VIOLATION: (y, n) => `苏税稽罚〔${y}〕${n}号`,
  ECOMMERCE_BLACKLIST: (y, n) => `云集黑〔${y}〕${String(n).padStart(4, '0')}号`,
  COURIER_BLACKLIST: (y, n) => `苏邮管黑〔${y}〕${n}号`,
  SERIOUS_DISHONESTY: (y, n) => `苏信严〔${y}〕${n}号`,
  ADMINISTRATIVE_PENALTY: (y, n) => `苏市监罚〔${y}〕${n}号`,
};

const QUERY_WEIGHTS: readonly (readonly [QueryCategory, number])[] = [
  ['PERSON_EXACT', 6],
  ['PERSON_HOMOPHONE_GIVEN', 8],
  ['PERSON_HOMOPHONE_SURNAME', 4],
  ['PERSON_HOMOPHONE_DOUBLE', 3],
  ['PERSON_TRADITIONAL', 6],
  ['PERSON_ROMANISED', 8],
  ['PERSON_FULL_WIDTH', 4],
  ['PERSON_SPACED', 4],
  ['PERSON_MINORITY_SEPARATOR', 3],
  ['PERSON_CREDIT_CODE', 2],
  ['ORG_EXACT', 3],
  ['ORG_NO_LEGAL_FORM', 4],
  ['ORG_REGION_PREFIX', 4],
  ['ORG_OTHER_LEGAL_FORM', 2],
  ['ORG_SHORT_INDUSTRY', 2],
  ['ORG_TRADITIONAL', 3],
  ['ORG_CREDIT_CODE', 1],
  ['NEAR_SAME_SURNAME', 8],
  ['NEAR_ONE_CHAR', 8],
  ['NEAR_SIMILAR_PINYIN', 6],
  ['NEAR_ROMANISED', 5],
  ['NEAR_MINORITY', 3],
  ['NEAR_ORG_TRADE_NAME', 6],
  ['NEAR_ORG_OTHER_CITY', 4],
];

const PERSON_SHARE = 0.6;
const MINORITY_SHARE = 0.03;
const TWO_CHAR_GIVEN_SHARE = 0.7;
const PROVINCE_ONLY_SHARE = 0.15;
const THREE_CHAR_TRADE_SHARE = 0.3;
const BIRTH_DATE_SHARE = 0.3;
const MAX_TRIES = 200;

// ---------- generator state ----------

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HanPerson {
  kind: 'HAN';
  surname: Sound;
  given: Sound[];
}
interface MinorityPerson {
  kind: 'MINORITY';
  parts: [string, string];
}
interface Organisation {
  kind: 'ORG';
  city: string | undefined;
  trade: Sound[];
  industry: string;
  form: string;
}
type Meta = HanPerson | MinorityPerson | Organisation;

interface Listed {
  entry: ScreenEntry;
  meta: Meta;
}

let toTraditional: { tw: (text: string) => string; hk: (text: string) => string } | undefined;

/** Built on first use: importing this module for its types should not parse dictionaries. */
function traditional(text: string, hk: boolean): string {
  toTraditional ??= { tw: Converter({ from: 'cn', to: 'tw' }), hk: Converter({ from: 'cn', to: 'hk' }) };
  return hk ? toTraditional.hk(text) : toTraditional.tw(text);
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function weighted<T>(rand: () => number, items: readonly T[], weight: (t: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let r = rand() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

function givenChar(rand: () => number, group: Sound & { weight: number }): Sound {
  // The group's first character is three times as likely as each of the others.
  const chars = [...group.chars];
  const r = rand() * (chars.length + 2);
  const ch = r < 3 ? (chars[0] as string) : (chars[Math.floor(r - 2)] as string);
  return { chars: ch, py: group.py };
}

function randomGiven(rand: () => number): Sound[] {
  const n = rand() < TWO_CHAR_GIVEN_SHARE ? 2 : 1;
  return Array.from({ length: n }, () => givenChar(rand, weighted(rand, GIVEN, (g) => g.weight)));
}

/** Other given-name characters read like this one. */
function homophonesOf(sound: Sound): string[] {
  const group = GIVEN.find((g) => g.py === sound.py);
  return group === undefined ? [] : [...group.chars].filter((c) => c !== sound.chars);
}

function hanName(p: HanPerson): string {
  return p.surname.chars + p.given.map((g) => g.chars).join('');
}

function minorityName(p: MinorityPerson): string {
  return `${p.parts[0]}·${p.parts[1]}`;
}

function orgName(o: Organisation, region = o.city ?? '江苏', form = o.form): string {
  return region + o.trade.map((t) => t.chars).join('') + o.industry + form;
}

/** Identity under the labelling rules: same toneless reading, same parts, or same trade-name reading. */
function identity(meta: Meta): string {
  switch (meta.kind) {
    case 'HAN':
      return `P:${meta.surname.py}|${meta.given.map((g) => g.py).join(' ')}`;
    case 'MINORITY':
      return `M:${meta.parts.join('|')}`;
    case 'ORG':
      return `O:${meta.trade.map((t) => t.py).join(' ')}`;
  }
}

function citizenId(rand: () => number, cityCode: string): string {
  const day = new Date(Date.UTC(1955, 0, 1) + Math.floor(rand() * 49 * 365.25) * 86_400_000);
  const district = String(1 + Math.floor(rand() * 20)).padStart(2, '0');
  return makeCitizenId(cityCode.slice(0, 4) + district, day.toISOString().slice(0, 10), Math.floor(rand() * 1000));
}

function organisationCode(rand: () => number, cityCode: string): string {
  let org = 'MA';
  while (org.length < 8) org += pick(rand, [...USCC_ALPHABET]);
  return makeCreditCode(cityCode, org);
}

// ---------- variants ----------

function capitalise(s: string): string {
  return s.slice(0, 1).toUpperCase() + s.slice(1);
}

/** Passport spelling of ü is "yu" (LYU); older documents write "v". */
function romanSyllable(rand: () => number, py: string): string {
  return py.includes('v') ? py.replace('v', rand() < 0.7 ? 'yu' : 'v') : py;
}

/** A romanised form of a Han name, in one of the spellings seen on documents and forms. */
function romanise(rand: () => number, p: HanPerson): string {
  const surname = romanSyllable(rand, p.surname.py);
  const given = p.given.map((g) => romanSyllable(rand, g.py));
  const joined = given.join('');
  const style = Math.floor(rand() * 8);
  switch (style) {
    case 0:
      return `${capitalise(surname)} ${capitalise(joined)}`; // Wang Jianguo
    case 1:
      return `${surname.toUpperCase()} ${joined.toUpperCase()}`; // WANG JIANGUO
    case 2:
      return `${surname.toUpperCase()} ${capitalise(joined)}`; // WANG Jianguo
    case 3:
      return [surname, ...given].map(capitalise).join(' '); // Wang Jian Guo
    case 4:
      return `${capitalise(joined)} ${capitalise(surname)}`; // Jianguo Wang
    case 5:
      return `${capitalise(joined)} ${surname.toUpperCase()}`; // Jianguo WANG
    case 6:
      return `${surname} ${joined}`; // wang jianguo
    default:
      return `${capitalise(surname)} ${given.map(capitalise).join('-')}`; // Wang Jian-Guo
  }
}

function fullWidth(text: string): string {
  return [...text]
    .map((ch) => {
      const c = ch.codePointAt(0) as number;
      if (c === 0x20) return '\u3000';
      return c > 0x20 && c < 0x7f ? String.fromCodePoint(c + 0xfee0) : ch;
    })
    .join('');
}

const MINORITY_SEPARATORS = ['', ' ', '•', '.', '・', '‧', '\u3000', ' · '];

// ---------- the set ----------

class Generator {
  private readonly rand: () => number;
  readonly listed: Listed[] = [];
  private readonly identities = new Set<string>();
  private readonly persons: Listed[] = [];
  private readonly hanPersons: Listed[] = [];
  private readonly minorities: Listed[] = [];
  private readonly orgs: Listed[] = [];
  private refNumber = 0;

  constructor(seed: number) {
    this.rand = prng(seed);
  }

  private nextRef(list: ListKind): string {
    this.refNumber++;
    return REF_FORMAT[list](2019 + Math.floor(this.rand() * 8), this.refNumber);
  }

  private randomHan(): HanPerson {
    return { kind: 'HAN', surname: weighted(this.rand, SURNAMES, (s) => s.weight), given: randomGiven(this.rand) };
  }

  private randomMinority(): MinorityPerson {
    const a = pick(this.rand, MINORITY_PARTS);
    let b = pick(this.rand, MINORITY_PARTS);
    while (b === a) b = pick(this.rand, MINORITY_PARTS);
    return { kind: 'MINORITY', parts: [a, b] };
  }

  private randomOrganisation(): Organisation {
    const length = this.rand() < THREE_CHAR_TRADE_SHARE ? 3 : 2;
    const trade: Sound[] = [];
    while (trade.length < length) {
      const s = pick(this.rand, TRADE);
      if (!trade.some((t) => t.chars === s.chars)) trade.push(s);
    }
    const r = this.rand();
    return {
      kind: 'ORG',
      city: this.rand() < PROVINCE_ONLY_SHARE ? undefined : weighted(this.rand, CITIES, (c) => c[1])[0],
      trade,
      industry: pick(this.rand, INDUSTRIES),
      form: r < 0.8 ? '有限公司' : r < 0.9 ? '有限责任公司' : '股份有限公司',
    };
  }

  /** Add one entry with an identity not yet listed. */
  addEntry(): void {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const r = this.rand();
      const meta: Meta =
        r < PERSON_SHARE * MINORITY_SHARE
          ? this.randomMinority()
          : r < PERSON_SHARE
            ? this.randomHan()
            : this.randomOrganisation();
      const id = identity(meta);
      if (this.identities.has(id)) continue;
      this.identities.add(id);
      const city = weighted(this.rand, CITIES, (c) => c[1]);
      let entry: ScreenEntry;
      if (meta.kind === 'ORG') {
        const list = pick(this.rand, ORG_LISTS);
        const cityCode = CITIES.find((c) => c[0] === meta.city)?.[2] ?? city[2];
        entry = {
          ref: this.nextRef(list),
          list,
          subject: organisationCode(this.rand, cityCode),
          subjectKind: 'ORGANISATION',
          subjectName: orgName(meta),
        };
      } else {
        const list = pick(this.rand, PERSON_LISTS);
        entry = {
          ref: this.nextRef(list),
          list,
          subject: citizenId(this.rand, city[2]),
          subjectKind: 'PERSON',
          subjectName: meta.kind === 'HAN' ? hanName(meta) : minorityName(meta),
        };
      }
      const listed: Listed = { entry, meta };
      this.listed.push(listed);
      if (meta.kind === 'ORG') this.orgs.push(listed);
      else {
        this.persons.push(listed);
        if (meta.kind === 'HAN') this.hanPersons.push(listed);
        else this.minorities.push(listed);
      }
      return;
    }
    throw new Error('evaluation set: name space exhausted; lower the size');
  }

  private unlisted(meta: Meta): boolean {
    return !this.identities.has(identity(meta));
  }

  /** The name of someone not on the list, for a subject renamed since listing. */
  private unlistedName(make: () => HanPerson | Organisation): string | undefined {
    const meta = make();
    if (!this.unlisted(meta)) return undefined;
    return meta.kind === 'HAN' ? hanName(meta) : orgName(meta);
  }

  private withBirthDate(input: ScreenInput, target: Listed): ScreenInput {
    if (target.entry.subjectKind !== 'PERSON' || this.rand() >= BIRTH_DATE_SHARE) return input;
    const id = target.entry.subject;
    return { ...input, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
  }

  /** One labelled query of the given category, or undefined when this draw cannot make one. */
  query(category: QueryCategory): LabelledQuery | undefined {
    const rand = this.rand;
    const match = (target: Listed, name: string, extra: Partial<ScreenInput> = {}): LabelledQuery => ({
      input: this.withBirthDate({ name, ...extra }, target),
      expected: target.entry.ref,
      category,
    });
    const miss = (name: string): LabelledQuery => ({ input: { name }, expected: null, category });
    const han = (): (Listed & { meta: HanPerson }) | undefined =>
      this.hanPersons.length === 0 ? undefined : (pick(rand, this.hanPersons) as Listed & { meta: HanPerson });
    const org = (): (Listed & { meta: Organisation }) | undefined =>
      this.orgs.length === 0 ? undefined : (pick(rand, this.orgs) as Listed & { meta: Organisation });

    switch (category) {
      case 'PERSON_EXACT': {
        const t = this.persons.length === 0 ? undefined : pick(rand, this.persons);
        return t && match(t, t.entry.subjectName);
      }
      case 'PERSON_HOMOPHONE_GIVEN': {
        const t = han();
        if (t === undefined) return undefined;
        const at = Math.floor(rand() * t.meta.given.length);
        const others = homophonesOf(t.meta.given[at] as Sound);
        if (others.length === 0) return undefined;
        const given = t.meta.given.map((g, i) => (i === at ? { chars: pick(rand, others), py: g.py } : g));
        return match(t, hanName({ ...t.meta, given }));
      }
      case 'PERSON_HOMOPHONE_SURNAME': {
        const t = han();
        const others = t && SURNAME_HOMOPHONES.get(t.meta.surname.chars);
        if (t === undefined || others === undefined) return undefined;
        return match(t, hanName({ ...t.meta, surname: { chars: pick(rand, others), py: t.meta.surname.py } }));
      }
      case 'PERSON_HOMOPHONE_DOUBLE': {
        // Two characters replaced by homophones (王伟 → 汪玮): the whole name picked wrongly from an input method.
        const t = han();
        if (t === undefined) return undefined;
        const surnames = SURNAME_HOMOPHONES.get(t.meta.surname.chars);
        const slots = [
          ...(surnames === undefined ? [] : [-1]),
          ...t.meta.given.flatMap((g, i) => (homophonesOf(g).length > 0 ? [i] : [])),
        ];
        if (slots.length < 2) return undefined;
        const first = pick(rand, slots);
        const second = pick(rand, slots.filter((x) => x !== first));
        const swap = new Set([first, second]);
        const surname = swap.has(-1) && surnames !== undefined ? { chars: pick(rand, surnames), py: t.meta.surname.py } : t.meta.surname;
        const given = t.meta.given.map((g, i) => (swap.has(i) ? { chars: pick(rand, homophonesOf(g)), py: g.py } : g));
        return match(t, hanName({ ...t.meta, surname, given }));
      }
      case 'PERSON_TRADITIONAL': {
        const t = han();
        if (t === undefined) return undefined;
        const name = traditional(t.entry.subjectName, rand() < 0.3);
        return name === t.entry.subjectName ? undefined : match(t, name);
      }
      case 'PERSON_ROMANISED': {
        const t = han();
        return t && match(t, romanise(rand, t.meta));
      }
      case 'PERSON_FULL_WIDTH': {
        const t = han();
        if (t === undefined) return undefined;
        // Full-width Latin (ＷＡＮＧ Ｊｉａｎｇｕｏ) or an ideographic space after the surname.
        const name =
          rand() < 0.5 ? fullWidth(romanise(rand, t.meta)) : `${t.meta.surname.chars}\u3000${t.meta.given.map((g) => g.chars).join('')}`;
        return match(t, name);
      }
      case 'PERSON_SPACED': {
        const t = han();
        if (t === undefined) return undefined;
        const chars = [t.meta.surname.chars, ...t.meta.given.map((g) => g.chars)];
        return match(t, rand() < 0.5 ? chars.join(' ') : `${chars[0]} ${chars.slice(1).join('')}`);
      }
      case 'PERSON_MINORITY_SEPARATOR': {
        if (this.minorities.length === 0) return undefined;
        const t = pick(rand, this.minorities) as Listed & { meta: MinorityPerson };
        return match(t, t.meta.parts.join(pick(rand, MINORITY_SEPARATORS)));
      }
      case 'PERSON_CREDIT_CODE': {
        // The code decides even when the name on file has changed since listing.
        const t = this.persons.length === 0 ? undefined : pick(rand, this.persons);
        const name = this.unlistedName(() => this.randomHan());
        return t && name !== undefined ? match(t, name, { creditCode: t.entry.subject }) : undefined;
      }
      case 'ORG_EXACT': {
        const t = org();
        return t && match(t, t.entry.subjectName);
      }
      case 'ORG_NO_LEGAL_FORM': {
        const t = org();
        return t && match(t, orgName(t.meta, undefined, ''));
      }
      case 'ORG_REGION_PREFIX': {
        const t = org();
        if (t === undefined) return undefined;
        if (t.meta.city === undefined) return match(t, orgName(t.meta, '')); // 江苏 dropped
        const region = pick(rand, [`江苏${t.meta.city}`, `江苏省${t.meta.city}市`, `${t.meta.city}市`]);
        return match(t, orgName(t.meta, region));
      }
      case 'ORG_OTHER_LEGAL_FORM': {
        const t = org();
        if (t === undefined) return undefined;
        return match(t, orgName(t.meta, undefined, t.meta.form === '有限公司' ? '有限责任公司' : '有限公司'));
      }
      case 'ORG_SHORT_INDUSTRY': {
        const t = org();
        const industry = t && SHORT_INDUSTRY[t.meta.industry];
        return t && industry !== undefined ? match(t, orgName({ ...t.meta, industry })) : undefined;
      }
      case 'ORG_TRADITIONAL': {
        const t = org();
        if (t === undefined) return undefined;
        const name = traditional(t.entry.subjectName, rand() < 0.3);
        return name === t.entry.subjectName ? undefined : match(t, name);
      }
      case 'ORG_CREDIT_CODE': {
        const t = org();
        const name = this.unlistedName(() => this.randomOrganisation());
        return t && name !== undefined ? match(t, name, { creditCode: t.entry.subject }) : undefined;
      }
      case 'NEAR_SAME_SURNAME': {
        const t = han();
        if (t === undefined) return undefined;
        const other: HanPerson = { ...t.meta, given: randomGiven(rand) };
        return this.unlisted(other) ? miss(hanName(other)) : undefined;
      }
      case 'NEAR_ONE_CHAR':
      case 'NEAR_SIMILAR_PINYIN':
      case 'NEAR_ROMANISED': {
        const t = han();
        if (t === undefined) return undefined;
        const at = Math.floor(rand() * t.meta.given.length);
        const sound = t.meta.given[at] as Sound;
        const candidates = GIVEN.filter((g) =>
          category === 'NEAR_SIMILAR_PINYIN' ? levenshtein(g.py, sound.py) === 1 : g.py !== sound.py,
        );
        if (candidates.length === 0) return undefined;
        const group = pick(rand, candidates);
        const given = t.meta.given.map((g, i) => (i === at ? givenChar(rand, group) : g));
        const other: HanPerson = { ...t.meta, given };
        if (!this.unlisted(other)) return undefined;
        return miss(category === 'NEAR_ROMANISED' ? romanise(rand, other) : hanName(other));
      }
      case 'NEAR_MINORITY': {
        if (this.minorities.length === 0) return undefined;
        const t = pick(rand, this.minorities) as Listed & { meta: MinorityPerson };
        const other: MinorityPerson = { kind: 'MINORITY', parts: [t.meta.parts[0], pick(rand, MINORITY_PARTS)] };
        if (other.parts[1] === other.parts[0] || !this.unlisted(other)) return undefined;
        return miss(minorityName(other));
      }
      case 'NEAR_ORG_TRADE_NAME': {
        const t = org();
        if (t === undefined) return undefined;
        const at = Math.floor(rand() * t.meta.trade.length);
        const replacement = pick(rand, TRADE);
        const trade = t.meta.trade.map((s, i) => (i === at ? replacement : s));
        if (new Set(trade.map((s) => s.chars)).size < trade.length) return undefined;
        const other: Organisation = { ...t.meta, trade };
        return this.unlisted(other) ? miss(orgName(other)) : undefined;
      }
      case 'NEAR_ORG_OTHER_CITY': {
        const t = org();
        if (t === undefined || t.meta.city === undefined) return undefined;
        const city = pick(rand, CITIES)[0];
        return city === t.meta.city ? undefined : miss(orgName({ ...t.meta, city }));
      }
    }
  }

  nextCategory(): QueryCategory {
    return weighted(this.rand, QUERY_WEIGHTS, (w) => w[1])[0];
  }
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** Deterministic for a given seed, size and query count. */
export function buildEvaluationSet(options: EvaluationOptions): EvaluationSet {
  const { seed, size } = options;
  const count = options.queries ?? size;
  const g = new Generator(seed);
  for (let i = 0; i < size; i++) g.addEntry();
  const queries: LabelledQuery[] = [];
  let failures = 0;
  while (queries.length < count) {
    const q = g.query(g.nextCategory());
    if (q !== undefined) queries.push(q);
    else if (++failures > count * MAX_TRIES) throw new Error('evaluation set: cannot generate queries');
  }
  return { seed, entries: g.listed.map((l) => l.entry), queries };
}

/**
 * Precision and recall of an index on a set, hits counted at/above the threshold.
 *
 * Per hit, not per query: a query with an expected ref is a true positive when that ref is
 * among its hits and a false negative otherwise; every other hit, on any query, is a false
 * positive (a near miss that hits anything costs one per hit, and so does a right answer
 * buried among wrong ones — which is what a reviewer pays for). precision = tp / (tp + fp),
 * recall = tp / (tp + fn); an empty denominator counts as 1.
 */
export function evaluate(index: ScreeningIndex, set: EvaluationSet, threshold: number): Evaluation {
  const results = index.screen(
    set.queries.map((q) => q.input),
    { threshold },
  );
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const byCategory: Evaluation['byCategory'] = {};
  set.queries.forEach((q, i) => {
    const hits = (results[i] as (typeof results)[number]).hits;
    const c = (byCategory[q.category] ??= { queries: 0, tp: 0, fp: 0, fn: 0 });
    c.queries++;
    const found = q.expected !== null && hits.some((h) => h.ref === q.expected);
    if (q.expected !== null) {
      if (found) c.tp++;
      else c.fn++;
    }
    c.fp += hits.filter((h) => h.ref !== q.expected).length;
  });
  for (const c of Object.values(byCategory)) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return {
    threshold,
    ...total,
    precision: total.tp + total.fp === 0 ? 1 : total.tp / (total.tp + total.fp),
    recall: total.tp + total.fn === 0 ? 1 : total.tp / (total.tp + total.fn),
    queries: set.queries.length,
    byCategory,
  };
}

/** evaluate() at each threshold, the index built once per scoring configuration. */
export function sweep(
  set: EvaluationSet,
  thresholds: readonly number[],
  scoring: Partial<ScoringConfig> = {},
): Evaluation[] {
  const index = createScreeningIndex(set.entries, scoring);
  return thresholds.map((t) => evaluate(index, set, t));
}
