/**
 * Cookie names and the CSRF check. A logged-in write must echo its session's CSRF token in the
 * `x-csrf-token` header; an anonymous write (login) must echo the `lp_csrf` cookie (double
 * submit): a page on another origin can make the browser send cookies but cannot read them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from './sessions.js';
import { randomToken } from './sessions.js';

export const SESSION_COOKIE = 'lp_session';
export const CSRF_COOKIE = 'lp_csrf';
export const CSRF_HEADER = 'x-csrf-token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function csrfOk(request: FastifyRequest, session: Session | undefined): boolean {
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || header.length === 0) return false;
  if (session) return same(header, session.csrfToken);
  const cookie = request.cookies[CSRF_COOKIE];
  return typeof cookie === 'string' && same(header, cookie);
}

/**
 * The second line against cross-site writes (the CSRF token is the first): a browser says where a
 * request comes from. `Sec-Fetch-Site` other than same-origin or none (typed in, bookmarks) is
 * refused; an `Origin` that is not this server's (scheme and host as the request arrived, through
 * a trusted proxy's X-Forwarded-* when trust-proxy is set) is refused, `Origin: null` too.
 * Clients that send neither (curl, scripts) still need the token.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    const o = new URL(origin);
    // Through URL both sides drop a default port (":80" for http, ":443" for https).
    const self = new URL(`${request.protocol}://${request.host}`);
    return o.host === self.host && o.protocol === self.protocol;
  } catch {
    return false;
  }
}

export interface CookieOptions {
  readonly secureCookies: boolean;
}

export function setSessionCookies(reply: FastifyReply, session: Session, o: CookieOptions): void {
  void reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: o.secureCookies });
  void reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure: o.secureCookies });
}

/** For anonymous visitors: a fresh double-submit token unless they already hold one. */
export function ensureAnonymousCsrf(request: FastifyRequest, reply: FastifyReply, o: CookieOptions): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (typeof existing === 'string' && existing.length >= 32) return existing;
  const t = randomToken();
  void reply.setCookie(CSRF_COOKIE, t, { path: '/', httpOnly: false, sameSite: 'strict', secure: o.secureCookies });
  return t;
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
