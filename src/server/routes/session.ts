/**
 * Log in, see who you are, change your password, log out. Login and the password change are
 * rate-limited per client IP and verify an argon2 hash; an unknown user costs the same time as a
 * wrong password, and a locked account is named as such only to whoever gives its right password.
 */
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { roleSchema, STAFF } from '../auth/roles.js';
import { AccountLockedError, dummyHash, verifyPassword } from '../../services/accounts.js';
import type { SessionStore, SessionUser } from '../auth/sessions.js';
import { clearSessionCookies, ensureAnonymousCsrf, setSessionCookies, SESSION_COOKIE, type CookieOptions } from '../auth/cookies.js';
import type { UserDirectory } from '../deps.js';

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
});

export const sessionSchema = z.object({ user: sessionUserSchema.nullable(), csrfToken: z.string() }).meta({ id: 'Session' });

export const loginBodySchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

function publicUser(u: SessionUser): z.infer<typeof sessionUserSchema> {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: [...u.roles] };
}

export interface SessionRouteOptions extends CookieOptions {
  readonly loginRateLimit?: { readonly max: number; readonly timeWindowMs: number } | undefined;
}

/** "Locked, try again in N minutes": said only to whoever gave the right password. */
function lockedError(until: string, nowMs: number): ApiError {
  const m = Math.max(1, Math.ceil((Date.parse(until) - nowMs) / 60_000));
  return new ApiError('account-locked', { zh: `账户已暂时锁定，请于 ${m} 分钟后再试`, en: `the account is locked; try again in ${m} minute${m === 1 ? '' : 's'}` });
}

/**
 * One password verification per lock and account: the first attempt while an account is locked
 * is checked (a wrong one counts as a failure and extends the lock); later ones until the lock
 * changes are not. Kept in memory, like the per-client rate limit: a restart allows one more.
 */
class LockProbes {
  private readonly spentFor = new Map<string, string>();
  allowed(userId: string, lockedUntil: string, nowMs: number): boolean {
    if (this.spentFor.size > 10_000) for (const [id, until] of this.spentFor) if (Date.parse(until) <= nowMs) this.spentFor.delete(id);
    return this.spentFor.get(userId) !== lockedUntil;
  }
  spent(userId: string, lockedUntil: string): void {
    this.spentFor.set(userId, lockedUntil);
  }
}

export const passwordChangeBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/**
 * A logged-in user changes their own password. Every session of the user ends (a stolen one
 * included); this one is renewed: a new session token and CSRF token are issued in the answer.
 */
function passwordRoute(users: UserDirectory, change: NonNullable<UserDirectory['changeOwnPassword']>, sessions: SessionStore, o: SessionRouteOptions): AnyRoute {
  return defineRoute({
    method: 'POST',
    url: '/api/session/password',
    tag: 'session',
    summary: { zh: '修改本人密码（其他会话随之结束，本会话更新）', en: 'change your own password (other sessions end; this one is renewed)' },
    access: STAFF,
    body: passwordChangeBodySchema,
    response: sessionSchema,
    rateLimit: o.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    handler: async ({ body, session, request, reply }) => {
      const me = session!;
      try {
        await change(me.user.id, body.currentPassword, body.newPassword);
      } catch (e) {
        if (e instanceof AccountLockedError) throw lockedError(e.until, Date.now());
        throw e;
      }
      request.log.info({ username: me.user.username }, 'password changed by its user');
      const user = await users.findById(me.user.id);
      if (!user) throw new ApiError('unauthenticated');
      const s = await sessions.create(user);
      setSessionCookies(reply, s, o);
      return { user: publicUser(s.user), csrfToken: s.csrfToken };
    },
  });
}

export function sessionRoutes(users: UserDirectory, sessions: SessionStore, o: SessionRouteOptions): AnyRoute[] {
  const probes = new LockProbes();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/session',
      tag: 'session',
      summary: { zh: '当前登录用户与 CSRF 令牌', en: 'the current user and CSRF token' },
      access: 'public',
      response: sessionSchema,
      handler: async ({ session, request, reply }) => {
        if (session) return { user: publicUser(session.user), csrfToken: session.csrfToken };
        return { user: null, csrfToken: ensureAnonymousCsrf(request, reply, o) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/session',
      tag: 'session',
      summary: { zh: '登录', en: 'log in' },
      access: 'public',
      body: loginBodySchema,
      response: sessionSchema,
      rateLimit: o.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 },
      handler: async ({ body, request, reply }) => {
        const user = await users.findByUsername(body.username);
        const now = Date.now();
        const locked = !!user?.lockedUntil && user.lockedUntil > new Date(now).toISOString();
        const usable = !!user && !user.disabled && !!user.passwordHash;
        // A locked account is verified once per lock (probes): a right password then hears that
        // the account is locked and for how long; any other attempt answers like a wrong password,
        // after the same work, so the lockout neither confirms a name nor lets guessing go on.
        const verify = usable && (!locked || probes.allowed(user.id, user.lockedUntil!, now));
        const ok = verify ? await verifyPassword(user.passwordHash!, body.password) : (await verifyPassword(await dummyHash(), body.password), false);
        if (locked && ok) throw lockedError(user!.lockedUntil!, now);
        if (verify && users.recordLogin) {
          const after = await users.recordLogin(user.id, ok);
          if (locked) probes.spent(user.id, after.lockedUntil ?? user.lockedUntil!);
        }
        if (!ok || !user) {
          request.log.warn({ username: body.username.slice(0, 64), locked }, 'login refused');
          throw new ApiError('invalid-credentials');
        }
        await sessions.destroy(request.cookies[SESSION_COOKIE]);
        const s = await sessions.create(user);
        setSessionCookies(reply, s, o);
        return { user: publicUser(s.user), csrfToken: s.csrfToken };
      },
    }),
    ...(users.changeOwnPassword ? [passwordRoute(users, users.changeOwnPassword, sessions, o)] : []),
    defineRoute({
      method: 'DELETE',
      url: '/api/session',
      tag: 'session',
      summary: { zh: '退出登录', en: 'log out' },
      access: STAFF,
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ session, reply }) => {
        await sessions.destroy(session?.token);
        clearSessionCookies(reply);
        return { ok: true as const };
      },
    }),
  ];
}
