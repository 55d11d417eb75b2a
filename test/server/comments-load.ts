/**
 * A bounded local load of public comments against a started `landplan serve` (a child process):
 * `posts` comment POSTs from `clients` simulated clients (X-Forwarded-For, the server trusting its
 * proxy), at most `inFlight` at a time, while one reader loads the public pages (the plan and its
 * comments) one request after another and times each. Afterwards the comments table is counted:
 * every POST must have been kept (201, and in the table) or refused (429); none lost.
 * Used by test/server/comments-load.test.ts (asserts correctness only) and `npm run bench -- comments`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { chinaDate } from '../../src/domain/calendar/cst.js';
import { openStore } from '../../src/store/database.js';
import { upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import { startServer } from '../e2e/server.js';
import { setVersionState } from '../plan/consultation-setup.js';

export interface LoadResult {
  readonly comments: number;
  readonly kept: number;
  readonly refused_429: number;
  readonly other_status: number;
  readonly lost: number;
  readonly rows: number;
  readonly reads: number;
  readonly read_p50_ms: number;
  readonly read_p99_ms: number;
  readonly read_max_ms: number;
  readonly read_errors: number;
  /** The app's own time for the reads (Server-Timing), without queueing and network. */
  readonly read_server_p99_ms: number;
  readonly seconds: number;
  readonly clients: number;
}

function send(agent: Agent, base: URL, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path, method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The reader thread (plain JavaScript: GETs back to back until told to stop). */
const READER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (path) => new Promise((resolve) => {
  const req = http.request({ host: workerData.host, port: workerData.port, path, agent }, (res) => {
    res.resume();
    res.on('end', () => resolve({ status: res.statusCode, timing: String(res.headers['server-timing'] || '') }));
  });
  req.on('error', () => resolve({ status: 0, timing: '' }));
  req.end();
});
(async () => {
  const reads = [], server = [];
  let errors = 0, i = 0;
  while (Atomics.load(workerData.stop, 0) === 0) {
    const t = performance.now();
    const r = await get(workerData.paths[i++ % workerData.paths.length]);
    reads.push(performance.now() - t);
    const m = /dur=([\\d.]+)/.exec(r.timing);
    if (m) server.push(Number(m[1]));
    if (r.status !== 200) errors++;
  }
  parentPort.postMessage({ reads, server, errors });
})();
`;

const quantile = (sorted: number[], q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);

export async function commentLoad(o: { posts?: number; clients?: number; inFlight?: number } = {}): Promise<LoadResult> {
  const posts = o.posts ?? 10_000;
  const clients = o.clients ?? 200;
  const inFlight = o.inFlight ?? 64;
  const dataDir = mkdtempSync(join(tmpdir(), 'landplan-comments-'));
  const dbPath = join(dataDir, 'landplan.db');
  // A register with one plan version under consultation from today for a month (China dates).
  const seed = await openStore({ sqlitePath: dbPath });
  await upsertJurisdiction(seed, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'load');
  const today = chinaDate(new Date().toISOString());
  const until = chinaDate(new Date(Date.now() + 30 * 86_400_000).toISOString());
  const v = await createPlan(seed, { jurisdictionCode: '653130', year: Number(today.slice(0, 4)) + 1, cube: workloadCube(100), validFrom: `${Number(today.slice(0, 4)) + 1}-01-01`, status: 'drafting', actor: 'load' });
  await setVersionState(seed, v.id, 'consultation', { from: today, until });
  await seed.close();

  const server = await startServer({ dataDir, demo: false, env: { LANDPLAN_TRUST_PROXY: 'true', LANDPLAN_LOG_LEVEL: 'warn' } });
  const base = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight + 2 });
  try {
    const session = await send(agent, base, 'GET', '/api/session', {});
    const csrf = (JSON.parse(session.body) as { csrfToken: string }).csrfToken;
    const cookie = `lp_csrf=${csrf}`;
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = performance.now();

    // The reader runs in a worker thread with its own event loop and connection, so what it
    // measures is the server's answer time, not this process's queue of 64 posts.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const readPaths = [`/api/public/plan-versions/${v.id}/comments`, `/api/plans/${v.planId}`];
    const readerThread = new Worker(READER, { eval: true, workerData: { host: base.hostname, port: Number(base.port), paths: readPaths, stop } });
    const readerDone = new Promise<{ reads: number[]; server: number[]; errors: number }>((resolve, reject) => {
      readerThread.once('message', resolve);
      readerThread.once('error', reject);
    });
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= posts) return;
        const client = i % clients;
        const body = JSON.stringify({ item: i % 3 === 0 ? { kind: 'category', key: 'residential' } : { kind: 'plan' }, body: `压测意见 ${i} <script>alert(${i})</script>\u200B\u202E`, name: `客户端${client}` });
        const r = await send(agent, base, 'POST', `/api/public/plan-versions/${v.id}/comments`, { cookie, 'x-csrf-token': csrf, 'x-forwarded-for': `10.${(client >> 8) & 255}.${client & 255}.7` }, body);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 429 && !r.headers['retry-after']) statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    Atomics.store(stop, 0, 1);
    const { reads, server: serverReads, errors: readErrors } = await readerDone;
    await readerThread.terminate();
    const seconds = (performance.now() - t0) / 1000;

    const check = await openStore({ sqlitePath: dbPath, migrate: false });
    const rows = Number((await check.db.selectFrom('consultation_comment').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_version_id', '=', v.id).executeTakeFirstOrThrow()).n);
    await check.close();
    const kept = statuses.get(201) ?? 0;
    const refused = statuses.get(429) ?? 0;
    const sorted = [...reads].sort((a, b) => a - b);
    return {
      comments: posts,
      kept,
      refused_429: refused,
      other_status: posts - kept - refused + (statuses.get(-1) ?? 0),
      lost: Math.abs(kept - rows),
      rows,
      reads: reads.length,
      read_p50_ms: Number(quantile(sorted, 0.5).toFixed(2)),
      read_p99_ms: Number(quantile(sorted, 0.99).toFixed(2)),
      read_max_ms: Number((sorted.at(-1) ?? 0).toFixed(2)),
      read_errors: readErrors,
      read_server_p99_ms: Number(quantile([...serverReads].sort((a, b) => a - b), 0.99).toFixed(2)),
      seconds: Number(seconds.toFixed(1)),
      clients,
    };
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
