/**
 * Decides what a figure states from the words before and after it: a total, a 出让/划拨 part, a
 * 新增/存量 part, a category, a district, a housing part, a group indicator, a five-year average,
 * last year's figure, a share, a growth statement or a policy threshold.
 */
import { affordableGroupAliases, resolveHousingCategory, resolvePlanCategory } from '../../domain/classification/index.js';
import { namedCategories } from './categories.js';
import type { IndicatorKind, LandSource, MethodGroup } from '../../domain/plan/cube.js';
import type { FigureRole } from '../types.js';

export interface Classification {
  role: FigureRole | 'baseline';
  label: string;
  category?: string;
  method?: MethodGroup;
  source?: LandSource;
  district?: string;
  housingType?: string;
  kind?: IndicatorKind;
  qualifier?: 'approx' | 'nearly' | 'atLeast' | 'atMost';
  /** growth: 'delta' (增加 N 公顷), 'rate' (增长 N%), 'multipleIncrease' (增长 N 倍), 'multipleOf' (为 N 倍) */
  growthMode?: 'delta' | 'rate' | 'multipleIncrease' | 'multipleOf' | 'points';
  /** growth direction: +1 增, −1 减 */
  direction?: 1 | -1;
  /** share: the denominator it names ("住宅用地供应总量"), if any */
  denominator?: string;
  /** share: true when the clause is only "占比"/"占" (a share of the figure just before) */
  shareOfPrevious?: boolean;
  /** groupTotal: the categories a label names ("工矿仓储及公共管理与公共服务等用地") */
  members?: string[];
  measure?: 'actual';
  year?: number;
}

const GROWTH_WORD = /(增加|减少|增长|下降|提高|降低|上升|扩大|缩减|缩小|增幅|降幅|减幅|增量|高出|超出|多出|多|少)(了|约|近|达|为|到|达到)*$/;
const NEG_GROWTH = /(减少|下降|降低|缩减|缩小|降幅|减幅|少)/;
const THRESHOLD_WORD = /(不低于|不少于|不高于|不超过|不得超过|不得低于|至少|最多|高于|低于|大于|小于|达到)/;
const PARCEL_SCALE = /(单宗|每宗|宗地面积|单套|建筑面积|容积率|建筑密度|绿地率)/;
const UNIT_SIZE = /(套型|户型|每套|单套)/;
const BASELINE = /(上年|去年|上一年|上年度|前一年)/;
const FIVE_YEAR = /(近|前|过去|最近)\s*(五|5)\s*年/;
const AVERAGE = /(年均|平均|均值)/;
const GROUP = /(约束性|指导性|预测性|统筹|分解)/;
const PLACE = /([\u4e00-\u9fa5]{1,12}?(?:片区|园区|产业园|工业园|开发区|新区|新城|老城区|城区|镇|乡|街道|组团|区块|地区|功能区))/;
/** A clause that is only a place name (and a verb): "东区安排", "南区计划供应土地面积最多,达到". */
const DISTRICT_ONLY = /^([\u4e00-\u9fa5]{1,8}?(?:区|县|市|镇|乡|街道|新城|城|平台))(?:安排|有|计划供应|供应|为|计划|约)?$/;
const TOTAL = /(供应总量|总量|总规模|总面积|合计|共计|总计|计划供应|供应国有建设用地|国有建设用地|各类用地)/;
/** Outcome wording: an actual figure, not a plan figure. */
const ACTUAL = /(实际|完成|落实|累计|成交|已供应|已出让|供应了|达到了|挂牌出让)/;
/** A completion rate: 完成计划的N%, 完成全年计划指标的N%, 落实率N%, 计划实际完成N%. */
const COMPLETION = /(完成|落实)(了)?(全年)?(计划|任务)?(指标)?(的)?(约|近)?$|(落实率|完成率|执行率)(为|达|达到)?$/;
/** Parcels: "48宗…合计用地面积", "…地块,面积", "有14幅地块,共约". */
const PARCELS = /(地块|宗地|\d+\s*(宗|幅|块))/;

function kindOf(s: string): IndicatorKind | undefined {
  if (/约束性/.test(s)) return 'binding';
  if (/(指导性|预测性)/.test(s)) return 'indicative';
  return undefined;
}

