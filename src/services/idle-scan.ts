/**
 * Use case: scan the post-supply clocks as of a date (闲置土地处置办法, 国土资源部令第53号): every
 * supply whose agreed start has passed without a start, idle land liable to the fee, candidates
 * for recovery, partial starts, and government causes. Supplies come from a JSON list or from the
 * register's parcels.
 *
 *   idleScan(supplies, asOf, ruleSet) → IdleScanResult     (pure)
 *   idleScanRegister(store, {jurisdictionCode, asOf, ruleSetId?}) → IdleScanResult
 */
import { agreedStartOf } from '../domain/rules/post-supply/clock.js';
import { bySeverity, type Finding } from '../domain/finding.js';
import { prepareRules, runPrepared, type RuleSet } from '../domain/rule-set.js';
import { nationalRuleSetIdFor, ruleSetById } from './rule-sets.js';
import { POST_SUPPLY_RULES } from '../domain/rules/index.js';
import type { PostSupplyContext } from '../domain/rules/context.js';
import { parseSupply } from '../domain/rules/supply-input.js';
import { supplyFromParcel } from '../domain/rules/supply-parcel.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Supply } from '../domain/supply.js';
import type { Store } from '../store/database.js';
import { listParcels } from '../store/repos/parcels.js';

export type IdleStatus = 'recovery' | 'idle' | 'partial' | 'overdue' | 'suspended';

export interface IdleScanRow {
  readonly supplyId: string;
  readonly parcelNumber?: string;
  readonly projectName?: string;
  readonly agreedStart?: string;
  readonly actualStart?: string;
  /** The most serious clock that has run out. */
  readonly status: IdleStatus;
  /** 土地闲置费 (万元) when the fee applies and the price is known. */
  readonly feeWanYuan?: string;
  readonly findings: readonly Finding[];
}

export interface IdleScanResult {
  readonly asOf: string;
  readonly ruleSet: { readonly id: string; readonly chain: readonly string[] };
  readonly scanned: number;
  /** Supplies with at least one post-supply finding, most serious first. */
  readonly rows: readonly IdleScanRow[];
  readonly counts: Readonly<Record<IdleStatus, number>>;
  /** Input that could not be read (one finding per bad entry, naming it). */
  readonly inputFindings: readonly Finding[];
  /** Set when this is an earlier result served because refreshing it failed: when it was computed, and why the refresh failed. */
  readonly stale?: { readonly computedAt: string; readonly reason: string };
}

const ORDER: readonly IdleStatus[] = ['recovery', 'idle', 'partial', 'overdue', 'suspended'];
const STATUS_OF: Record<string, IdleStatus> = { 'idle-recovery-2y': 'recovery', 'idle-fee-1y': 'idle', 'idle-partial-start': 'partial', 'start-overdue-warning': 'overdue', 'idle-government-cause': 'suspended' };

export function idleScan(supplies: readonly Supply[], asOf: string, ruleSet: RuleSet, inputFindings: readonly Finding[] = []): IdleScanResult {
  if (!isIsoDate(asOf)) throw new RangeError(`as-of date is not YYYY-MM-DD: ${asOf}`);
  const prepared = prepareRules<PostSupplyContext>(POST_SUPPLY_RULES, ruleSet);
  const rows: IdleScanRow[] = [];
  for (const s of supplies) {
    const findings = runPrepared(prepared, { supply: s, asOf }).sort(bySeverity);
    if (findings.length === 0) continue;
    const status = ORDER.find((st) => findings.some((f) => STATUS_OF[f.rule] === st))!;
    const fee = findings.find((f) => f.rule === 'idle-fee-1y')?.expected;
    rows.push({
      supplyId: s.id,
      ...(s.parcelNumber ? { parcelNumber: s.parcelNumber } : {}),
      ...(s.projectName ? { projectName: s.projectName } : {}),
      ...(s.dates.agreedStart ? { agreedStart: s.dates.agreedStart } : {}),
      ...(s.dates.actualStart ? { actualStart: s.dates.actualStart } : {}),
      status,
      ...(fee ? { feeWanYuan: fee } : {}),
      findings,
    });
  }
  rows.sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || (a.agreedStart ?? '').localeCompare(b.agreedStart ?? '') || a.supplyId.localeCompare(b.supplyId));
  const counts = Object.fromEntries(ORDER.map((st) => [st, rows.filter((r) => r.status === st).length])) as Record<IdleStatus, number>;
  return { asOf, ruleSet: { id: ruleSet.id, chain: ruleSet.chain }, scanned: supplies.length, rows, counts, inputFindings: [...prepared.problems, ...inputFindings] };
}

/** Reads a JSON list of supplies (as `supply check` takes them); bad entries become findings naming their index. */
export function suppliesFromJson(list: unknown): { supplies: Supply[]; findings: Finding[] } {
  const items = Array.isArray(list) ? list : list && typeof list === 'object' && Array.isArray((list as { supplies?: unknown }).supplies) ? (list as { supplies: unknown[] }).supplies : null;
  if (!items) return { supplies: [], findings: [{ rule: 'supply-input', severity: 'error', figures: ['(root)'], message: { zh: '应为供地 JSON 数组，或含 supplies 数组的对象', en: 'expected an array of supplies or {"supplies": [...]}' } }] };
  const supplies: Supply[] = [];
  const findings: Finding[] = [];
  items.forEach((it, i) => {
    const r = parseSupply(it);
    if (r.supply) supplies.push(r.supply);
    findings.push(...r.findings.map((f) => ({ ...f, figures: f.figures.map((x) => `[${i}].${x}`), message: { zh: `第 ${i + 1} 宗：${f.message.zh}`, en: `entry ${i}: ${f.message.en}` } })));
  });
  return { supplies, findings };
}

export async function idleScanRegister(store: Store, q: { jurisdictionCode: string; asOf: string; ruleSetId?: string }): Promise<IdleScanResult> {
  const supplies: Supply[] = [];
  const findings: Finding[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await listParcels(store.db, { jurisdictionCode: q.jurisdictionCode, limit: 1000, offset });
    for (const p of page) {
      const r = supplyFromParcel(p);
      // The clock runs from the agreed start, or from delivery + 1 year where none was agreed (53号令 第三十条).
      if (r.supply && agreedStartOf(r.supply)) supplies.push(r.supply);
      findings.push(...r.findings);
    }
    if (page.length < 1000) break;
  }
  return idleScan(supplies, q.asOf, ruleSetById(q.ruleSetId ?? nationalRuleSetIdFor(Number(q.asOf.slice(0, 4)))), findings);
}

/** Today's date (UTC) as "YYYY-MM-DD": the default "as of" of a scan (the register's clock, services/clock.ts). */
export { todayIso } from '../store/clock.js';
