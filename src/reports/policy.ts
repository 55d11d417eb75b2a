/**
 * The supply rules of the rule set in force, as the clauses a plan text prints (三、供应政策导向 and
 * 四、保障措施). Only rules the rule set enables are printed, with the rule set's parameters, so
 * the document says exactly what the register will check. Wording follows published county
 * plans; percentages the text does not reconcile are printed as thresholds (不低于/不超过) or in
 * words (百分之二十), never as bare shares.
 */
import { Dec } from '../domain/decimal.js';
import type { RuleSet } from '../domain/rule-set.js';
import { chineseNumber, countWord } from './figures.js';

function entry(rs: RuleSet | undefined, id: string): Readonly<Record<string, unknown>> | undefined {
  const e = rs?.rules[id];
  return e && e.enabled ? e.params : undefined;
}

/** A decimal fraction parameter ("0.70") as a percent ("70"); undefined when absent or not a number. */
function percentOf(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    const d = new Dec(String(v));
    return d.isFinite() ? d.times(100).toFixed() : undefined;
  } catch {
    return undefined;
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
}

/** 百分之二十 for 20 (integers); the digits otherwise. */
function percentWords(p: string): string {
  const n = Number(p);
  return Number.isInteger(n) && n > 0 && n < 100 ? `百分之${chineseNumber(n)}` : `${p}%`;
}

export interface PolicyClauses {
  /** Housing: the 70% rule and its threshold (percent), the villa ban, the FAR floor. */
  readonly housing: string[];
  readonly intensive: string[];
  readonly market: string[];
  readonly supervision: string[];
  /** The housing share threshold in percent ("70"), when the rule is enabled. */
  readonly housingThreshold?: string;
}

