/**
 * The plan's parcels and rows for other systems: GeoJSON features (EPSG:4490) and shapefile
 * attributes with Chinese column names that county GIS software and `landplan import` read
 * (宗地编号, 项目名称, 坐落, 片区, 面积 in m² …), and the plan's rows in the field layout of the
 * land-market monitoring system (土地市场动态监测与监管系统, DOMAIN §7).
 *
 * Areas are exact decimals written as numbers by their shortest text (no float noise).
 */
import { planCategory } from '../domain/classification/index.js';
import type { ParcelGeometry } from '../domain/parcel.js';
import { supplyMethod } from '../domain/supply-method.js';
import { marginal, type PlanCube } from '../domain/plan/cube.js';
import type { ReportInput } from './input.js';

const num = (v: { toFixed(): string }): number => Number(v.toFixed());

export interface ExchangeFeature {
  readonly geometry: ParcelGeometry | null;
  readonly properties: Record<string, string | number | null>;
}

/** The 宗地表 as features. Column names fit a DBF's 10 bytes in GBK (5 Chinese characters). */
export function parcelFeatures(input: ReportInput): ExchangeFeature[] {
  const districts = input.plan.cube.districts;
  return (input.plan.parcels ?? []).map((p) => ({
    geometry: p.geometry ?? null,
    properties: {
      宗地编号: p.number,
      项目名称: p.name ?? null,
      坐落: p.location ?? null,
      片区: p.district ? (districts.find((d) => d.id === p.district)?.name ?? p.district) : null,
      片区代码: p.district ?? null,
      土地用途: p.useCode ?? null,
      用途名称: planCategory(p.category)?.zh ?? p.category,
      供地方式: p.methodCode ?? null,
      方式名称: p.methodCode ? (supplyMethod(p.methodCode)?.zh ?? null) : null,
      面积: num(p.area.squareMetres),
      面积公顷: num(p.area.hectares),
      存量面积: p.newLand ? num(p.area.minus(p.newLand).squareMetres) : null,
      计划季度: p.quarter ?? null,
      电子监管号: p.supervisionNumber ?? null,
    },
  }));
}

export function geoJsonBytes(input: ReportInput): Uint8Array {
  const fc = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } },
    features: parcelFeatures(input).map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry })),
  };
  return new TextEncoder().encode(JSON.stringify(fc));
}

/**
 * One field of the land-market system's layout. `guessed`: the system's field for a plan row was
 * not found in any source (DOMAIN §7 lists the supply-result fields only); the name follows the
 * system's pinyin-initial convention and must be checked against the system before upload.
 */
export interface LandMarketField {
  readonly name: string;
  readonly zh: string;
  readonly guessed: boolean;
}

export const PLAN_ROW_FIELDS: readonly LandMarketField[] = [
  { name: 'xzqDm', zh: '行政区代码', guessed: false },
  { name: 'xzqFullName', zh: '行政区', guessed: false },
  { name: 'jhNd', zh: '计划年度', guessed: true },
  { name: 'tdYt', zh: '土地用途', guessed: false },
  { name: 'jhMj', zh: '计划面积(公顷)', guessed: true },
  { name: 'xzMj', zh: '新增建设用地面积(公顷)', guessed: true },
  { name: 'clMj', zh: '存量建设用地面积(公顷)', guessed: true },
  { name: 'crMj', zh: '出让面积(公顷)', guessed: true },
  { name: 'hbMj', zh: '划拨面积(公顷)', guessed: true },
  { name: 'zbXz', zh: '指标性质(约束性/指导性)', guessed: true },
];

export const PARCEL_FIELDS: readonly LandMarketField[] = [
  { name: 'xzqFullName', zh: '行政区', guessed: false },
  { name: 'dzBaBh', zh: '电子监管号', guessed: false },
  { name: 'zdBh', zh: '宗地编号', guessed: false },
  { name: 'xmMc', zh: '项目名称', guessed: false },
  { name: 'tdZl', zh: '项目位置', guessed: false },
  { name: 'gyMj', zh: '面积(公顷)', guessed: false },
  { name: 'tdLy', zh: '土地来源(存量面积,公顷)', guessed: false },
  { name: 'tdYt', zh: '土地用途', guessed: false },
  { name: 'gyFs', zh: '供地方式', guessed: false },
  { name: 'jhJd', zh: '计划供应季度', guessed: true },
];

function rows(cube: PlanCube, region: string, code: string | undefined, year: number): Record<string, string | number | null>[] {
  const has = (d: 'source' | 'method'): boolean => cube.dimensions.includes(d);
  const sum = (key: Record<string, string>): number => num(cube.cells.filter((c) => Object.entries(key).every(([k, v]) => (c.key as Record<string, unknown>)[k] === v)).reduce((a, c) => a.plus(c.area.hectares), cube.cells[0]!.area.hectares.times(0)));
  return [...marginal(cube, 'category')].map(([cat, area]) => ({
    xzqDm: code ?? null,
    xzqFullName: region,
    jhNd: year,
    tdYt: planCategory(cat)?.zh ?? cat,
    jhMj: num(area.hectares),
    xzMj: has('source') ? sum({ category: cat, source: 'new' }) : null,
    clMj: has('source') ? sum({ category: cat, source: 'existing' }) : null,
    crMj: has('method') ? sum({ category: cat, method: 'grant' }) : null,
    hbMj: has('method') ? sum({ category: cat, method: 'allocation' }) : null,
    zbXz: cube.rows.find((r) => r.category === cat)?.kind === 'indicative' ? '指导性' : '约束性',
  }));
}

/** The plan's rows and parcels in the land-market system's field layout, with the field list. */
export function landMarketJson(input: ReportInput, jurisdictionCode?: string): Uint8Array {
  const p = input.plan;
  const out = {
    system: '土地市场动态监测与监管系统',
    note: '字段名按 DOMAIN §7；guessed 为 true 的字段为推测，上报前须与系统核对 / fields marked guessed were not found in any source: check them against the system before upload',
    planFields: PLAN_ROW_FIELDS,
    parcelFields: PARCEL_FIELDS,
    plan: rows(p.cube, p.region, jurisdictionCode, p.year),
    parcels: (p.parcels ?? []).map((x) => ({
      xzqFullName: p.region,
      dzBaBh: x.supervisionNumber ?? null,
      zdBh: x.number,
      xmMc: x.name ?? null,
      tdZl: x.location ?? null,
      gyMj: num(x.area.hectares),
      tdLy: x.newLand ? num(x.area.minus(x.newLand).hectares) : null,
      tdYt: x.useCode ?? planCategory(x.category)?.zh ?? x.category,
      gyFs: x.methodCode ?? null,
      jhJd: x.quarter ?? null,
    })),
  };
  return new TextEncoder().encode(JSON.stringify(out, null, 2));
}
