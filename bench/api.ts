/**
 * `npm run bench -- api [--parcels N] [--rps R] [--seconds S]`: the read API under load.
 *
 * 1. A fresh register in a temporary folder gets the demo (plan, districts, parcels, supplies)
 *    and is grown to N parcels (default 100 000) of synthetic demo parcels.
 * 2. `landplan serve` runs on it in a child process on 127.0.0.1.
 * 3. An open-loop load generator in this process sends R requests per second (default 200) for
 *    S seconds (default 30) to the read endpoints the app uses, as a logged-in viewer, with at
 *    most 256 requests in flight (bounded); latency is measured from the scheduled send time.
 * 4. first_load_bytes: what a browser transfers for the dashboard's first load (HTML, the entry
 *    and dashboard chunks with their static imports, the chart chunk, CSS, and the three API
 *    calls), fetched with Accept-Encoding: br, gzip and counted on the wire (headers + body).
 *
 * Last line: {"rps", "p99_ms", "errors", "first_load_bytes", …}. Targets: p99 < 50 ms, < 2 MB.
 * p99_ms is end to end from the scheduled send time; server_p99_ms is the app's own time
 * (Server-Timing); load_average shows how busy the machine was (the generator shares it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { importParcels } from '../src/services/import-parcels.js';
import { loadDemoData } from '../src/services/demo-data.js';
import { generateCounty } from '../src/geo/synthetic.js';
import { ellipsoidalArea } from '../src/geo/area.js';
import { Area } from '../src/domain/area.js';
import type { ParcelFeature } from '../src/domain/parcel.js';
import { startServer } from '../test/e2e/server.js';

const USES = ['0701', '0901', '1001', '1101', '0804', '1301', '1207', '1501'];

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
}

export async function grow(dataDir: string, parcels: number): Promise<{ parcels: number; growMs: number }> {
  const t0 = Date.now();
  const store = await openStore({ sqlitePath: join(dataDir, 'landplan.db') });
  await loadDemoData(store, readFileSync('data/demo/bachu-2026-plan.txt', 'utf8'));
  const have = Number((await store.db.selectFrom('parcel').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const more = Math.max(0, parcels - have);
  if (more > 0) {
    const county = generateCounty({ seed: 99, parcels: more, farmland: 100, districtsPerSide: 3 });
    function* features(): Generator<ParcelFeature> {
      let i = 0;
      for (const p of county.parcels) {
        const m2 = ellipsoidalArea(p.geometry);
        yield {
          recordIndex: i,
          geometry: p.geometry,
          areaM2: m2,
          attributes: { 演示数据: true },
          fields: { parcelNumber: `BENCH-${String(i + 1).padStart(6, '0')}`, projectName: `演示项目（压测）${i + 1}`, district: String(p.properties['片区']), useCode: USES[i % USES.length]!, area: Area.fromSquareMetres(m2.toFixed(2)) },
        };
        i++;
      }
    }
    await importParcels(store, { jurisdictionCode: '653130', source: '演示数据：压测扩充的合成宗地', features: features(), actor: 'bench', batchSize: 2000 });
  }
  const n = Number((await store.db.selectFrom('parcel').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  await store.close();
  return { parcels: n, growMs: Date.now() - t0 };
}

interface Res {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  rawHeaderBytes: number;
}

function get(agent: Agent, base: URL, path: string, headers: Record<string, string>): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path, method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const rawHeaderBytes = res.rawHeaders.reduce((s, h, i) => s + Buffer.byteLength(h) + (i % 2 === 0 ? 2 : 2), 0) + 17;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers, rawHeaderBytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Logs in through the API: the session cookie, and the CSRF token its writes need. */
export async function session(base: URL, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const s = await fetch(new URL('/api/session', base));
  const csrf = ((await s.json()) as { csrfToken: string }).csrfToken;
  const cookie = s.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const r = await fetch(new URL('/api/session', base), { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login failed: ${r.status}`);
  return { cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}


/** The dashboard's first load as a browser makes it, counted on the wire. */
async function firstLoadBytes(base: URL, cookie: string): Promise<{ bytes: number; files: number }> {
  const agent = new Agent({ keepAlive: true });
  const headers = { 'accept-encoding': 'br, gzip', cookie };
  let bytes = 0;
  let files = 0;
  const fetchCount = async (path: string): Promise<Res> => {
    const r = await get(agent, base, path, headers);
    if (r.status !== 200) throw new Error(`first load: ${path} answered ${r.status}`);
    bytes += r.body.length + r.rawHeaderBytes;
    files++;
    return r;
  };
  const html = (await fetchCount('/dashboard')).body;
  const text = html.length && html[0] === 0x3c ? html.toString() : readFileSync('web/dist/index.html', 'utf8');
  const manifest = JSON.parse(readFileSync('web/dist/.vite/manifest.json', 'utf8')) as Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>;
  const wanted = new Set<string>();
  const addChunk = (key: string): void => {
    const c = manifest[key];
    if (!c || wanted.has(c.file)) return;
    wanted.add(c.file);
    for (const css of c.css ?? []) wanted.add(css);
    for (const i of c.imports ?? []) addChunk(i);
  };
  for (const m of text.matchAll(/(?:src|href)="\/([^"]+)"/g)) wanted.add(m[1]!);
  for (const [k, c] of Object.entries(manifest)) if (c.isEntry || k.endsWith('DashboardPage.tsx') || k.endsWith('components/Chart.tsx')) addChunk(k);
  for (const f of wanted) await fetchCount(`/${f}`);
  const plans = JSON.parse((await fetchCount('/api/plans')).body.toString()) as { plans: { id: number }[] };
  await fetchCount('/api/session');
  await fetchCount(`/api/plans/${plans.plans[0]!.id}/dashboard`);
  agent.destroy();
  return { bytes, files };
}

/**
 * An open-loop load: `rps` requests a second for `seconds`, each sent at its time whatever the
 * answers so far (at most 256 in flight; a request past that is dropped and counted as an error).
 * `next()` makes the next request and may look at its answer. Latencies count from each request's
 * due time, so a server falling behind shows in them.
 */
export async function openLoop<R extends { status: number }>(rps: number, seconds: number, next: () => { request: Promise<R>; seen?: (r: R, ms: number) => void }): Promise<{ latencies: number[]; errors: number; dropped: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  const start = performance.now();
  const done: Promise<void>[] = [];
  for (let i = 0; i < rps * seconds; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= 256) {
      dropped++;
      errors++;
      continue;
    }
    inFlight++;
    const { request, seen } = next();
    done.push(
      request.then(
        (r) => {
          const ms = performance.now() - due;
          latencies.push(ms);
          seen?.(r, ms);
          if (r.status !== 200) errors++;
          inFlight--;
        },
        () => {
          errors++;
          inFlight--;
        },
      ),
    );
  }
  await Promise.all(done);
  return { latencies, errors, dropped, elapsed: (performance.now() - start) / 1000 };
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const parcels = arg(args, 'parcels', 100_000);
  const rps = arg(args, 'rps', 200);
  const seconds = arg(args, 'seconds', 30);
  const dataDir = mkdtempSync(join(tmpdir(), 'landplan-bench-'));
  const grown = await grow(dataDir, parcels);
  process.stderr.write(`register: ${grown.parcels} parcels in ${(grown.growMs / 1000).toFixed(1)} s\n`);
  const server = await startServer({ dataDir });
  try {
    const base = new URL(server.url);
    const { cookie } = await session(base, 'viewer', 'viewer-demo-2026');
    const first = await firstLoadBytes(base, cookie);
    const planId = (JSON.parse((await get(new Agent(), base, '/api/plans', { cookie })).body.toString()) as { plans: { id: number }[] }).plans[0]!.id;
    const maxId = grown.parcels;
    let k = 0;
    const rnd = (n: number): number => Math.floor(Math.random() * n);
    const paths: (() => string)[] = [
      () => '/api/health',
      () => '/api/plans',
      () => `/api/plans/${planId}`,
      () => `/api/plans/${planId}/dashboard`,
      () => `/api/plans/${planId}/ledger`,
      // The table: mostly the first 100 pages, sometimes anywhere in the register.
      () => `/api/parcels?geometry=false&limit=20&offset=${Math.random() < 0.9 ? 20 * rnd(100) : rnd(maxId - 20)}`,
      () => `/api/parcels/${1 + rnd(maxId)}`,
      () => {
        const x = 78.3 + Math.random() * 0.5;
        const y = 39.6 + Math.random() * 0.4;
        return `/api/parcels?bbox=${x.toFixed(4)},${y.toFixed(4)},${(x + 0.01).toFixed(4)},${(y + 0.01).toFixed(4)}&limit=200`;
      },
      () => `/api/parcels?geometry=false&limit=20&status=supplied`,
      () => '/api/reference',
    ];
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const headers = { cookie, 'accept-encoding': 'gzip, br' };
    // Warm-up: one pass over every endpoint.
    for (const p of paths) await get(agent, base, p(), headers);
    const serverMs: number[] = [];
    const byPath = new Map<string, number[]>();
    const { latencies, errors, dropped, elapsed } = await openLoop(rps, seconds, () => {
      const path = paths[k++ % paths.length]!();
      return {
        request: get(agent, base, path, headers),
        seen: (r: Res, ms: number) => {
          const st = /dur=([\d.]+)/.exec(String(r.headers['server-timing'] ?? ''));
          if (st) serverMs.push(Number(st[1]));
          const key = path.split('?')[0]!.replace(/\/\d+/g, '/:id');
          (byPath.get(key) ?? byPath.set(key, []).get(key)!).push(ms);
        },
      };
    });
    agent.destroy();
    const pct = (xs: number[], p: number): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
    };
    const perEndpoint = Object.fromEntries([...byPath].map(([p, xs]) => [p, { n: xs.length, p50_ms: +pct(xs, 50).toFixed(2), p99_ms: +pct(xs, 99).toFixed(2) }]));
    process.stderr.write(`${JSON.stringify(perEndpoint, null, 1)}\n`);
    return {
      rps: +(latencies.length / elapsed).toFixed(1),
      p99_ms: +pct(latencies, 99).toFixed(2),
      errors,
      first_load_bytes: first.bytes,
      p50_ms: +pct(latencies, 50).toFixed(2),
      server_p50_ms: +pct(serverMs, 50).toFixed(2),
      server_p99_ms: +pct(serverMs, 99).toFixed(2),
      load_average: +(await import('node:os')).loadavg()[0]!.toFixed(2),
      max_ms: +Math.max(...latencies).toFixed(2),
      requests: latencies.length,
      dropped,
      parcels: grown.parcels,
      first_load_files: first.files,
      target_rps: rps,
      seconds,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
