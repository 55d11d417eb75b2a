/**
 * Use case: the pipeline page — how many parcels reached each step (a funnel per path), the
 * supervision items (overdue steps, short periods, unpaid instalments, idle clocks), the
 * instalments due in the month of the as-of date, idle-land cases by stage, and plan execution by
 * month, category and district as the contracts and allocation decisions in the journals give it
 * (with their numbers as evidence). Every figure comes from the projected journal states (what
 * supervision reads of them: pipeline_watch) and the deadline facts stored with them.
 *
 * The page is a view kept per (jurisdiction, as-of date, deadline rules): what each parcel gives
 * it (`ParcelShare`: its funnel step, its items' sort keys, its instalments due, its contract) and
 * the totals of those shares (`Tally`). Built once by reading every parcel; after that, a write
 * to the register changes the audit chain's head, and the view re-reads only the parcels written
 * since (the audit log names them) and moves the totals by the difference of their shares. Items
 * are kept as sort keys: a page of them is rendered from the stored facts of its parcels only.
 *
 *   pipelineOverview(db, {jurisdictionCode, asOf}) → PipelineOverview (every item: reports)
 *   cachedPipelineOverview()(db, {jurisdictionCode, asOf, offset, limit}) → OverviewPage (the route)
 */
import { Area } from '../domain/area.js';
import { chinaCalendar } from '../domain/calendar/china.js';
import { Dec } from '../domain/decimal.js';
import { planCategories } from '../domain/classification/index.js';
import { planCategoryOfUse } from '../domain/supply.js';
import { DEADLINE_ORDER, type DeadlineId } from '../domain/pipeline/deadlines.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import { PATHS, type PathId } from '../domain/pipeline/steps.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db } from '../store/database.js';
import { factsOf, watchRows, type WatchRow } from '../store/pipeline.js';
import { KeptView, readKept, Renderings, SortedList, ViewCache, type Totals } from './kept-view.js';
import { stateFromJson } from '../store/pipeline-json.js';
import { cachedPipelineRules, factsSource, pipelineRuleSet, pipelineRules, type FactsSource, type PipelineRules } from './pipeline-rules.js';
import { StoredBytes } from './stored-facts.js';
import { calendarInfo, itemRank, parcelNames, sameRank, type ItemRank, type ReportItem } from './supervise.js';
import type { DueInstalment, ExecutionLine, PipelineOverview } from '../domain/pipeline/report.js';
export type { DueInstalment, ExecutionLine, FunnelStep, PipelineOverview } from '../domain/pipeline/report.js';

/** An item of the page, by its place in the report's order: rule, days (descending), parcel, instalment, then its place among its parcel's items. */
interface ItemKey extends ItemRank {
  readonly parcelId: number;
  /** Its index among the parcel's items as `StoredBytes.each` gives them. */
  readonly index: number;
}

type Due = Omit<DueInstalment, 'parcelNumber' | 'projectName'>;
type Evidence = PipelineOverview['execution']['evidence'][number];

/** A contract or allocation decision signed in the year, as the execution figures count it. */
interface Signed {
  readonly month: string;
  readonly category: string;
  readonly district: string;
  readonly area: Dec;
  readonly price: Dec | undefined;
  readonly evidence: Evidence;
}

type IdleStage = { readonly stage: 'investigating' | 'determined' } | { readonly stage: 'disposed'; readonly measure: string };

/** What one parcel gives the page as of a date. */
interface ParcelShare {
  readonly reserve: boolean;
  readonly funnel: { readonly path: PathId; readonly upTo: number } | undefined;
  readonly items: readonly ItemKey[];
  readonly due: readonly Due[];
  readonly signed: Signed | undefined;
  readonly idle: IdleStage | undefined;
}

const byItemKey = (a: ItemKey, b: ItemKey) => a.rule - b.rule || b.days - a.days || a.parcelId - b.parcelId || a.instalmentNo - b.instalmentNo || a.index - b.index;
const byDue = (a: Due, b: Due) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.parcelId - b.parcelId || a.instalmentNo - b.instalmentNo;
const bySigning = (a: Evidence, b: Evidence) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || a.parcelId - b.parcelId;

