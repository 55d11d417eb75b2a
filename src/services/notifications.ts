/**
 * Use case: a user's notifications — the items due within the next days and the overdue ones, for
 * the parcels of every jurisdiction the user's roles cover (a county clerk sees the county; a
 * prefecture viewer sees the counties below it). Computed from the journals, never stored.
 *
 * Each jurisdiction's notifications are a view kept up to date with the register
 * (services/kept-view.ts): every parcel's share is the sort keys of its items due or overdue; a
 * user's list merges the first keys of each jurisdiction's view and renders only those.
 *
 *   notificationsFor(db, {jurisdictions, asOf, dueWithinDays, limit?}) → {total, items}
 *   cachedNotifications()(…): the same, from views kept across requests (the route)
 */
import { chinaCalendar } from '../domain/calendar/china.js';
import { DEADLINE_ORDER } from '../domain/pipeline/deadlines.js';
import { superviseParcel, type SupervisionItem } from '../domain/pipeline/supervise.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db } from '../store/database.js';
import { watchRows, type WatchRow } from '../store/pipeline.js';
import { KeptView, readKept, Renderings, SortedList, ViewCache, type Totals } from './kept-view.js';
import { cachedPipelineRules, factsSource, pipelineRuleSet, pipelineRules, type PipelineRules } from './pipeline-rules.js';
import { parcelNames, type ReportItem } from './supervise.js';

export interface Notification extends ReportItem {
  readonly jurisdictionCode: string;
  readonly urgency: 'overdue' | 'due';
}

const OVERDUE_KINDS: ReadonlySet<string> = new Set(['overdue', 'idle', 'recovery']);
const RULE_INDEX = new Map(DEADLINE_ORDER.map((r, i) => [r, i]));

/** A notification by its place in the list: due ones first (soonest first), then overdue ones in the report's order. */
interface NoticeKey {
  readonly jurisdictionCode: string;
  /** 0: due, 1: overdue. */
  readonly urgency: 0 | 1;
  readonly rule: number;
  readonly days: number;
  readonly parcelId: number;
  readonly instalmentNo: number;
  /** Its index among the parcel's items (`superviseParcel` with the horizon). */
  readonly index: number;
}

const byNotice = (a: NoticeKey, b: NoticeKey) =>
  a.urgency - b.urgency || (a.urgency === 0 ? a.days - b.days : a.rule - b.rule || b.days - a.days) || a.parcelId - b.parcelId || a.instalmentNo - b.instalmentNo || a.index - b.index;

class Notices implements Totals<readonly NoticeKey[]> {
  readonly list = new SortedList<NoticeKey>(byNotice);
  count(keys: readonly NoticeKey[], sign: 1 | -1, bulk: boolean): void {
    for (const k of keys) this.list.move(k, sign, bulk);
  }
  sorted(): void {
    this.list.sort();
  }
}

interface Context {
  readonly jurisdictionCode: string;
  readonly asOf: string;
  readonly dueWithinDays: number;
  readonly rules: PipelineRules;
}

function itemsOf(c: Context, parcelId: number, row: WatchRow): SupervisionItem[] {
  return superviseParcel(parcelId, row.state, { asOf: c.asOf, calendar: chinaCalendar(), params: c.rules.deadlines.params, dueWithinDays: c.dueWithinDays });
}

function shareOf(c: Context, row: WatchRow): NoticeKey[] {
  const out: NoticeKey[] = [];
  itemsOf(c, row.parcelId, row).forEach((i, index) => {
    if (i.kind !== 'due' && !OVERDUE_KINDS.has(i.kind)) return;
    out.push({ jurisdictionCode: c.jurisdictionCode, urgency: i.kind === 'due' ? 0 : 1, rule: RULE_INDEX.get(i.rule)!, days: i.days, parcelId: row.parcelId, instalmentNo: i.instalmentNo ?? 0, index });
  });
  return out;
}

type NoticeView = KeptView<WatchRow, readonly NoticeKey[], Notices>;

