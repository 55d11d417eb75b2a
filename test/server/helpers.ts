/** Test helpers: log in through the API and make requests carrying the session and CSRF token. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/services/accounts.js';
import type { Role } from '../../src/server/auth/roles.js';
import type { UserDirectory, UserRecord } from '../../src/server/deps.js';

export const PASSWORD = 'correct horse battery staple';

/** One account per role, named after it (admin, editor …). */
export async function memoryUsers(roles: readonly Role[]): Promise<UserDirectory> {
  const hash = await hashPassword(PASSWORD);
  const users = new Map<string, UserRecord>(
    roles.map((r, i) => [r, { id: String(i + 1), username: r, displayName: r, roles: [r], passwordHash: hash, disabled: false }]),
  );
  return { findByUsername: async (u) => users.get(u), findById: async (id) => [...users.values()].find((u) => u.id === id) };
}

export interface Client {
  readonly cookie: string;
  readonly csrf: string;
  request(opts: InjectOptions & { readonly csrf?: boolean }): Promise<LightMyRequestResponse>;
}

function cookieHeader(res: LightMyRequestResponse, prior = ''): string {
  const jar = new Map(prior.split('; ').filter(Boolean).map((kv) => [kv.split('=')[0]!, kv] as const));
  for (const c of res.cookies) jar.set(c.name, `${c.name}=${c.value}`);
  return [...jar.values()].join('; ');
}

export async function anonymous(app: FastifyInstance): Promise<Client> {
  const res = await app.inject({ method: 'GET', url: '/api/session' });
  const body = res.json() as { csrfToken: string };
  return client(app, cookieHeader(res), body.csrfToken);
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const anon = await anonymous(app);
  const res = await anon.request({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return client(app, cookieHeader(res, anon.cookie), (res.json() as { csrfToken: string }).csrfToken);
}

function client(app: FastifyInstance, cookie: string, csrf: string): Client {
  return {
    cookie,
    csrf,
    request: (opts) => {
      const { csrf: withCsrf = true, headers, ...rest } = opts;
      return app.inject({
        ...rest,
        headers: { ...(headers ?? {}), cookie, ...(withCsrf && opts.method !== 'GET' ? { 'x-csrf-token': csrf } : {}) },
      } as InjectOptions);
    },
  };
}
