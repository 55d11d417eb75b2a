/**
 * Use case: the pipeline page — how many parcels reached each step (a funnel per path), the
 * supervision items (overdue steps, short periods, unpaid instalments, idle clocks), the
 * instalments due in the month of the as-of date, idle-land cases by stage, and plan execution by
 * month, category and district as the contracts and allocation decisions in the journals give it
 * (with their numbers as evidence). Every figure comes from the projected journal states (what
 * supervision reads of them: pipeline_watch).
 *
 * The whole projection is computed once per (jurisdiction, as-of date, journal head) and cached,
 * so the page's requests read it from memory; a new event anywhere changes the head and the next
 * request recomputes it.
 */
import { Area } from '../domain/area.js';
import { chinaCalendar } from '../domain/calendar/china.js';
import { Dec } from '../domain/decimal.js';
import { planCategories } from '../domain/classification/index.js';
import { planCategoryOfUse } from '../domain/supply.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import { superviseParcel, type SupervisionItem } from '../domain/pipeline/supervise.js';
import { PATHS, type PathId, type StepKind } from '../domain/pipeline/steps.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db } from '../store/database.js';
import { journalHead, watchedStates } from '../store/pipeline.js';
import { pipelineRuleSet, pipelineRules } from './pipeline-rules.js';
import { byRuleThenDays, calendarInfo, parcelNames } from './supervise.js';
import type { DueInstalment, ExecutionLine, PipelineOverview } from '../domain/pipeline/report.js';
export type { DueInstalment, ExecutionLine, FunnelStep, PipelineOverview } from '../domain/pipeline/report.js';

interface Acc {
  count: number;
  area: Dec;
  price: Dec;
}

function addTo(m: Map<string, Acc>, key: string, areaM2: Dec, price: Dec | undefined): void {
  const a = m.get(key) ?? { count: 0, area: new Dec(0), price: new Dec(0) };
  a.count += 1;
  a.area = a.area.plus(areaM2);
  if (price) a.price = a.price.plus(price);
  m.set(key, a);
}

function lines(m: Map<string, Acc>): ExecutionLine[] {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, a]) => ({ key, count: a.count, areaHa: Area.fromSquareMetres(a.area).hectares.toFixed(4), priceWanYuan: a.price.toFixed() }));
}

export async function pipelineOverview(db: Db, q: { jurisdictionCode: string; asOf: string; year?: number }): Promise<PipelineOverview> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const calendar = chinaCalendar();
  const rules = pipelineRules(await pipelineRuleSet(db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))));
  const year = q.year ?? Number(q.asOf.slice(0, 4));
  const month = q.asOf.slice(0, 7);
  const categories = planCategories();
  const reached: Record<PathId, number[]> = { grant: PATHS.grant.map(() => 0), allocation: PATHS.allocation.map(() => 0) };
  const items: SupervisionItem[] = [];
  const due: Omit<DueInstalment, 'parcelNumber' | 'projectName'>[] = [];
  const idle = { investigating: 0, determined: 0, disposed: {} as Record<string, number> };
  const byMonth = new Map<string, Acc>();
  const byCategory = new Map<string, Acc>();
  const byDistrictParcel: { parcelId: number; area: Dec; price: Dec | undefined }[] = [];
  const evidence: { parcelId: number; number: string; on: string; areaM2: string }[] = [];
  let parcels = 0;
  let reserve = 0;
  for await (const page of watchedStates(db, q.jurisdictionCode)) {
    for (const { parcelId, state } of page) {
      parcels += 1;
      if (state.reserve.projectId !== undefined) reserve += 1;
      countFunnel(state, reached);
      items.push(...superviseParcel(parcelId, state, { asOf: q.asOf, calendar, params: rules.deadlines.params }));
      dueInMonth(parcelId, state, month, q.asOf, due);
      const c = state.contract;
      if (c && c.on <= q.asOf && Number(c.on.slice(0, 4)) === year) {
        const area = new Dec(c.areaM2);
        addTo(byMonth, c.on.slice(0, 7), area, c.price);
        addTo(byCategory, planCategoryOfUse('lu2023', c.useCode, categories) ?? c.useCode, area, c.price);
        byDistrictParcel.push({ parcelId, area, price: c.price });
        evidence.push({ parcelId, number: c.number, on: c.on, areaM2: c.areaM2 });
      }
      const cs = state.idle;
      if (cs.disposal) idle.disposed[cs.disposal.measure] = (idle.disposed[cs.disposal.measure] ?? 0) + 1;
      else if (cs.determination) idle.determined += 1;
      else if (cs.investigation) idle.investigating += 1;
    }
  }
  items.sort(byRuleThenDays);
  const names = await parcelNames(db, [...new Set([...items.map((i) => i.parcelId), ...due.map((d) => d.parcelId), ...byDistrictParcel.map((d) => d.parcelId)])]);
  const byDistrict = new Map<string, Acc>();
  for (const d of byDistrictParcel) addTo(byDistrict, names.get(d.parcelId)?.district ?? '', d.area, d.price);
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.rule] = (counts[i.rule] ?? 0) + 1;
  evidence.sort((a, b) => a.on.localeCompare(b.on) || a.parcelId - b.parcelId);
  return {
    jurisdictionCode: q.jurisdictionCode,
    asOf: q.asOf,
    parcels,
    reserve,
    funnels: {
      grant: PATHS.grant.map((step, i) => ({ step, reached: reached.grant[i]! })),
      allocation: PATHS.allocation.map((step, i) => ({ step, reached: reached.allocation[i]! })),
    },
    items: items.map((i) => ({ ...i, parcelNumber: names.get(i.parcelId)?.number ?? null, projectName: names.get(i.parcelId)?.project ?? null })),
    counts,
    dueThisMonth: due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.parcelId - b.parcelId).map((d) => ({ ...d, parcelNumber: names.get(d.parcelId)?.number ?? null, projectName: names.get(d.parcelId)?.project ?? null })),
    idleCases: idle,
    execution: { byMonth: lines(byMonth), byCategory: lines(byCategory), byDistrict: lines(byDistrict), evidence },
    calendar: calendarInfo(calendar),
    ruleSet: rules.ruleSet.id,
    notComputed: rules.deadlines.missing.filter((m) => m !== 'idle-government-cause'),
  };
}

function countFunnel(s: PipelineState, reached: Record<PathId, number[]>): void {
  if (!s.path || !s.lastStep) return;
  const path = PATHS[s.path];
  const upTo = path.indexOf(s.lastStep);
  for (let i = 0; i <= upTo; i++) reached[s.path][i]! += 1;
}

/** Instalments falling due in `month`, with what is still unpaid of each as of `asOf`. */
function dueInMonth(parcelId: number, s: PipelineState, month: string, asOf: string, out: Omit<DueInstalment, 'parcelNumber' | 'projectName'>[]): void {
  const c = s.contract;
  if (!c || c.instalments.length === 0) return;
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
}

/** `pipelineOverview` memoised per (jurisdiction, as-of, journal head): one indexed read per request. */
export function cachedPipelineOverview(maxEntries = 16): (db: Db, q: { jurisdictionCode: string; asOf: string }) => Promise<PipelineOverview> {
  const caches = new WeakMap<Db, Map<string, { head: number; value: Promise<PipelineOverview> }>>();
  return async (db, q) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    const head = await journalHead(db);
    const key = `${q.jurisdictionCode}|${q.asOf}`;
    const hit = cache.get(key);
    if (hit && hit.head === head) return hit.value;
    const value = pipelineOverview(db, q);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    const c = cache;
    c.set(key, { head, value });
    value.catch(() => c.delete(key));
    return value;
  };
}
