/**
 * Use case: the 底价 review — a proposed reserve price against the parcel's recorded reserve cost
 * (the cost ledger of its journal) and the minimum standards of the rule set in force, by the
 * rule set's own price rules (`reserve-price-floor`, `industrial-floor-discount-70`). Nothing is
 * written; the result names the cost it used and the rules that spoke.
 */
import type { Finding } from '../domain/finding.js';
import { prepareRules, runPrepared } from '../domain/rule-set.js';
import { SUPPLY_RULES } from '../domain/rules/index.js';
import type { SupplyContext } from '../domain/rules/context.js';
import { parseSupply } from '../domain/rules/supply-input.js';
import { project } from '../domain/pipeline/journal.js';
import { costSummary, type CostSummary } from '../domain/pipeline/reserve.js';
import type { Db } from '../store/database.js';
import { listPipelineEvents } from '../store/pipeline.js';
import { getParcel } from '../store/repos/parcels.js';
import { pipelineRuleSet } from './pipeline-rules.js';

const PRICE_RULES = new Set(['reserve-price-floor', 'industrial-floor-discount-70']);

export interface ReservePriceReview {
  readonly reservePriceWanYuan: string;
  readonly costs: CostSummary;
  readonly ruleSet: string;
  readonly findings: readonly Finding[];
  readonly verdict: 'pass' | 'refuse';
}

export async function reviewReservePrice(db: Db, q: { parcelId: number; reservePriceWanYuan: string; method?: string; asOf: string }): Promise<ReservePriceReview | undefined> {
  const parcel = await getParcel(db, q.parcelId);
  if (!parcel) return undefined;
  const state = project(await listPipelineEvents(db, q.parcelId));
  const costs = costSummary(state);
  const ruleSet = await pipelineRuleSet(db, parcel.jurisdictionCode, Number(q.asOf.slice(0, 4)));
  const f = parcel.fields;
  const input = {
    id: f.parcelNumber ?? String(parcel.id),
    area: { m2: f.area?.squareMetres.toFixed() ?? '0' },
    useCode: f.useCode ?? '',
    method: q.method ?? state.method ?? f.supplyMethod ?? '23',
    ...(f.landGrade ? { landGrade: f.landGrade } : {}),
    prices: { reserve: q.reservePriceWanYuan, ...(costs.entries > 0 ? { cost: costs.total } : {}) },
  };
  const parsed = parseSupply(input);
  const findings: Finding[] = [...parsed.findings];
  if (parsed.supply) {
    const prepared = prepareRules<SupplyContext>(SUPPLY_RULES.filter((r) => PRICE_RULES.has(r.id)), ruleSet);
    findings.push(...runPrepared(prepared, { supply: parsed.supply }));
  }
  return { reservePriceWanYuan: q.reservePriceWanYuan, costs, ruleSet: ruleSet.id, findings, verdict: findings.some((x) => x.severity === 'error') ? 'refuse' : 'pass' };
}
