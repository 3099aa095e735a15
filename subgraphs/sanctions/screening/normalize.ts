/**
 * Name normalisation for screening (domain.md section 7): one comparable form for a name
 * however it was typed — full-width or half-width, traditional or simplified, with or
 * without spaces and middle dots, in Han characters or romanised.
 *
 * Surname-first order is kept: a Chinese name is written surname first, and reordering Han
 * names would only manufacture false matches. Romanised names are the exception, because
 * "Jianguo Wang" (Western order) is common on foreign-issued documents; see romanisedOrders.
 */
import { Converter } from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { citizenIdCheckChar } from '../../shared/platform/ids.ts';

/*
 * Traditional → simplified. Hong Kong and Taiwan variant forms differ (衞/衛, 啓/啟, 綫/線),
 * and each converter only knows its own region's variants, so the two are chained:
 * hk→cn first, then tw→cn catches what remains (著→着). Building a converter parses its
 * dictionaries (tens of milliseconds), so both are built once, at module load.
 */
const hkToCn = Converter({ from: 'hk', to: 'cn' });
const twToCn = Converter({ from: 'tw', to: 'cn' });

/*
 * Most names are already simplified, and the converters cost ~10 µs per string each; a
 * character that both converters leave alone on its own cannot start a conversion, so a
 * name made only of such characters skips them. (A phrase entry such as 乾隆 involves 乾,
 * which is not stable on its own, so phrase-level conversion still runs where it matters.)
 */
const stableChar = new Map<string, boolean>();
const FIRST_CJK = 0x2e80;

function isStable(ch: string): boolean {
  let stable = stableChar.get(ch);
  if (stable === undefined) {
    stable = twToCn(hkToCn(ch)) === ch;
    stableChar.set(ch, stable);
  }
  return stable;
}

/** Traditional (Hong Kong or Taiwan forms) to simplified Chinese; other text unchanged. */
export function toSimplified(text: string): string {
  for (const ch of text) {
    if ((ch.codePointAt(0) as number) >= FIRST_CJK && !isStable(ch)) return twToCn(hkToCn(text));
  }
  return text;
}

/*
 * What separates the parts of a name without being part of it: whitespace, the middle
 * dots used in minority and foreign names (· U+00B7, • U+2022, ‧ U+2027, ∙ U+2219,
 * ⋅ U+22C5, ・ U+30FB — NFKC has already folded the half-width ･ into ・), full stops,
 * and the hyphens, apostrophes, commas and underscores of romanised names
 * ("Jian-Guo", "Xi'an", "WANG, Jianguo").
 */
const SEPARATORS = /[\s\u00b7\u2022\u2027\u2219\u22c5\u30fb.,'\u2018\u2019_\u2010\u2011\u2013\u2014-]+/gu;

/**
 * The comparable form of a name: NFKC (full-width → half-width, ideographic space → space),
 * traditional → simplified, lower-case Latin, separators removed. Order is kept.
 */
export function normalize(name: string): string {
  return toSimplified(name.normalize('NFKC')).toLowerCase().replace(SEPARATORS, '');
}

const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z\u00fc]/u;

export type Script = 'HAN' | 'LATIN' | 'MIXED' | 'NONE';

/** Which writing system a normalised name uses; decides whether written forms are comparable. */
export function scriptOf(normalized: string): Script {
  const han = HAN.test(normalized);
  const latin = LATIN.test(normalized);
  if (han && latin) return 'MIXED';
  if (han) return 'HAN';
  if (latin) return 'LATIN';
  return 'NONE';
}

// ---------- pinyin ----------

/*
 * Every toneless syllable pinyin-pro produces for U+4E00–U+9FFF (ü written v), less the
 * interjections hng, m, n, ng, which would only let the segmenter cut "ng" off real
 * syllables. Used to cut romanised names ("jianguo") into syllables ("jian", "guo").
 */
const SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang ' +
    'cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang ' +
    'chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao ' +
    'die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai ' +
    'gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei ' +
    'hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ' +
    'ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la ' +
    'lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv ' +
    'lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ' +
    'ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang ' +
    'pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu ' +
    'qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se ' +
    'sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun ' +
    'shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou ' +
    'tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu ' +
    'xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei ' +
    'zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui ' +
    'zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);

/** Spellings of ü outside Hanyu Pinyin: passports write 吕 as LYU, and "lue" is common for lüe. */
const SYLLABLE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['lyu', 'lv'],
  ['nyu', 'nv'],
  ['lue', 'lve'],
  ['nue', 'nve'],
]);