interface Acc {
  count: number;
  area: Dec;
  price: Dec;
}

/** Adds (sign 1) or takes back (sign −1) a contract's figures under a key; a key counting nothing goes. */
function move(m: Map<string, Acc>, key: string, s: Signed, sign: 1 | -1): void {
  const a = m.get(key) ?? { count: 0, area: new Dec(0), price: new Dec(0) };
  a.count += sign;
  a.area = sign > 0 ? a.area.plus(s.area) : a.area.minus(s.area);
  if (s.price) a.price = sign > 0 ? a.price.plus(s.price) : a.price.minus(s.price);
  if (a.count === 0) m.delete(key);
  else m.set(key, a);
}

function lines(m: Map<string, Acc>): ExecutionLine[] {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, a]) => ({ key, count: a.count, areaHa: Area.fromSquareMetres(a.area).hectares.toFixed(4), priceWanYuan: a.price.toFixed() }));
}

/** The page's totals: the sum of every parcel's share. */
class Tally implements Totals<ParcelShare> {
  parcels = 0;
  reserve = 0;
  readonly reached: Record<PathId, number[]> = { grant: PATHS.grant.map(() => 0), allocation: PATHS.allocation.map(() => 0) };
  readonly items = new SortedList<ItemKey>(byItemKey);
  readonly counts = new Map<number, number>();
  readonly due = new SortedList<Due>(byDue);
  readonly idle = { investigating: 0, determined: 0, disposed: new Map<string, number>() };
  readonly byMonth = new Map<string, Acc>();
  readonly byCategory = new Map<string, Acc>();
  readonly byDistrict = new Map<string, Acc>();
  readonly evidence = new SortedList<Evidence>(bySigning);

  count(s: ParcelShare, sign: 1 | -1, bulk: boolean): void {
    this.parcels += sign;
    if (s.reserve) this.reserve += sign;
    if (s.funnel) for (let i = 0; i <= s.funnel.upTo; i++) this.reached[s.funnel.path][i]! += sign;
    for (const k of s.items) {
      this.counts.set(k.rule, (this.counts.get(k.rule) ?? 0) + sign);
      this.items.move(k, sign, bulk);
    }
    for (const d of s.due) this.due.move(d, sign, bulk);
    if (s.idle?.stage === 'disposed') {
      const n = (this.idle.disposed.get(s.idle.measure) ?? 0) + sign;
      if (n === 0) this.idle.disposed.delete(s.idle.measure);
      else this.idle.disposed.set(s.idle.measure, n);
    } else if (s.idle) this.idle[s.idle.stage] += sign;
    if (s.signed) {
      move(this.byMonth, s.signed.month, s.signed, sign);
      move(this.byCategory, s.signed.category, s.signed, sign);
      move(this.byDistrict, s.signed.district, s.signed, sign);
      this.evidence.move(s.signed.evidence, sign, bulk);
    }
  }

  sorted(): void {
    this.items.sort();
    this.due.sort();
    this.evidence.sort();
  }
}

/** What a view needs to compute a parcel's share. */
interface ViewContext {
  readonly jurisdictionCode: string;
  readonly asOf: string;
  readonly year: number;
  readonly month: string;
  readonly rules: PipelineRules;
  readonly source: FactsSource;
}

function funnelOf(s: PipelineState): ParcelShare['funnel'] {
  if (!s.path || !s.lastStep) return undefined;
  return { path: s.path, upTo: PATHS[s.path].indexOf(s.lastStep) };
}

/** Instalments falling due in `month`, with what is still unpaid of each as of `asOf`. */
function dueInMonth(parcelId: number, s: PipelineState, month: string, asOf: string): Due[] {
  const c = s.contract;
  if (!c || c.instalments.length === 0) return [];
  const out: Due[] = [];
  const paid = s.payments.filter((p) => p.paidOn <= asOf).reduce((a, p) => a.plus(p.amount), new Dec(0));
  let before = new Dec(0);
  for (const i of c.instalments) {
    const cumulative = before.plus(i.amount);
    if (i.dueDate.slice(0, 7) === month) {
      const outstanding = Dec.max(new Dec(0), Dec.min(i.amount, cumulative.minus(paid)));
      out.push({ parcelId, instalmentNo: i.no, dueDate: i.dueDate, amountWanYuan: i.amount.toFixed(), outstandingWanYuan: outstanding.toFixed(), contractNo: c.number });
    }
    before = cumulative;
  }
  return out;
}

