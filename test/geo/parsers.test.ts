import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { parseWkt, toWkt } from '../../src/geo/formats/wkt.js';
import { csvRows, type Cell } from '../../src/geo/formats/table-rows.js';
import { scanGeoJson } from '../../src/geo/formats/geojson-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-geo-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const coord = fc.double({ min: -1e7, max: 3e7, noNaN: true, noDefaultInfinity: true });
const position = fc.tuple(coord, coord) as fc.Arbitrary<Position>;
const ring = fc.array(position, { minLength: 3, maxLength: 8 }).map((r) => [...r, r[0]!]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
const geometry: fc.Arbitrary<ParcelGeometry> = fc.oneof(
  polygon.map((coordinates) => ({ type: 'Polygon' as const, coordinates })),
  fc.array(polygon, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon' as const, coordinates })),
);

describe('parsers round-trip', () => {
  it('WKT: parseWkt(toWkt(g)) gives g back exactly', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        // -0 prints as "0"; compare through the same normalisation.
        const norm = (x: ParcelGeometry) => JSON.parse(JSON.stringify(x)) as ParcelGeometry;
        expect(norm(parseWkt(toWkt(g)).geometry!)).toEqual(norm(g));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('CSV: quoted cells with commas, quotes, newlines and Chinese survive in GBK and UTF-8', async () => {
    const cell = fc.stringMatching(/^[a-z0-9,"\n 巴楚县宗地]{0,12}$/);
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (rows, gbk) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\n';
        const p = join(dir, `c${k++}.csv`);
        writeFileSync(p, gbk ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
        const got: Cell[][] = [];
        for await (const r of csvRows(p, gbk ? 'gbk' : 'utf-8')) got.push(r);
        expect(got).toEqual(rows);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('GeoJSON scanner: every feature comes back whatever the chunk size', async () => {
    const text = fc.string({ maxLength: 10 });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), text), { maxLength: 5 }), fc.integer({ min: 1, max: 64 }), async (props, chunk) => {
        const features = props.map((properties) => ({ type: 'Feature', properties, geometry: null }));
        const p = join(dir, `g${k++}.geojson`);
        writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', name: 'x{[', features }));
        const got: unknown[] = [];
        for await (const it of scanGeoJson(p, chunk)) if (it.kind === 'feature') got.push(JSON.parse(it.json));
        expect(got).toEqual(features);
      }),
      { numRuns: 100, seed: 9 },
    );
  });
});
