/**
 * Memory check for streamed import on 1 000 000 features (not a timed benchmark):
 *   npx tsx bench/_geo-stream.ts make DIR      writes DIR/p1m.geojson and DIR/p1m.shp (GBK)
 *   npx tsx bench/_geo-stream.ts read FILE     imports FILE to FILE.out.geojson, prints peak RSS/heap
 */
import { rmSync } from 'node:fs';
import type { ParcelGeometry, Position } from '../src/domain/parcel.js';
import { openParcelFile, writeGeoJson, writeShapefile, type OutFeature } from '../src/geo/formats/index.js';
import { createRng } from '../src/geo/random.js';
import { featureProperties } from '../src/cli/commands/import.js';

const N = 1_000_000;

function* parcels(): Generator<OutFeature> {
  const rng = createRng(1);
  for (let i = 0; i < N; i++) {
    const x = 78 + (i % 1000) * 0.002, y = 39.5 + Math.floor(i / 1000) * 0.0015;
    const d = rng.uniform(0.0005, 0.0012);
    const ring: Position[] = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
    const geometry: ParcelGeometry = { type: 'Polygon', coordinates: [ring] };
    yield { geometry, properties: { 宗地编号: `P${i}`, 项目名称: '巴楚县测试宗地', 面积: Math.round(d * d * 1e10) / 100 } };
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'make') {
  await writeGeoJson(`${arg}/p1m.geojson`, parcels());
  await writeShapefile(`${arg}/p1m.shp`, [...parcels()], { encoding: 'gbk', cpg: false });
} else if (mode === 'read') {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const t = performance.now();
  const src = await openParcelFile(arg!);
  let n = 0;
  async function* out(): AsyncGenerator<OutFeature> {
    for await (const f of src) {
      n++;
      yield { geometry: f.geometry, properties: featureProperties(f) };
    }
  }
  await writeGeoJson(`${arg}.out.geojson`, out());
  sample();
  clearInterval(timer);
  rmSync(`${arg}.out.geojson`);
  process.stdout.write(`${JSON.stringify({ file: arg, features: n, seconds: Math.round(performance.now() - t) / 1000, peak_rss_mb: Math.round(peakRss / 2 ** 20), peak_heap_mb: Math.round(peakHeap / 2 ** 20) })}\n`);
}