function idleOf(s: PipelineState): IdleStage | undefined {
  const cs = s.idle;
  if (cs.disposal) return { stage: 'disposed', measure: cs.disposal.measure };
  if (cs.determination) return { stage: 'determined' };
  if (cs.investigation) return { stage: 'investigating' };
  return undefined;
}

const categories = planCategories();

function shareOf(row: WatchRow, c: ViewContext): ParcelShare {
  const { parcelId, state } = row;
  const facts = row.facts !== null ? new StoredBytes(row.facts) : StoredBytes.of(c.source.of(state));
  const items: ItemKey[] = [];
  const key = (rule: DeadlineId, days: number, instalmentNo: number) => items.push({ ...itemRank({ rule, days, instalmentNo }), parcelId, index: items.length });
  facts.each(
    c.asOf,
    (s) => key(s[1], s[3], s[4]),
    (r, days) => key(r[2], days, 0),
    (i) => key(i.rule, i.days, i.instalmentNo ?? 0),
  );
  const k = state.contract;
  const signed =
    k && k.on <= c.asOf && Number(k.on.slice(0, 4)) === c.year
      ? { month: k.on.slice(0, 7), category: planCategoryOfUse('lu2023', k.useCode, categories) ?? k.useCode, district: row.district ?? '', area: new Dec(k.areaM2), price: k.price, evidence: { parcelId, number: k.number, on: k.on, areaM2: k.areaM2 } }
      : undefined;
  return { reserve: state.reserve.projectId !== undefined, funnel: funnelOf(state), items, due: dueInMonth(parcelId, state, c.month, c.asOf), signed, idle: idleOf(state) };
}

/** What the route returns: the totals, and the page of items (and instalments due, and evidence) asked for. */
export interface OverviewPage extends PipelineOverview {
  readonly itemsTotal: number;
  readonly dueThisMonthTotal: number;
  readonly evidenceTotal: number;
}

type OverviewView = KeptView<WatchRow, ParcelShare, Tally>;

function overviewView(c: ViewContext): OverviewView {
  return new KeptView((db, parcelIds, size) => watchRows(db, { jurisdictionCode: c.jurisdictionCode, factsKey: c.source.key, parcelIds }, size), (row) => shareOf(row, c), () => new Tally());
}

/**
 * A view's page: the totals, items [offset, offset + limit), the first `dueLimit` instalments due
 * and the first `evidenceLimit` contracts. Items are rendered from their parcels' stored facts; if
 * a parcel was written meanwhile (its items no longer match the keys), undefined.
 */
async function page(db: Db, view: OverviewView, c: ViewContext, q: { offset: number; limit: number; dueLimit: number; evidenceLimit: number }): Promise<OverviewPage | undefined> {
  const t = view.totals;
  const keys = t.items.slice(q.offset, q.offset + q.limit);
  const due = t.due.slice(0, q.dueLimit);
  const evidence = t.evidence.slice(0, q.evidenceLimit);
  const counts: Record<string, number> = {};
  for (const [rule, n] of [...t.counts.entries()].sort(([a], [b]) => a - b)) if (n > 0) counts[DEADLINE_ORDER[rule]!] = n;
  const head = {
    jurisdictionCode: c.jurisdictionCode,
    asOf: c.asOf,
    parcels: t.parcels,
    reserve: t.reserve,
    funnels: {
      grant: PATHS.grant.map((step, i) => ({ step, reached: t.reached.grant[i]! })),
      allocation: PATHS.allocation.map((step, i) => ({ step, reached: t.reached.allocation[i]! })),
    },
    counts,
    idleCases: { investigating: t.idle.investigating, determined: t.idle.determined, disposed: Object.fromEntries([...t.idle.disposed.entries()].sort(([a], [b]) => a.localeCompare(b))) },
    execution: { byMonth: lines(t.byMonth), byCategory: lines(t.byCategory), byDistrict: lines(t.byDistrict), evidence },
    calendar: calendarInfo(chinaCalendar()),
    ruleSet: c.rules.ruleSet.id,
    notComputed: c.rules.deadlines.missing.filter((m) => m !== 'idle-government-cause'),
    itemsTotal: t.items.length,
    dueThisMonthTotal: t.due.length,
    evidenceTotal: t.evidence.length,
  };
  const items = await render(db, c, keys);
  if (!items) return undefined;
  const names = await parcelNames(db, [...new Set(due.map((d) => d.parcelId))]);
  return { ...head, items, dueThisMonth: due.map((d) => ({ ...d, parcelNumber: names.get(d.parcelId)?.number ?? null, projectName: names.get(d.parcelId)?.project ?? null })) };
}

