/**
 * The plan text, generated from the plan's data: every figure is computed from the cells, every
 * 亩 figure from the unrounded hectares, every list of shares by largest remainder. The wording
 * and order follow published county plans (导言 · 指导思想 · 计划指标 · 供应政策导向 · 保障措施).
 */
import { Area } from '../domain/area.js';
import { planCategory, standardGroupOf, housingCategories } from '../domain/classification/index.js';
import { marginal, total, type MethodGroup, type PlanCube } from '../domain/plan/cube.js';
import { summaryTable } from '../domain/plan/attachment-tables.js';
import { sharePercent } from '../domain/share.js';
import { firstLevel, ha, haMu, partShares, scopeWord, secondLevel } from './figures.js';
import type { ReportInput } from './input.js';
import type { Block } from './model.js';
import { adjustmentClause, policyClauses } from './policy.js';

const METHOD_TEXT: Record<MethodGroup, string> = {
  grant: '出让方式供应',
  allocation: '划拨方式供应',
  lease: '租赁方式供应',
  capitalContribution: '作价出资或入股方式供应',
  authorizedOperation: '授权经营方式供应',
};
const METHOD_ORDER: MethodGroup[] = ['grant', 'allocation', 'lease', 'capitalContribution', 'authorizedOperation'];

const categoryName = (id: string): string => planCategory(id)?.zh ?? id;
const housingName = (id: string): string => (['old', 'new'] as const).flatMap((s) => housingCategories(s)).find((c) => c.id === id)?.zh ?? id;

/** "A、B和C" */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
}

/** The method split: cells when the plan breaks down by method, else stated marginals. */
function methodParts(cube: PlanCube): { method: MethodGroup; area: Area }[] {
  if (cube.dimensions.includes('method')) {
    const m = marginal(cube, 'method');
    return METHOD_ORDER.filter((k) => m.has(k)).map((k) => ({ method: k, area: m.get(k)! }));
  }
  const stated = cube.marginals.filter((x) => x.key.method !== undefined && Object.keys(x.key).length === 1);
  return METHOD_ORDER.flatMap((k) => stated.filter((x) => x.key.method === k).slice(0, 1).map((x) => ({ method: k, area: x.area })));
}

/** The source split (新增/存量): cells, else stated marginals with the 新增 cap's wording. */
function sourceParts(cube: PlanCube): { source: 'new' | 'existing'; area: Area; cap: boolean }[] {
  if (cube.dimensions.includes('source')) {
    const m = marginal(cube, 'source');
    return (['new', 'existing'] as const).filter((k) => m.has(k)).map((k) => ({ source: k, area: m.get(k)!, cap: false }));
  }
  const stated = cube.marginals.filter((x) => x.key.source !== undefined && Object.keys(x.key).length === 1);
  return (['new', 'existing'] as const).flatMap((k) => stated.filter((x) => x.key.source === k).slice(0, 1).map((x) => ({ source: k, area: x.area, cap: x.kind === 'binding' && k === 'new' })));
}

function guidance(input: ReportInput): Block[] {
  const { region } = input.plan;
  return [
    { kind: 'heading1', text: `${firstLevel(0)}指导思想和原则` },
    {
      kind: 'paragraph',
      text: `坚持规划引领计划、要素保障项目，统筹好做优增量和盘活存量的关系，按照城乡统筹、节约集约用地、供需平衡、有保有压的原则合理配置土地资源；适度控制商品住宅用地总量，加大保障性住房用地供应，优化产业用地布局，为${region}经济社会高质量发展提供自然资源要素保障。`,
    },
  ];
}