function noticeView(c: Context): NoticeView {
  // Only parcels on which some deadline runs by the date can give anything (with or without a horizon).
  return new KeptView((db, parcelIds, size) => watchRows(db, { jurisdictionCode: c.jurisdictionCode, watchedBy: c.asOf, parcelIds }, size), (row) => shareOf(c, row), () => new Notices());
}

/** The first `limit` notifications of the views together, rendered; undefined if a parcel changed meanwhile. */
async function page(db: Db, kept: readonly { view: NoticeView; c: Context }[], limit: number): Promise<{ total: number; items: Notification[] } | undefined> {
  const total = kept.reduce((a, k) => a + k.view.totals.list.length, 0);
  const keys = kept.flatMap((k) => k.view.totals.list.slice(0, limit)).sort(byNotice).slice(0, limit);
  const rendered = new Map<string, SupervisionItem[]>();
  for (const { c } of kept) {
    const ids = [...new Set(keys.filter((k) => k.jurisdictionCode === c.jurisdictionCode).map((k) => k.parcelId))];
    if (ids.length === 0) continue;
    for await (const rows of watchRows(db, { jurisdictionCode: c.jurisdictionCode, parcelIds: ids })) for (const r of rows) rendered.set(`${c.jurisdictionCode}|${r.parcelId}`, itemsOf(c, r.parcelId, r));
  }
  const names = await parcelNames(db, [...new Set(keys.map((k) => k.parcelId))]);
  const items: Notification[] = [];
  for (const k of keys) {
    const i = rendered.get(`${k.jurisdictionCode}|${k.parcelId}`)?.[k.index];
    if (!i || RULE_INDEX.get(i.rule) !== k.rule || i.days !== k.days || (i.instalmentNo ?? 0) !== k.instalmentNo) return undefined;
    items.push({ ...i, jurisdictionCode: k.jurisdictionCode, urgency: k.urgency === 0 ? 'due' : 'overdue', parcelNumber: names.get(k.parcelId)?.number ?? null, projectName: names.get(k.parcelId)?.project ?? null });
  }
  return { total, items };
}

type Query = { jurisdictions: readonly string[]; asOf: string; dueWithinDays: number; limit?: number };

/** The notifications computed afresh. */
export async function notificationsFor(db: Db, q: Query): Promise<{ total: number; items: Notification[] }> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const kept = await Promise.all(
    q.jurisdictions.map(async (jurisdictionCode) => {
      const c = { jurisdictionCode, asOf: q.asOf, dueWithinDays: q.dueWithinDays, rules: pipelineRules(await pipelineRuleSet(db, jurisdictionCode, Number(q.asOf.slice(0, 4)))) };
      return { view: noticeView(c), c };
    }),
  );
  return readKept(db, kept.map((k) => k.view), () => page(db, kept, q.limit ?? 200));
}

/**
 * `notificationsFor` from views kept per (jurisdiction, as-of, horizon, deadline rules) for the
 * `maxViews` most recently asked: a prefecture's users share its counties' views with the counties' own.
 */
export function cachedNotifications(maxViews = 64): typeof notificationsFor {
  const rulesOf = cachedPipelineRules();
  const views = new ViewCache<{ view: NoticeView; c: Context }>(maxViews);
  const rendered = new Renderings<{ total: number; items: Notification[] }>(maxViews);
  return async (db, q) => {
    if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
    const kept = await Promise.all(
      q.jurisdictions.map(async (jurisdictionCode) => {
        const rules = await rulesOf(db, jurisdictionCode, Number(q.asOf.slice(0, 4)));
        const c = { jurisdictionCode, asOf: q.asOf, dueWithinDays: q.dueWithinDays, rules };
        return views.get(db, `${jurisdictionCode}|${q.asOf}|${q.dueWithinDays}|${factsSource(rules).key}`, () => ({ view: noticeView(c), c }));
      }),
    );
    const limit = q.limit ?? 200;
    const viewsOf = kept.map((k) => k.view);
    return readKept(db, viewsOf, () => rendered.of(`${q.jurisdictions.join(',')}|${q.asOf}|${q.dueWithinDays}|${limit}`, viewsOf, () => page(db, kept, limit)));
  };
}