/** The items of these keys, from their parcels' stored facts (or their state, under other rules); undefined if one no longer matches. */
async function render(db: Db, c: ViewContext, keys: readonly ItemKey[]): Promise<ReportItem[] | undefined> {
  const byParcel = new Map<number, ReportItem[]>();
  for (const r of await factsOf(db, [...new Set(keys.map((k) => k.parcelId))], c.source.key)) {
    const facts = r.facts !== null ? new StoredBytes(r.facts) : StoredBytes.of(c.source.of(stateFromJson(r.watchJson!)));
    byParcel.set(r.parcelId, facts.items(r.parcelId, c.asOf, { parcelNumber: r.parcelNumber, projectName: r.projectName }));
  }
  const out: ReportItem[] = [];
  for (const k of keys) {
    const i = byParcel.get(k.parcelId)?.[k.index];
    if (!sameRank(i, k)) return undefined;
    out.push(i);
  }
  return out;
}

function viewContext(q: { jurisdictionCode: string; asOf: string }, rules: PipelineRules): ViewContext {
  return { jurisdictionCode: q.jurisdictionCode, asOf: q.asOf, year: Number(q.asOf.slice(0, 4)), month: q.asOf.slice(0, 7), rules, source: factsSource(rules) };
}

/** The whole page as of a date, every item included (the monthly report). */
export async function pipelineOverview(db: Db, q: { jurisdictionCode: string; asOf: string }): Promise<PipelineOverview> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const c = viewContext(q, pipelineRules(await pipelineRuleSet(db, q.jurisdictionCode, Number(q.asOf.slice(0, 4)))));
  const view = overviewView(c);
  const { itemsTotal: _i, dueThisMonthTotal: _d, evidenceTotal: _e, ...all } = await readKept(db, [view], () => page(db, view, c, { offset: 0, limit: Infinity, dueLimit: Infinity, evidenceLimit: Infinity }));
  return all;
}

/**
 * The route's pages, from views kept per (jurisdiction, as-of date, deadline rules) for the
 * `maxViews` most recently asked; each view follows the register's writes (see above).
 */
export function cachedPipelineOverview(maxViews = 4): (db: Db, q: { jurisdictionCode: string; asOf: string; offset: number; limit: number; dueLimit: number }) => Promise<OverviewPage> {
  const rulesOf = cachedPipelineRules();
  const views = new ViewCache<{ view: OverviewView; c: ViewContext }>(maxViews);
  const rendered = new Renderings<OverviewPage>(256);
  return async (db, q) => {
    if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
    const c = viewContext(q, await rulesOf(db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))));
    const key = `${q.jurisdictionCode}|${q.asOf}|${c.source.key}`;
    const kept = views.get(db, key, () => ({ view: overviewView(c), c }));
    const p = { offset: q.offset, limit: q.limit, dueLimit: q.dueLimit, evidenceLimit: 0 };
    return readKept(db, [kept.view], () => rendered.of(`${key}|${p.offset}|${p.limit}|${p.dueLimit}`, [kept.view], () => page(db, kept.view, kept.c, p)));
  };
}
