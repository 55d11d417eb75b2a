/**
 * The journal of a version's state moves (table plan_transition, migration 7). Reads only here;
 * the moves themselves are made by the lifecycle service in one transaction with the status.
 */
import type { PlanState } from '../../domain/plan/lifecycle.js';
import type { Db } from '../database.js';

export interface Transition {
  readonly id: number;
  readonly versionId: number;
  readonly from: PlanState | null;
  readonly to: PlanState;
  readonly actor: string;
  readonly role: string;
  readonly date: string | null;
  readonly until: string | null;
  readonly docNumber: string | null;
  readonly reason: string | null;
  readonly recordedAt: string;
}

export async function listTransitions(db: Db, versionId: number): Promise<Transition[]> {
  const rows = await db.selectFrom('plan_transition').selectAll().where('plan_version_id', '=', versionId).orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    versionId: Number(r.plan_version_id),
    // Written only through the lifecycle's checked moves (domain/plan/lifecycle.ts).
    from: r.from_state as PlanState | null,
    to: r.to_state as PlanState,
    actor: r.actor,
    role: r.role,
    date: r.on_date,
    until: r.until,
    docNumber: r.doc_number,
    reason: r.reason,
    recordedAt: r.recorded_at,
  }));
}

/** The consultation period of a version (the latest move into `consultation`), if it was opened. */
export async function consultationWindow(db: Db, versionId: number): Promise<{ from: string; until: string } | undefined> {
  const r = await db
    .selectFrom('plan_transition')
    .select(['on_date', 'until'])
    .where('plan_version_id', '=', versionId)
    .where('to_state', '=', 'consultation')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r && r.on_date && r.until ? { from: r.on_date, until: r.until } : undefined;
}