function qualifierOf(before: string, after: string): Classification['qualifier'] {
  if (/(不低于|不少于|至少|以上)/.test(before) || /^\s*(以上)/.test(after)) return 'atLeast';
  if (/(不高于|不超过|不得超过|最多)/.test(before) || /^\s*(以下|以内)/.test(after)) return 'atMost';
  if (/(约占|约为|大约|左右)/.test(before)) return 'approx';
  if (/近\s*$/.test(before) || /(接近)\s*$/.test(before)) return 'nearly';
  if (/(大约|约(?!束)|左右|大概|预计)/.test(before.slice(-6)) || /^\s*左右/.test(after)) return 'approx';
  return undefined;
}

/**
 * The supply method a label names (国有土地有偿使用方式, DOMAIN: 划拨, 出让, 租赁, 作价出资或入股,
 * 授权经营). 作价出资/入股 and 授权经营 are methods of their own, not part of the 出让/划拨 split.
 */
function methodOf(s: string): MethodGroup | undefined {
  if (/租赁类?(住房|住宅)/.test(s)) return undefined;
  if (/(作价出资|作价入股|出资入股|出资[(（]入股[)）]|^[(（]?入股)/.test(s)) return 'capitalContribution';
  if (/授权经营/.test(s)) return 'authorizedOperation';
  if (/划拨/.test(s)) return 'allocation';
  if (/(出让|招拍挂|招标拍卖挂牌)/.test(s)) return 'grant';
  if (/(租赁|年租)/.test(s)) return 'lease';
  return undefined;
}

function sourceOf(s: string): LandSource | undefined {
  if (/(新增|增量)/.test(s)) return 'new';
  if (/存量/.test(s)) return 'existing';
  return undefined;
}

/**
 * @param clause  the clause just before the figure
 * @param before  the sentence text from the previous figure (or sentence start) to this figure
 * @param after   a few characters after the figure
 * @param unit    the figure's unit
 * @param planYear the document's year, to tell last year's figures from the plan's
 */
export function classify(clause: string, before: string, after: string, unit: string, planYear: number | null, points = false): Classification {
  const c = clause.replace(/\s+/g, '');
  const b = before.replace(/\s+/g, '');
  const qualifier = qualifierOf(b, after);
  const label = cleanLabel(c);
  const extra: Partial<Classification> = {};
  if (ACTUAL.test(b) && unit !== 'percent') extra.measure = 'actual';

  if (unit === 'percent' && points) {
    return { role: 'growth', label: c, growthMode: 'points', direction: NEG_GROWTH.test(c.slice(-6)) ? -1 : 1, qualifier };
  }
  if (unit === 'percent' && COMPLETION.test(c)) return { role: 'completion', label: c, qualifier };
  if (GROWTH_WORD.test(c) && !/(占|比例|比重)/.test(c.slice(-4))) {
    const direction = NEG_GROWTH.test(c.slice(-6)) ? -1 : 1;
    const growthMode = unit === 'percent' ? 'rate' : unit === 'times' ? 'multipleIncrease' : 'delta';
    return { role: 'growth', label: c, growthMode, direction, qualifier };
  }
  if (unit === 'times') {
    return { role: 'growth', label: c, growthMode: /(增长|增加|提高)/.test(c) ? 'multipleIncrease' : 'multipleOf', direction: 1, qualifier };
  }
  const isThreshold =
    PARCEL_SCALE.test(c) ||
    (unit === 'm2' && UNIT_SIZE.test(c + after)) || /^\s*(以上|以下)/.test(after) || (THRESHOLD_WORD.test(b) && !/(供应总量|控制在)/.test(b.split(THRESHOLD_WORD)[0] ?? ''));
  if (isThreshold && (unit === 'percent' || PARCEL_SCALE.test(c) || unit === 'm2' || /^\s*(以上|以下)/.test(after) || THRESHOLD_WORD.test(c))) {
    const denom = /的?$/.test(c) ? /(?:不低于|不少于|不高于|不超过|不得超过|不得低于|达到)(.*?)(?:的)?$/.exec(b)?.[1] : undefined;
    return { role: 'threshold', label: b.slice(-40), qualifier, ...(denom ? { denominator: denom } : {}) };
  }
  if (unit === 'percent') {
    const m = /(占比|占|比例为|比例|比重为|比重)(.*?)(的)?(约|近|为)?$/.exec(c);
    const denominator = m && m[2] && m[1] !== '占比' ? m[2].replace(/^(全县|全市|全区)?/, '$1') : undefined;
    const head = m ? c.slice(0, m.index) : c;
    const shareOfPrevious = m !== null && head.replace(/(约|近|分别|各)/g, '') === '';
    const cls: Classification = { role: 'share', label: shareOfPrevious ? '占比' : head || c, qualifier, shareOfPrevious };
    if (denominator) cls.denominator = denominator;
    if (!shareOfPrevious) {
      // A labelled share ("城南地区…约占全市供应总量30%") keeps its role and takes the label's attributes.
      const { role: _role, ...attrs } = describe(head, planYear);
      Object.assign(cls, attrs);
    }
    return cls;
  }
  if (PARCELS.test(b)) return { role: 'parcels', label, qualifier, ...extra };
  const d = describe(c, planYear, b);
  const groupWord = /(约束性|指导性|预测性)指标/.exec(c)?.[0];
  return { ...d, label: d.role === 'groupTotal' && groupWord ? groupWord : label, qualifier, ...extra };
}

/** A figure's label in the document's words, without list numbers, scope and verbs. */
export function cleanLabel(clause: string): string {
  let l = clause.replace(/^.*?(?:19|20)\d{2}\s*年度?/, '');
  l = l.replace(/^(其中|计划|供应|安排|含|包括|以及|和|及|[0-9]+[.、]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))+/, '');
  l = l.replace(/^(全县|全市|全区|全州|全旗|全省)/, '');
  l = l.replace(/(控制在|约为|约占|为|达到|达|计划规模|规模|面积|共计|共|计|约|安排|有|供应|均为|分别为)+$/, '');
  return l || clause;
}

