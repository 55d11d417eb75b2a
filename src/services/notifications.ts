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
import { superviseParcel, type SupervisionItem } from '../domain/pipeline/supervise.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db } from '../store/database.js';
import { watchRows, type WatchRow } from '../store/pipeline.js';
import { KeptView, readKept, Renderings, SortedList, ViewCache, type Totals } from './kept-view.js';
import { cachedPipelineRules, factsSource, pipelineRuleSet, pipelineRules, type PipelineRules } from './pipeline-rules.js';
import { itemRank, parcelNames, sameRank, type ItemRank, type ReportItem } from './supervise.js';

export interface Notification extends ReportItem {
  readonly jurisdictionCode: string;
  readonly urgency: 'overdue' | 'due';
}

const OVERDUE_KINDS: ReadonlySet<string> = new Set(['overdue', 'idle', 'recovery']);

/** A notification by its place in the list: due ones first (soonest first), then overdue ones in the report's order. */
interface NoticeKey extends ItemRank {
  readonly jurisdictionCode: string;
  /** 0: due, 1: overdue. */
  readonly urgency: 0 | 1;
  readonly parcelId: number;
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
    out.push({ ...itemRank(i), jurisdictionCode: c.jurisdictionCode, urgency: i.kind === 'due' ? 0 : 1, parcelId: row.parcelId, index });
  });
  return out;
}

type NoticeView = KeptView<WatchRow, readonly NoticeKey[], Notices>;

function noticeView(c: Context): NoticeView {
  // Only parcels on which some deadline runs by the date can give anything (with or without a horizon).
  return new KeptView((db, parcelIds, size) => watchRows(db, { jurisdictionCode: c.jurisdictionCode, watchedBy: c.asOf, parcelIds }, size), (row) => shareOf(c, row), () => new Notices());
}

/** The first `limit` notifications of the views together, rendered; undefined if a parcel changed meanwhile. */
async function page(db: Db, kept: readonly Kept[], limit: number): Promise<{ total: number; items: Notification[] } | undefined> {
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
    if (!sameRank(i, k)) return undefined;
    items.push({ ...i, jurisdictionCode: k.jurisdictionCode, urgency: k.urgency === 0 ? 'due' : 'overdue', parcelNumber: names.get(k.parcelId)?.number ?? null, projectName: names.get(k.parcelId)?.project ?? null });
  }
  return { total, items };
}

type Query = { jurisdictions: readonly string[]; asOf: string; dueWithinDays: number; limit?: number };
type Kept = { readonly view: NoticeView; readonly c: Context };

/** Each jurisdiction's context under the rules `rulesFor` gives, with its view (`viewOf`: a new one, or one kept). */
function keptFor(db: Db, q: Query, rulesFor: (db: Db, code: string, year: number) => Promise<PipelineRules>, viewOf: (c: Context) => NoticeView): Promise<Kept[]> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  return Promise.all(
    q.jurisdictions.map(async (jurisdictionCode) => {
      const c = { jurisdictionCode, asOf: q.asOf, dueWithinDays: q.dueWithinDays, rules: await rulesFor(db, jurisdictionCode, Number(q.asOf.slice(0, 4))) };
      return { view: viewOf(c), c };
    }),
  );
}

/** The notifications computed afresh. */
export async function notificationsFor(db: Db, q: Query): Promise<{ total: number; items: Notification[] }> {
  const kept = await keptFor(db, q, async (d, code, year) => pipelineRules(await pipelineRuleSet(d, code, year)), noticeView);
  return readKept(db, kept.map((k) => k.view), () => page(db, kept, q.limit ?? 200));
}

/**
 * `notificationsFor` from views kept per (jurisdiction, as-of, horizon, deadline rules) for the
 * `maxViews` most recently asked: a prefecture's users share its counties' views with the counties' own.
 */
export function cachedNotifications(maxViews = 64): typeof notificationsFor {
  const rulesOf = cachedPipelineRules();
  const views = new ViewCache<NoticeView>(maxViews);
  const rendered = new Renderings<{ total: number; items: Notification[] }>(maxViews);
  return async (db, q) => {
    const kept = await keptFor(db, q, rulesOf, (c) => views.get(db, `${c.jurisdictionCode}|${c.asOf}|${c.dueWithinDays}|${factsSource(c.rules).key}`, () => noticeView(c)));
    const limit = q.limit ?? 200;
    const viewsOf = kept.map((k) => k.view);
    return readKept(db, viewsOf, () => rendered.of(`${q.jurisdictions.join(',')}|${q.asOf}|${q.dueWithinDays}|${limit}`, viewsOf, () => page(db, kept, limit)));
  };
}
