/**
 * A synthetic national data set for the national store, marked 演示数据 in every row it can be:
 * every current county-level unit of the hierarchy, `years` plan years, about `parcelsPerCountyYear`
 * parcels a county a year with square geometry (CGCS2000 lon/lat) and one supply each, a plan per
 * county and year whose caps exceed what was supplied (execution 60–100 %), a publication date
 * (about two thirds by 31 March), and about 15 % of parcels not started by their agreed date.
 *
 * Deterministic: the same seed gives the same rows (a PRNG per county). Rows come out one
 * province at a time, shaped as the national tables' columns, for a bulk loader (COPY).
 * County positions are synthetic too (a cloud per province inside China's extent): this data set
 * measures the store, it does not draw a real map.
 */
import { entryHash, GENESIS_HASH } from '../store/audit-log.js';
import { indicatorDimension } from '../store/national/rollup.js';
import { mulberry32 } from './demo-workload.js';
import type { DivisionUnit } from '../domain/jurisdiction/divisions.js';

export const SYNTHETIC_CATEGORIES = ['residential', 'commercial', 'industrialStorage', 'publicServices', 'transport', 'water', 'special'] as const;
const METHODS = ['grant', 'allocation', 'lease'] as const;
const SOURCES = ['new', 'existing'] as const;

export interface SyntheticOptions {
  readonly firstYear: number;
  readonly years: number;
  /** Mean parcels per county per year (uniform on 0.5×…1.5×). */
  readonly parcelsPerCountyYear: number;
  readonly seed: number;
}

export type Row = Record<string, string | number | null>;

export interface ProvinceRows {
  readonly provinceCode: string;
  readonly counties: number;
  readonly nat_plan: Row[];
  readonly nat_plan_version: Row[];
  readonly nat_indicator: Row[];
  readonly nat_supply: Row[];
  readonly nat_parcel: Row[];
  readonly nat_audit: Row[];
  readonly nat_reporter: Row[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

function dateIn(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1) + dayOfYear * 86_400_000).toISOString().slice(0, 10);
}

/** Counties by province, from a loaded hierarchy (current county-level units only). */
export function countiesByProvince(units: readonly DivisionUnit[]): Map<string, DivisionUnit[]> {
  const out = new Map<string, DivisionUnit[]>();
  for (const u of units) {
    if (u.level !== 'county' || u.validTo !== null) continue;
    const p = `${u.code.slice(0, 2)}0000`;
    const list = out.get(p) ?? [];
    list.push(u);
    out.set(p, list);
  }
  return out;
}

