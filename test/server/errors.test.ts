/**
 * Failures show: an internal error in a route is logged (pino, as Fastify ships it) with the
 * request id, and the client gets 500 with that id, in the body and the `x-request-id` header,
 * never a stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ROLES } from '../../src/domain/access.js';
import { login, memoryUsers } from './helpers.js';

let app: FastifyInstance;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  app = await buildApp({
    deps: {
      users: await memoryUsers(ROLES),
      auditText: () => {
        throw new RangeError('forced failure inside the audit');
      },
    },
    logger: { level: 'info', stream: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } },
  });
});
afterAll(async () => app.close());

describe('request errors', () => {
  it('a forced internal error is logged with its request id and answered 500 with that id and no stack', async () => {
    const viewer = await login(app, 'viewer');
    const res = await viewer.request({ method: 'POST', url: '/api/audit', payload: { text: '某县2026年度国有建设用地供应计划' } });
    expect(res.statusCode).toBe(500);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = res.json() as { error: { code: string; requestId: string; message: string } };
    expect([body.error.code, body.error.requestId]).toEqual(['internal', id]);
    expect(res.body).not.toMatch(/forced failure|RangeError|\bat \S+ \(/);
    const logged = lines.filter((l) => l.requestId === id && l.level === 50);
    expect(logged.length).toBe(1);
    const err = logged[0]!.err as { type: string; message: string; stack: string };
    expect([err.type, err.message, logged[0]!.url]).toEqual(['RangeError', 'forced failure inside the audit', '/api/audit']);
    expect(err.stack).toContain('RangeError: forced failure inside the audit');
  });

  it('a refused request carries its id too, and is logged as refused', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(res.statusCode).toBe(404);
    expect((res.json() as { error: { requestId: string } }).error.requestId).toBe(res.headers['x-request-id']);
    expect(lines.some((l) => l.requestId === res.headers['x-request-id'] && l.msg === 'request refused' && l.statusCode === 404)).toBe(true);
  });
});