const LONGEST_SYLLABLE = 6;

export function isPinyinSyllable(s: string): boolean {
  return SYLLABLES.has(s) || SYLLABLE_ALIASES.has(s);
}

/**
 * Cut a run of letters into pinyin syllables: fewest syllables wins, and a syllable that
 * starts with a vowel may only open the run — pinyin spelling puts an apostrophe before a
 * vowel-initial syllable inside a word (Xi'an), so "jiangang" is jian-gang, not jiang-ang.
 * Returns undefined when the run is not pinyin (a foreign name).
 */
export function segmentPinyin(letters: string): string[] | undefined {
  const n = letters.length;
  // best[i]: fewest syllables covering letters[i..]; next[i]: where the first of them ends.
  const best = new Array<number>(n + 1).fill(Infinity);
  const next = new Array<number>(n + 1).fill(-1);
  best[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (i > 0 && 'aoe'.includes(letters[i] as string)) continue;
    for (let len = Math.min(LONGEST_SYLLABLE, n - i); len >= 1; len--) {
      const rest = best[i + len] as number;
      if (rest + 1 < (best[i] as number) && isPinyinSyllable(letters.slice(i, i + len))) {
        best[i] = rest + 1;
        next[i] = i + len;
      }
    }
  }
  if (!Number.isFinite(best[0])) return undefined;
  const out: string[] = [];
  for (let i = 0; i < n; i = next[i] as number) {
    const s = letters.slice(i, next[i] as number);
    out.push(SYLLABLE_ALIASES.get(s) ?? s);
  }
  return out;
}

export interface PinyinOptions {
  /**
   * Read the first character as a surname (pinyin-pro `surname: 'head'`): 单 shan, 曾 zeng,
   * 解 xie, 仇 qiu, 朴 piao, 区 ou, 查 zha. Right for person names; wrong for organisation
   * names (乐山 is le shan, not yue shan), so organisations are read without it.
   */
  surnameFirst?: boolean;
}

export interface Reading {
  /** Toneless syllables; a Latin run that is not pinyin stays one symbol, digits likewise. */
  syllables: string[];
  /** Every symbol is a pinyin syllable (false for foreign romanised names). */
  pinyin: boolean;
}

const RUNS = /\p{Script=Han}+|[a-z\u00fc]+|\d+/gu;
const SEPARATORS_BETWEEN_HAN = new RegExp(`(?<=\\p{Script=Han})${SEPARATORS.source}(?=\\p{Script=Han})`, 'gu');

/**
 * The toneless reading of a name. ü is written v on both sides. Han characters are read as
 * one run whatever separates them (阿不都·热合曼 is one name); romanised words stay apart
 * so that each is cut into syllables on its own ("Xi An" is xi an, "Xian" is xian).
 */
export function reading(name: string, options: PinyinOptions = {}): Reading {
  const text = toSimplified(name.normalize('NFKC')).toLowerCase().replace(SEPARATORS_BETWEEN_HAN, '');
  const syllables: string[] = [];
  let valid = true;
  for (const match of text.matchAll(RUNS)) {
    const run = match[0];
    if (HAN.test(run)) {
      const head = options.surnameFirst === true && syllables.length === 0;
      syllables.push(...pinyin(run, { toneType: 'none', type: 'array', v: true, surname: head ? 'head' : 'off' }));
    } else if (LATIN.test(run)) {
      const letters = run.replaceAll('\u00fc', 'v');
      const cut = segmentPinyin(letters);
      if (cut === undefined) {
        syllables.push(letters);
        valid = false;
      } else {
        syllables.push(...cut);
      }
    } else {
      syllables.push(run);
      valid = false;
    }
  }
  return { syllables, pinyin: valid && syllables.length > 0 };
}

/** Toneless pinyin syllables of a name, surname-first reading optional. */
export function pinyinSyllables(name: string, options: PinyinOptions = {}): string[] {
  return reading(name, options).syllables;
}

/**
 * The pinyin key: toneless syllables joined, so homophones share it (王建国 and 汪健国 are
 * both "wangjianguo"). A romanised name is its own key: "Wang Jian-Guo" → "wangjianguo".
 */
export function pinyinKey(name: string, options: PinyinOptions = {}): string {
  return pinyinSyllables(name, options).join('');
}

/*
 * Token boundaries for ordering a romanised name: whitespace, commas and middle dots, but
 * not hyphens or apostrophes, which join the syllables of one given name ("Jian-Guo").
 */
