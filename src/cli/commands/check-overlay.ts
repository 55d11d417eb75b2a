/**
 * `landplan check-overlay PARCELS --against LAYER… [--boundary LAYER] [--min-area M2] [--json]`
 * Overlays parcels on constraint layers (永久基本农田, 生态保护红线 …): every intersecting pair
 * with its ellipsoidal area; parcels overlapping each other (重复供地); parcels outside the urban
 * development boundary (城镇开发边界) with the area outside. Exit 1 when a parcel overlaps a
 * constraint layer or another parcel by more than --min-area (default 0.01 m²).
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { GeoFormatError, openParcelFile } from '../../geo/formats/index.js';
import { indexLayer, intersectingPairs, outsideBoundary, selfOverlaps } from '../../geo/overlay.js';
import { PackedLayerBuilder, type PackedLayer } from '../../geo/packed.js';
import { UserError } from '../user-error.js';

interface Options {
  against: string[];
  boundary?: string;
  minArea: string;
  json?: boolean;
  crs?: string;
  encoding?: string;
}

/** Streams a layer straight into packed arrays: a 2 000 000-polygon layer never exists as GeoJSON objects. */
async function readLayer(file: string, opts: Options): Promise<PackedLayer> {
  const b = new PackedLayerBuilder();
  try {
    const src = await openParcelFile(file, { ...(opts.crs ? { crs: opts.crs } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}) });
    for await (const f of src) b.add(f.fields.parcelNumber ?? `#${f.recordIndex + 1}`, f.geometry);
  } catch (e) {
    if (e instanceof GeoFormatError) throw new UserError(e.message);
    throw e;
  }
  return b.finish();
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function registerCheckOverlay(program: Command, exit: (code: number) => void): void {
  program
    .command('check-overlay')
    .argument('<parcels>', 'parcel file (.shp/.zip/.geojson/.fgb/.csv/.xlsx)')
    .requiredOption('--against <layers...>', 'constraint layers the parcels must not overlap (farmland, red line, supplied parcels)')
    .option('--boundary <layer>', 'urban development boundary: report parcels outside it')
    .option('--min-area <m2>', 'ignore overlaps up to this area (slivers), m²', '0.01')
    .option('--crs <epsg>', 'CRS for files that do not declare one')
    .option('--encoding <label>', 'attribute encoding for shapefiles/CSV')
    .option('--json', 'JSON output')
    .description('overlay parcels on constraint layers: intersections, double supply, outside the boundary')
    .action(async (parcelsFile: string, opts: Options) => {
      const minArea = Number(opts.minArea);
      if (!Number.isFinite(minArea) || minArea < 0) throw new UserError(`--min-area 应为非负数 / --min-area must be a non-negative number: ${opts.minArea}`);
      const parcels = await readLayer(parcelsFile, opts);
      const parcelIndex = indexLayer(parcels);
      const layers = [];
      for (const file of opts.against) {
        const layer = indexLayer(await readLayer(file, opts));
        const pairs = intersectingPairs(parcels, layer).filter((p) => p.areaM2 > minArea);
        layers.push({ layer: file, overlaps: pairs.map((p) => ({ parcel: p.aId, feature: p.bId, area_m2: r2(p.areaM2) })) });
      }
      const doubles = selfOverlaps(parcelIndex, { minAreaM2: minArea }).map((p) => ({ parcel: p.aId, other: p.bId, area_m2: r2(p.areaM2) }));
      let outside: { parcel: string; area_m2: number; outside_m2: number }[] | undefined;
      if (opts.boundary) {
        const b = indexLayer(await readLayer(opts.boundary, opts));
        outside = outsideBoundary(parcels, b, { minAreaM2: minArea }).map((o) => ({ parcel: o.aId, area_m2: r2(o.parcelAreaM2), outside_m2: r2(o.outsideAreaM2) }));
      }
      const failed = layers.some((l) => l.overlaps.length > 0) || doubles.length > 0;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ parcels: parcels.size, layers, parcelOverlaps: doubles, ...(outside ? { outsideBoundary: outside } : {}) })}\n`);
      } else {
        const w = (s: string) => process.stdout.write(`${s}\n`);
        w(`宗地 ${parcels.size} 宗 / ${parcels.size} parcels`);
        for (const l of layers) {
          w(`[${basename(l.layer)}] 相交 ${l.overlaps.length} 处 / ${l.overlaps.length} overlaps`);
          for (const o of l.overlaps) w(`  错误 error: 宗地 ${o.parcel} 与 ${o.feature} 重叠 ${o.area_m2.toFixed(2)} m² / parcel ${o.parcel} overlaps ${o.feature} by ${o.area_m2.toFixed(2)} m²`);
        }
        w(`宗地互相重叠 ${doubles.length} 处 / ${doubles.length} parcel overlaps`);
        for (const d of doubles) w(`  错误 error: 宗地 ${d.parcel} 与 ${d.other} 重叠 ${d.area_m2.toFixed(2)} m²（重复供地）/ parcels ${d.parcel} and ${d.other} overlap by ${d.area_m2.toFixed(2)} m² (double supply)`);
        if (outside) {
          w(`城镇开发边界外 ${outside.length} 宗 / ${outside.length} parcels outside the boundary`);
          for (const o of outside) w(`  警告 warning: 宗地 ${o.parcel} 有 ${o.outside_m2.toFixed(2)} m²（共 ${o.area_m2.toFixed(2)} m²）在边界外 / parcel ${o.parcel}: ${o.outside_m2.toFixed(2)} of ${o.area_m2.toFixed(2)} m² outside`);
        }
      }
      exit(failed ? 1 : 0);
    });
}