/** Rows of one province. */
export function provinceRows(provinceCode: string, counties: readonly DivisionUnit[], opts: SyntheticOptions): ProvinceRows {
  const rows: ProvinceRows = { provinceCode, counties: counties.length, nat_plan: [], nat_plan_version: [], nat_indicator: [], nat_supply: [], nat_parcel: [], nat_audit: [], nat_reporter: [] };
  const prov = mulberry32(opts.seed ^ Number(provinceCode));
  const centre = { x: 80 + prov() * 45, y: 24 + prov() * 22 };
  for (const c of counties) {
    const rnd = mulberry32(opts.seed * 7919 + Number(c.code));
    const base = { x: centre.x + (rnd() - 0.5) * 6, y: centre.y + (rnd() - 0.5) * 4 };
    let parcelId = 0;
    let recordId = 0;
    let seq = 0;
    let prevHash = GENESIS_HASH;
    for (let y = 0; y < opts.years; y++) {
      const year = opts.firstYear + y;
      const planId = y + 1;
      const versionId = y + 1;
      const n = Math.max(1, Math.round(opts.parcelsPerCountyYear * (0.5 + rnd())));
      const suppliedByCategory = new Map<string, number>();
      const suppliedByMethod = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        parcelId++;
        recordId++;
        // 0.2 ha … 6 ha in whole 0.01 m² steps, as integers of 0.0001 m².
        const areaE4 = Math.round((2000 + rnd() * 58000) * 100) * 100;
        const category = SYNTHETIC_CATEGORIES[Math.floor(rnd() * SYNTHETIC_CATEGORIES.length)]!;
        const method = METHODS[Math.min(2, Math.floor(rnd() * 2.2))]!;
        const source = SOURCES[Math.floor(rnd() * 2)]!;
        suppliedByCategory.set(category, (suppliedByCategory.get(category) ?? 0) + areaE4);
        suppliedByMethod.set(method, (suppliedByMethod.get(method) ?? 0) + areaE4);
        const suppliedOn = dateIn(year, Math.floor(rnd() * 360));
        const agreedStart = dateIn(year + 1, Math.floor(rnd() * 200));
        const started = rnd() < 0.85;
        const side = Math.sqrt(areaE4 / 10000) / 100_000; // metres → degrees, roughly
        const x = base.x + (rnd() - 0.5) * 0.8;
        const yy = base.y + (rnd() - 0.5) * 0.6;
        const ring = [
          [x, yy],
          [x + side, yy],
          [x + side, yy + side],
          [x, yy + side],
          [x, yy],
        ].map(([a, b]) => [Number(a!.toFixed(7)), Number(b!.toFixed(7))]);
        const parcelNumber = `${c.code}${year}${String(i + 1).padStart(4, '0')}`;
        rows.nat_parcel.push({
          province_code: provinceCode,
          county_code: c.code,
          parcel_id: parcelId,
          parcel_number: parcelNumber,
          project_name: `演示数据 ${c.name}${year}年第${i + 1}宗`,
          use_code: category,
          supply_method: method,
          area_e4: areaE4,
          agreed_start_date: agreedStart,
          actual_start_date: started ? agreedStart : null,
          geometry_json: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
          min_x: ring[0]![0]!,
          min_y: ring[0]![1]!,
          max_x: ring[2]![0]!,
          max_y: ring[2]![1]!,
          row_json: JSON.stringify({ id: parcelId, jurisdiction_code: c.code, parcel_number: parcelNumber, attributes_json: '{"synthetic":true}' }),
        });
        rows.nat_supply.push({
          province_code: provinceCode,
          county_code: c.code,
          record_id: recordId,
          plan_id: planId,
          year,
          category,
          method,
          source,
          district: null,
          area_e4: areaE4,
          parcel_id: parcelId,
          reverses_id: null,
          supplied_on: suppliedOn,
          recorded_at: `${suppliedOn}T02:00:00.000Z`,
        });
      }
      // Caps: what was supplied × 1.0–1.67, rounded up to 0.01 ha (e4 units of 100 m²).
      const cap = (v: number): number => Math.ceil((v * (1 + rnd() * 0.67)) / 1_000_000) * 1_000_000;
      const indicators: [string, Record<string, string>, number, number][] = [];
      let total = 0;
      let supplied = 0;
      for (const cat of SYNTHETIC_CATEGORIES) {
        const used = suppliedByCategory.get(cat) ?? 0;
        const v = cap(used);
        total += v;
        supplied += used;
        indicators.push([`category:${cat}`, { category: cat }, v, used]);
      }
      indicators.unshift(['total', {}, total, supplied]);
      const grant = suppliedByMethod.get('grant') ?? 0;
      indicators.push(['method:grant', { method: 'grant' }, cap(grant), grant]);
      const published = rnd() < 0.93;
      const publishedAt = `${dateIn(year, 14 + Math.floor(rnd() * 120))}T02:00:00.000Z`;
      rows.nat_plan.push({ province_code: provinceCode, county_code: c.code, plan_id: planId, year, name: `${c.name}${year}年度国有建设用地供应计划（演示数据）`, current_version_id: null, current_seq: null, status: null, published_at: null, created_at: `${year - 1}-12-01T02:00:00.000Z` });
      rows.nat_plan_version.push({
        province_code: provinceCode,
        county_code: c.code,
        version_id: versionId,
        plan_id: planId,
        seq: 1,
        status: published ? 'published' : 'approved',
        valid_from: `${year}-01-01`,
        recorded_at: `${year - 1}-12-01T02:00:00.000Z`,
        row_json: JSON.stringify({ id: versionId, plan_id: planId, seq: 1, synthetic: true }),
      });
      for (const [id, key, v, used] of indicators) {
        rows.nat_indicator.push({ province_code: provinceCode, county_code: c.code, plan_version_id: versionId, indicator_id: id, kind: 'binding', key_json: JSON.stringify(key), cap_e4: v, debited_e4: used, ...indicatorDimension(key) });
      }
      if (published) {
        seq++;
        const entry = { seq, at: publishedAt, actor: 'synthetic', action: 'plan.status', entity: 'plan_version', entity_id: String(versionId), before_json: '{"status":"approved"}', after_json: '{"status":"published","documentRef":null}', prev_hash: prevHash };
        const hash = entryHash(entry);
        rows.nat_audit.push({ province_code: provinceCode, county_code: c.code, ...entry, hash });
        prevHash = hash;
      }
    }
    rows.nat_reporter.push({ county_code: c.code, province_code: provinceCode, public_key: null, key_registered_at: null, key_registered_by: null, head_seq: seq, head_hash: prevHash, reported_at: `${opts.firstYear + opts.years - 1}-${pad(12)}-31T10:00:00.000Z`, imported_at: null, channel: 'synthetic', bundle_sha256: null });
  }
  return rows;
}
