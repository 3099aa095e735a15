/**
 * Reference data for realistic Jiangsu records: administrative divisions (GB/T 2260),
 * courts, names, streets, lenders. Weights are rough population shares, not statistics.
 */

export interface City {
  name: string; // 南京市
  /** one-character abbreviation used in document numbers (宁市监罚…) */
  abbr: string;
  /** licence-plate letter after 苏, also used in postal licence numbers */
  plate: string;
  /** intermediate people's court code used in case numbers, e.g. 苏01 */
  court: string;
}

export interface District {
  code: string; // 320106
  name: string; // 鼓楼区
  city: City;
  /** relative share of the synthetic population and of enterprise registrations */
  weight: number;
}

const c = (name: string, abbr: string, plate: string, court: string): City => ({ name, abbr, plate, court });

export const CITIES = {
  nanjing: c('南京市', '宁', 'A', '苏01'),
  wuxi: c('无锡市', '锡', 'B', '苏02'),
  xuzhou: c('徐州市', '徐', 'C', '苏03'),
  changzhou: c('常州市', '常', 'D', '苏04'),
  suzhou: c('苏州市', '苏', 'E', '苏05'),
  nantong: c('南通市', '通', 'F', '苏06'),
  lianyungang: c('连云港市', '连', 'G', '苏07'),
  huaian: c('淮安市', '淮', 'H', '苏08'),
  yancheng: c('盐城市', '盐', 'J', '苏09'),
  yangzhou: c('扬州市', '扬', 'K', '苏10'),
  zhenjiang: c('镇江市', '镇', 'L', '苏11'),
  taizhou: c('泰州市', '泰', 'M', '苏12'),
  suqian: c('宿迁市', '宿', 'N', '苏13'),
} as const;

const d = (code: string, name: string, city: City, weight: number): District => ({ code, name, city, weight });
const { nanjing, wuxi, xuzhou, changzhou, suzhou, nantong, lianyungang, huaian, yancheng, yangzhou, zhenjiang, taizhou, suqian } =
  CITIES;

/** Weights are small integers (at most 10): the citizen-ID domain gives each unit 100 sequence numbers. */
export const DISTRICTS: readonly District[] = [
  d('320102', '玄武区', nanjing, 4),
  d('320104', '秦淮区', nanjing, 5),
  d('320105', '建邺区', nanjing, 3),
  d('320106', '鼓楼区', nanjing, 6),
  d('320111', '浦口区', nanjing, 3),
  d('320113', '栖霞区', nanjing, 3),
  d('320114', '雨花台区', nanjing, 2),
  d('320115', '江宁区', nanjing, 6),
  d('320116', '六合区', nanjing, 3),
  d('320205', '锡山区', wuxi, 3),
  d('320206', '惠山区', wuxi, 3),
  d('320211', '滨湖区', wuxi, 3),
  d('320213', '梁溪区', wuxi, 5),
  d('320281', '江阴市', wuxi, 5),
  d('320282', '宜兴市', wuxi, 4),
  d('320302', '鼓楼区', xuzhou, 3),
  d('320311', '泉山区', xuzhou, 3),
  d('320312', '铜山区', xuzhou, 4),
  d('320382', '邳州市', xuzhou, 5),
  d('320402', '天宁区', changzhou, 3),
  d('320411', '新北区', changzhou, 3),
  d('320412', '武进区', changzhou, 5),
  d('320481', '溧阳市', changzhou, 3),
  d('320505', '虎丘区', suzhou, 3),
  d('320506', '吴中区', suzhou, 4),
  d('320508', '姑苏区', suzhou, 4),
  d('320509', '吴江区', suzhou, 4),
  d('320581', '常熟市', suzhou, 5),
  d('320582', '张家港市', suzhou, 4),
  d('320583', '昆山市', suzhou, 6),
  d('320612', '通州区', nantong, 4),
  d('320613', '崇川区', nantong, 4),
  d('320681', '启东市', nantong, 3),
  d('320682', '如皋市', nantong, 4),
  d('320706', '海州区', lianyungang, 3),
  d('320707', '赣榆区', lianyungang, 3),
  d('320722', '东海县', lianyungang, 3),
  d('320803', '淮安区', huaian, 3),
  d('320812', '清江浦区', huaian, 3),
  d('320826', '涟水县', huaian, 3),
  d('320902', '亭湖区', yancheng, 3),
  d('320903', '盐都区', yancheng, 2),
  d('320981', '东台市', yancheng, 3),
  // 大丰 was a county-level city (320982) until 2015; IDs issued before keep the code
  d('320982', '大丰区', yancheng, 2),
  d('321002', '广陵区', yangzhou, 3),
  d('321003', '邗江区', yangzhou, 3),
  d('321084', '高邮市', yangzhou, 2),
  d('321102', '京口区', zhenjiang, 2),
  d('321181', '丹阳市', zhenjiang, 3),
  d('321183', '句容市', zhenjiang, 2),
  d('321202', '海陵区', taizhou, 2),
  d('321281', '兴化市', taizhou, 4),
  d('321283', '泰兴市', taizhou, 3),
  d('321302', '宿城区', suqian, 3),
  d('321322', '沭阳县', suqian, 5),
  d('321323', '泗阳县', suqian, 3),
];

