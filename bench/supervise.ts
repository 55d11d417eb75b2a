/**
 * `npm run bench -- supervise [--parcels N] [--rps R] [--seconds S]`: supervision at county scale.
 *
 * 1. A fresh register gets the demo and is grown to N parcels (default 100 000, bench/api.ts).
 * 2. Every synthetic parcel gets a journal made by the domain's own rules (decide + apply): reserve
 *    only, announced, dealt, or contracted with instalments, payments (some late or missing),
 *    hand-over and start — about 14 events a parcel, written in bulk with the projected state and
 *    its deadline facts, as the service stores them (synthetic load: the bulk rows carry no audit
 *    entries).
 * 3. supervise_ms: `landplan supervise --as-of 2026-11-27 --json` end to end as a child process
 *    (start, open the register, read what supervision keeps of every parcel, print every item),
 *    with supervise_cpu_ms, the CPU time it used (the machine may be shared). Target < 5 s.
 * 4. p99_ms: `landplan serve` on the register; an open-loop generator sends R requests/s (default
 *    200) for S seconds (default 20) to what the pipeline page and its drawer call (the overview,
 *    a page of the overdue list, one parcel's timeline, the header's reminders), as a logged-in
 *    viewer. Target < 50 ms. overview_first_ms: the first requests, which build the page's and the
 *    reminders' kept views (services/kept-view.ts).
 * 5. p99_with_writes_ms: the same load again while an editor records an event (an inspection) on a
 *    random parcel every 200 ms through the API: every read after a write brings the views up to
 *    date first (re-reading the parcels written since).
 *
 * Last line: {"parcels", "supervise_ms", "p99_ms", "p99_with_writes_ms", …}.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { stateToJson, watchRow } from '../src/store/pipeline-json.js';
import { apply, decide, EMPTY_STATE, type PipelineEvent, type PipelineState } from '../src/domain/pipeline/journal.js';
import { CLEAN_LAND_ITEMS, type EventKind } from '../src/domain/pipeline/steps.js';
import { addDays } from '../src/domain/rules/dates.js';
import { addMonths } from '../src/domain/calendar/working-calendar.js';
import { createRng } from '../src/geo/random.js';
import { grow, openLoop, session } from './api.js';
import { factsSource, pipelineRuleSet, pipelineRules } from '../src/services/pipeline-rules.js';
import { startServer } from '../test/e2e/server.js';

const AS_OF = '2026-11-27';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
}

type Rng = { next(): number };
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

interface Row {
  parcel_id: number;
  seq: number;
  kind: string;
  occurred_on: string;
  recorded_at: string;
  recorded_by: string;
  role: string;
  data_json: string;
  documents_json: string;
}

/** One parcel's journal, each event decided by the domain as the service would. */
function journalFor(parcelId: number, rng: Rng, firstId: number): { rows: Row[]; state: PipelineState } {
  let s: PipelineState = EMPTY_STATE;
  const rows: Row[] = [];
  let id = firstId;
  const add = (kind: EventKind, on: string, data: Record<string, unknown>): boolean => {
    if (on > AS_OF) return false;
    const documents = [{ kind: '文件', number: `${kind}-${parcelId}`, date: on }];
    const d = decide(s, { kind, occurredOn: on, role: 'editor', data, documents }, { idleYears: 1, recoveryYears: 2, maxExtensionYears: 1 });
    if (!d.ok) throw new Error(`parcel ${parcelId} ${kind}: ${d.message.en}`);
    const e: PipelineEvent = { id: id++, parcelId, seq: rows.length + 1, kind, occurredOn: on, recordedAt: '2026-11-27T00:00:00.000Z', recordedBy: 'bench', role: 'editor', data: d.data, documents };
    s = apply(s, e);
    rows.push({ parcel_id: parcelId, seq: e.seq, kind, occurred_on: on, recorded_at: e.recordedAt, recorded_by: 'bench', role: 'editor', data_json: JSON.stringify(d.data), documents_json: JSON.stringify(documents) });
    return true;
  };
  const stage = rng.next();
  const scheme = `2025-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`;
  const base = stage < 0.5 ? scheme : addDays(scheme, int(rng, 0, 300));
  add('reserveCost', addDays(base, -60), { category: 'compensation', amountWanYuan: String(int(rng, 50, 900)) });
  for (const item of CLEAN_LAND_ITEMS) add('cleanLandEvidence', addDays(base, -30), { item });
  if (stage < 0.15) return { rows, state: s };
  add('supplyScheme', base, { method: '23' });
  const reserve = int(rng, 100, 2000);
  add('collectiveDecision', addDays(base, 7), { reservePriceWanYuan: String(reserve) });
  const ann = addDays(base, 10);
  const tradingStart = addDays(ann, int(rng, 18, 25));
  if (!add('announcement', ann, { announcementNo: `A${parcelId}`, plannedTradingStart: tradingStart }) || stage < 0.25) return { rows, state: s };
  const deal = addDays(tradingStart, int(rng, 12, 16));
  if (!add('tradingPeriod', deal, { form: 'listing', start: tradingStart })) return { rows, state: s };
  const price = reserve + int(rng, 0, 300);
  if (!add('deal', deal, { priceWanYuan: String(price), winner: `W${parcelId}` }) || stage < 0.33) return { rows, state: s };
  const published = addDays(deal, int(rng, 1, 16));
  add('dealPublication', published, { publicationNo: `P${parcelId}` });
  const contract = addDays(published, int(rng, 0, 8));
  const half = Math.floor(price / 2);
  if (
    !add('contract', contract, {
      contractNo: `C${parcelId}`, supervisionNumber: `653130B${String(parcelId).padStart(10, '0')}`, assignee: `W${parcelId}`, areaM2: '10000', useCode: '0701', termYears: 70, priceWanYuan: String(price),
      agreedDelivery: addDays(contract, 30), agreedStart: addDays(contract, 120), agreedCompletion: addDays(contract, 800),
      instalments: [{ dueDate: addDays(contract, 28), amountWanYuan: String(half) }, { dueDate: addMonths(contract, 11), amountWanYuan: String(price - half) }],
    })
  )
    return { rows, state: s };
  if (rng.next() < 0.9) add('payment', addDays(contract, int(rng, 5, 45)), { amountWanYuan: String(half), receiptNo: `R${parcelId}` });
  if (rng.next() < 0.5) add('payment', addDays(contract, int(rng, 150, 360)), { amountWanYuan: String(price - half), receiptNo: `S${parcelId}` });
  if (rng.next() < 0.8) add('delivery', addDays(contract, int(rng, 20, 50)), {});
  if (s.steps.delivery && rng.next() < 0.5) add('start', addDays(contract, int(rng, 100, 160)), {});
  return { rows, state: s };
}

