/**
 * What a version's document says about its life (reports' DocumentMeta): the version it was made
 * from and that one's state, why it was made, an adjustment's collective decision, its state moves
 * (plan_transition, migration 7) and, for versions made by the older adjustment journal, the
 * `adjustment` row's reason. Reads only.
 */
import type { Db } from '../database.js';
import { listTransitions, type Transition } from './plan-transitions.js';

export interface VersionDocumentRecord {
  readonly basedOn: { readonly id: number; readonly status: string } | null;
  readonly changeReason: string | null;
  readonly decision: { readonly date: string; readonly meeting: string | null } | null;
  readonly transitions: readonly Transition[];
  /** The reason of an adjustment recorded in the `adjustment` journal (before migration 7). */
  readonly journalAdjustmentReason: string | null;
}

export async function versionDocumentRecord(db: Db, versionId: number): Promise<VersionDocumentRecord | undefined> {
  const v = await db
    .selectFrom('plan_version as v')
    .leftJoin('plan_version as b', 'b.id', 'v.based_on_version_id')
    .select(['v.id', 'v.change_reason', 'v.decision_on', 'v.decision_meeting', 'b.id as based_on_id', 'b.status as based_on_status'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!v) return undefined;
  const adj = await db.selectFrom('adjustment').select(['reason']).where('to_version_id', '=', versionId).orderBy('id', 'desc').executeTakeFirst();
  return {
    basedOn: v.based_on_id === null || v.based_on_status === null ? null : { id: Number(v.based_on_id), status: v.based_on_status },
    changeReason: v.change_reason,
    decision: v.decision_on ? { date: v.decision_on, meeting: v.decision_meeting } : null,
    transitions: await listTransitions(db, versionId),
    journalAdjustmentReason: adj?.reason ?? null,
  };
}
