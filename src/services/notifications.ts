/**
 * Use case: a user's notifications — the items due within the next days and the overdue ones, for
 * the parcels of every jurisdiction the user's roles cover (a county clerk sees the county; a
 * prefecture viewer sees the counties below it). Computed from the journals, never stored.
 *
 *   notificationsFor(db, {jurisdictions, asOf, dueWithinDays}) → Notification[]
 */
import { chinaCalendar } from '../domain/calendar/china.js';
import { superviseParcel, type SupervisionItem } from '../domain/pipeline/supervise.js';
import type { Db } from '../store/database.js';
import { journalHead, watchedStates } from '../store/pipeline.js';
import { pipelineRuleSet, pipelineRules } from './pipeline-rules.js';
import { byRuleThenDays, parcelNames, type ReportItem } from './supervise.js';

export interface Notification extends ReportItem {
  readonly jurisdictionCode: string;
  readonly urgency: 'overdue' | 'due';
}

const OVERDUE_KINDS = new Set(['overdue', 'idle', 'recovery']);

export async function notificationsFor(db: Db, q: { jurisdictions: readonly string[]; asOf: string; dueWithinDays: number; limit?: number }): Promise<{ total: number; items: Notification[] }> {
  const calendar = chinaCalendar();
  const out: (SupervisionItem & { jurisdictionCode: string })[] = [];
  for (const code of q.jurisdictions) {
    const rules = pipelineRules(await pipelineRuleSet(db, code, Number(q.asOf.slice(0, 4))));
    for await (const page of watchedStates(db, code, q.asOf)) {
      for (const { parcelId, state } of page) {
        for (const i of superviseParcel(parcelId, state, { asOf: q.asOf, calendar, params: rules.deadlines.params, dueWithinDays: q.dueWithinDays })) {
          if (i.kind === 'due' || OVERDUE_KINDS.has(i.kind)) out.push({ ...i, jurisdictionCode: code });
        }
      }
    }
  }
  // Due soonest first, then the longest overdue.
  out.sort((a, b) => (a.kind === 'due' ? 0 : 1) - (b.kind === 'due' ? 0 : 1) || (a.kind === 'due' ? a.days - b.days : byRuleThenDays(a, b)));
  const shown = out.slice(0, q.limit ?? 200);
  const names = await parcelNames(db, [...new Set(shown.map((i) => i.parcelId))]);
  return {
    total: out.length,
    items: shown.map((i) => ({ ...i, urgency: i.kind === 'due' ? 'due' : 'overdue', parcelNumber: names.get(i.parcelId)?.number ?? null, projectName: names.get(i.parcelId)?.project ?? null })),
  };
}

/** `notificationsFor` memoised per (jurisdictions, as-of, horizon) until any journal changes. */
export function cachedNotifications(maxEntries = 64): typeof notificationsFor {
  const cache = new Map<string, { head: number; value: Promise<{ total: number; items: Notification[] }> }>();
  return async (db, q) => {
    const head = await journalHead(db);
    const key = `${q.jurisdictions.join(',')}|${q.asOf}|${q.dueWithinDays}|${q.limit ?? 200}`;
    const hit = cache.get(key);
    if (hit && hit.head === head) return hit.value;
    const value = notificationsFor(db, q);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, { head, value });
    value.catch(() => cache.delete(key));
    return value;
  };
}
