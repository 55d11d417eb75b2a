/**
 * `landplan db …` and `landplan demo load`, run in-process against a temporary register: a SQLite
 * file, and a PostgreSQL schema when LANDPLAN_TEST_DATABASE_URL is set.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { run } from '../../src/cli/main.js';
import { openStore, type OpenOptions } from '../../src/store/database.js';
import { BACKENDS, type Backend } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-cli-'));
let saved: { dataDir?: string; url?: string; schema?: string };

/** Points the environment at `target` (SQLite data dir or PostgreSQL schema) like a user would. */
function useTarget(target: OpenOptions): void {
  delete process.env.LANDPLAN_DATABASE_URL;
  delete process.env.LANDPLAN_DATABASE_SCHEMA;
  if (target.databaseUrl) {
    process.env.LANDPLAN_DATABASE_URL = target.databaseUrl;
    process.env.LANDPLAN_DATABASE_SCHEMA = target.pgSchema!;
  } else process.env.LANDPLAN_DATA_DIR = join(target.sqlitePath!, '..');
}

async function cli(args: string[], target: OpenOptions): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  useTarget(target);
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(() => {
  saved = { dataDir: process.env.LANDPLAN_DATA_DIR, url: process.env.LANDPLAN_DATABASE_URL, schema: process.env.LANDPLAN_DATABASE_SCHEMA };
});
afterAll(() => {
  for (const [k, v] of [['LANDPLAN_DATA_DIR', saved.dataDir], ['LANDPLAN_DATABASE_URL', saved.url], ['LANDPLAN_DATABASE_SCHEMA', saved.schema]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.each(BACKENDS)('landplan db and demo commands on $name', (backend: Backend) => {
  let target: OpenOptions & { cleanup(): Promise<void> };
  let other: OpenOptions & { cleanup(): Promise<void> };
  beforeAll(async () => {
    target = await backend.fresh();
    other = await backend.fresh();
  });
  afterAll(async () => {
    await target.cleanup();
    await other.cleanup();
  });

  it('demo load twice: loads, then changes nothing', async () => {
    const a = await cli(['demo', 'load'], target);
    expect(a.code).toBe(0);
    expect(a.out).toContain('plan version 1 (653130 巴楚县 2026, seq 1, withdrawn), total 1843.24 公顷, 7 category cells');
    expect(a.out).toContain('in force: version 2 (published)');
    const b = await cli(['demo', 'load'], target);
    expect(b.out).toContain('已存在，未改动 / already loaded, unchanged');
  });

  it('db verify passes (exit 0), then names an edited audit entry (exit 1)', async () => {
    const ok = await cli(['db', 'verify'], target);
    expect([ok.code, ok.out.trim().split('\n').at(-1)]).toEqual([0, 'verify: ok']);
    const s = await openStore(target);
    const seq = Number((await s.db.selectFrom('audit_log').select('seq').where('action', '=', 'plan.create').orderBy('seq').limit(1).executeTakeFirstOrThrow()).seq);
    await sql`update audit_log set actor = 'someone else' where seq = ${seq}`.execute(s.db);
    await s.close();
    const bad = await cli(['db', 'verify'], target);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`PROBLEM audit_log seq ${seq}: edited (plan.create plan_version 1; stored hash does not match its content)`);
  });

  it('db backup, then db restore refuses a tampered file with one line and exit 2', async () => {
    const file = join(dir, `${backend.name}-register.backup`);
    const b = await cli(['db', 'backup', file], target);
    expect(b.code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('1843', '1844'));
    const r = await cli(['db', 'restore', file], other);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^landplan: .*register\.backup: checksum: 校验和不符.*refusing to restore\n$/);
  });
});