const ORDER_SEPARATORS = /[\s,\u00b7\u2022\u2027\u2219\u22c5\u30fb]+/u;

/** Romanised compound surnames; any other surname is one syllable. */
const COMPOUND_SURNAMES = new Set(
  'ouyang sima zhuge shangguan situ murong xiahou zhangsun huangfu duanmu dongfang ximen nangong gongsun yuchi linghu zhongli wenren'.split(
    ' ',
  ),
);

function couldBeSurname(token: string): boolean {
  const letters = token.toLowerCase().replace(/[^a-z\u00fc]/gu, '').replaceAll('\u00fc', 'v');
  return COMPOUND_SURNAMES.has(letters) || segmentPinyin(letters)?.length === 1;
}

/**
 * Surname-first orders of a romanised name to try, as raw strings for reading(). The
 * caller takes the best score over them. Han names are never reordered.
 *
 * A romanised name does not always say which token is the surname:
 * - A token in capitals among tokens that are not is the surname (passport style:
 *   "Jian Guo WANG", "Jianguo WANG") and goes first.
 * - Of two tokens, only one that can be a surname (one syllable, or a compound surname
 *   such as Ouyang) can go first: "Jianguo Wang" is read wang jian guo, "Wang Jianguo" as
 *   written. When both can ("Chen Xue": 陈雪 or 薛晨?), both orders are tried; the cost is
 *   that "Chen Xue" also matches 薛晨, acceptable for a POTENTIAL hit.
 * - Three or more uncapitalised tokens are left as written: trying their permutations
 *   would multiply false matches.
 */
export function romanisedOrders(name: string): string[] {
  const folded = name.normalize('NFKC');
  if (HAN.test(folded)) return [name];
  const tokens = folded.split(ORDER_SEPARATORS).filter((t) => t.length > 0);
  if (tokens.length < 2) return [name];
  const capitalised = tokens.filter((t) => /\p{L}.*\p{L}/u.test(t) && t === t.toUpperCase() && t !== t.toLowerCase());
  if (capitalised.length === 1) {
    const surname = capitalised[0] as string;
    return [[surname, ...tokens.filter((t) => t !== surname)].join(' ')];
  }
  if (tokens.length === 2) {
    const [a, b] = tokens as [string, string];
    const asWritten = `${a} ${b}`;
    const swapped = `${b} ${a}`;
    const aFirst = couldBeSurname(a);
    const bFirst = couldBeSurname(b);
    if (aFirst && bFirst) return [asWritten, swapped];
    return bFirst ? [swapped] : [asWritten];
  }
  return [tokens.join(' ')];
}

// ---------- organisation names ----------

/*
 * A Chinese enterprise name is 行政区划 + 字号 + 行业 + 组织形式 (region, trade name,
 * industry, legal form). Region and legal form are what variants drop or add
 * ("无锡速达快递", "江苏无锡速达快递有限公司"), and the industry is shared by thousands of
 * names (a whole-name comparison finds 盈锦农业发展 and 联锦农业发展 alike), so only the
 * trade name is compared character by character; region and industry are checked for
 * conflict.
 */
const LEGAL_FORMS = [
  '股份有限公司',
  '有限责任公司',
  '个人独资企业',
  '股份合作公司',
  '有限公司',
  '股份公司',
  '合伙企业',
  '有限合伙',
  '普通合伙',
  '分公司',
  '公司',
  '集团',
].sort((a, b) => b.length - a.length);

/** Province-level divisions by short name; 市/省/自治区 suffixes are stripped separately. */
const PROVINCES = new Set(
  (
    '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 ' +
    '四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门'
  ).split(' '),
);
const MUNICIPALITIES = new Set(['北京', '天津', '上海', '重庆']);

/** Prefecture-level cities → province: all of Jiangsu, and the cities its firms most often trade with. */
const CITIES: ReadonlyMap<string, string> = new Map([
  ...'南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁'.split(' ').map((c) => [c, '江苏'] as const),
  ...'杭州 宁波 温州 嘉兴 湖州 绍兴 金华 台州'.split(' ').map((c) => [c, '浙江'] as const),
  ...'合肥 芜湖 马鞍山'.split(' ').map((c) => [c, '安徽'] as const),
  ...'广州 深圳 东莞 佛山 珠海'.split(' ').map((c) => [c, '广东'] as const),
  ...'济南 青岛 临沂'.split(' ').map((c) => [c, '山东'] as const),
  ['武汉', '湖北'],
  ['长沙', '湖南'],
  ['成都', '四川'],
  ['西安', '陕西'],
  ['郑州', '河南'],
  ['福州', '福建'],
  ['厦门', '福建'],
  ['沈阳', '辽宁'],
  ['大连', '辽宁'],
]);

