/**
 * Use case: a county's supervision as JSON, for `landplan supervise --json`, on every core.
 * The items are the same as `supervise` gives (services/supervise.ts), in the same order; what a
 * rule gives every item (title, legal basis, confidence, step) is printed once per report under
 * `rules`. The parcels with a deadline are cut into parts by register id, one per core; each part
 * is read, its items computed and serialised in a worker thread (supervise-worker.ts), and the
 * parts are merged by the report's order (rule, days, parcel, instalment).
 *
 *   superviseJson(store, {jurisdictionCode, asOf}, {workers}) → {head, items: string[]}
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { chinaCalendar } from '../domain/calendar/china.js';
import { DEADLINE_RULES, type DeadlineId } from '../domain/pipeline/deadlines.js';
import { CITES, evidenceOf, factItemsAsOf } from '../domain/pipeline/supervise.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Db, Store } from '../store/database.js';
import { countPipelineParcels, watchedParcelIds } from '../store/pipeline.js';
import { moduleWorker } from './module-worker.js';
import { factsSource, pipelineRuleSet, pipelineRules } from './pipeline-rules.js';
import { calendarInfo, eachParcelFacts, parcelNames } from './supervise.js';
import type { SupervisionReport } from '../domain/pipeline/report.js';

const RULE_ORDER = Object.keys(DEADLINE_RULES) as DeadlineId[];
const RULE_INDEX = new Map(RULE_ORDER.map((r, i) => [r, i]));

export interface PartQuery {
  readonly jurisdictionCode: string;
  readonly asOf: string;
  /** Register ids after `after`, up to and including `upTo`. */
  readonly after: number;
  readonly upTo: number;
}

/**
 * One part's items: each as JSON without the rule's own fields, one per line of `lines` (JSON
 * never holds a raw line break: one string crosses threads far faster than many), and 4 sort
 * keys each (rule, days, parcel, instalment).
 */
export interface SupervisionPart {
  readonly keys: Float64Array;
  readonly lines: string;
  /** Items of the kinds that make `landplan supervise` exit 1 (overdue, idle, recovery). */
  readonly overdue: number;
}

const OVERDUE_KINDS: ReadonlySet<string> = new Set(['overdue', 'idle', 'recovery']);

export async function supervisionPart(db: Db, q: PartQuery): Promise<SupervisionPart> {
  const calendar = chinaCalendar();
  const source = factsSource(pipelineRules(await pipelineRuleSet(db, q.jurisdictionCode, Number(q.asOf.slice(0, 4)))), calendar);
  const names = await parcelNames(db, await watchedParcelIds(db, q.jurisdictionCode, q.asOf, { after: q.after, upTo: q.upTo }));
  const keys: number[] = [];
  const json: string[] = [];
  let overdue = 0;
  const ctx = { asOf: q.asOf };
  await eachParcelFacts(db, q, source, { after: q.after, upTo: q.upTo }, (parcelId, facts) => {
    const name = names.get(parcelId);
    const parcelNumber = name?.number ?? null;
    const projectName = name?.project ?? null;
    factItemsAsOf(facts, ctx, (i) => {
      // The fields of services/supervise's ReportItem, in its order, less the rule's own.
      json.push(
        JSON.stringify({ parcelId, rule: i.rule, kind: i.kind, dueDate: i.dueDate, days: i.days, amountWanYuan: i.amountWanYuan, instalmentNo: i.instalmentNo, message: i.message, evidence: evidenceOf(facts, i.ids), parcelNumber, projectName }),
      );
      keys.push(RULE_INDEX.get(i.rule)!, i.days, parcelId, i.instalmentNo ?? 0);
      if (OVERDUE_KINDS.has(i.kind)) overdue++;
    });
  });
  return { keys: Float64Array.from(keys), lines: json.join('\n'), overdue };
}

export interface SupervisionJson {
  /** Items of the kinds that make `landplan supervise` exit 1. */
  readonly overdue: number;
  readonly head: Omit<SupervisionReport, 'items'> & { readonly rules: Record<string, { title: unknown; step: string; basis: string; confidence: string }> };
  /** Each item's JSON, in the report's order. */
  readonly items: string[];
}

function inWorker(store: Store, q: PartQuery): { result: Promise<SupervisionPart>; worker: Worker } {
  // A larger young generation: the part allocates many short-lived objects.
  const worker = moduleWorker(import.meta.url, 'supervise-worker', { workerData: { open: store.reopen, query: q }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  const result = new Promise<SupervisionPart>((resolve, reject) => {
    worker.once('message', (m: { ok: true; part: SupervisionPart } | { ok: false; error: string }) => (m.ok ? resolve(m.part) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`supervision worker exited with code ${code}`)));
  });
  return { result, worker };
}

export async function superviseJson(store: Store, q: { jurisdictionCode: string; asOf: string }, o: { workers?: number } = {}): Promise<SupervisionJson> {
  if (!isIsoDate(q.asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${q.asOf}`);
  const calendar = chinaCalendar();
  const rules = pipelineRules(await pipelineRuleSet(store.db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))));
  const ids = await watchedParcelIds(store.db, q.jurisdictionCode, q.asOf);
  // Below a few thousand parcels the work is done here; above, one part per core, each in a worker
  // (with a young generation sized for the many short-lived objects) while this thread waits.
  const workers = o.workers ?? (ids.length < 5000 ? 0 : availableParallelism());
  const n = Math.max(1, workers);
  const cuts = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 0 : k === n ? (ids[ids.length - 1] ?? 0) : ids[Math.floor((k * ids.length) / n) - 1]!));
  const parts = Array.from({ length: n }, (_, k) => ({ ...q, after: cuts[k]!, upTo: cuts[k + 1]! }));
  let results: SupervisionPart[];
  if (workers === 0) results = [await supervisionPart(store.db, parts[0]!)];
  else {
    const started = parts.map((p) => inWorker(store, p));
    try {
      results = await Promise.all(started.map((s) => s.result));
    } finally {
      await Promise.all(started.map((s) => s.worker.terminate()));
    }
  }
  const json = results.flatMap((r) => (r.lines === '' ? [] : r.lines.split('\n')));
  const total = json.length;
  const keys = new Float64Array(total * 4);
  let at = 0;
  for (const r of results) {
    keys.set(r.keys, at);
    at += r.keys.length;
  }
  const order = Array.from({ length: total }, (_, i) => i);
  // The report's order (services/supervise byRuleThenDays): rule, days descending, parcel, instalment.
  order.sort((a, b) => keys[a * 4]! - keys[b * 4]! || keys[b * 4 + 1]! - keys[a * 4 + 1]! || keys[a * 4 + 2]! - keys[b * 4 + 2]! || keys[a * 4 + 3]! - keys[b * 4 + 3]!);
  const counts: Partial<Record<DeadlineId, number>> = {};
  for (let i = 0; i < total; i++) {
    const rule = RULE_ORDER[keys[i * 4]!]!;
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  const used = RULE_ORDER.filter((r) => counts[r] !== undefined);
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
    items: order.map((i) => json[i]!),
  };
}
