import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ROLES } from '../../src/server/auth/roles.js';
import { anonymous, login, memoryUsers, PASSWORD } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ deps: { users: await memoryUsers(ROLES) }, validateResponses: true, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
});
afterAll(async () => app.close());

describe('system routes', () => {
  it('GET /api/health answers ok without login', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('sends security headers with a self-only CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves an OpenAPI 3 document listing every mounted route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.0.3');
    for (const r of app.lpRoutes) {
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
  });

  it('answers unknown API paths with a structured 404 in the request language', async () => {
    const zh = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toEqual({ error: { code: 'not-found', message: '未找到所请求的资源', requestId: zh.headers['x-request-id'] } });
    const en = await app.inject({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json()).toEqual({ error: { code: 'not-found', message: 'not found', requestId: en.headers['x-request-id'] } });
    const q = await app.inject({ method: 'GET', url: '/api/nope?lang=en', headers: { 'accept-language': 'zh-CN' } });
    expect((q.json() as { error: { message: string } }).error.message).toBe('not found');
  });
});

describe('login', () => {
  it('logs in with the right password and sets an HTTP-only session cookie', async () => {
    const anon = await anonymous(app);
    const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'editor', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'lp_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect((res.json() as { user: { roles: string[] } }).user.roles).toEqual(['editor']);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const anon = await anonymous(app);
    const wrong = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'editor', password: 'nope' } });
    const unknown = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'ghost', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    // the same answer but for the request id
    const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, requestId: undefined });
    expect(strip(wrong.json() as { error: Record<string, unknown> })).toEqual(strip(unknown.json() as { error: Record<string, unknown> }));
    expect((wrong.json() as { error: { message: string } }).error.message).toBe('用户名或密码错误');
  });

  it('refuses a login without the double-submit CSRF token', async () => {
    const anon = await anonymous(app);
    const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'editor', password: PASSWORD }, csrf: false });
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('csrf');
  });

  it('a logged-in write with another session’s token is refused', async () => {
    const a = await login(app, 'admin');
    const b = await login(app, 'viewer');
    const res = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: a.cookie, 'x-csrf-token': b.csrf } });
    expect(res.statusCode).toBe(403);
  });

  it('logout ends the session', async () => {
    const c = await login(app, 'reviewer');
    expect((await c.request({ method: 'DELETE', url: '/api/session' })).statusCode).toBe(200);
    const after = await c.request({ method: 'GET', url: '/api/session' });
    expect((after.json() as { user: unknown }).user).toBeNull();
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts from one address', async () => {
    const limited = await buildApp({ deps: { users: await memoryUsers(['viewer']) }, loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const anon = await anonymous(limited);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await anon.request({ method: 'POST', url: '/api/session', payload: { username: 'viewer', password: 'x' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    await limited.close();
  });
});
