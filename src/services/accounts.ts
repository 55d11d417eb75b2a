/**
 * Use case: accounts. Passwords are hashed with argon2id, parameters m = 19 MiB, t = 2, p = 1
 * (OWASP's 2023 minimum for argon2id); the register keeps only the encoded hash, which carries its
 * parameters and salt, so raising them later re-hashes nothing already stored.
 *
 * Password rules (NIST SP 800-63B: length over composition): 12 to 256 characters; not the user
 * name or containing it; not one character repeated; not a well-known password (the demo
 * accounts' included). Violations name the field (`password`) in zh and en.
 *
 * Changing a password, a user's roles, or disabling them ends their sessions (store/repos/users).
 */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { isRole, type Grant } from '../domain/access.js';
import { unsafeTextMessage } from '../domain/text.js';
import type { Db, Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { createUser, getUser, getUserByUsername, listUsers, recordLoginAttempt, setDisabled, setPasswordHash, setRoles, type User } from '../store/repos/users.js';

/** Logins refused for a while after 5 failures in a row: 1 minute, doubling up to an hour. */
export const LOGIN_LOCKOUT = { threshold: 5, baseMs: 60_000, maxMs: 60 * 60_000 } as const;

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal user names. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('landplan-no-such-user');
  return dummy;
}

const COMMON = new Set(['password', 'password123', 'passw0rd', '123456789012', 'qwertyuiop', 'administrator', 'changeme', 'letmein', 'welcome', '1qaz2wsx3edc', 'abc123456789', 'iloveyou']);

/** Why a password may not be used, or undefined. */
export function passwordProblem(password: string, username: string): { zh: string; en: string } | undefined {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN) return { zh: `密码至少 ${PASSWORD_MIN} 个字符`, en: `a password has at least ${PASSWORD_MIN} characters` };
  if (chars.length > PASSWORD_MAX) return { zh: `密码至多 ${PASSWORD_MAX} 个字符`, en: `a password has at most ${PASSWORD_MAX} characters` };
  const unsafe = unsafeTextMessage(password);
  if (unsafe) return { zh: `密码${unsafe.zh}`, en: `the password ${unsafe.en}` };
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return { zh: '密码不得包含用户名', en: 'the password must not contain the user name' };
  if (new Set(chars).size === 1) return { zh: '密码不得由同一字符重复组成', en: 'the password must not be one character repeated' };
  if (COMMON.has(lower) || /-demo-\d{4}$/.test(lower)) return { zh: '密码过于常见，请另选', en: 'the password is too common; choose another' };
  return undefined;
}

function checkPassword(password: string, username: string, field = 'password'): void {
  const p = passwordProblem(password, username);
  if (p) throw new InputError(field, p.zh, p.en);
}

/**
 * A random password for an account (20 characters, ~119 bits), shown once to the administrator;
 * drawn again in the rare case the rules refuse it (a short user name can occur in it by chance).
 */
export function generatePassword(username = ''): string {
  for (;;) {
    const p = randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);
    if (passwordProblem(p, username) === undefined) return p;
  }
}

/** A grant written as ROLE or ROLE@CODE (e.g. "editor@653130"); `*` or no code means every jurisdiction. */
export function parseGrant(text: string, field = 'role'): Grant {
  const [role = '', code] = text.trim().split('@');
  if (!isRole(role)) throw new InputError(field, `未知角色 "${role}"（admin、editor、reviewer、approver、viewer）`, `unknown role "${role}" (admin, editor, reviewer, approver, viewer)`);
  if (code !== undefined && code !== '*' && !/^\d{6}$/.test(code)) throw new InputError(field, `行政区代码应为 6 位数字，实为 "${code}"`, `a jurisdiction code has 6 digits, got "${code}"`);
  return { role, jurisdictionCode: code === undefined || code === '*' ? null : code };
}

export function grantText(g: Grant): string {
  return g.jurisdictionCode === null ? g.role : `${g.role}@${g.jurisdictionCode}`;
}

/** What may be shown of an account (never the hash). */
export interface Account {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly disabled: boolean;
  readonly grants: readonly Grant[];
  readonly createdAt: string;
  readonly locked: boolean;
}

function account(u: User, now: string): Account {
  return { id: u.id, username: u.username, displayName: u.displayName, disabled: u.disabled, grants: u.roles, createdAt: u.createdAt, locked: u.lockedUntil !== null && u.lockedUntil > now };
}