/** Jiangsu districts and county-level cities → their prefecture city. */
const DISTRICTS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    南京: '玄武 秦淮 建邺 鼓楼 栖霞 雨花台 江宁 浦口 六合 溧水 高淳',
    无锡: '梁溪 新吴 锡山 惠山 滨湖 江阴 宜兴',
    徐州: '云龙 泉山 铜山 贾汪 邳州 新沂 丰县 沛县 睢宁',
    常州: '天宁 钟楼 新北 武进 金坛 溧阳',
    苏州: '姑苏 虎丘 吴中 相城 吴江 常熟 张家港 昆山 太仓',
    南通: '崇川 通州 海门 启东 如皋 海安 如东',
    连云港: '连云 海州 赣榆 东海 灌云 灌南',
    淮安: '清江浦 淮阴 淮安区 洪泽 涟水 盱眙 金湖',
    盐城: '亭湖 盐都 大丰 东台 建湖 射阳 阜宁 滨海 响水',
    扬州: '广陵 邗江 江都 仪征 高邮 宝应',
    镇江: '京口 润州 丹徒 丹阳 扬中 句容',
    泰州: '海陵 高港 姜堰 兴化 靖江 泰兴',
    宿迁: '宿城 宿豫 沭阳 泗阳 泗洪',
  }).flatMap(([city, list]) => list.split(' ').map((d) => [d, city] as const)),
);

const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];
const CITY_SUFFIXES = ['市'];
const DISTRICT_SUFFIXES = ['区', '县', '市'];
const BRACKETS = /[()[\]（）【】〔〕]/gu;
const BRACKETED = /[(（]([^()（）]+)[)）]/u;

function isRegion(text: string): boolean {
  for (const table of [PROVINCES, CITIES, DISTRICTS]) {
    const hit = stripPrefix(text, table, PROVINCE_SUFFIXES);
    if (hit !== undefined && hit[1] === '') return true;
  }
  return false;
}

export interface OrganisationName {
  /** Trade name and industry, region and legal form removed. */
  core: string;
  /** The trade name (字号): the distinctive part, compared character by character. */
  trade: string;
  /** The industry (行业) when it is one the tables know. */
  industry?: string;
  /** Province, stated or implied by the city. */
  province?: string;
  city?: string;
}

/*
 * Industry terms (行业表述), longest first when matched. Short forms are listed too
 * ("科技" for "网络科技"), because names are routinely written with the industry cut short.
 */
const INDUSTRIES = (
  '物流 快递 速递 货运 运输 仓储 供应链管理 供应链 科技 网络科技 信息科技 电子科技 智能科技 生物科技 ' +
  '环保科技 新能源科技 教育科技 信息技术 技术 信息 网络 软件 通信 贸易 商贸 国际贸易 进出口 电子商务 ' +
  '电子 电器 建设工程 建设 工程 建筑 建材 装饰工程 装饰 机械制造 机械 制造 服装 服饰 纺织 食品 医药 ' +
  '药业 医疗器械 文化传媒 传媒 文化 广告 餐饮管理 餐饮 酒店管理 房地产开发 房地产 置业 物业管理 实业 ' +
  '投资 投资管理 资产管理 企业管理 咨询 人力资源 劳务 家政服务 汽车销售 汽车 农业发展 农业 环保 新能源'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);

/**
 * Industries conflict when both are known and neither contains the other: 网络科技 and
 * 科技 are one industry written long and short, 物流 and 贸易 are two.
 */
export function industriesConflict(a: OrganisationName, b: OrganisationName): boolean {
  if (a.industry === undefined || b.industry === undefined) return false;
  return !a.industry.includes(b.industry) && !b.industry.includes(a.industry);
}

/** Region names are two or three characters long. */
const REGION_LENGTHS = [3, 2];

function stripPrefix(
  text: string,
  names: { has(name: string): boolean },
  suffixes: readonly string[],
): [string, string] | undefined {
  const found = REGION_LENGTHS.map((n) => text.slice(0, n)).find((head) => head.length > 1 && names.has(head));
  if (found === undefined) return undefined;
  let rest = text.slice(found.length);
  const suffix = suffixes.find((s) => rest.startsWith(s));
  if (suffix !== undefined) rest = rest.slice(suffix.length);
  return [found, rest];
}