/** The journal with the event count its projection carries (as `project` would give it). */
function counted(j: { rows: Row[]; state: PipelineState }): { rows: Row[]; state: PipelineState } {
  return { rows: j.rows, state: { ...j.state, eventCount: j.rows.length } };
}

export async function generatePipelines(dataDir: string): Promise<{ parcels: number; events: number; ms: number }> {
  const t0 = Date.now();
  const store = await openStore({ sqlitePath: join(dataDir, 'landplan.db') });
  try {
    const ids = (await store.db.selectFrom('parcel').select('id').where('parcel_number', 'like', 'BENCH-%').orderBy('id').execute()).map((r) => Number(r.id));
    const maxEvent = Number((await store.db.selectFrom('pipeline_event').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
    const rng = createRng(14);
    // The deadline facts as recording each event through the service stores them (the rules of the year).
    const facts = factsSource(pipelineRules(await pipelineRuleSet(store.db, '653130', Number(AS_OF.slice(0, 4)))));
    let nextId = maxEvent + 1;
    let events = 0;
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      await store.sqliteWriteNative!((db) => {
        const ev = db.prepare('insert into pipeline_event (id, parcel_id, seq, kind, occurred_on, recorded_at, recorded_by, role, data_json, documents_json, reverses_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)');
        const st = db.prepare("insert into pipeline_parcel (parcel_id, jurisdiction_code, path, last_step, last_seq, state_json, updated_at) values (?, '653130', ?, ?, ?, ?, ?)");
        const wt = db.prepare("insert into pipeline_watch (parcel_id, jurisdiction_code, watch_from, watch_json, facts_key, facts_json) values (?, '653130', ?, ?, ?, ?)");
        for (const pid of chunk) {
          const { rows, state } = counted(journalFor(pid, rng, nextId));
          for (const r of rows) ev.run(nextId++, r.parcel_id, r.seq, r.kind, r.occurred_on, r.recorded_at, r.recorded_by, r.role, r.data_json, r.documents_json);
          st.run(pid, state.path ?? null, state.lastStep ?? null, rows.length, stateToJson(state), '2026-11-27T00:00:00.000Z');
          const w = watchRow(state);
          wt.run(pid, w.watch_from, w.watch_json, facts.key, facts.text(state));
          events += rows.length;
        }
      });
    }
    return { parcels: ids.length, events, ms: Date.now() - t0 };
  } finally {
    await store.close();
  }
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function get(agent: Agent, base: URL, path: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path, method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const parcels = arg(args, 'parcels', 100_000);
  const rps = arg(args, 'rps', 200);
  const seconds = arg(args, 'seconds', 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'landplan-bench-supervise-'));
  try {
    const grown = await grow(dataDir, parcels);
    process.stderr.write(`register: ${grown.parcels} parcels in ${(grown.growMs / 1000).toFixed(1)} s\n`);
    const gen = await generatePipelines(dataDir);
    process.stderr.write(`journals: ${gen.events} events on ${gen.parcels} parcels in ${(gen.ms / 1000).toFixed(1)} s\n`);

    // landplan supervise end to end (the built CLI, rebuilt from the sources first), three runs,
    // the median, with the CPU time the process used (the machine may be shared: wall time then
    // includes waiting for a core).
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    const runs: { wall: number; cpu: number }[] = [];
    let items = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, 'bin/landplan', 'supervise', '--as-of', AS_OF, '--json'], { env: { ...process.env, LANDPLAN_DATA_DIR: dataDir }, maxBuffer: 1 << 30, encoding: 'utf8' });
      const wall = performance.now() - t;
      const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
      runs.push({ wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN });
      process.stderr.write(`landplan supervise: ${Math.round(wall)} ms wall, ${Math.round(runs[runs.length - 1]!.cpu)} ms CPU, load ${loadavg()[0]!.toFixed(2)} (${(r.stdout.length / 1e6).toFixed(1)} MB of JSON)\n`);
      if (r.status !== 0 && r.status !== 1) throw new Error(`supervise exited ${r.status}: ${r.stderr}`);
      items = (JSON.parse(r.stdout) as { items: unknown[] }[]).reduce((a, x) => a + x.items.length, 0);
    }
    runs.sort((a, b) => a.wall - b.wall);
    const superviseMs = runs[1]!.wall;
    const superviseCpuMs = runs[1]!.cpu;

    const server = await startServer({ dataDir });
    try {
      const base = new URL(server.url);
      const viewer = await session(base, 'viewer', 'viewer-demo-2026');
      const editor = await session(base, 'editor', 'editor-demo-2026');
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      const headers = { cookie: viewer.cookie, 'accept-encoding': 'gzip, br' };
      const firstBench = Number((await (await openStore({ sqlitePath: join(dataDir, 'landplan.db'), migrate: false, readonly: true })).db.selectFrom('parcel').select((eb) => eb.fn.min('id').as('m')).where('parcel_number', 'like', 'BENCH-%').executeTakeFirstOrThrow()).m);
      const rnd = (n: number): number => Math.floor(Math.random() * n);
      const paths: (() => string)[] = [
        () => '/api/plans',
        () => '/api/pipeline?jurisdiction=653130&limit=20&offset=0',
        () => `/api/pipeline?jurisdiction=653130&limit=20&offset=${20 * rnd(500)}`,
        () => `/api/parcels/${firstBench + rnd(gen.parcels)}/pipeline`,
        () => '/api/notifications?days=14',
      ];
      // Warm-up: the first overview and reminders build their kept views (then a write moves them).
      const tw = performance.now();
      for (const p of paths) {
        const r = await get(agent, base, p(), headers, 600_000);
        if (r.status !== 200) throw new Error(`${p()} answered ${r.status}: ${r.body.toString().slice(0, 200)}`);
      }
      const warmMs = performance.now() - tw;
      process.stderr.write(`warm-up (first overview and reminders of every journal): ${Math.round(warmMs)} ms\n`);

      /** R requests/s for S seconds, open loop; with `writeEveryMs`, an editor records an inspection on a random parcel that often. */
      const load = async (writeEveryMs?: number) => {
        const cpuBefore = processCpuMs(server.pid);
        const writes = { ok: 0, failed: 0 };
        let writing = writeEveryMs !== undefined;
        const writer = (async () => {
          while (writing) {
            const at = performance.now();
            const parcelId = firstBench + rnd(gen.parcels);
            const r = await fetch(new URL(`/api/parcels/${parcelId}/pipeline/events`, base), { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': editor.csrf, cookie: editor.cookie }, body: JSON.stringify({ kind: 'inspection', occurredOn: AS_OF, data: { finding: 'notStarted' }, documents: [{ kind: '巡查记录', number: `BENCH-XC-${writes.ok + writes.failed}`, date: AS_OF }] }) });
            if (r.status === 201) writes.ok++;
            else writes.failed++;
            await r.arrayBuffer();
            await new Promise((res) => setTimeout(res, Math.max(0, writeEveryMs! - (performance.now() - at))));
          }
        })();
        let k = 0;
        const { latencies, errors, elapsed } = await openLoop(rps, seconds, () => ({ request: get(agent, base, paths[k++ % paths.length]!(), headers) }));
        writing = false;
        await writer;
        const sorted = [...latencies].sort((a, b) => a - b);
        const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
        return { p99: +pct(99).toFixed(2), p50: +pct(50).toFixed(2), rps: +(latencies.length / elapsed).toFixed(1), errors, writes, serverCpuMsPerRequest: +((processCpuMs(server.pid) - cpuBefore) / Math.max(1, latencies.length)).toFixed(3) };
      };
      const reads = await load();
      process.stderr.write(`reads only: p99 ${reads.p99} ms, p50 ${reads.p50} ms, ${reads.rps} req/s, ${reads.errors} errors\n`);
      const mixed = await load(200);
      process.stderr.write(`with writes: p99 ${mixed.p99} ms, p50 ${mixed.p50} ms, ${mixed.rps} req/s, ${mixed.errors} errors, ${mixed.writes.ok} events recorded (${mixed.writes.failed} refused)\n`);
      if (mixed.writes.failed > 0 || mixed.writes.ok === 0) throw new Error(`writes: ${JSON.stringify(mixed.writes)}`);
      agent.destroy();
      return {
        parcels: grown.parcels,
        supervise_ms: Math.round(superviseMs),
        p99_ms: reads.p99,
        p50_ms: reads.p50,
        rps: reads.rps,
        errors: reads.errors,
        p99_with_writes_ms: mixed.p99,
        p50_with_writes_ms: mixed.p50,
        errors_with_writes: mixed.errors,
        writes: mixed.writes.ok,
        items,
        journal_events: gen.events,
        supervise_cpu_ms: Math.round(superviseCpuMs),
        supervise_runs_ms: runs.map((x) => Math.round(x.wall)),
        server_cpu_ms_per_request: reads.serverCpuMsPerRequest,
        overview_first_ms: Math.round(warmMs),
        load_average: +loadavg()[0]!.toFixed(2),
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