export async function listAccounts(db: Db, now = new Date().toISOString()): Promise<Account[]> {
  return (await listUsers(db)).map((u) => account(u, now));
}

export async function getAccount(db: Db, username: string): Promise<Account | undefined> {
  const u = await getUserByUsername(db, username);
  return u ? account(u, new Date().toISOString()) : undefined;
}

async function requireUser(db: Db, username: string): Promise<User> {
  const u = await getUserByUsername(db, username);
  if (!u) throw new InputError('username', `用户 "${username}" 不存在`, `user "${username}" does not exist`);
  return u;
}

export interface NewAccount {
  readonly username: string;
  readonly displayName?: string;
  readonly password: string;
  readonly grants: readonly Grant[];
}

export async function addAccount(store: Store, input: NewAccount, actor: string): Promise<Account> {
  checkPassword(input.password, input.username);
  const displayName = (input.displayName ?? input.username).trim();
  const bad = unsafeTextMessage(displayName);
  if (bad || displayName.length === 0 || displayName.length > 100) throw new InputError('displayName', bad?.zh ?? '显示名称应为 1–100 个字符', bad?.en ?? 'a display name has 1–100 characters');
  const u = await createUser(store, { username: input.username, displayName, passwordHash: await hashPassword(input.password), roles: input.grants }, actor);
  return account(u, store.now());
}

export async function changePassword(store: Store, username: string, password: string, actor: string): Promise<void> {
  await requireUser(store.db, username);
  checkPassword(password, username);
  await setPasswordHash(store, username, await hashPassword(password), actor);
}

export async function setAccountDisabled(store: Store, username: string, disabled: boolean, actor: string): Promise<Account> {
  await setDisabled(store, username, disabled, actor);
  return account(await requireUser(store.db, username), store.now());
}

/** Replaces the account's grants. */
export async function setGrants(store: Store, username: string, grants: readonly Grant[], actor: string): Promise<Account> {
  await setRoles(store, username, grants, actor);
  return account(await requireUser(store.db, username), store.now());
}

/** Adds (or with `revoke`, removes) one grant. */
export async function changeGrant(store: Store, username: string, grant: Grant, revoke: boolean, actor: string): Promise<Account> {
  const u = await requireUser(store.db, username);
  const same = (g: Grant) => g.role === grant.role && g.jurisdictionCode === grant.jurisdictionCode;
  const grants = revoke ? u.roles.filter((g) => !same(g)) : u.roles.some(same) ? u.roles : [...u.roles, grant];
  return setGrants(store, username, grants, actor);
}

/** Counts a login (or a proof of the current password) for the per-account lockout. */
export function recordLogin(store: Store, userId: number, ok: boolean, nowMs = Date.now()): Promise<{ lockedUntil: string | null }> {
  return recordLoginAttempt(store, userId, ok, { ...LOGIN_LOCKOUT, nowMs });
}

/** Refused: the account is locked until `until` (ISO instant). */
export class AccountLockedError extends Error {
  constructor(readonly until: string) {
    super(`account locked until ${until}`);
  }
}

/**
 * A user changes their own password: the current one must be given, and a wrong one counts as a
 * failed login (the lockout applies, so a stolen session cannot guess it at leisure); the new one
 * follows the same rules as `landplan user passwd` and differs from the current one. The change
 * ends every session of the user (store/repos/users) and is audited with the user as the actor.
 */
export async function changeOwnPassword(store: Store, userId: number, current: string, next: string, nowMs = Date.now()): Promise<void> {
  const u = await getUser(store.db, userId);
  if (!u || u.disabled || !u.passwordHash) throw new InputError('currentPassword', '当前账户不能修改密码', 'this account cannot change its password');
  if (u.lockedUntil !== null && u.lockedUntil > new Date(nowMs).toISOString()) throw new AccountLockedError(u.lockedUntil);
  if (!(await verifyPassword(u.passwordHash, current))) {
    const { lockedUntil } = await recordLogin(store, u.id, false, nowMs);
    if (lockedUntil) throw new AccountLockedError(lockedUntil);
    throw new InputError('currentPassword', '当前密码不正确', 'the current password is wrong');
  }
  if (next === current) throw new InputError('newPassword', '新密码不得与当前密码相同', 'the new password must differ from the current one');
  checkPassword(next, u.username, 'newPassword');
  await setPasswordHash(store, u.username, await hashPassword(next), u.username);
}
