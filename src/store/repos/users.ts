/**
 * Users and roles. The password hash is computed by the caller (the server hashes with argon2);
 * the register stores it and never writes it to the audit log.
 */
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';
import { requireJurisdiction } from './jurisdictions.js';

export const ROLES = ['admin', 'editor', 'reviewer', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  readonly role: Role;
  /** null: every jurisdiction. */
  readonly jurisdictionCode: string | null;
}

export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  readonly roles: readonly RoleGrant[];
  readonly createdAt: string;
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
  return { id, username: r.username, displayName: r.display_name, passwordHash: r.password_hash, disabled: Number(r.disabled) !== 0, roles: await rolesOf(db, id), createdAt: r.created_at };
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
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.roles', entity: 'user', entityId: username, before: { roles: u.roles }, after: { roles } });
  });
  return (await getUserByUsername(store.db, username))!;
}

/** Stores a new password hash (already hashed by the caller); the audit log notes the change only. */
export async function setPasswordHash(store: Store, username: string, passwordHash: string, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const u = await getUserByUsername(tx, username);
    if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
    await tx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', u.id).execute();
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.password', entity: 'user', entityId: username, after: { passwordChanged: true } });
  });
}

export async function setDisabled(store: Store, username: string, disabled: boolean, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const u = await getUserByUsername(tx, username);
    if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
    if (u.disabled === disabled) return;
    await tx.updateTable('app_user').set({ disabled: disabled ? 1 : 0 }).where('id', '=', u.id).execute();
    await appendAudit(tx, store.dialect, { at: store.now(), actor, action: 'user.disabled', entity: 'user', entityId: username, before: { disabled: u.disabled }, after: { disabled } });
  });
}
