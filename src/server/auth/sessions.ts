/**
 * Server-side sessions. The browser holds only an opaque random token in an HTTP-only cookie; the
 * server keeps its sha256 (in the register's `app_session` table, so sessions survive a restart;
 * in memory for an app without a register). Each session carries its own CSRF token, which the
 * client echoes in `x-csrf-token` on every write.
 *
 * Every request re-reads the user: a disabled user's next request is unauthenticated (401) and a
 * change of grants applies at once. A session ends after `idleMs` without a request, and
 * `absoluteMs` after login whatever the activity; changing the password, the roles or disabling
 * the account deletes the user's sessions (store/repos/users).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Grant, Role } from '../../domain/access.js';
import type { Store } from '../../store/database.js';
import { deleteExpiredSessions, deleteSession, deleteUserSessions, findSession, insertSession, touchSession } from '../../store/repos/sessions.js';
import type { UserDirectory, UserRecord } from '../deps.js';

export type { Grant };

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Where each role applies: a jurisdiction code, or null for every jurisdiction. */
  readonly grants: readonly Grant[];
}

export interface Session {
  readonly token: string;
  readonly csrfToken: string;
  readonly user: SessionUser;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionRecord {
  readonly tokenHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

/** Where sessions are kept. */
export interface SessionPersistence {
  insert(r: SessionRecord): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | undefined>;
  touch(tokenHash: string, at: number): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  deleteUser(userId: string): Promise<void>;
  sweep(idleBefore: number, createdBefore: number): Promise<void>;
}

export function memorySessions(): SessionPersistence {
  const m = new Map<string, SessionRecord>();
  return {
    insert: async (r) => void m.set(r.tokenHash, r),
    find: async (h) => m.get(h),
    touch: async (h, at) => {
      const r = m.get(h);
      if (r) m.set(h, { ...r, lastSeenAt: at });
    },
    delete: async (h) => void m.delete(h),
    deleteUser: async (id) => {
      for (const [h, r] of m) if (r.userId === id) m.delete(h);
    },
    sweep: async (idleBefore, createdBefore) => {
      for (const [h, r] of m) if (r.lastSeenAt < idleBefore || r.createdAt < createdBefore) m.delete(h);
    },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Sessions in the register (survive restarts, revoked with the user's password or roles). */
export function storeSessions(store: Store): SessionPersistence {
  return {
    insert: (r) => insertSession(store.db, { tokenHash: r.tokenHash, userId: Number(r.userId), csrfToken: r.csrfToken, createdAt: iso(r.createdAt), lastSeenAt: iso(r.lastSeenAt) }),
    find: async (h) => {
      const r = await findSession(store.db, h);
      return r ? { tokenHash: r.tokenHash, userId: String(r.userId), csrfToken: r.csrfToken, createdAt: Date.parse(r.createdAt), lastSeenAt: Date.parse(r.lastSeenAt) } : undefined;
    },
    touch: (h, at) => touchSession(store.db, h, iso(at)),
    delete: (h) => deleteSession(store.db, h),
    deleteUser: async (id) => void (await deleteUserSessions(store.db, Number(id))),
    sweep: (idleBefore, createdBefore) => deleteExpiredSessions(store.db, iso(idleBefore), iso(createdBefore)),
  };
}

export interface SessionLimits {
  /** Ends a session after this long without a request (default 2 hours). */
  readonly idleMs?: number;
  /** Ends a session this long after login whatever the activity (default 12 hours). */
  readonly absoluteMs?: number;
}

export function sessionUserOf(u: UserRecord): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, grants: u.grants ?? u.roles.map((role) => ({ role, jurisdictionCode: null })) };
}

export class SessionStore {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private lastSweep = 0;
  constructor(
    private readonly persistence: SessionPersistence,
    private readonly users: UserDirectory,
    limits: SessionLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    this.idleMs = limits.idleMs ?? 2 * 60 * 60 * 1000;
    this.absoluteMs = limits.absoluteMs ?? 12 * 60 * 60 * 1000;
  }

  async create(user: UserRecord): Promise<Session> {
    await this.sweep();
    const token = randomToken();
    const csrfToken = randomToken();
    const t = this.now();
    await this.persistence.insert({ tokenHash: tokenHash(token), userId: user.id, csrfToken, createdAt: t, lastSeenAt: t });
    return { token, csrfToken, user: sessionUserOf(user) };
  }

  /** The session and its user as they are now, or undefined (unknown, expired, user disabled or gone). */
  async get(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    const h = tokenHash(token);
    const r = await this.persistence.find(h);
    if (!r) return undefined;
    const t = this.now();
    if (t - r.lastSeenAt > this.idleMs || t - r.createdAt > this.absoluteMs) {
      await this.persistence.delete(h);
      return undefined;
    }
    const user = await this.users.findById(r.userId);
    if (!user || user.disabled) {
      await this.persistence.deleteUser(r.userId);
      return undefined;
    }
    // One write a minute at most per session (sooner with a short idle limit), not one per request.
    if (t - r.lastSeenAt > Math.min(60_000, this.idleMs / 4)) await this.persistence.touch(h, t);
    return { token, csrfToken: r.csrfToken, user: sessionUserOf(user) };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token && token.length <= 100) await this.persistence.delete(tokenHash(token));
  }

  private async sweep(): Promise<void> {
    const t = this.now();
    if (t - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = t;
    await this.persistence.sweep(t - this.idleMs, t - this.absoluteMs);
  }
}
