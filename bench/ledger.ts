/**
 * PostgreSQL's ceiling on this machine: empty-ish committed transactions per second on one
 * connection (synchronous_commit on, so each commit waits for the WAL fsync). A serialised
 * check-and-write cannot commit faster than this.
 */
async function pgCommitCeiling(url: string, schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create table ${schema}.commit_probe (a integer)`);
    const n = 300;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await c.query('begin');
      await c.query(`insert into ${schema}.commit_probe values ($1)`, [i]);
      await c.query('commit');
    }
    return Math.round(n / (Number(process.hrtime.bigint() - t0) / 1e9));
  } finally {
    await c.end();
  }
}

/**
 * `npm run bench -- ledger [records]`: sustained supply records per second, each with its full
 * quota check and audit entry in its own transaction, on SQLite (a temp file, WAL) and on
 * PostgreSQL (LANDPLAN_TEST_DATABASE_URL or LANDPLAN_DATABASE_URL, a fresh schema), one writer.
 * Last line: {"sqlite_records_per_s", "postgres_records_per_s", "ratio"} (ratio = SQLite ÷ PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { workloadCube, workloadSupplies } from '../src/services/demo-workload.js';
import { openStore, type OpenOptions } from '../src/store/database.js';
import { postDebit } from '../src/store/ledger.js';
import { createPlan } from '../src/store/repos/plans.js';
import { upsertJurisdiction } from '../src/store/repos/jurisdictions.js';
import { verifyStore } from '../src/store/verify.js';

interface Run {
  perSecond: number;
  /** Records per second of this process's CPU time: what an unloaded core would sustain. */
  perCpuSecond: number;
  accepted: number;
  verified: boolean;
}

async function run(opts: OpenOptions, n: number): Promise<Run> {
  const store = await openStore(opts);
  try {
    await upsertJurisdiction(store, { code: '650000', name: '新疆维吾尔自治区', level: 'province', parentCode: null }, 'bench');
    await upsertJurisdiction(store, { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: '650000' }, 'bench');
    await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: '653100' }, 'bench');
    const v = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(n), validFrom: '2026-01-01', actor: 'bench' });
    const supplies = workloadSupplies(42, n);
    let accepted = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const s of supplies) {
      const r = await postDebit(store, { planVersionId: v.id, key: s.key, area: s.area, suppliedOn: '2026-06-01', actor: 'bench' });
      if (r.accepted) accepted++;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const verified = (await verifyStore(store.db)).ok;
    return { perSecond: Math.round(n / seconds), perCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)), accepted, verified };
  } finally {
    await store.close();
  }
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[0] ?? 10000);
  const dir = mkdtempSync(join(tmpdir(), 'landplan-bench-'));
  const result: Record<string, unknown> = { records: n };
  try {
    const s = await run({ sqlitePath: join(dir, 'landplan.db') }, n);
    process.stderr.write(`sqlite: ${s.perSecond} records/s wall, ${s.perCpuSecond} per CPU-second (${s.accepted} of ${n} accepted, verify ${s.verified ? 'ok' : 'FAILED'})\n`);
    result.sqlite_records_per_s = s.perSecond;
    result.sqlite_records_per_cpu_s = s.perCpuSecond;
    result.sqlite_accepted = s.accepted;
    const url = process.env.LANDPLAN_TEST_DATABASE_URL ?? process.env.LANDPLAN_DATABASE_URL;
    if (url) {
      const schema = `bench_${process.pid}`;
      try {
        const p = await run({ databaseUrl: url, pgSchema: schema }, n);
        const ceiling = await pgCommitCeiling(url, schema);
        process.stderr.write(`postgres: ${p.perSecond} records/s (${p.accepted} of ${n} accepted, verify ${p.verified ? 'ok' : 'FAILED'}); bare commits on this machine: ${ceiling}/s\n`);
        result.postgres_records_per_s = p.perSecond;
        result.postgres_bare_commits_per_s = ceiling;
        result.ratio = Math.round((s.perSecond / p.perSecond) * 100) / 100;
      } finally {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    } else {
      process.stderr.write('postgres: skipped (set LANDPLAN_TEST_DATABASE_URL)\n');
      result.postgres_records_per_s = null;
      result.ratio = null;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = loadavg()[0]!.toFixed(2);
  process.stderr.write(`machine load average (1 min) at the end: ${load} on ${availableParallelism()} cores\n`);
  return {
    sqlite_records_per_s: result.sqlite_records_per_s,
    postgres_records_per_s: result.postgres_records_per_s,
    ratio: result.ratio,
    records: n,
    sqlite_accepted: result.sqlite_accepted,
    sqlite_records_per_cpu_s: result.sqlite_records_per_cpu_s,
    postgres_bare_commits_per_s: result.postgres_bare_commits_per_s ?? null,
    load_average_1m: Number(load),
  };
}
