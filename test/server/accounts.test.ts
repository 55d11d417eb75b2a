/**
 * Deployment and accounts: a register starts with no account; `landplan user add --role admin`
 * makes the first administrator, who logs in, adds a user and resets a password through the API;
 * sessions live in the register (they survive a restart, expire, and end when the user is
 * disabled, their password or roles change); the account locks after repeated failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { wireDeps, storeUsers } from '../../src/server/wire.js';
import { memorySessions, SessionStore } from '../../src/server/auth/sessions.js';
import { openStore, upsertJurisdiction, type Store } from '../../src/services/register.js';
import { generatePassword, passwordProblem } from '../../src/services/accounts.js';
import { countSessions } from '../../src/store/repos/sessions.js';
import { runCli } from '../cli/run-cli.js';
import { login } from './helpers.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let adminPassword: string;
const prevDir = process.env.LANDPLAN_DATA_DIR;
const prevUrl = process.env.LANDPLAN_DATABASE_URL;

async function start(): Promise<FastifyInstance> {
  return buildApp({ deps: wireDeps(store), validateResponses: true, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landplan-accounts-'));
  process.env.LANDPLAN_DATA_DIR = dir;
  delete process.env.LANDPLAN_DATABASE_URL;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  if (prevDir === undefined) delete process.env.LANDPLAN_DATA_DIR;
  else process.env.LANDPLAN_DATA_DIR = prevDir;
  if (prevUrl !== undefined) process.env.LANDPLAN_DATABASE_URL = prevUrl;
  rmSync(dir, { recursive: true, force: true });
});

describe('the first administrator', () => {
  it('a new register lists no account; user add --role admin prints a generated password once', async () => {
    const empty = await runCli(['user', 'list', '--json']);
    expect([empty.code, JSON.parse(empty.stdout)]).toEqual([0, { users: [] }]);
    const add = await runCli(['user', 'add', 'boss', '--role', 'admin', '--display-name', '局长', '--json']);
    expect(add.code, add.stderr).toBe(0);
    const out = JSON.parse(add.stdout) as { user: { username: string; grants: unknown[] }; password: string };
    expect(out.user.grants).toEqual([{ role: 'admin', jurisdictionCode: null }]);
    expect(out.password).toMatch(/^[A-Za-z0-9]{20}$/);
    adminPassword = out.password;
    const list = JSON.parse((await runCli(['user', 'list', '--json'])).stdout) as { users: { username: string; displayName: string }[] };
    expect(list.users.map((u) => [u.username, u.displayName])).toEqual([['boss', '局长']]);
  });

  it('refuses an unknown role and a malformed jurisdiction in one line, exit 2', async () => {
    const r = await runCli(['user', 'add', 'x1', '--role', 'king']);
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r.stderr).toContain('未知角色 "king"');
    expect((await runCli(['user', 'add', 'x2', '--role', 'editor@65'])).code).toBe(2);
  });

  it('logs in, adds a user with a grant for one county, and resets that user’s password', async () => {
    store = await openStore({ sqlitePath: join(dir, 'landplan.db') });
    await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
    app = await start();
    const admin = await login(app, 'boss', adminPassword);
    const weak = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'clerk', displayName: '经办', password: 'short', grants: [] } });
    expect([weak.statusCode, (weak.json() as { error: { details: { path: string }[] } }).error.details[0]!.path]).toEqual([400, 'password']);
    const add = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'clerk', displayName: '经办', password: 'first secret phrase 1', grants: [{ role: 'editor', jurisdictionCode: '653130' }] } });
    expect(add.statusCode, add.body).toBe(201);
    const clerk = await login(app, 'clerk', 'first secret phrase 1');
    expect((await clerk.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    const reset = await admin.request({ method: 'POST', url: '/api/users/clerk/password', payload: { password: 'second secret phrase 2' } });
    expect(reset.statusCode, reset.body).toBe(200);
    // the reset ends the clerk's session
    expect((await clerk.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
    await expect(login(app, 'clerk', 'first secret phrase 1')).rejects.toThrow(/401/);
    await login(app, 'clerk', 'second secret phrase 2');
  });

  it('the CLI changes a password and grants a role; the list shows it', async () => {
    expect((await runCli(['user', 'grant', 'clerk', 'viewer'])).code).toBe(0);
    const list = JSON.parse((await runCli(['user', 'list', '--json'])).stdout) as { users: { username: string; grants: { role: string; jurisdictionCode: string | null }[] }[] };
    expect(list.users.find((u) => u.username === 'clerk')!.grants).toEqual([
      { role: 'editor', jurisdictionCode: '653130' },
      { role: 'viewer', jurisdictionCode: null },
    ]);
    expect((await runCli(['user', 'grant', 'clerk', 'viewer', '--revoke'])).code).toBe(0);
    const pw = await runCli(['user', 'passwd', 'clerk', '--json']);
    const np = (JSON.parse(pw.stdout) as { password: string }).password;
    await login(app, 'clerk', np);
    const nobody = await runCli(['user', 'passwd', 'nobody']);
    expect([nobody.code, nobody.stderr]).toEqual([2, expect.stringContaining('用户 "nobody" 不存在')]);
  });
});

describe('sessions in the register', () => {
  it('survive a restart of the server', async () => {
    const admin = await login(app, 'boss', adminPassword);
    await app.close();
    app = await start();
    const r = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin.cookie } });
    expect(r.statusCode).toBe(200);
  });

  it('a disabled user’s next request gets 401, and the sessions are gone', async () => {
    const admin = await login(app, 'boss', adminPassword);
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'temp', displayName: '临时', password: 'a passphrase of one', grants: [{ role: 'viewer', jurisdictionCode: null }] } });
    const temp = await login(app, 'temp', 'a passphrase of one');
    expect((await temp.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(200);
    const off = await admin.request({ method: 'POST', url: '/api/users/temp/disabled', payload: { disabled: true } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await temp.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
    const uid = Number((await store.db.selectFrom('app_user').select('id').where('username', '=', 'temp').executeTakeFirstOrThrow()).id);
    expect(await countSessions(store.db, uid)).toBe(0);
    await expect(login(app, 'temp', 'a passphrase of one')).rejects.toThrow(/401/);
    // disabling through the CLI works the same way
    await admin.request({ method: 'POST', url: '/api/users/temp/disabled', payload: { disabled: false } });
    const again = await login(app, 'temp', 'a passphrase of one');
    expect((await runCli(['user', 'disable', 'temp'])).code).toBe(0);
    expect((await again.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
  });

  it('a role change ends the user’s sessions; an admin cannot drop their own global admin role', async () => {
    const admin = await login(app, 'boss', adminPassword);
    const clerk = await login(app, 'clerk', (JSON.parse((await runCli(['user', 'passwd', 'clerk', '--json'])).stdout) as { password: string }).password);
    const g = await admin.request({ method: 'PUT', url: '/api/users/clerk/grants', payload: { grants: [{ role: 'viewer', jurisdictionCode: '653130' }] } });
    expect((g.json() as { grants: unknown[] }).grants).toEqual([{ role: 'viewer', jurisdictionCode: '653130' }]);
    expect((await clerk.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
    const self = await admin.request({ method: 'PUT', url: '/api/users/boss/grants', payload: { grants: [] } });
    expect(self.statusCode).toBe(409);
  });

  it('expire after the idle limit and after the absolute limit', async () => {
    let now = 1_000_000;
    const users = storeUsers(store);
    const sessions = new SessionStore(memorySessions(), users, { idleMs: 1000, absoluteMs: 5000 }, () => now);
    const boss = (await users.findByUsername('boss'))!;
    const s = await sessions.create(boss);
    now += 900;
    expect((await sessions.get(s.token))?.user.username).toBe('boss');
    now += 1100;
    expect(await sessions.get(s.token)).toBeUndefined();
    const t = await sessions.create(boss);
    // active every 0.9 s: alive until 5 s after login, whatever the activity
    const alive: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      now += 900;
      alive.push((await sessions.get(t.token)) !== undefined);
    }
    expect(alive).toEqual([true, true, true, true, true, false]);
  });
});

describe('login lockout per account', () => {
  const anonLogin = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, headers: { cookie: 'lp_csrf=' + 'c'.repeat(40), 'x-csrf-token': 'c'.repeat(40) } });
  const answer = (r: { statusCode: number; json(): unknown }) => [r.statusCode, (r.json() as { error: { code: string; message: string } }).error];

  it('locks after 5 failures; a wrong password or an unknown name get the same answer as before; the right password hears the lock and its minutes', async () => {
    const admin = await login(app, 'boss', adminPassword);
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'target', displayName: '目标', password: 'locked phrase 1234', grants: [{ role: 'viewer', jurisdictionCode: null }] } });
    for (let i = 0; i < 5; i++) expect((await anonLogin('target', 'wrong password!!')).statusCode).toBe(401);
    const list = (await admin.request({ method: 'GET', url: '/api/users' })).json() as { users: { username: string; locked: boolean }[] };
    expect(list.users.find((u) => u.username === 'target')!.locked).toBe(true);
    // the right password: locked, for about the first lock's minute
    const right = await anonLogin('target', 'locked phrase 1234');
    expect(answer(right)).toEqual([423, { code: 'account-locked', message: '账户已暂时锁定，请于 1 分钟后再试', requestId: expect.any(String) }]);
    expect(right.cookies.find((c) => c.name === 'lp_session')).toBeUndefined();
    // told again on a second try with the right password (a clerk who retries is not misled)
    expect((await anonLogin('target', 'locked phrase 1234')).statusCode).toBe(423);
    // a wrong password answers exactly as an unknown user does: the lock confirms no name
    const wrong = await anonLogin('target', 'another guess 99');
    const nobody = await anonLogin('no-such-user', 'another guess 99');
    expect(answer(wrong)).toEqual([401, { code: 'invalid-credentials', message: '用户名或密码错误', requestId: expect.any(String) }]);
    expect(answer(nobody)[1]).toMatchObject({ code: 'invalid-credentials', message: '用户名或密码错误' });
    // that wrong guess was the one verification this lock allows: it extended the lock, and
    // from now on nothing is verified until the lock changes, not even the right password
    expect((await anonLogin('target', 'locked phrase 1234')).statusCode).toBe(401);
    const u = await store.db.selectFrom('app_user').select(['failed_logins', 'locked_until']).where('username', '=', 'target').executeTakeFirstOrThrow();
    expect(Number(u.failed_logins)).toBe(6);
    expect(Date.parse(u.locked_until!) - Date.now()).toBeGreaterThan(90_000);
    // an administrator's password reset unlocks it
    await admin.request({ method: 'POST', url: '/api/users/target/password', payload: { password: 'unlocked phrase 567' } });
    expect((await anonLogin('target', 'unlocked phrase 567')).statusCode).toBe(200);
  });

  it('in English too', async () => {
    for (let i = 0; i < 5; i++) await anonLogin('target', 'wrong password!!');
    const r = await app.inject({ method: 'POST', url: '/api/session?lang=en', payload: { username: 'target', password: 'unlocked phrase 567' }, headers: { cookie: 'lp_csrf=' + 'c'.repeat(40), 'x-csrf-token': 'c'.repeat(40), 'accept-language': 'en' } });
    expect((r.json() as { error: { message: string } }).error.message).toBe('the account is locked; try again in 1 minute');
    await runCli(['user', 'passwd', 'target']);
  });
});

describe('changing one’s own password', () => {
  const change = (c: Awaited<ReturnType<typeof login>>, currentPassword: string, newPassword: string) => c.request({ method: 'POST', url: '/api/session/password', payload: { currentPassword, newPassword } });

  it('needs the current password and follows the password rules, naming the field', async () => {
    const admin = await login(app, 'boss', adminPassword);
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'selfie', displayName: '自助', password: 'my first phrase 01', grants: [{ role: 'viewer', jurisdictionCode: null }] } });
    const me = await login(app, 'selfie', 'my first phrase 01');
    const detail = (r: { statusCode: number; json(): unknown }) => [r.statusCode, (r.json() as { error: { details?: { path: string }[] } }).error.details?.[0]?.path];
    expect(detail(await change(me, 'not my phrase 00', 'my second phrase 02'))).toEqual([400, 'currentPassword']);
    expect(detail(await change(me, 'my first phrase 01', 'short'))).toEqual([400, 'newPassword']);
    expect(detail(await change(me, 'my first phrase 01', 'selfie-and-more-words'))).toEqual([400, 'newPassword']);
    expect(detail(await change(me, 'my first phrase 01', 'my first phrase 01'))).toEqual([400, 'newPassword']);
    const extra = await me.request({ method: 'POST', url: '/api/session/password', payload: { currentPassword: 'my first phrase 01', newPassword: 'my second phrase 02', username: 'boss' } });
    expect(extra.statusCode).toBe(400);
    // the wrong current password counted as a failed login; the right one clears the count
    const n = await store.db.selectFrom('app_user').select('failed_logins').where('username', '=', 'selfie').executeTakeFirstOrThrow();
    expect(Number(n.failed_logins)).toBe(1);
  });

  it('ends the user’s other sessions, renews this one, and is audited with the user as actor', async () => {
    const other = await login(app, 'selfie', 'my first phrase 01');
    const me = await login(app, 'selfie', 'my first phrase 01');
    const r = await change(me, 'my first phrase 01', 'my second phrase 02');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { user: { username: string }; csrfToken: string };
    expect(body.user.username).toBe('selfie');
    const cookie = r.cookies.find((c) => c.name === 'lp_session');
    expect(cookie?.value).toBeTruthy();
    // the other session and the old token of this one are gone
    expect((await other.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
    expect((await me.request({ method: 'GET', url: '/api/parcels' })).statusCode).toBe(401);
    // the renewed session works, with its new CSRF token for writes
    const renewed = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `lp_session=${cookie!.value}` } });
    expect((renewed.json() as { user: { username: string }; csrfToken: string })).toEqual({ user: expect.objectContaining({ username: 'selfie' }), csrfToken: body.csrfToken });
    const uid = Number((await store.db.selectFrom('app_user').select('id').where('username', '=', 'selfie').executeTakeFirstOrThrow()).id);
    expect(await countSessions(store.db, uid)).toBe(1);
    await expect(login(app, 'selfie', 'my first phrase 01')).rejects.toThrow(/401/);
    await login(app, 'selfie', 'my second phrase 02');
    const audit = await store.db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('action', '=', 'user.password').where('entity_id', '=', 'selfie').execute();
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['selfie', 'user.password']]);
    expect(JSON.stringify(await store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', 'selfie').execute())).not.toContain('my second phrase');
  });

  it('a session holder guessing the current password locks the account and is told so', async () => {
    const me = await login(app, 'selfie', 'my second phrase 02');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await change(me, `guess number ${i} x`, 'my third phrase 03')).statusCode);
    expect(codes).toEqual([400, 400, 400, 400, 423, 423]);
    // even the right current password is refused while locked
    expect((await change(me, 'my second phrase 02', 'my third phrase 03')).statusCode).toBe(423);
    await runCli(['user', 'passwd', 'selfie']);
  });
});

describe('password rules', () => {
  it.each([
    ['short', 'a password has at least 12 characters'],
    ['boss-password-1', 'the password must not contain the user name'],
    ['aaaaaaaaaaaaaaaa', 'the password must not be one character repeated'],
    ['admin-demo-2026', 'the password is too common; choose another'],
    ['password123', 'a password has at least 12 characters'],
  ])('refuses %s', (pw, why) => {
    expect(passwordProblem(pw, 'boss')?.en).toBe(why);
  });
  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct horse battery staple', 'boss')).toBeUndefined();
  });
  it('generates only passwords it accepts, even for a two-letter user name (which ~2% of random draws contain)', () => {
    for (let i = 0; i < 2000; i++) {
      const pw = generatePassword('ed');
      expect(pw).toHaveLength(20);
      expect(passwordProblem(pw, 'ed')).toBeUndefined();
    }
  });
});