function indicators(input: ReportInput, counter: { n: number }): Block[] {
  const { plan } = input;
  const cube = plan.cube;
  const scope = scopeWord(plan.region);
  const t = total(cube);
  const out: Block[] = [{ kind: 'heading1', text: `${firstLevel(1)}计划指标` }];
  let sub = 0;

  // （一）总量: the total, 出让/划拨 with shares, 新增/存量, the five-year average.
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}国有建设用地供应总量` });
  const sentences = [`${plan.year}年度${scope}国有建设用地供应总量控制在${haMu(t)}以内。`];
  const methods = methodParts(cube);
  if (methods.length) {
    const shares = partShares(methods.map((m) => m.area), t);
    sentences.push(`其中${methods.map((m, i) => `${METHOD_TEXT[m.method]}${haMu(m.area)}，占比${shares[i]}%`).join('；')}。`);
  }
  const sources = sourceParts(cube);
  if (sources.length) {
    sentences.push(
      `${sources
        .map((s) => (s.source === 'new' ? (s.cap ? `新增建设用地控制在${haMu(s.area)}以内` : `新增建设用地${haMu(s.area)}`) : `存量建设用地${haMu(s.area)}`))
        .join('，')}。`,
    );
  }
  const five = cube.fiveYearAverage?.total;
  if (five) sentences.push(`近五年年均供应总量${haMu(five)}。`);
  out.push({ kind: 'paragraph', text: sentences.join('') });

  // （二）结构: each category with its share, in the 汇总表's order.
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}国有建设用地供应结构` });
  const rows = summaryTable(cube).rows.filter((r) => r.level === 0 && r.id !== 'total');
  if (rows.length === 1) {
    out.push({ kind: 'paragraph', text: `${plan.year}年度${scope}国有建设用地供应计划全部为${categoryName(rows[0]!.id)}，${haMu(rows[0]!.area)}。` });
  } else {
    // One paragraph, as county plans print it: a list the reader (and the audit) reads as one.
    const items = rows.map((r, i) => `${i + 1}.${categoryName(r.id)}${haMu(r.area)}，占比${r.sharePercent}%`);
    out.push({ kind: 'paragraph', text: `${plan.year}年度${scope}国有建设用地供应计划总量中，计划供应：${items.join('；')}。` });
  }

  // （三）布局: districts with their areas, or the districts the plan names.
  const districts = cube.dimensions.includes('district') ? [...marginal(cube, 'district')] : [];
  const names = (id: string): string => cube.districts.find((d) => d.id === id)?.name ?? id;
  const layoutNames = districts.length ? districts.map(([id]) => names(id)) : (input.layoutDistricts ?? cube.districts.map((d) => d.name));
  if (layoutNames.length) {
    out.push({ kind: 'heading2', text: `${secondLevel(sub++)}国有建设用地供应布局` });
    const lines = [`${plan.year}年度国有建设用地供应主要分布在${listWords(layoutNames)}。`];
    if (districts.length) lines.push(`其中${districts.map(([id, a]) => `${names(id)}${haMu(a)}`).join('，')}。`);
    out.push({ kind: 'paragraph', text: lines.join('') });
  }

  // （四）时序
  if (cube.dimensions.includes('quarter')) {
    const q = marginal(cube, 'quarter');
    const parts = [1, 2, 3, 4].filter((k) => q.has(String(k))).map((k) => `第${'一二三四'[k - 1]}季度${haMu(q.get(String(k))!)}`);
    out.push({ kind: 'heading2', text: `${secondLevel(sub++)}国有建设用地供应时序` });
    out.push({ kind: 'paragraph', text: `按季度安排：${parts.join('，')}。` });
  }

  // （五）住房用地: the housing types and the share the 70% rule counts.
  const housing = housingBlock(input);
  if (housing) {
    out.push({ kind: 'heading2', text: `${secondLevel(sub++)}住房用地供应` });
    out.push({ kind: 'paragraph', text: housing });
  }
  counter.n = 2;
  return out;
}

function housingBlock(input: ReportInput): string | undefined {
  const cube = input.plan.cube;
  if (!cube.dimensions.includes('housingType')) return undefined;
  const cells = cube.cells.filter((c) => c.key.category !== undefined && standardGroupOf(c.key.category) === 'residential');
  if (cells.length === 0) return undefined;
  const all = Area.sum(cells.map((c) => c.area));
  // Housing land that prints as 0.00 公顷 has no share worth printing.
  if (ha(all) === '0.00') return undefined;
  const byType = new Map<string, Area>();
  for (const c of cells) if (c.key.housingType) byType.set(c.key.housingType, (byType.get(c.key.housingType) ?? Area.zero).plus(c.area));
  const counted = countedHousingTypes(input);
  const countedArea = Area.sum([...byType].filter(([k]) => counted.includes(k)).map(([, a]) => a));
  const pct = sharePercent(countedArea.squareMetres, all.squareMetres);
  const parts = [...byType].map(([k, a]) => `${housingName(k)}用地${ha(a)}公顷`.replace('用地用地', '用地'));
  let s = `${input.plan.year}年度住房用地供应总量${haMu(all)}，其中${parts.join('，')}。`;
  if (pct && counted.length) s += `保障性住房、棚户区改造住房和中小套型普通商品住房用地占住房用地供应总量的比例为${pct.toFixed(2)}%。`;
  return s;
}

