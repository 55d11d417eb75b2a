/**
 * Security regressions of the deployment list: Secure cookies and HSTS under HTTPS, the login
 * limit per client keyed to the proxy's X-Forwarded-For only when trust-proxy is set, and writes
 * refused when the browser says they come from another site (Origin, Sec-Fetch-Site), on top of
 * the CSRF token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { ROLES } from '../../src/domain/access.js';
import { anonymous, login, memoryUsers } from './helpers.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(o: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  app = await buildApp({ deps: { users: await memoryUsers(ROLES), auditText: async (job) => ({ ok: true, text: job.kind === 'text' ? job.text : '', encoding: 'utf-8', report: { document: { title: null, region: null, year: null }, figures: [], findings: [], unread: [] } as never }) }, ...o });
  return app;
}

describe('HTTPS deployment', () => {
  it('--secure-cookies marks the session cookies Secure and sends HSTS', async () => {
    const a = await start({ secureCookies: true });
    const anon = await anonymous(a);
    const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'viewer', password: 'correct horse battery staple' } });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.map((c) => [c.name, c.secure, c.httpOnly ?? false])).toEqual([
      ['lp_session', true, true],
      ['lp_csrf', true, false],
    ]);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('plain HTTP (the default) sends neither', async () => {
    const a = await start();
    const anon = await anonymous(a);
    const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'viewer', password: 'correct horse battery staple' } });
    expect(res.cookies.every((c) => !c.secure)).toBe(true);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('login limit per client', () => {
  const attempt = (a: FastifyInstance, forwardedFor: string) =>
    a.inject({ method: 'POST', url: '/api/session', remoteAddress: '127.0.0.1', payload: { username: 'ghost', password: 'wrong' }, headers: { 'x-forwarded-for': forwardedFor, cookie: `lp_csrf=${'t'.repeat(40)}`, 'x-csrf-token': 't'.repeat(40) } });

  it('behind a trusted proxy, keys the limit to the client address the proxy forwards', async () => {
    const a = await start({ trustProxy: '127.0.0.1', loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await attempt(a, '203.0.113.5')).statusCode).toBe(401);
    expect((await attempt(a, '203.0.113.5')).statusCode).toBe(429);
    expect((await attempt(a, '198.51.100.7')).statusCode).toBe(401);
  });

  it('without trust-proxy, X-Forwarded-For is ignored: a client cannot dodge the limit by inventing addresses', async () => {
    const a = await start({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await attempt(a, `203.0.113.${i}`)).statusCode).toBe(401);
    expect((await attempt(a, '198.51.100.7')).statusCode).toBe(429);
  });
});

describe('cross-site writes', () => {
  const audit = { method: 'POST' as const, url: '/api/audit', payload: { text: '某县2026年度国有建设用地供应计划' } };

  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['the right host on another scheme', { origin: 'https://localhost' }],
  ])('refuses a logged-in write carrying the right CSRF token but %s', async (_what, headers) => {
    const a = await start();
    const viewer = await login(a, 'viewer');
    const res = await viewer.request({ ...audit, headers });
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('csrf');
  });

  it.each([
    ['its own Origin', { origin: 'http://localhost' }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' }],
    ['no Origin at all (a script with the token)', {}],
  ])('accepts a write with %s', async (_what, headers) => {
    const a = await start();
    const viewer = await login(a, 'viewer');
    expect((await viewer.request({ ...audit, headers })).statusCode).toBe(200);
  });

  it('refuses a cross-site login too', async () => {
    const a = await start();
    const anon = await anonymous(a);
    const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'viewer', password: 'correct horse battery staple' }, headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
  });
});
