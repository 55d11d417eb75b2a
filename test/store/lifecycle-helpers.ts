/**
 * Test helpers for the plan's life: accounts that may compile and approve, and an adjustment taken
 * all the way through the service (adjust → edit → decision → submitted → approved → published),
 * as a county would.
 */
import type { PlanCube } from '../../src/domain/plan/cube.js';
import type { Store } from '../../src/store/database.js';
import { chinaDate } from '../../src/domain/calendar/cst.js';
import { getUserByUsername, createUser } from '../../src/store/repos/users.js';
import { editVersionCube } from '../../src/store/repos/plan-lifecycle.js';
import { adjust, moverFor, recordDecision, transition } from '../../src/services/plan-lifecycle.js';
import { getPlanVersion } from '../../src/store/repos/plans.js';

export const EDITOR = 'lc-editor';
export const APPROVER = 'lc-approver';

/** An editor and an approver for every jurisdiction (created once per store). */
export async function lifecycleUsers(store: Store): Promise<void> {
  if (!(await getUserByUsername(store.db, EDITOR))) await createUser(store, { username: EDITOR, displayName: '编制员', roles: [{ role: 'editor', jurisdictionCode: null }] }, 'test');
  if (!(await getUserByUsername(store.db, APPROVER))) await createUser(store, { username: APPROVER, displayName: '审批人', roles: [{ role: 'approver', jurisdictionCode: null }] }, 'test');
}

/**
 * Adjusts the version in force to `cube` and approves it (and publishes it unless `publish` is
 * false). Returns the new version id, or the refusal thrown by the approval.
 */
export async function adjustThrough(store: Store, fromVersionId: number, cube: PlanCube, o: { validFrom?: string; reason?: string; publish?: boolean } = {}): Promise<number> {
  await lifecycleUsers(store);
  const { versionId } = await adjust(store, fromVersionId, o.reason ?? '调整', EDITOR, o.validFrom ? { validFrom: o.validFrom } : {});
  const v = (await getPlanVersion(store.db, versionId))!;
  await editVersionCube(store, versionId, () => cube, await moverFor(store.db, EDITOR, v.jurisdictionCode));
  const today = chinaDate(store.now());
  await recordDecision(store, versionId, { date: today, meeting: '县政府常务会议' }, EDITOR);
  await transition(store, versionId, { to: 'submitted' }, EDITOR);
  try {
    await transition(store, versionId, { to: 'approved', docNumber: '巴政函〔2026〕9号', date: today }, APPROVER);
  } catch (e) {
    // A refused approval leaves the adjustment withdrawn, so the next one can start.
    await transition(store, versionId, { to: 'withdrawn', reason: 'refused' }, EDITOR);
    throw e;
  }
  if (o.publish !== false) await transition(store, versionId, { to: 'published', date: today }, APPROVER);
  return versionId;
}