const byCode = new Map(DISTRICTS.map((x) => [x.code, x]));
const cityByPrefix = new Map(DISTRICTS.map((x) => [x.code.slice(0, 4), x.city]));

export function districtByCode(code: string): District | undefined {
  return byCode.get(code);
}

export function cityByDivision(code: string): City | undefined {
  return cityByPrefix.get(code.slice(0, 4));
}

/** How a place is written in an address: county-level cities stand alone (昆山市…), districts follow their city. */
export function placeName(x: District): string {
  return x.name.endsWith('区') ? x.city.name + x.name : x.name;
}

/** The basic court of a district: `南京市鼓楼区人民法院`, `昆山市人民法院`; case-number code 苏 + last 4 digits. */
export function basicCourt(x: District): { name: string; code: string } {
  return { name: `${placeName(x)}人民法院`, code: `苏${x.code.slice(2)}` };
}

/** Surnames with rough national frequency (per mille); Jiangsu-typical ones weighted up a little. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 24], ['赵', 23],
  ['吴', 24], ['周', 22], ['徐', 20], ['孙', 16], ['胡', 13], ['朱', 16], ['高', 10], ['林', 9],
  ['何', 11], ['郭', 11], ['马', 13], ['罗', 9], ['梁', 8], ['宋', 6], ['郑', 8], ['谢', 6],
  ['韩', 5], ['唐', 6], ['冯', 5], ['于', 4], ['董', 4], ['萧', 1], ['程', 3], ['曹', 5],
  ['袁', 4], ['邓', 5], ['许', 6], ['傅', 2], ['沈', 6], ['曾', 4], ['彭', 4], ['吕', 3],
  ['苏', 3], ['卢', 3], ['蒋', 5], ['蔡', 3], ['贾', 2], ['丁', 4], ['魏', 3], ['薛', 3],
  ['叶', 3], ['阎', 1], ['余', 3], ['潘', 4], ['杜', 3], ['戴', 3], ['夏', 3], ['钟', 2],
  ['汪', 3], ['田', 2], ['任', 3], ['姜', 3], ['范', 3], ['方', 2], ['石', 2], ['姚', 3],
  ['谭', 2], ['廖', 1], ['邹', 2], ['熊', 1], ['金', 3], ['陆', 4], ['郝', 1], ['孔', 2],
  ['白', 2], ['崔', 2], ['康', 1], ['毛', 2], ['邱', 2], ['秦', 2], ['江', 2], ['史', 2],
  ['顾', 4], ['侯', 2], ['邵', 2], ['孟', 2], ['龙', 1], ['万', 2], ['段', 1], ['钱', 3],
  ['汤', 2], ['尹', 1], ['黎', 1], ['易', 1], ['常', 1], ['武', 2], ['乔', 1], ['贺', 1],
  ['赖', 1], ['龚', 2], ['文', 1], ['严', 2], ['华', 2], ['季', 2], ['殷', 1], ['缪', 1],
  ['欧阳', 1], ['诸葛', 0.2], ['司马', 0.2], ['上官', 0.2],
];

export const GIVEN_MALE_SINGLE = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞',
  '鑫', '波', '宇', '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '峰', '东', '亮', '成',
  '晨', '阳', '博', '昊', '睿', '诚', '彬', '坤',
] as const;

export const GIVEN_FEMALE_SINGLE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '燕', '玲', '丹', '萍', '红', '婷', '雪',
  '琳', '晶', '颖', '慧', '倩', '洁', '佳', '欣', '怡', '萱', '瑶', '璐', '蓉', '琴',
] as const;

export const GIVEN_MALE_FIRST = [
  '建', '国', '志', '文', '海', '明', '永', '德', '晓', '俊', '子', '浩', '宇', '家', '嘉', '天',
  '振', '立', '承', '一', '思', '泽', '伟', '春', '金',
] as const;
export const GIVEN_MALE_SECOND = [
  '国', '华', '军', '平', '强', '明', '林', '东', '伟', '勇', '杰', '峰', '辉', '涛', '龙', '轩',
  '宇', '豪', '然', '航', '铭', '诚', '阳', '哲', '彬', '斌', '鹏',
] as const;
export const GIVEN_FEMALE_FIRST = [
  '秀', '桂', '玉', '淑', '美', '丽', '晓', '雅', '欣', '雨', '梦', '诗', '佳', '思', '静', '婉',
  '紫', '梓', '可', '海', '春', '慧',
] as const;
export const GIVEN_FEMALE_SECOND = [
  '英', '兰', '芳', '珍', '华', '梅', '红', '萍', '燕', '琴', '婷', '怡', '涵', '萱', '琪', '雯',
  '洁', '颖', '悦', '瑶', '宁', '蕾', '妍',
] as const;

/** Names that mark a generation; older people get these more often. */
export const ERA_NAMES = {
  olderMale: ['建国', '国庆', '卫东', '建华', '志强', '国平', '德明', '红军', '建军', '国强'],
  olderFemale: ['秀英', '桂英', '秀兰', '桂兰', '玉兰', '凤英', '淑珍', '桂芳', '玉珍', '秀珍'],
  youngerMale: ['子轩', '浩然', '宇航', '梓豪', '俊杰', '一鸣', '博文', '皓轩', '子墨', '宇轩'],
  youngerFemale: ['梓涵', '欣怡', '雨萱', '诗涵', '梦琪', '可馨', '子涵', '语嫣', '思彤', '雨桐'],
} as const;

