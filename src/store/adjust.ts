/**
 * Plan adjustment (DOMAIN §1.5, 117号 ch.11): a new immutable version with its approval record and
 * a diff, taking over every supply record of the plan in the same transaction.
 */
import { keyMatches, type CellKey, type PlanCube } from '../domain/plan/cube.js';
import type { Store } from './database.js';
import { appendAudit } from './audit-log.js';
import { cubeToJson } from './cube-json.js';
import { InputError } from './errors.js';
import { exceedRefusal, impact, keyOfRow, lockVersion, maxSeq, versionInfo, type Refusal } from './ledger-core.js';
import { checkDate, indicatorRows, insertVersionTx, requireValidCube, type PlanStatus } from './repos/plans.js';
import { e4ToArea, toBigInt } from './units.js';

export interface AdjustmentInput {
  readonly fromVersionId: number;
  readonly cube: PlanCube;
  readonly ruleSet?: unknown;
  readonly flagged?: readonly unknown[];
  readonly status?: PlanStatus;
  readonly validFrom: string;
  readonly reason: string;
  readonly decisionRef?: string;
  readonly approvalRef?: string;
  readonly publicationRef?: string;
  readonly actor: string;
}

export type AdjustmentOutcome = { readonly accepted: true; readonly versionId: number; readonly adjustmentId: number } | Refusal;

/**
 * Adjusts a plan (DOMAIN §1.5): a new version with its approval record and a diff. Every record of
 * the plan counts against the new version's indicators from the same transaction on; an adjustment that
 * would leave a binding indicator below what has already been supplied is refused.
 */
export async function adjustPlan(store: Store, input: AdjustmentInput): Promise<AdjustmentOutcome> {
  requireValidCube(input.cube);
  checkDate(input.validFrom, 'validFrom');
  if (!input.reason.trim()) throw new InputError('reason', '调整须说明理由', 'an adjustment needs a reason');
  const newIndicators = indicatorRows(input.cube);
  const from = await versionInfo(store, store.db, input.fromVersionId);
  if (!from) throw new InputError('fromVersionId', `计划版本 ${input.fromVersionId} 不存在`, `plan version ${input.fromVersionId} does not exist`);
  return store.write(async (tx) => {
    await lockVersion(store, tx, input.fromVersionId);
    const current = await maxSeq(tx, from.planId);
    if (current.seq !== from.seq) {
      return { accepted: false, reason: 'version-superseded', currentVersionId: current.id, message: { zh: `计划版本已被调整，现行版本为 ${current.id}`, en: `the plan version was superseded by version ${current.id}` } } as const;
    }
    const records = await tx
      .selectFrom('supply_record')
      .select(['id', 'category', 'method', 'source', 'district', 'quarter', 'housing_type', 'area_e4'])
      .where('plan_id', '=', from.planId)
      .orderBy('id')
      .execute();
    const debits = new Map<string, bigint>();
    for (const r of records) {
      const key = keyOfRow(r) as CellKey;
      const a = toBigInt(r.area_e4);
      for (const ind of newIndicators) if (keyMatches(ind.key, key)) debits.set(ind.id, (debits.get(ind.id) ?? 0n) + a);
    }
    for (const ind of newIndicators) {
      const d = debits.get(ind.id) ?? 0n;
      if (ind.kind === 'binding' && d > ind.capE4) return exceedRefusal(impact(ind, d, 0n));
    }
    const now = store.now();
    const v = await insertVersionTx(tx, from.planId, from.seq + 1, input, now, debits);
    const oldCaps = new Map(from.indicators.map((i) => [i.id, i.capE4]));
    const diff = [...new Set([...from.indicators.map((i) => i.id), ...newIndicators.map((i) => i.id)])]
      .map((id) => {
        const a = oldCaps.get(id);
        const b = newIndicators.find((i) => i.id === id)?.capE4;
        return { indicatorId: id, before: a === undefined ? null : e4ToArea(a), after: b === undefined ? null : e4ToArea(b) };
      })
      .filter((d) => d.before === null || d.after === null || !d.before.equals(d.after));
    const adj = await tx
      .insertInto('adjustment')
      .values({
        plan_id: from.planId,
        from_version_id: input.fromVersionId,
        to_version_id: v.id,
        reason: input.reason,
        decision_ref: input.decisionRef ?? null,
        approval_ref: input.approvalRef ?? null,
        publication_ref: input.publicationRef ?? null,
        diff_json: JSON.stringify(diff),
        created_at: now,
        created_by: input.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: input.actor,
      action: 'plan.adjust',
      entity: 'plan_version',
      entityId: String(v.id),
      before: { versionId: input.fromVersionId },
      after: { versionId: v.id, seq: from.seq + 1, validFrom: input.validFrom, reason: input.reason, diff, cube: cubeToJson(input.cube) },
    });
    return { accepted: true, versionId: v.id, adjustmentId: Number(adj.id) };
  });
}
