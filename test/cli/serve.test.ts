/**
 * `landplan serve` on a register that is not the demo's starts empty: no account, no demo row, no
 * printed password; on PostgreSQL the same without any flag. `--demo` is refused on a register
 * holding other data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, upsertJurisdiction, type OpenOptions } from '../../src/services/register.js';
import { startServer } from '../e2e/server.js';
import { BACKENDS } from '../store/helpers.js';

async function rowCounts(options: OpenOptions): Promise<Record<string, number>> {
  const store = await openStore(options);
  try {
    const out: Record<string, number> = {};
    for (const t of ['app_user', 'plan', 'parcel', 'supply_record', 'jurisdiction'] as const) {
      out[t] = Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    }
    return out;
  } finally {
    await store.close();
  }
}

const EMPTY = { app_user: 0, plan: 0, parcel: 0, supply_record: 0, jurisdiction: 0 };

describe('landplan serve without the demo', () => {
  it('serve --no-demo on a new SQLite register creates no account and no demo row, and prints no password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landplan-serve-'));
    try {
      const server = await startServer({ dataDir: dir, demo: false, env: { LANDPLAN_DATABASE_URL: '' } });
      const out = server.output();
      const health = await fetch(`${server.url}/api/health`);
      await server.stop();
      expect(health.status).toBe(200);
      expect(out).not.toMatch(/demo-2026|演示账号/);
      expect(out).toContain('landplan user add');
      expect(await rowCounts({ sqlitePath: join(dir, 'landplan.db') })).toEqual(EMPTY);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('--demo is refused on a register holding data that is not the demo’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landplan-serve-'));
    try {
      const s = await openStore({ sqlitePath: join(dir, 'landplan.db') });
      await upsertJurisdiction(s, { code: '110000', name: '北京市', level: 'province', parentCode: null }, 'test');
      await s.close();
      await expect(startServer({ dataDir: dir, demo: true, env: { LANDPLAN_DATABASE_URL: '' }, timeoutMs: 60_000 })).rejects.toThrow(/not the demo's/);
      expect((await rowCounts({ sqlitePath: join(dir, 'landplan.db') })).app_user).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  const pg = BACKENDS.find((b) => b.name === 'postgres');
  it.skipIf(!pg)('serve against an empty PostgreSQL database (no flag) creates no account and no demo row', async () => {
    const o = await pg!.fresh();
    try {
      const server = await startServer({ demo: false, env: { LANDPLAN_DATABASE_URL: o.databaseUrl!, LANDPLAN_DATABASE_SCHEMA: o.pgSchema! } });
      const out = server.output();
      await server.stop();
      expect(out).not.toMatch(/demo-2026|演示账号/);
      expect(await rowCounts(o)).toEqual(EMPTY);
    } finally {
      await o.cleanup();
    }
  }, 120_000);
});
