/**
 * Log in, see who you are, log out. Login is rate-limited per client IP and verifies an argon2
 * hash; an unknown user costs the same time as a wrong password.
 */
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { roleSchema, STAFF } from '../auth/roles.js';
import { dummyHash, verifyPassword } from '../../services/accounts.js';
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

export function sessionRoutes(users: UserDirectory, sessions: SessionStore, o: SessionRouteOptions): AnyRoute[] {
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
        // A locked account (too many failures) answers like a wrong password, after the same work.
        const locked = !!user?.lockedUntil && user.lockedUntil > new Date().toISOString();
        const usable = user && !user.disabled && user.passwordHash && !locked;
        const ok = usable ? await verifyPassword(user.passwordHash!, body.password) : (await verifyPassword(await dummyHash(), body.password), false);
        if (user && !user.disabled && !locked) await users.recordLogin?.(user.id, ok);
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