export function countedHousingTypes(input: ReportInput): string[] {
  const p = input.ruleSet?.rules['housing-share-70']?.params['countedHousingTypes'];
  return Array.isArray(p) ? p.map(String) : [];
}

function policy(input: ReportInput): Block[] {
  const rs = input.ruleSet;
  const c = policyClauses(rs);
  const scope = scopeWord(input.plan.region);
  const out: Block[] = [{ kind: 'heading1', text: `${firstLevel(2)}供应政策导向` }];
  let sub = 0;
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}坚持计划控制引导` });
  out.push({ kind: 'paragraph', text: `严格按照本计划确定的总量、结构、布局和时序供应国有建设用地，坚持盘活存量、控制增量，增存挂钩、统筹安排；优先保障基础设施、公共服务和民生项目用地，重点保障符合国家产业政策的产业项目用地。` });
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}优化住房用地供应结构` });
  out.push({ kind: 'paragraph', text: `${c.housing.length ? `${c.housing.join('；')}。` : ''}合理确定商品住宅用地供应规模和时序，促进房地产市场平稳健康发展。` });
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}促进土地节约集约利用` });
  out.push({ kind: 'paragraph', text: `严格执行土地使用标准和工业项目建设用地控制指标${c.intensive.length ? `，${c.intensive.join('，')}` : ''}。优先利用空闲、闲置和低效利用的土地，加大批而未供和闲置土地处置力度，推广工业用地“标准地”供应。` });
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}发挥市场配置资源作用` });
  out.push({ kind: 'paragraph', text: c.market.length ? `${c.market.join('；')}。` : `${scope}国有建设用地依法以招标、拍卖、挂牌、协议或者划拨方式供应。` });
  return out;
}

function safeguards(input: ReportInput): Block[] {
  const { plan } = input;
  const rs = input.ruleSet;
  const c = policyClauses(rs);
  const scope = scopeWord(plan.region);
  const rows = plan.cube.rows.filter((r) => r.category !== 'other' || plan.cube.rows.length > 1);
  const names = (pred: (r: (typeof rows)[number]) => boolean): string[] => rows.filter(pred).map((r) => categoryName(r.category));
  const binding = names((r) => r.kind === 'binding');
  const indicative = names((r) => r.kind === 'indicative');
  const pooled = names((r) => r.allocation === 'pooled');
  const allocated = names((r) => r.allocation === 'zoneAllocated');
  const control: string[] = ['对供应计划指标实行总量控制，不得突破'];
  if (binding.length && indicative.length) control.push(`${listWords(binding)}实行约束性计划控制，${listWords(indicative)}实行指导性计划控制`);
  if (pooled.length) control.push(`对${listWords(pooled)}等实行${scope}统筹`);
  if (allocated.length) control.push(`${listWords(allocated)}等分解落实到区块`);
  control.push(adjustmentClause(rs, plan.region));
  const out: Block[] = [{ kind: 'heading1', text: `${firstLevel(3)}保障措施` }];
  let sub = 0;
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}严格执行供应计划` });
  out.push({ kind: 'paragraph', text: `${control.join('；')}。` });
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}建立部门联动机制` });
  out.push({ kind: 'paragraph', text: '加强自然资源和发展改革、住房和城乡建设、财政、生态环境等部门的沟通协作，完善项目用地联审会审机制，对重点建设项目跟踪服务，加快落实保障性住房用地。' });
  out.push({ kind: 'heading2', text: `${secondLevel(sub++)}加强批后监管` });
  out.push({ kind: 'paragraph', text: `加强建设用地供后监督和跟踪管理，按时在土地市场动态监测与监管系统中填报供地信息${c.supervision.length ? `。${c.supervision.join('；')}` : ''}。定期通报计划执行情况，加大违法违规用地查处力度。` });
  return out;
}

/** The body of the plan document, from its data. */
export function planBody(input: ReportInput): Block[] {
  const { plan } = input;
  const preamble: Block = {
    kind: 'paragraph',
    text: `为有效实施国土空间规划和土地利用年度计划，切实加强国有建设用地供应管理，增强政府对土地市场的宏观调控能力，保障项目建设用地需求，根据《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号），结合${plan.region}实际，特制定本计划。`,
  };
  const counter = { n: 0 };
  return [preamble, ...guidance(input), ...indicators(input, counter), ...policy(input), ...safeguards(input)];
}