/** The area-figure roles, from the clause (and the sentence before it for wider cues). */
function describe(clause: string, planYear: number | null, sentence = clause): Omit<Classification, 'label'> & { label?: string } {
  // "商服类用地", "产权类住宅用地": the 类 of a class name is not part of the name.
  const c = clause.replace(/类(?=用地|住宅|住房)/g, '');
  if (BASELINE.test(c) || otherYear(c, planYear)) return { role: 'baseline' };
  if (FIVE_YEAR.test(sentence) && AVERAGE.test(sentence) && !BASELINE.test(c)) return { role: 'fiveYearAverage' };
  if (GROUP.test(c) && /(指标|计划|用地|统筹|分解)/.test(c)) {
    const k = kindOf(c);
    return { role: 'groupTotal', ...(k ? { kind: k } : {}) };
  }
  // A label naming several categories ("工矿仓储及公共管理与公共服务等用地") is a group of rows.
  const members = namedCategories(c);
  if (members.length >= 2) return { role: 'groupTotal', members };
  if (/租赁(住房|住宅)/.test(c) && !/(公共|保障性)租赁/.test(c)) return { role: 'housing', housingType: 'rental' };
  const housing = resolveHousingCategory(c);
  const affordableGroup = affordableGroupAliases().some((a) => c.includes(a));
  if (/住房用地/.test(c) && /(总量|合计|供应总量)/.test(c) && !housing && !affordableGroup) return { role: 'housingTotal' };
  if (housing || affordableGroup) return { role: 'housing', housingType: housing?.id ?? 'affordable' };
  const method = methodOf(c);
  const source = sourceOf(c);
  const category = resolvePlanCategory(c)?.id;
  const only = DISTRICT_ONLY.exec(c.replace(/^(其中|\(\d+\)|\d+[.、])+/, '').replace(/\(.*?\)/g, ''));
  if (only && !category && !/^(市区|城区|全市|全县|全区|各区|本市|该市|城市)$/.test(only[1]!)) return { role: 'district', district: only[1]! };
  const place = PLACE.exec(c);
  if (place && (category || !TOTAL.test(c.slice(0, place.index)))) {
    const d: Omit<Classification, 'label'> = { role: 'district', district: place[1]! };
    if (category) d.category = category;
    return d;
  }
  if (method && !category) return { role: 'method', method };
  if (source && !category) return { role: 'source', source };
  if (category && !method && !source) return { role: 'category', category };
  if (TOTAL.test(c) || /住房用地/.test(c)) return { role: /住房用地/.test(c) ? 'housingTotal' : 'total' };
  return { role: 'other' };
}

function otherYear(c: string, planYear: number | null): boolean {
  if (planYear === null || !c.includes('年')) return false;
  const years = [...c.matchAll(/((?:19|20)\d{2})\s*年/g)].map((m) => Number(m[1]));
  return years.length > 0 && years.every((y) => y !== planYear) && /(供应|实际|完成|成交)/.test(c);
}
