/**
 * PostGIS yardstick for geo/: loads packed layers into PostGIS (GiST-indexed) and asks the same
 * overlay questions there. Used by bench/overlay.ts and test/geo/postgis.test.ts.
 */
import pg from 'pg';
import type { PackedLayer } from '../src/geo/packed.js';

/** WKB (little endian) of feature f, Polygon or MultiPolygon, rings closed. */
export function featureWkb(layer: PackedLayer, f: number): Buffer {
  const p0 = layer.featureStart[f]!, p1 = layer.featureStart[f + 1]!;
  const parts = p1 - p0;
  let size = parts === 1 ? 0 : 9;
  for (let p = p0; p < p1; p++) {
    size += 9;
    for (let r = layer.partStart[p]!; r < layer.partStart[p + 1]!; r++) size += 4 + 16 * (layer.ringStart[r + 1]! - layer.ringStart[r]! + 1);
  }
  const buf = Buffer.allocUnsafe(size);
  let o = 0;
  const u8 = (v: number) => { buf.writeUInt8(v, o); o += 1; };
  const u32 = (v: number) => { buf.writeUInt32LE(v, o); o += 4; };
  const f64 = (v: number) => { buf.writeDoubleLE(v, o); o += 8; };
  if (parts !== 1) { u8(1); u32(6); u32(parts); }
  for (let p = p0; p < p1; p++) {
    const r0 = layer.partStart[p]!, r1 = layer.partStart[p + 1]!;
    u8(1); u32(3); u32(r1 - r0);
    for (let r = r0; r < r1; r++) {
      const v0 = layer.ringStart[r]!, v1 = layer.ringStart[r + 1]!;
      u32(v1 - v0 + 1);
      for (let v = v0; v < v1; v++) { f64(layer.coords[2 * v]!); f64(layer.coords[2 * v + 1]!); }
      f64(layer.coords[2 * v0]!); f64(layer.coords[2 * v0 + 1]!);
    }
  }
  return buf;
}

export interface Yardstick {
  readonly client: pg.Client;
  readonly schema: string;
  close(): Promise<void>;
}

export function databaseUrl(): string {
  return process.env.LANDPLAN_TEST_DATABASE_URL ?? process.env.LANDPLAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Connects and creates a scratch schema; returns null when PostgreSQL or PostGIS is unavailable. */
export async function openYardstick(schema: string, url = databaseUrl()): Promise<Yardstick | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`CREATE SCHEMA ${schema}`);
  return {
    client,
    schema,
    close: async () => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await client.end();
    },
  };
}

/** Loads a layer as table `name` (id = feature index) with a GiST index; returns load seconds. */
export async function loadLayer(y: Yardstick, name: string, layer: PackedLayer): Promise<{ loadS: number; indexS: number }> {
  const t = `${y.schema}.${name}`;
  const t0 = performance.now();
  await y.client.query(`CREATE UNLOGGED TABLE ${t} (id integer PRIMARY KEY, geom geometry(Geometry, 4490) NOT NULL)`);
  const batch = 20_000;
  for (let s = 0; s < layer.size; s += batch) {
    const ids: number[] = [];
    const wkbs: Buffer[] = [];
    for (let f = s; f < Math.min(layer.size, s + batch); f++) {
      if (layer.featureStart[f] === layer.featureStart[f + 1]) continue;
      ids.push(f);
      wkbs.push(featureWkb(layer, f));
    }
    await y.client.query(`INSERT INTO ${t} SELECT i, ST_GeomFromWKB(w, 4490) FROM unnest($1::int[], $2::bytea[]) AS u(i, w)`, [ids, wkbs]);
  }
  const t1 = performance.now();
  await y.client.query(`CREATE INDEX ON ${t} USING gist (geom)`);
  await y.client.query(`ANALYZE ${t}`);
  return { loadS: (t1 - t0) / 1000, indexS: (performance.now() - t1) / 1000 };
}

export interface PgPair {
  readonly a: number;
  readonly b: number;
  readonly areaM2: number;
}

/** The overlay question in PostGIS: intersecting pairs and ST_Area(ST_Intersection(a,b)::geography). */
export async function postgisPairs(y: Yardstick, parcels: string, against: string): Promise<PgPair[]> {
  const r = await y.client.query<{ a: number; b: number; area: number }>(
    `SELECT p.id AS a, f.id AS b, ST_Area(ST_Intersection(p.geom, f.geom)::geography) AS area
       FROM ${y.schema}.${parcels} p JOIN ${y.schema}.${against} f ON ST_Intersects(p.geom, f.geom)`,
  );
  return r.rows.map((row) => ({ a: row.a, b: row.b, areaM2: Number(row.area) }));
}
