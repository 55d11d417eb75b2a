/** What a reader tells the user before streaming: format, CRS and encoding decisions, columns. */
import type { ParcelFeature } from '../../domain/parcel.js';
import type { CrsDecision } from '../crs.js';
import type { EncodingDecision } from './encoding.js';
import type { ColumnReport } from './field-map.js';

export type ParcelFormat = 'shapefile' | 'geojson' | 'flatgeobuf' | 'csv' | 'xlsx';

export interface ParcelSource extends AsyncIterable<ParcelFeature> {
  readonly file: string;
  readonly format: ParcelFormat;
  readonly crs: CrsDecision;
  /** Shapefile and CSV only. */
  readonly encoding?: EncodingDecision;
  readonly columns: ColumnReport;
  /** Record count when the format knows it up front (shapefile, FlatGeobuf). */
  readonly count?: number;
  /** Sample values of text columns, so the user can see the decoding is right. */
  readonly samples?: readonly string[];
}

export interface ReadOptions {
  /** --crs: EPSG code text ("EPSG:4514"). */
  readonly crs?: string;
  /** --encoding label ("GBK", "UTF-8"). */
  readonly encoding?: string;
  /** Injected stat, for the 2 GB check in tests. */
  readonly stat?: (path: string) => Promise<{ size: number }>;
}
