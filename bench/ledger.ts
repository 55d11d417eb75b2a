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
 * `npm run bench -- ledger [attempts]`: supplies recorded one after another, each with its full
 * quota check in its own transaction, on SQLite (a temp file, WAL) and on PostgreSQL
 * (LANDPLAN_TEST_DATABASE_URL or LANDPLAN_DATABASE_URL, a fresh schema), one writer.
 *
 * About 40 % of the workload's attempts would overspend a quota and are refused: they write
 * nothing (no ledger entry, no audit entry), so they are far cheaper than an accepted record.
 * Dividing all attempts by all the time would flatter the write path; each kind is timed on its
 * own instead:
 *   accepted_per_s  accepted records ÷ the time spent on accepted attempts (debit + audit entry)
 *   refused_per_s   refusals ÷ the time spent on refused attempts (check only, rolled back)
 *   attempts_per_s  all attempts ÷ all the time (the mixed workload)
 * Last line: {"sqlite_accepted_per_s", "sqlite_refused_per_s", "postgres_accepted_per_s",
 * "postgres_refused_per_s", "ratio" (SQLite ÷ PostgreSQL, accepted records), …}.
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
  accepted: number;
  refused: number;
  acceptedPerSecond: number;
  refusedPerSecond: number;
  attemptsPerSecond: number;
  /** Attempts per second of this process's CPU time: what an unloaded core would sustain. */
  attemptsPerCpuSecond: number;
  verified: boolean;
}

const perSecond = (n: number, ns: bigint): number => (ns > 0n ? Math.round(n / (Number(ns) / 1e9)) : 0);

async function run(opts: OpenOptions, n: number): Promise<Run> {
  const store = await openStore(opts);
  try {
    await upsertJurisdiction(store, { code: '650000', name: '新疆维吾尔自治区', level: 'province', parentCode: null }, 'bench');
    await upsertJurisdiction(store, { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: '650000' }, 'bench');
    await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: '653100' }, 'bench');
    const v = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(n), validFrom: '2026-01-01', status: 'published', actor: 'bench' });
    const supplies = workloadSupplies(42, n);
    let accepted = 0;
    let refused = 0;
    let acceptedNs = 0n;
    let refusedNs = 0n;
    const cpu0 = process.cpuUsage();
    for (const s of supplies) {
      const t = process.hrtime.bigint();
      const r = await postDebit(store, { planVersionId: v.id, key: s.key, area: s.area, suppliedOn: '2026-06-01', actor: 'bench' });
      const ns = process.hrtime.bigint() - t;
      if (r.accepted) {
        accepted++;
        acceptedNs += ns;
      } else {
        refused++;
        refusedNs += ns;
      }
    }
    const cpu = process.cpuUsage(cpu0);
    const verified = (await verifyStore(store.db)).ok;
    return {
      accepted,
      refused,
      acceptedPerSecond: perSecond(accepted, acceptedNs),
      refusedPerSecond: perSecond(refused, refusedNs),
      attemptsPerSecond: perSecond(n, acceptedNs + refusedNs),
      attemptsPerCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)),
      verified,
    };
  } finally {
    await store.close();
  }
}

function describe(name: string, r: Run, n: number): string {
  return `${name}: ${r.accepted} accepted at ${r.acceptedPerSecond}/s, ${r.refused} refused at ${r.refusedPerSecond}/s (all ${n} attempts: ${r.attemptsPerSecond}/s wall, ${r.attemptsPerCpuSecond} per CPU-second; verify ${r.verified ? 'ok' : 'FAILED'})`;
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[0] ?? 10000);
  const dir = mkdtempSync(join(tmpdir(), 'landplan-bench-'));
  let sqlite: Run;
  let postgres: Run | null = null;
  let ceiling: number | null = null;
  try {
    sqlite = await run({ sqlitePath: join(dir, 'landplan.db') }, n);
    process.stderr.write(`${describe('sqlite', sqlite, n)}\n`);
    const url = process.env.LANDPLAN_TEST_DATABASE_URL ?? process.env.LANDPLAN_DATABASE_URL;
    if (url) {
      const schema = `bench_${process.pid}`;
      try {
        postgres = await run({ databaseUrl: url, pgSchema: schema }, n);
        ceiling = await pgCommitCeiling(url, schema);
        process.stderr.write(`${describe('postgres', postgres, n)}; bare commits on this machine: ${ceiling}/s\n`);
      } finally {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    } else {
      process.stderr.write('postgres: skipped (set LANDPLAN_TEST_DATABASE_URL)\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = loadavg()[0]!.toFixed(2);
  process.stderr.write(`machine load average (1 min) at the end: ${load} on ${availableParallelism()} cores\n`);
  return {
    sqlite_accepted_per_s: sqlite.acceptedPerSecond,
    sqlite_refused_per_s: sqlite.refusedPerSecond,
    postgres_accepted_per_s: postgres?.acceptedPerSecond ?? null,
    postgres_refused_per_s: postgres?.refusedPerSecond ?? null,
    ratio: postgres && postgres.acceptedPerSecond > 0 ? Math.round((sqlite.acceptedPerSecond / postgres.acceptedPerSecond) * 100) / 100 : null,
    attempts: n,
    sqlite_accepted: sqlite.accepted,
    sqlite_refused: sqlite.refused,
    postgres_accepted: postgres?.accepted ?? null,
    postgres_refused: postgres?.refused ?? null,
    sqlite_attempts_per_s: sqlite.attemptsPerSecond,
    postgres_attempts_per_s: postgres?.attemptsPerSecond ?? null,
    sqlite_attempts_per_cpu_s: sqlite.attemptsPerCpuSecond,
    postgres_bare_commits_per_s: ceiling,
    verified: sqlite.verified && (postgres?.verified ?? true),
    load_average_1m: Number(load),
  };
}