export function policyClauses(rs: RuleSet | undefined): PolicyClauses {
  const housing: string[] = [];
  const intensive: string[] = [];
  const market: string[] = [];
  const supervision: string[] = [];
  const h70 = entry(rs, 'housing-share-70');
  const threshold = h70 ? percentOf(h70['threshold']) : undefined;
  if (threshold) housing.push(`优先保障保障性住房用地供应，确保保障性住房、棚户区改造住房和中小套型普通商品住房用地不低于住房用地供应总量的${threshold}%`);
  if (entry(rs, 'villa-ban')) housing.push('严禁向别墅类房地产开发项目供地');
  const far = entry(rs, 'residential-far-min');
  const farMin = far ? num(far['minFar']) : undefined;
  if (farMin !== undefined) housing.push(`禁止供应容积率小于${far!['minFar'] as string}的住宅用地`);
  const maxArea = entry(rs, 'residential-parcel-max-area');
  if (maxArea) {
    const limits = maxArea['limits'] as Record<string, { ha?: string }> | undefined;
    const cls = typeof maxArea['cityClass'] === 'string' ? maxArea['cityClass'] : undefined;
    const limit = cls ? limits?.[cls]?.ha : undefined;
    if (limit) housing.push(`商品住宅用地单宗出让面积不得超过${limit}公顷`);
  }

  const coverage = entry(rs, 'industrial-building-coverage-min');
  const cov = coverage ? percentOf(coverage['limit']) : undefined;
  if (cov) intensive.push(`工业项目建筑系数不低于${cov}%`);
  const admin = entry(rs, 'industrial-admin-share-max');
  const adm = admin ? percentOf(admin['limit']) : undefined;
  if (adm) intensive.push(`行政办公及生活服务设施用地所占比重不超过${adm}%，严禁在工业项目用地范围内建造成套住宅、专家楼、宾馆、招待所和培训中心等非生产性配套设施`);
  const green = entry(rs, 'industrial-green-ratio-max');
  const gr = green ? percentOf(green['limit']) : undefined;
  if (gr) intensive.push(`工业企业内部一般不得安排绿地，因生产工艺等特殊要求需要安排的，绿地率不超过${gr}%`);
  if (entry(rs, 'industrial-far-min-by-industry')) intensive.push('工业项目容积率不得低于《工业项目建设用地控制指标》规定的行业标准');

  if (entry(rs, 'commercial-purpose-public-bidding')) market.push('商业、旅游、娱乐、商品住宅等经营性用地和工业用地，必须以招标、拍卖或者挂牌方式出让');
  const comp = entry(rs, 'competing-applicants-bidding');
  const minApplicants = comp ? num(comp['minApplicants']) : undefined;
  if (minApplicants !== undefined) market.push(`同一宗地有${countWord(minApplicants)}个以上意向用地者的，必须以招标、拍卖或者挂牌方式出让`);
  if (entry(rs, 'allocation-eligibility')) market.push('划拨用地严格按照《划拨用地目录》供应，不符合目录的项目一律有偿使用');
  if (entry(rs, 'negotiated-grant-allowed')) market.push('协议出让仅限于法律法规规定可以协议出让的情形');
  const deposit = entry(rs, 'bid-deposit-20');
  const dep = deposit ? percentOf(deposit['minShare']) : undefined;
  if (dep) market.push(`竞买保证金不得低于出让最低价的${percentWords(dep)}`);
  const lead = entry(rs, 'announcement-lead-20d');
  const leadDays = lead ? num(lead['minDays']) : undefined;
  if (leadDays !== undefined) market.push(`出让公告应当在招标拍卖挂牌活动开始前${chineseNumber(leadDays)}日发布`);
  const listing = entry(rs, 'listing-period-min');
  const listDays = listing ? num(listing['minDays']) : undefined;
  if (listDays !== undefined) market.push(`挂牌时间不得少于${chineseNumber(listDays)}${listing!['unit'] === 'workingDays' ? '个工作日' : '日'}`);
  const term = entry(rs, 'max-term-by-use');
  if (term) {
    const by = term['byUseClass'] as Record<string, number> | undefined;
    const parts: string[] = [];
    const names: [string, string][] = [['residential', '居住用地'], ['industrial', '工业用地'], ['publicServices', '教育、科技、文化、卫生、体育用地'], ['commercial', '商业、旅游、娱乐用地']];
    for (const [k, zh] of names) if (by && typeof by[k] === 'number') parts.push(`${zh}${chineseNumber(by[k])}年`);
    if (parts.length) market.push(`土地使用权出让最高年限为${parts.join('，')}`);
  }
  if (entry(rs, 'clean-land-precondition')) market.push('坚持“净地”出让，未达到“净地”条件的经营性建设用地不得公开出让');
  if (entry(rs, 'no-bundled-or-raw-grant')) market.push('不得将两宗以上地块捆绑出让，不得“毛地”出让');

  const fee = entry(rs, 'idle-fee-1y');
  const feeShare = fee ? percentOf(fee['feeShare']) : undefined;
  const feeYears = fee ? num(fee['years']) : undefined;
  if (feeShare && feeYears !== undefined) supervision.push(`超过出让合同或者划拨决定书约定的动工开发日期满${countWord(feeYears)}年未动工开发的，按照土地出让或者划拨价款的${percentWords(feeShare)}征缴土地闲置费`);
  const recovery = entry(rs, 'idle-recovery-2y');
  const recYears = recovery ? num(recovery['years']) : undefined;
  if (recYears !== undefined) supervision.push(`满${countWord(recYears)}年未动工开发的，依法无偿收回国有建设用地使用权`);
  if (entry(rs, 'start-overdue-warning')) supervision.push('对超过约定开工日期尚未开工的项目及时预警、督促开工');
  if (entry(rs, 'no-permanent-basic-farmland') || entry(rs, 'no-ecological-red-line')) supervision.push('供应宗地不得占用永久基本农田和生态保护红线');
  if (entry(rs, 'inside-urban-development-boundary')) supervision.push('城镇建设用地原则上在城镇开发边界内供应');
  return { housing, intensive, market, supervision, ...(threshold ? { housingThreshold: threshold } : {}) };
}

/** The three records an adjustment needs (plan-adjustment-procedure), as the clause prints them. */
export function adjustmentClause(rs: RuleSet | undefined, region: string): string {
  const e = entry(rs, 'plan-adjustment-procedure');
  const gov = region.endsWith('县') || region.endsWith('市') || region.endsWith('区') || region.endsWith('旗') ? `${region.slice(-1)}人民政府` : '人民政府';
  if (!e) return `确因特殊原因需要调整计划的，依据计划执行和土地供需情况提出调整方案，经${gov}批准后进行调整，调整后的计划及时向社会公布`;
  return `确因土地利用年度计划实施、土地市场调控政策变化等原因需要调整计划的，由国有建设用地供应计划编制协调决策机构集体研究确定后，报原批准机关同意，并重新公布`;
}
