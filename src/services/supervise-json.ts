/**
 * Use case: a county's supervision as JSON, for `landplan supervise --json`, on every core.
 * The items are the same as `supervise` gives (services/supervise.ts), in the same order; what a
 * rule gives every item (title, legal basis, confidence, step) is printed once per report under
 * `rules`. The parcels with a deadline are cut into parts by register id (four per core); each part
 * is read, its items computed (most of them copied as the stored facts rendered them,
 * stored-facts.ts), serialised and sorted in a worker thread (supervise-worker.ts), and the
 * sorted parts are merged by the report's order (rule, days, parcel, instalment) as they are
 * written, byte slices copied, nothing parsed again.
 *
 *   superviseJson(store, {jurisdictionCode, asOf}, {workers}) → {head, items: SupervisionItems}
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { chinaCalendar } from '../domain/calendar/china.js';
import { DEADLINE_ORDER, DEADLINE_RULES, type DeadlineId } from '../domain/pipeline/deadlines.js';
import { CITES } from '../domain/pipeline/supervise.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Store } from '../store/database.js';
import type { FactsQuery } from '../store/facts-reader.js';
import { countPipelineParcels, factsPages, watchedParcelIds } from '../store/pipeline.js';
import { moduleWorker } from './module-worker.js';
import { factsSource, pipelineRuleSet, pipelineRules } from './pipeline-rules.js';
import { SupervisionItems, supervisionPart, type SupervisionPart } from './supervision-part.js';
import { calendarInfo } from './supervise.js';
import type { SupervisionReport } from '../domain/pipeline/report.js';

export interface SupervisionJson {
  /** Items of the kinds that make `landplan supervise` exit 1. */
  readonly overdue: number;
  readonly head: Omit<SupervisionReport, 'items'> & { readonly rules: Record<string, { title: unknown; step: string; basis: string; confidence: string }> };
  readonly items: SupervisionItems;
}

type PartQuery = FactsQuery & { readonly asOf: string };

/**
 * The parts computed by `workers` worker threads, each taking the next part as soon as it is done
 * with one (parcels differ in what they hold: equal counts are not equal work).
 */
async function inWorkers(store: Store, parts: readonly PartQuery[], workers: number): Promise<SupervisionPart[]> {
  const results: SupervisionPart[] = new Array(parts.length);
  let next = 0;
  const started: Worker[] = [];
  const one = () =>
    new Promise<void>((resolve, reject) => {
      // A larger young generation: a part allocates many short-lived objects.
      const worker = moduleWorker(import.meta.url, 'supervise-worker', { workerData: { open: store.reopen }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      started.push(worker);
      let at = -1;
      const give = () => {
        if (next >= parts.length) return resolve();
        at = next++;
        worker.postMessage(parts[at]);
      };
      worker.on('message', (m: { ok: true; part: SupervisionPart } | { ok: false; error: string }) => {
        if (!m.ok) return reject(new Error(m.error));
        results[at] = m.part;
        give();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`supervision worker exited with code ${code}`)));
      give();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(workers, parts.length) }, one));
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
  return results;
}

export async function superviseJson(store: Store, q: { jurisdictionCode: string; asOf: string }, o: { workers?: number } = {}): Promise<SupervisionJson> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const calendar = chinaCalendar();
  const rules = pipelineRules(await pipelineRuleSet(store.db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))));
  const source = factsSource(rules, calendar);
  const ids = await watchedParcelIds(store.db, q.jurisdictionCode, q.asOf);
  // Below a few thousand parcels the work is done here; above, in worker threads, one per core,
  // each taking parts of the register (four per worker) until none is left, while this thread waits.
  const workers = o.workers ?? (ids.length < 5000 ? 0 : availableParallelism());
  const n = Math.max(1, Math.min(workers * 4, ids.length));
  const cuts = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 0 : k === n ? (ids[ids.length - 1] ?? 0) : ids[Math.floor((k * ids.length) / n) - 1]!));
  const parts = Array.from({ length: n }, (_, k) => ({ jurisdictionCode: q.jurisdictionCode, watchedBy: q.asOf, factsKey: source.key, after: cuts[k]!, upTo: cuts[k + 1]!, asOf: q.asOf }));
  const results = workers === 0 ? [await supervisionPart(factsPages(store.db, parts[0]!), q.asOf, async () => source.of)] : await inWorkers(store, parts, workers);
  const items = new SupervisionItems(results);
  const byRule = items.countsByRule();
  const counts: Partial<Record<DeadlineId, number>> = {};
  for (const [k, n] of byRule.entries()) if (n) counts[DEADLINE_ORDER[k]!] = n;
  const used = DEADLINE_ORDER.filter((r) => counts[r] !== undefined);
  return {
    overdue: results.reduce((a, r) => a + r.overdue, 0),
    head: {
      jurisdictionCode: q.jurisdictionCode,
      asOf: q.asOf,
      calendar: calendarInfo(calendar),
      ruleSet: { id: rules.ruleSet.id, chain: rules.ruleSet.chain },
      notComputed: rules.deadlines.missing.filter((m) => m !== 'idle-government-cause'),
      parcels: await countPipelineParcels(store.db, q.jurisdictionCode),
      counts: Object.fromEntries(used.map((r) => [r, counts[r]!])),
      rules: Object.fromEntries(
        used.map((id) => {
          const r = DEADLINE_RULES[id];
          return [id, { title: r.title, step: r.step, ...CITES[id] }];
        }),
      ),
    },
    items,
  };
}
