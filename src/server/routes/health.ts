import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../route.js';

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string(), time: z.string() });

export function healthRoutes(version: string): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      tag: 'system',
      summary: { zh: '服务健康检查', en: 'health check' },
      access: 'public',
      response: healthSchema,
      handler: async () => ({ status: 'ok' as const, version, time: new Date().toISOString() }),
    }),
  ];
}