export const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ['139', 10], ['138', 9], ['137', 5], ['136', 4], ['135', 5], ['150', 4], ['151', 6], ['152', 5],
  ['157', 2], ['158', 5], ['159', 5], ['182', 3], ['187', 5], ['188', 4], ['198', 2],
  ['133', 3], ['153', 3], ['180', 3], ['181', 3], ['189', 6], ['177', 3], ['199', 2],
  ['130', 2], ['131', 2], ['132', 2], ['155', 3], ['156', 3], ['185', 3], ['186', 4], ['176', 2],
];

export const STREETS = [
  '中山路', '人民路', '解放路', '建设路', '长江路', '黄河路', '和平路', '新华路', '文化路', '青年路',
  '北京路', '上海路', '健康路', '学府路', '环城路', '园林路', '湖滨路', '振兴路', '友谊路', '光明路',
  '工业大道', '科技大道', '开发大道', '花园路', '胜利路', '东风路', '延安路', '淮海路', '运河路', '梅园路',
] as const;

export const RESIDENCE_SUFFIXES = ['小区', '花园', '新村', '苑', '家园', '名都', '公寓'] as const;

/** Two-character trade-name parts; the showcase ones (诚达 优品 速达 云集) cannot be formed. */
export const BRAND_FIRST = [
  '华', '恒', '宏', '鼎', '盛', '瑞', '鑫', '凯', '天', '中', '金', '永', '润', '信', '嘉', '泰',
  '和', '明', '新', '东', '安', '万', '博', '海', '汇', '聚', '康', '正', '通', '德', '福', '兴',
  '锦', '晨', '远', '卓', '立', '益', '隆', '佳', '昌', '力', '宇', '众', '景', '星', '美', '大',
  '广', '长', '百', '亿', '合', '荣', '祥', '丰', '志', '江', '苏',
] as const;
export const BRAND_SECOND = [
  '达', '泰', '盛', '源', '发', '成', '丰', '安', '信', '诺', '辉', '宇', '通', '华', '利', '顺',
  '航', '邦', '科', '程', '联', '创', '驰', '拓', '凯', '博', '远', '威', '腾', '越', '翔', '誉',
  '晟', '锐', '祥', '和', '鸿', '峰', '德', '瀚', '业', '嘉', '川', '林', '阳', '鑫', '润', '隆',
  '茂', '亿', '光', '海', '星', '晖', '捷', '迪', '康', '益', '旺', '耀',
] as const;

/** Trade words per enterprise kind, completing `${city}${brand}${word}有限公司`. */
export const ENTERPRISE_WORDS: Record<string, readonly string[]> = {
  COURIER_COMPANY: ['物流', '快递', '速运', '供应链管理', '快运'],
  ECOMMERCE_COMPANY: ['电子商务', '网络科技', '电商', '网络贸易'],
  PLATFORM_OPERATOR: ['网络科技', '信息技术'],
  MANUFACTURER: ['机械制造', '电子科技', '纺织', '新材料', '精密机械', '食品', '化工', '服饰', '家具', '光电科技'],
  TRADING: ['贸易', '商贸', '进出口', '国际贸易', '实业'],
  CONSTRUCTION: ['建设工程', '建筑工程', '装饰工程', '市政工程'],
  CATERING: ['餐饮管理', '餐饮服务', '食品连锁'],
};

/** Fictional lenders; the first is the showcase bank, so loan officers see defaults on their own books. */
export const LENDERS = [
  { name: '金陵示范银行', code: 'JL' },
  { name: '江苏示范农村商业银行', code: 'JSRCB' },
  { name: '苏州示范银行', code: 'SZB' },
  { name: '无锡示范消费金融有限公司', code: 'WXCF' },
  { name: '南京示范小额贷款有限公司', code: 'NJML' },
] as const;

export const LOAN_PRODUCTS = [
  { name: '个人消费贷款', code: 'LOAN', min: 5_000, max: 300_000 },
  { name: '信用卡', code: 'CARD', min: 2_000, max: 80_000 },
  { name: '个人住房贷款', code: 'MORT', min: 20_000, max: 600_000 },
  { name: '个人经营性贷款', code: 'BIZ', min: 50_000, max: 1_000_000 },
  { name: '汽车贷款', code: 'AUTO', min: 10_000, max: 200_000 },
  { name: '助学贷款', code: 'EDU', min: 3_000, max: 40_000 },
] as const;