/**
 * Split a normalised organisation name into region, trade name and industry, legal form
 * dropped. Regions and industries are recognised from fixed tables; an unknown one simply
 * stays in the trade name, where Jaro–Winkler still compares it. A name that would be left
 * with nothing keeps its region, so "南京有限公司" still has something to compare.
 */
export function parseOrganisationName(normalized: string): OrganisationName {
  // A region in brackets after the trade name — 速达物流(南京)有限公司 — is moved to the front.
  let rest = normalized;
  const bracketed = BRACKETED.exec(rest);
  if (bracketed !== null && isRegion(bracketed[1] as string)) rest = bracketed[1] + rest.replace(bracketed[0], '');
  rest = rest.replace(BRACKETS, '');
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const form of LEGAL_FORMS) {
      if (rest.endsWith(form) && rest.length > form.length) {
        rest = rest.slice(0, -form.length);
        stripped = true;
        break;
      }
    }
  }
  const withRegion = rest;
  let province: string | undefined;
  let city: string | undefined;

  const p = stripPrefix(rest, PROVINCES, PROVINCE_SUFFIXES);
  if (p !== undefined) {
    [province, rest] = p;
    if (MUNICIPALITIES.has(province)) city = province;
  }
  const c = stripPrefix(rest, CITIES, CITY_SUFFIXES);
  if (c !== undefined) [city, rest] = c;
  const d = stripPrefix(rest, DISTRICTS, DISTRICT_SUFFIXES);
  if (d !== undefined) {
    city ??= DISTRICTS.get(d[0]);
    rest = d[1];
  }
  if (city !== undefined) province ??= CITIES.get(city) ?? (MUNICIPALITIES.has(city) ? city : undefined);

  const core = rest.length > 0 ? rest : withRegion;
  const industry = INDUSTRIES.find((term) => core.endsWith(term) && core.length > term.length);
  const out: OrganisationName = { core, trade: industry === undefined ? core : core.slice(0, -industry.length) };
  if (industry !== undefined) out.industry = industry;
  if (province !== undefined) out.province = province;
  if (city !== undefined) out.city = city;
  return out;
}

/**
 * Two organisation names registered in different places are different legal persons:
 * enterprise names are unique only within a registration authority's area, so 苏州速达快递
 * is not 无锡速达快递. A side that states no region conflicts with nothing.
 */
export function regionsConflict(a: OrganisationName, b: OrganisationName): boolean {
  if (a.city !== undefined && b.city !== undefined && a.city !== b.city) return true;
  return a.province !== undefined && b.province !== undefined && a.province !== b.province;
}

/** Looks like an organisation: ends in a legal form. Used to skip person candidates. */
export function hasLegalForm(normalized: string): boolean {
  const text = normalized.replace(BRACKETS, '');
  return LEGAL_FORMS.some((form) => text.endsWith(form) && text.length > form.length);
}

// ---------- identifiers ----------

/**
 * Comparable form of a unified social credit code or citizen ID: NFKC (full-width digits
 * typed in a Chinese input method), separators removed, upper case; a 15-digit
 * first-generation citizen ID is widened to 18 digits (century 19 inserted, GB 11643 check
 * character appended), so either generation matches the other. Lenient on purpose: unlike
 * validation, screening should find a listed code however it was pasted.
 */
export function normalizeCreditCode(code: string): string {
  const compact = code.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  if (!/^\d{15}$/.test(compact)) return compact;
  const first17 = `${compact.slice(0, 6)}19${compact.slice(6)}`;
  return first17 + citizenIdCheckChar(first17);
}

/** Birth date (YYYY-MM-DD) from positions 7–14 of an 18-digit citizen ID, if it is a real date. */
export function birthDateFromCitizenId(code: string): string | undefined {
  const id = normalizeCreditCode(code);
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  return normalizeDate(id.slice(6, 14));
}

/** YYYY-MM-DD from YYYY-MM-DD or YYYYMMDD, if it names a real calendar date. */
export function normalizeDate(date: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.normalize('NFKC').trim());
  if (m === null) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (t.getUTCFullYear() !== Number(y) || t.getUTCMonth() !== Number(mo) - 1 || t.getUTCDate() !== Number(d)) {
    return undefined;
  }
  return `${y}-${mo}-${d}`;
}
