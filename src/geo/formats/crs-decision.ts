/** CRS precedence for every reader: explicit --crs > the file's own declaration > magnitudes. */
import { CrsError, crsFromCoordinates, crsFromPrj, parseCrsOption, type CrsDecision } from '../crs.js';
import { GeoFormatError } from './errors.js';
import type { ReadOptions } from './source-info.js';

export function decideCrs(file: string, opts: ReadOptions, prj: string | undefined, bbox: () => readonly [number, number, number, number]): CrsDecision {
  try {
    if (opts.crs) {
      const crs = parseCrsOption(opts.crs);
      return { crs, source: 'explicit', detail: `--crs ${opts.crs}` };
    }
    if (prj !== undefined && prj.trim() !== '') return crsFromPrj(prj);
    return crsFromCoordinates(bbox());
  } catch (e) {
    if (e instanceof CrsError) throw new GeoFormatError(file, e.zh, e.en);
    throw e;
  }
}

