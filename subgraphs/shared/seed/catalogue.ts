/**
 * The vocabulary of the synthetic records: licences, misconduct, penalties, list grounds,
 * honours and complaints as Jiangsu authorities word them. Each misconduct or penalty case
 * carries its own severity, so a measure and its severity never contradict each other.
 */
import type { CourierCompanyDoc, ListKind, ObjectionDoc, Severity, ViolationDoc } from '../documents.ts';
import type { City, District } from './jiangsu.ts';
import { type Rng, Weighted } from './random.ts';

/** 412000 -> `412,000`, as amounts are written in court lists */
export function formatYuan(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export type EnterpriseKind =
  | 'PLATFORM_OPERATOR'
  | 'COURIER_COMPANY'
  | 'ECOMMERCE_COMPANY'
  | 'MANUFACTURER'
  | 'TRADING'
  | 'CONSTRUCTION'
  | 'CATERING';

/**
 * The first enterprises have fixed kinds so that even a tiny seed has platforms to sell on
 * and courier companies to work for; platform operators appear only here, as in life there
 * are a handful of them.
 */
export const FIXED_KINDS: readonly EnterpriseKind[] = [
  'PLATFORM_OPERATOR',
  'COURIER_COMPANY',
  'PLATFORM_OPERATOR',
  'COURIER_COMPANY',
  'PLATFORM_OPERATOR',
  'ECOMMERCE_COMPANY',
  'MANUFACTURER',
  'TRADING',
  'COURIER_COMPANY',
  'CONSTRUCTION',
  'CATERING',
];

export interface OccupationSpec {
  occupation: string;
  weight: number;
  minAge: number;
  licence(rng: Rng, year: number, d: District): string;
  issuer(city: City): string;
  authority(city: City): string;
  refPrefix(city: City): string;
  misconduct: readonly (readonly [what: string, measure: string, severity: Severity])[];
}

export const OCCUPATIONS: readonly OccupationSpec[] = [
  {
    occupation: 'TEACHER',
    weight: 30,
    minAge: 22,
    licence: (rng, y, d) => `教资${y}${d.code}${rng.digits(3)}`,
    issuer: (c) => `${c.name}教育局`,
    authority: (c) => `${c.name}教育局`,
    refPrefix: (c) => `${c.abbr}教处`,
    misconduct: [
      ['体罚学生', '停止教学工作三个月', 'GENERAL'],
      ['违规有偿补课', '警告并责令退还补课费', 'MINOR'],
      ['收受学生家长礼品礼金', '通报批评', 'MINOR'],
      ['学术不端', '取消当年评优资格', 'GENERAL'],
      ['严重侮辱学生人格', '撤销教师资格', 'SERIOUS'],
    ],
  },
  {
    occupation: 'DOCTOR',
    weight: 18,
    minAge: 25,
    licence: (rng, y, d) => `医执${y}${d.code}${rng.digits(5)}`,
    issuer: (c) => `${c.name}卫生健康委员会`,
    authority: (c) => `${c.name}卫生健康委员会`,
    refPrefix: (c) => `${c.abbr}卫医罚`,
    misconduct: [
      ['违规开具处方', '暂停执业活动三个月', 'GENERAL'],
      ['收受药品回扣', '吊销医师执业证书', 'SERIOUS'],
      ['病历书写不规范', '警告', 'MINOR'],
      ['超出执业范围执业', '罚款五千元', 'GENERAL'],
    ],
  },
  {
    occupation: 'NURSE',
    weight: 15,
    minAge: 20,
    licence: (rng, y, d) => `护执${y}${d.code}${rng.digits(4)}`,
    issuer: (c) => `${c.name}卫生健康委员会`,
    authority: (c) => `${c.name}卫生健康委员会`,
    refPrefix: (c) => `${c.abbr}卫护罚`,
    misconduct: [
      ['违反护理操作规程', '警告', 'MINOR'],
      ['未按规定办理执业注册变更', '责令改正', 'MINOR'],
      ['泄露患者隐私', '暂停执业活动六个月', 'GENERAL'],
    ],
  },
  {
    occupation: 'LAWYER',
    weight: 8,
    minAge: 24,
    licence: (rng, y, d) => `律执1${d.code.slice(0, 4)}${y}1${rng.digits(4)}`,
    issuer: () => '江苏省司法厅',
    authority: (c) => `${c.name}司法局`,
    refPrefix: (c) => `${c.abbr}司罚`,
    misconduct: [
      ['违规收取代理费', '停止执业六个月', 'GENERAL'],
      ['私自接受委托', '警告', 'MINOR'],
      ['泄露当事人隐私', '停止执业三个月', 'GENERAL'],
      ['向司法人员行贿', '吊销律师执业证书', 'SERIOUS'],
    ],
  },
  {
    occupation: 'ACCOUNTANT',
    weight: 10,
    minAge: 23,
    licence: (rng) => `注会3200${rng.digits(8)}`,
    issuer: () => '江苏省注册会计师协会',
    authority: () => '江苏省财政厅',
    refPrefix: () => '苏财会罚',
    misconduct: [
      ['出具不实审计报告', '暂停执行业务一年', 'SERIOUS'],
      ['未保持职业独立性', '警告', 'MINOR'],
    ],
  },
  {
    occupation: 'PHARMACIST',
    weight: 6,
    minAge: 23,
    licence: (rng, y) => `药执${y}32${rng.digits(6)}`,
    issuer: () => '江苏省药品监督管理局',
    authority: () => '江苏省药品监督管理局',
    refPrefix: () => '苏药监罚',
    misconduct: [
      ['未凭处方销售处方药', '警告', 'MINOR'],
      ['注册证书挂靠', '撤销执业药师注册证书', 'SERIOUS'],
    ],
  },
  {
    occupation: 'CONSTRUCTOR',
    weight: 8,
    minAge: 26,
    licence: (rng, y, d) => `苏1${d.code.slice(2, 4)}${y}${rng.digits(5)}`,
    issuer: () => '江苏省住房和城乡建设厅',
    authority: (c) => `${c.name}住房和城乡建设局`,
    refPrefix: (c) => `${c.abbr}建罚`,
    misconduct: [
      ['违反工程建设强制性标准', '暂停执业一年', 'SERIOUS'],
      ['未按规定履行质量安全职责', '罚款三万元', 'GENERAL'],
    ],
  },
];

export const COURIER_OCCUPATION: OccupationSpec = {
  occupation: 'COURIER',
  weight: 0,
  minAge: 19,
  licence: (rng, y, d) => `快递从业${d.code}-${y}-${rng.digits(4)}`,
  issuer: (c) => `${c.name}邮政管理局`,
  authority: (c) => `${c.name}邮政管理局`,
  refPrefix: (c) => `${c.abbr}邮管处`,
  misconduct: [
    ['私自开拆快件', '停止从业三个月', 'GENERAL'],
    ['违规收寄禁寄物品', '警告', 'MINOR'],
    ['虚假签收', '通报批评', 'MINOR'],
  ],
};

export const TOWNS = ['城关', '新港', '东湖', '西塘', '南桥', '北新', '张集', '李庄', '王集', '高桥', '新河', '白马'] as const;

export const VILLAGES = ['红旗', '新华', '光明', '永安', '五星', '胜利', '和平', '东风', '前进', '友谊'] as const;

export const CAPITAL: Record<EnterpriseKind, readonly number[]> = {
  PLATFORM_OPERATOR: [50_000_000, 100_000_000, 200_000_000],
  COURIER_COMPANY: [1_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000],
  ECOMMERCE_COMPANY: [100_000, 500_000, 1_000_000, 3_000_000, 5_000_000],
  MANUFACTURER: [500_000, 1_000_000, 5_000_000, 10_000_000, 30_000_000, 100_000_000],
  TRADING: [100_000, 300_000, 500_000, 1_000_000, 2_000_000, 5_000_000],
  CONSTRUCTION: [2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000],
  CATERING: [100_000, 300_000, 500_000, 1_000_000],
};

export const COMMITMENT_TEXTS = ['商品质量与服务承诺', '依法诚信纳税承诺', '安全生产主体责任承诺', '快递服务质量承诺', '守法经营承诺', '按时足额支付劳动报酬承诺'] as const;

export interface PenaltyAgency {
  agency: string;
  prefix: string;
  kinds: readonly EnterpriseKind[] | 'ALL';
  cases: readonly (readonly [what: string, measure: string, severity: Severity])[];
}

export const PENALTY_AGENCIES: readonly PenaltyAgency[] = [
  {
    agency: '市场监督管理局',
    prefix: '市监罚',
    kinds: 'ALL',
    cases: [
      ['虚假宣传', '罚款五万元', 'GENERAL'],
      ['销售不合格产品', '没收违法所得并罚款二万元', 'GENERAL'],
      ['未按规定公示年度报告', '警告', 'MINOR'],
      ['使用未经检定的计量器具', '罚款三千元', 'MINOR'],
      ['销售过期食品', '罚款一万元', 'GENERAL'],
      ['生产销售假冒伪劣产品', '没收违法所得并罚款八十万元', 'SERIOUS'],
    ],
  },
  {
    agency: '生态环境局',
    prefix: '环罚',
    kinds: ['MANUFACTURER', 'CONSTRUCTION'],
    cases: [
      ['超标排放大气污染物', '罚款二十万元', 'GENERAL'],
      ['危险废物贮存不规范', '罚款十万元', 'GENERAL'],
      ['建设项目未批先建', '责令停止建设并罚款五十万元', 'SERIOUS'],
    ],
  },
  {
    agency: '应急管理局',
    prefix: '应急罚',
    kinds: ['MANUFACTURER', 'CONSTRUCTION', 'CATERING'],
    cases: [
      ['未按规定开展安全生产教育培训', '罚款三万元', 'GENERAL'],
      ['安全设备未定期检测', '责令限期改正并罚款一万元', 'MINOR'],
    ],
  },
  {
    agency: '邮政管理局',
    prefix: '邮管罚',
    kinds: ['COURIER_COMPANY'],
    cases: [
      ['未按规定实行收寄验视', '罚款一万元', 'GENERAL'],
      ['违规收寄禁寄物品', '罚款三万元', 'GENERAL'],
      ['快件积压未及时投递', '警告', 'MINOR'],
    ],
  },
  {
    agency: '交通运输局',
    prefix: '交罚',
    kinds: ['COURIER_COMPANY', 'TRADING'],
    cases: [
      ['车辆超限运输', '罚款五千元', 'MINOR'],
      ['未取得道路运输经营许可从事货运', '罚款三万元', 'GENERAL'],
    ],
  },
  {
    agency: '住房和城乡建设局',
    prefix: '住建罚',
    kinds: ['CONSTRUCTION'],
    cases: [
      ['未取得施工许可证擅自施工', '罚款十万元', 'GENERAL'],
      ['违法分包工程', '责令改正并罚款二十万元', 'SERIOUS'],
    ],
  },
];

export const COMPLAINT_RATE: Record<CourierCompanyDoc['grade'], readonly [number, number]> = {
  A: [0.3, 3],
  B: [3, 8],
  C: [8, 20],
  D: [20, 45],
};

export const WARNING_REASONS = [
  '服务投诉率连续两季度超过警戒线',
  '末端网点擅自停止服务',
  '未按承诺时限投递快件',
  '快件延误投诉集中',
  '违规设置快递代收点',
] as const;

export const SHOP_CATEGORIES = ['数码', '家居', '母婴', '服饰', '食品', '美妆', '户外', '图书', '家电', '茶叶', '鞋包', '宠物用品'] as const;

export const VIOLATION_KINDS = new Weighted<ViolationDoc['kind']>([
  ['FAKE_ORDERS', 30],
  ['FAKE_REVIEWS', 20],
  ['FALSE_ADVERTISING', 20],
  ['COUNTERFEIT', 12],
  ['PRICE_FRAUD', 12],
  ['UNLICENSED', 6],
]);

export const VIOLATION_TEXT: Record<ViolationDoc['kind'], (rng: Rng) => string> = {
  FAKE_ORDERS: (rng) => `恶意刷单 ${formatYuan(rng.int(30, 3000))} 笔`,
  FAKE_REVIEWS: (rng) => `组织虚假评价 ${rng.int(20, 800)} 条`,
  FALSE_ADVERTISING: () => '商品详情页夸大宣传功效',
  COUNTERFEIT: () => '销售假冒注册商标商品',
  PRICE_FRAUD: () => '虚构原价后打折促销',
  UNLICENSED: () => '未取得食品经营许可销售预包装食品',
};

export const VIOLATION_SEVERITY: Record<ViolationDoc['kind'], Weighted<Severity>> = {
  FAKE_ORDERS: new Weighted<Severity>([['GENERAL', 70], ['SERIOUS', 30]]),
  FAKE_REVIEWS: new Weighted<Severity>([['MINOR', 30], ['GENERAL', 70]]),
  FALSE_ADVERTISING: new Weighted<Severity>([['MINOR', 40], ['GENERAL', 60]]),
  COUNTERFEIT: new Weighted<Severity>([['SERIOUS', 1]]),
  PRICE_FRAUD: new Weighted<Severity>([['GENERAL', 80], ['SERIOUS', 20]]),
  UNLICENSED: new Weighted<Severity>([['MINOR', 50], ['GENERAL', 50]]),
};

export const VIOLATION_MEASURES: Record<Severity, readonly string[]> = {
  MINOR: ['警告', '限制参加营销活动三十日'],
  GENERAL: ['降低信用等级并限制流量', '下架违规商品并扣除保证金'],
  SERIOUS: ['屏蔽店铺七日并扣除全部保证金', '清退出平台'],
};

export const COMPLAINT_REASONS = ['未按约定时间投递', '包裹破损', '未经同意放置快递柜', '服务态度差', '虚假签收', '快件丢失'] as const;

export const TRAFFIC_VIOLATIONS = ['电动自行车闯红灯', '电动自行车逆向行驶', '驾驶电动自行车违规载人', '在机动车道内骑行电动自行车', '未佩戴安全头盔'] as const;

export const DJD_BASES = new Weighted<string>([
  ['有履行能力而拒不履行生效法律文书确定义务', 35],
  ['违反财产报告制度', 25],
  ['违反限制消费令', 15],
  ['以伪造证据、暴力、威胁等方法妨碍、抗拒执行', 10],
  ['以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行', 15],
]);

export const REFUSING = '有履行能力而拒不履行生效法律文书确定义务';

export const OBLIGATIONS = ['偿还借款本息', '支付货款', '给付工程款', '支付劳动报酬', '赔偿损失', '支付租金'] as const;

export const TAX_BASES = ['偷税', '逃避追缴欠税', '骗取出口退税', '虚开增值税专用发票', '虚开普通发票'] as const;

export const ECOMMERCE_BASES = ['恶意刷单', '销售假冒注册商标商品', '组织虚假评价', '价格欺诈', '多次违规经营'] as const;

export const COURIER_BASES = ['泄露寄递详情单信息，情节严重', '违规收寄禁寄物品，情节严重', '长期积压快件', '私自开拆、隐匿快件', '虚假签收造成重大损失'] as const;

export interface SeriousDishonestyAuthority {
  authority: (city: City) => string;
  prefix: (city: City) => string;
  bases: readonly string[];
}

export const SERIOUS_DISHONESTY_AUTHORITIES: readonly SeriousDishonestyAuthority[] = [
  {
    authority: (c) => `${c.name}市场监督管理局`,
    prefix: (c) => `${c.abbr}市监严失`,
    bases: ['提交虚假材料取得公司登记', '一年内因同一性质违法行为受到三次以上较重行政处罚', '拒不履行行政处罚决定'],
  },
  {
    authority: (c) => `${c.name}人力资源和社会保障局`,
    prefix: (c) => `${c.abbr}人社失`,
    bases: ['拖欠农民工工资数额较大', '克扣劳动者工资且拒不支付'],
  },
  {
    authority: () => '江苏省发展和改革委员会',
    prefix: () => '苏发改信',
    bases: ['骗取财政补贴资金', '在招标投标活动中弄虚作假'],
  },
];

export interface AdminAgency {
  agency: string;
  prefix: string;
  bases: readonly string[];
}

export const ADMIN_AGENCIES: readonly AdminAgency[] = [
  { agency: '市场监督管理局', prefix: '市监罚', bases: ['无证经营食品', '虚假宣传', '销售不合格产品', '未明码标价'] },
  { agency: '交通运输局', prefix: '交罚', bases: ['非法营运', '车辆超限运输'] },
  { agency: '城市管理综合行政执法局', prefix: '城管罚', bases: ['违规占道经营', '违法搭建建筑物'] },
  { agency: '生态环境局', prefix: '环罚', bases: ['超标排放大气污染物', '噪声污染扰民'] },
];

export const OBJECTION_REASONS: Record<ListKind, readonly string[]> = {
  DISHONEST_JUDGMENT_DEBTOR: ['该笔欠款已于判决后全部清偿', '案件已和解结案', '同名同姓，非本人'],
  MAJOR_TAX_VIOLATION: ['税款及滞纳金已全部补缴', '身份信息被冒用，本人未参与相关经营'],
  ECOMMERCE_BLACKLIST: ['订单均为真实交易，有物流记录为证', '店铺已转让，违规行为发生在转让之后'],
  COURIER_BLACKLIST: ['本人已于事发前离职', '信息泄露系系统被攻击所致，非本人所为'],
  SERIOUS_DISHONESTY: ['工资已全部支付，有银行流水为证', '身份信息被冒用，本人未参与相关经营'],
  ADMINISTRATIVE_PENALTY: ['处罚决定已被行政复议撤销', '已按期缴纳罚款，信息未及时更新', '处罚依据的事实认定有误'],
};

export const OBJECTION_OUTCOMES = new Weighted<[ObjectionDoc['status'], string]>([
  [['CONFIRMED', '经核查，原记录事实清楚、依据充分，予以维持'], 60],
  [['CORRECTED', '经核查，记录中的部分事实有误，已予更正'], 25],
  [['REMOVED', '经核查，异议成立，已删除该记录'], 15],
]);

export interface Honour {
  honor: (year: string, city: City) => string;
  authority: (city: City) => string;
  prefix: (city: City) => string;
  years: number | null;
}

export const PERSON_HONOURS: readonly Honour[] = [
  { honor: (y, c) => `${y}年度${c.name}诚信市民`, authority: (c) => `${c.name}文明办`, prefix: (c) => `${c.abbr}信红`, years: 3 },
  { honor: (y, c) => `${y}年度${c.name}优秀志愿者`, authority: (c) => `${c.name}志愿服务联合会`, prefix: (c) => `${c.abbr}志红`, years: 2 },
  { honor: () => '江苏省劳动模范', authority: () => '江苏省人民政府', prefix: () => '苏政红', years: null },
];

export const ENTERPRISE_HONOURS: readonly Honour[] = [
  { honor: (y) => `${y}年度纳税信用A级纳税人`, authority: () => '国家税务总局江苏省税务局', prefix: () => '苏税红', years: 2 },
  { honor: () => '江苏省守合同重信用企业', authority: () => '江苏省市场监督管理局', prefix: () => '苏市监红', years: 2 },
  { honor: (_, c) => `${c.name}诚信示范企业`, authority: (c) => `${c.name}发展和改革委员会`, prefix: (c) => `${c.abbr}发改红`, years: 3 },
];

export const COURIER_HONOUR: Honour = {
  honor: () => '江苏省诚信快递企业',
  authority: () => '江苏省邮政管理局',
  prefix: () => '苏邮管红',
  years: 2,
};
