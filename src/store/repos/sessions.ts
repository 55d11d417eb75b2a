/**
 * Logged-in sessions (migration 3). The row holds the sha256 of the session token (the browser
 * keeps the token in an HTTP-only cookie), the user and two instants the server checks against its
 * idle and absolute limits. Changing a user's password, roles or disabling them deletes their
 * sessions in the same transaction (repos/users.ts), so the next request is refused.
 * Sessions are not audited (logging in is not a change of the register) and not backed up.
 */
import type { Db } from '../database.js';

export interface SessionRow {
  readonly tokenHash: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await db.insertInto('app_session').values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, last_seen_at: s.lastSeenAt }).execute();
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  const r = await db.selectFrom('app_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? { tokenHash: r.token_hash, userId: Number(r.user_id), csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at } : undefined;
}

export async function touchSession(db: Db, tokenHash: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('app_session').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (password change, role change, disabling). */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('app_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Drops sessions idle since before `idleBefore` or created before `createdBefore`. */
export async function deleteExpiredSessions(db: Db, idleBefore: string, createdBefore: string): Promise<void> {
  await db.deleteFrom('app_session').where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)])).execute();
}

export async function countSessions(db: Db, userId?: number): Promise<number> {
  let q = db.selectFrom('app_session').select((eb) => eb.fn.countAll<number>().as('n'));
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
