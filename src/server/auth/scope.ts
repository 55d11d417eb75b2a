/**
 * Jurisdiction scope of a request, from the user's grants (domain/access.ts): what they may read
 * (the granted jurisdictions and everything below them) and where they may act (the granted
 * jurisdiction itself). Routes call these for every read and write of jurisdiction data, so a user
 * granted one county gets 403 or nothing from another. Reusable by any route:
 *
 *   await requireAction(store.db, user, 'supply.record', plan.jurisdictionCode)   // 401 / 403
 *   const scope = await readScope(store.db, user)                                  // 'all' | codes
 *   if (!inScope(scope, parcel.jurisdictionCode)) throw new ApiError('not-found')
 */
import { may, readableRoots, type Action } from '../../domain/access.js';
import type { Role } from '../../domain/access.js';
import type { Db } from '../../store/database.js';
import { lineage, withDescendants } from '../../store/repos/jurisdictions.js';
import { ApiError } from '../errors.js';
import type { SessionUser } from './sessions.js';

export { lineage };

/** Jurisdictions the user may read: 'all', or a list (empty for the anonymous public). */
export type ReadScope = 'all' | readonly string[];

export async function readScope(db: Db, user: SessionUser | undefined): Promise<ReadScope> {
  if (!user) return [];
  const roots = readableRoots(user.grants);
  return roots === 'all' ? 'all' : withDescendants(db, roots);
}

export function inScope(scope: ReadScope, jurisdictionCode: string): boolean {
  return scope === 'all' || scope.includes(jurisdictionCode);
}

/** Whether the user may read a jurisdiction's non-public data (drafts, findings, parcels …). */
export async function mayRead(db: Db, user: SessionUser | undefined, jurisdictionCode: string): Promise<boolean> {
  return !!user && may(user.grants, 'register.read', await lineage(db, jurisdictionCode));
}

function refused(jurisdictionCode: string): ApiError {
  return new ApiError('forbidden', { zh: `当前账号无权处理 ${jurisdictionCode} 的数据`, en: `your account may not act on jurisdiction ${jurisdictionCode}` });
}

/** 401 without a session; 403 unless the grants allow `action` on the jurisdiction. */
export async function requireAction(db: Db, user: SessionUser | undefined, action: Action, jurisdictionCode: string): Promise<void> {
  if (!user) throw new ApiError('unauthenticated');
  if (!may(user.grants, action, await lineage(db, jurisdictionCode))) throw refused(jurisdictionCode);
}

/**
 * The older form: one of `roles` for the jurisdiction ('act') or for it or an ancestor ('read').
 * Prefer `requireAction` with a named action.
 */
export async function requireScope(db: Db, user: SessionUser | undefined, roles: readonly Role[], jurisdictionCode: string, mode: 'read' | 'act'): Promise<void> {
  if (!user) throw new ApiError('unauthenticated');
  const allowed = mode === 'act' ? [jurisdictionCode] : await lineage(db, jurisdictionCode);
  const ok = user.grants.some((g) => roles.includes(g.role) && (g.jurisdictionCode === null || allowed.includes(g.jurisdictionCode)));
  if (!ok) throw refused(jurisdictionCode);
}
