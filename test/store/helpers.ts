/**
 * Test backends: SQLite always (a fresh file per store), PostgreSQL when LANDPLAN_TEST_DATABASE_URL
 * is set (a fresh schema per store, dropped afterwards), so test files never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Area } from '../../src/domain/area.js';
import type { PlanCube } from '../../src/domain/plan/cube.js';
import { openStore, type OpenOptions, type Store } from '../../src/store/database.js';
import { upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';

export const PG_URL = process.env.LANDPLAN_TEST_DATABASE_URL;

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Options for a fresh, empty database. */
  fresh(): Promise<OpenOptions & { cleanup(): Promise<void> }>;
}

let counter = 0;
const tmpDirs: string[] = [];

const sqliteBackend: Backend = {
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'landplan-store-'));
    tmpDirs.push(dir);
    return { sqlitePath: join(dir, 'landplan.db'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/** CI may start from a server without the test database: create it once if it is missing. */
let databaseReady: Promise<void> | undefined;
async function ensureDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    await c.end();
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
    const u = new URL(url);
    const name = u.pathname.slice(1);
    u.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: u.toString() });
    await admin.connect();
    await admin.query(`create database "${name.replace(/"/g, '')}"`).catch((err: { code?: string }) => {
      if (err.code !== '42P04') throw err; // created meanwhile by another test file
    });
    await admin.end();
  }
}

const postgresBackend: Backend = {
  name: 'postgres',
  async fresh() {
    await (databaseReady ??= ensureDatabase(PG_URL!));
    const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    return {
      databaseUrl: PG_URL!,
      pgSchema: schema,
      cleanup: async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  },
};

export const BACKENDS: readonly Backend[] = PG_URL ? [sqliteBackend, postgresBackend] : [sqliteBackend];
if (!PG_URL) process.stderr.write('store tests: SQLite only (set LANDPLAN_TEST_DATABASE_URL to also run PostgreSQL)\n');
else process.stderr.write('store tests: SQLite and PostgreSQL\n');

/** A fixed, advancing clock: each call is one second after the previous. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

export async function openFresh(b: Backend, extra: Partial<OpenOptions> = {}): Promise<{ store: Store; opts: OpenOptions; cleanup(): Promise<void> }> {
  const f = await b.fresh();
  const opts: OpenOptions = { ...f, ...extra };
  const store = await openStore(opts);
  return {
    store,
    opts,
    cleanup: async () => {
      await store.close();
      await f.cleanup();
    },
  };
}

export async function seedBachuJurisdictions(store: Store): Promise<void> {
  await upsertJurisdiction(store, { code: '650000', name: '新疆维吾尔自治区', level: 'province', parentCode: null }, 'test');
  await upsertJurisdiction(store, { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: '650000' }, 'test');
  await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: '653100' }, 'test');
}

const ha = (v: string): Area => Area.fromHectares(v);

/**
 * A small plan: residential (binding, zone-allocated to two districts), commercial (binding,
 * zone-allocated), transport (indicative, pooled); 出让 stated as a binding marginal.
 * Total 100 ha.
 */
export function smallCube(): PlanCube {
  return {
    dimensions: ['category', 'district'],
    cells: [
      { key: { category: 'residential', district: 'A' }, area: ha('20') },
      { key: { category: 'residential', district: 'B' }, area: ha('10') },
      { key: { category: 'commercial', district: 'A' }, area: ha('15') },
      { key: { category: 'commercial', district: 'B' }, area: ha('5') },
      { key: { category: 'transport', district: 'A' }, area: ha('30') },
      { key: { category: 'transport', district: 'B' }, area: ha('20') },
    ],
    rows: [
      { category: 'residential', kind: 'binding', allocation: 'zoneAllocated' },
      { category: 'commercial', kind: 'binding', allocation: 'zoneAllocated' },
      { category: 'transport', kind: 'indicative', allocation: 'pooled' },
    ],
    districts: [
      { id: 'A', name: '喀什河片区' },
      { id: 'B', name: '火车站片区' },
    ],
    marginals: [{ key: { method: 'grant' }, area: ha('45'), kind: 'binding', label: '出让' }],
  };
}
