/**
 * Users and roles. The password hash is computed by the caller (services/accounts hashes with
 * argon2); the register stores it and never writes it to the audit log. A change of password,
 * roles or the disabled flag ends the user's sessions in the same transaction.
 */
import { ROLES, type Grant, type Role } from '../../domain/access.js';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';
import { requireJurisdiction } from './jurisdictions.js';
import { deleteUserSessions } from './sessions.js';

export { ROLES, type Role };
export type RoleGrant = Grant;

export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  readonly roles: readonly RoleGrant[];
  readonly createdAt: string;
  /** Failed logins since the last success, and until when logins are refused (lockout). */
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

async function rolesOf(db: Db, userId: number): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('user_role').select(['role', 'jurisdiction_code']).where('user_id', '=', userId).orderBy('role').orderBy('jurisdiction_code').execute();
  return rows.map((r) => ({ role: r.role as Role, jurisdictionCode: r.jurisdiction_code }));
}

async function load(db: Db, where: { id?: number; username?: string }): Promise<User | undefined> {
  let q = db.selectFrom('app_user').selectAll();
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.username !== undefined) q = q.where('username', '=', where.username);
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  const id = Number(r.id);
  return {
    id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    disabled: Number(r.disabled) !== 0,
    roles: await rolesOf(db, id),
    createdAt: r.created_at,
    failedLogins: Number(r.failed_logins ?? 0),
    lockedUntil: r.locked_until ?? null,
  };
}

export const getUser = (db: Db, id: number): Promise<User | undefined> => load(db, { id });
export const getUserByUsername = (db: Db, username: string): Promise<User | undefined> => load(db, { username });

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('app_user').select('id').orderBy('id').execute();
  return Promise.all(rows.map(async (r) => (await getUser(db, Number(r.id)))!));
}

function checkRole(g: RoleGrant, field: string): void {
  if (!ROLES.includes(g.role)) throw new InputError(field, `未知角色 "${g.role}"`, `unknown role "${g.role}"`);
}

const publicView = (u: { username: string; displayName: string; roles: readonly RoleGrant[]; disabled?: boolean }) => ({
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  disabled: u.disabled ?? false,
});

export async function createUser(
  store: Store,
  input: { username: string; displayName: string; passwordHash?: string | null; roles?: readonly RoleGrant[] },
  actor: string,
): Promise<User> {
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(input.username)) throw new InputError('username', '用户名应为 2–64 个字母、数字或 _.@-', 'username must be 2–64 letters, digits or _.@-');
  const roles = input.roles ?? [];
  roles.forEach((g, i) => checkRole(g, `roles[${i}].role`));
  const id = await store.write(async (tx) => {
    if (await getUserByUsername(tx, input.username)) throw new InputError('username', `用户名 "${input.username}" 已存在`, `username "${input.username}" is taken`);
    for (const [i, g] of roles.entries()) if (g.jurisdictionCode !== null) await requireJurisdiction(tx, g.jurisdictionCode, `roles[${i}].jurisdictionCode`);
    const now = store.now();
    const r = await tx
      .insertInto('app_user')
      .values({ username: input.username, display_name: input.displayName, password_hash: input.passwordHash ?? null, disabled: 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const uid = Number(r.id);
    if (roles.length > 0) await tx.insertInto('user_role').values(roles.map((g) => ({ user_id: uid, role: g.role, jurisdiction_code: g.jurisdictionCode }))).execute();
    await appendAudit(tx, store.dialect, { at: now, actor, action: 'user.create', entity: 'user', entityId: input.username, after: { ...publicView({ ...input, roles }), passwordSet: !!input.passwordHash } });
    return uid;
  });
  return (await getUser(store.db, id))!;
}

/** Replaces a user's roles. */
export async function setRoles(store: Store, username: string, roles: readonly RoleGrant[], actor: string): Promise<User> {
  roles.forEach((g, i) => checkRole(g, `roles[${i}].role`));
  await store.write(async (tx) => {
    const u = await getUserByUsername(tx, username);
    if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
    for (const [i, g] of roles.entries()) if (g.jurisdictionCode !== null) await requireJurisdiction(tx, g.jurisdictionCode, `roles[${i}].jurisdictionCode`);
    await tx.deleteFrom('user_role').where('user_id', '=', u.id).execute();
    if (roles.length > 0) await tx.insertInto('user_role').values(roles.map((g) => ({ user_id: u.id, role: g.role, jurisdiction_code: g.jurisdictionCode }))).execute();
    await deleteUserSessions(tx, u.id);
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.roles', entity: 'user', entityId: username, before: { roles: u.roles }, after: { roles } });
  });
  return (await getUserByUsername(store.db, username))!;
}

/** Stores a new password hash (already hashed by the caller); the audit log notes the change only. */
export async function setPasswordHash(store: Store, username: string, passwordHash: string, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const u = await getUserByUsername(tx, username);
    if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
    await tx.updateTable('app_user').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', u.id).execute();
    await deleteUserSessions(tx, u.id);
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.password', entity: 'user', entityId: username, after: { passwordChanged: true } });
  });
}

export async function setDisabled(store: Store, username: string, disabled: boolean, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const u = await getUserByUsername(tx, username);
    if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
    if (u.disabled === disabled) return;
    await tx.updateTable('app_user').set({ disabled: disabled ? 1 : 0 }).where('id', '=', u.id).execute();
    await deleteUserSessions(tx, u.id);
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.disabled', entity: 'user', entityId: username, before: { disabled: u.disabled }, after: { disabled } });
  });
}

/**
 * Records a login attempt's outcome for the per-account lockout: a success clears the count; a
 * failure increments it and, from `threshold` failures on, locks the account for a time that
 * doubles with each further failure (`baseMs` · 2^(n − threshold), at most `maxMs`). Not audited:
 * failed logins are not changes of the register (the server logs them).
 */
export async function recordLoginAttempt(store: Store, userId: number, ok: boolean, o: { threshold: number; baseMs: number; maxMs: number; nowMs: number }): Promise<{ lockedUntil: string | null }> {
  return store.write(async (tx) => {
    if (ok) {
      await tx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
      return { lockedUntil: null };
    }
    const r = await tx.selectFrom('app_user').select('failed_logins').where('id', '=', userId).executeTakeFirst();
    const n = Number(r?.failed_logins ?? 0) + 1;
    const lockedUntil = n >= o.threshold ? new Date(o.nowMs + Math.min(o.maxMs, o.baseMs * 2 ** (n - o.threshold))).toISOString() : null;
    await tx.updateTable('app_user').set({ failed_logins: n, locked_until: lockedUntil }).where('id', '=', userId).execute();
    return { lockedUntil };
  });
}
