/**
 * Use case: supervision of every parcel's path as of a date — each deadline run out, with its
 * rule, legal basis, days and evidence (domain/pipeline/supervise.ts), over the projected journal
 * states of a jurisdiction. The calendar's source and covered years and the rule set are part of
 * the report, so a reader knows what the days were counted on.
 *
 *   supervise(db, {jurisdictionCode, asOf}) → SupervisionReport
 */
import { chinaCalendar } from '../domain/calendar/china.js';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.js';
import { DEADLINE_RANK, type DeadlineId } from '../domain/pipeline/deadlines.js';
import type { SupervisionItem } from '../domain/pipeline/supervise.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db } from '../store/database.js';
import { countPipelineParcels, factsPages } from '../store/pipeline.js';
import { stateFromJson } from '../store/pipeline-json.js';
import { factsSource, pipelineRuleSet, pipelineRules } from './pipeline-rules.js';
import { StoredBytes } from './stored-facts.js';
import type { CalendarInfo, ReportItem, SupervisionReport } from '../domain/pipeline/report.js';
export type { CalendarInfo, ReportItem, SupervisionReport } from '../domain/pipeline/report.js';

export function calendarInfo(cal: WorkingCalendar = chinaCalendar()): CalendarInfo {
  return { source: cal.source.name, version: cal.source.version, firstYear: cal.firstYear, lastYear: cal.lastYear, description: cal.describe() };
}


export function byRuleThenDays(a: SupervisionItem, b: SupervisionItem): number {
  return DEADLINE_RANK.get(a.rule)! - DEADLINE_RANK.get(b.rule)! || b.days - a.days || a.parcelId - b.parcelId || (a.instalmentNo ?? 0) - (b.instalmentNo ?? 0);
}

/** An item's sort key less its parcel (rule rank, days, instalment), as kept views keep items. */
export interface ItemRank {
  readonly rule: number;
  readonly days: number;
  readonly instalmentNo: number;
}

export function itemRank(i: Pick<SupervisionItem, 'rule' | 'days' | 'instalmentNo'>): ItemRank {
  return { rule: DEADLINE_RANK.get(i.rule)!, days: i.days, instalmentNo: i.instalmentNo ?? 0 };
}

/** Whether an item rendered afresh is still the one a view keeps under this key (its parcel not written since). */
export function sameRank(i: Pick<SupervisionItem, 'rule' | 'days' | 'instalmentNo'> | undefined, k: ItemRank): i is SupervisionItem {
  return i !== undefined && DEADLINE_RANK.get(i.rule) === k.rule && i.days === k.days && (i.instalmentNo ?? 0) === k.instalmentNo;
}

/**
 * Reads each parcel's stored deadline facts (pipeline_watch.facts_json, services/stored-facts) when
 * they were computed under the rules and calendar this supervision uses, else computes them from
 * the watch state: the result is the same either way (`superviseParcel` is
 * `itemsAsOf(deadlineFacts(…))`). Only the parcels on which some deadline runs by the date are read.
 */
export async function supervise(db: Db, q: { jurisdictionCode: string; asOf: string }): Promise<SupervisionReport> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const calendar = chinaCalendar();
  const rules = pipelineRules(await pipelineRuleSet(db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))));
  const source = factsSource(rules, calendar);
  const items: ReportItem[] = [];
  for await (const page of factsPages(db, { jurisdictionCode: q.jurisdictionCode, watchedBy: q.asOf, factsKey: source.key })) {
    for (const r of page) {
      const facts = r.facts !== null ? new StoredBytes(r.facts) : StoredBytes.of(source.of(stateFromJson(r.watchJson!)));
      for (const i of facts.items(r.parcelId, q.asOf, { parcelNumber: r.parcelNumber, projectName: r.projectName })) items.push(i);
    }
  }
  const parcels = await countPipelineParcels(db, q.jurisdictionCode);
  items.sort(byRuleThenDays);
  const counts: Partial<Record<DeadlineId, number>> = {};
  for (const i of items) counts[i.rule] = (counts[i.rule] ?? 0) + 1;
  return {
    jurisdictionCode: q.jurisdictionCode,
    asOf: q.asOf,
    calendar: calendarInfo(calendar),
    ruleSet: { id: rules.ruleSet.id, chain: rules.ruleSet.chain },
    notComputed: rules.deadlines.missing.filter((m) => m !== 'idle-government-cause'),
    parcels,
    items,
    counts,
  };
}

export async function parcelNames(db: Db, ids: readonly number[]): Promise<Map<number, { number: string | null; project: string | null; district: string | null }>> {
  const out = new Map<number, { number: string | null; project: string | null; district: string | null }>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('parcel').select(['id', 'parcel_number', 'project_name', 'district']).where('id', 'in', ids.slice(i, i + 5000)).execute();
    for (const r of rows) out.set(Number(r.id), { number: r.parcel_number, project: r.project_name, district: r.district });
  }
  return out;
}
