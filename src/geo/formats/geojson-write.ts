/**
 * Streams a GeoJSON FeatureCollection to disk with backpressure, to a temporary file renamed into
 * place only when every feature was written: an import that fails half-way leaves no output.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { ParcelGeometry } from '../../domain/parcel.js';

export interface OutFeature {
  readonly geometry: ParcelGeometry | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

export async function writeGeoJson(path: string, features: AsyncIterable<OutFeature> | Iterable<OutFeature>): Promise<number> {
  const tmp = `${path}.partial-${process.pid}`;
  // Opening first makes a bad path (missing folder, no permission) a rejected promise, not a
  // stream 'error' event after the fact.
  const fh = await open(tmp, 'w');
  const out = fh.createWriteStream({ encoding: 'utf8' });
  let failure: Error | undefined;
  out.on('error', (e) => (failure = e));
  const write = (s: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (out.write(s)) resolve();
      else {
        const onError = (e: Error) => reject(e);
        out.once('error', onError);
        out.once('drain', () => {
          out.off('error', onError);
          resolve();
        });
      }
    });
  let n = 0;
  try {
    await write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[\n');
    // Batch ~1 MB per write: one awaited write per feature costs more than the JSON itself.
    let batch: string[] = [];
    let size = 0;
    for await (const f of features) {
      const s = `${n === 0 ? '' : ',\n'}${JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry })}`;
      batch.push(s);
      size += s.length;
      n++;
      if (size > 1 << 20) {
        await write(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    await write(`${batch.join('')}\n]}\n`);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (failure) throw failure;
    await rename(tmp, path);
    return n;
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
