/**
 * PlanCube ↔ JSON. Areas travel as exact m² decimal strings ("18432400"), never floats. Parsing
 * checks every field and names the first bad one ("cells[3].area"), so a bad plan is refused
 * before anything is written.
 */
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import { DIMENSIONS, type CellKey, type PlanCube } from '../domain/plan/cube.js';
import { InputError } from './errors.js';

export interface CubeJson {
  dimensions: string[];
  cells: { key: Record<string, string | number>; area: string }[];
  rows: { category: string; kind: string; allocation: string }[];
  districts: { id: string; name: string }[];
  marginals: { key: Record<string, string | number>; area: string; kind: string; label: string }[];
  fiveYearAverage?: { total?: string; byCategory?: Record<string, string> };
}

function keyJson(k: CellKey): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const d of DIMENSIONS) if (k[d] !== undefined) out[d] = k[d]!;
  return out;
}

export function cubeToJson(cube: PlanCube): CubeJson {
  const j: CubeJson = {
    dimensions: [...cube.dimensions],
    cells: cube.cells.map((c) => ({ key: keyJson(c.key), area: c.area.squareMetres.toFixed() })),
    rows: cube.rows.map((r) => ({ category: r.category, kind: r.kind, allocation: r.allocation })),
    districts: cube.districts.map((d) => ({ id: d.id, name: d.name })),
    marginals: cube.marginals.map((m) => ({ key: keyJson(m.key), area: m.area.squareMetres.toFixed(), kind: m.kind, label: m.label })),
  };
  if (cube.fiveYearAverage) {
    const f: { total?: string; byCategory?: Record<string, string> } = {};
    if (cube.fiveYearAverage.total) f.total = cube.fiveYearAverage.total.squareMetres.toFixed();
    if (cube.fiveYearAverage.byCategory) {
      f.byCategory = Object.fromEntries(Object.entries(cube.fiveYearAverage.byCategory).map(([k, v]) => [k, v.squareMetres.toFixed()]));
    }
    j.fiveYearAverage = f;
  }
  return j;
}

/** An exact, finite, non-negative area given as m² (decimal string or number). */
export function parseArea(v: unknown, field: string, opts: { allowNegative?: boolean } = {}): Area {
  if (typeof v !== 'string' && typeof v !== 'number') throw new InputError(field, '缺少面积或面积不是数值', 'area is missing or not a number');
  let d: Dec;
  try {
    d = new Dec(typeof v === 'string' ? v.trim() : v);
  } catch {
    throw new InputError(field, `面积 "${String(v)}" 不是数值`, `area "${String(v)}" is not a number`);
  }
  if (d.isNaN()) throw new InputError(field, '面积为 NaN', 'area is NaN');
  if (!d.isFinite()) throw new InputError(field, '面积不是有限数值', 'area is not finite');
  if (!opts.allowNegative && d.isNegative() && !d.isZero()) throw new InputError(field, `面积为负 (${d.toFixed()})`, `area is negative (${d.toFixed()})`);
  return Area.fromSquareMetres(d);
}

function parseKey(v: unknown, field: string): CellKey {
  if (typeof v !== 'object' || v === null) throw new InputError(field, '缺少指标键', 'key is missing');
  const o = v as Record<string, unknown>;
  const out: Record<string, string | number> = {};
  for (const [k, val] of Object.entries(o)) {
    if (!(DIMENSIONS as readonly string[]).includes(k)) throw new InputError(`${field}.${k}`, `未知维度 "${k}"`, `unknown dimension "${k}"`);
    if (k === 'quarter') {
      if (val !== 1 && val !== 2 && val !== 3 && val !== 4) throw new InputError(`${field}.quarter`, '季度应为 1–4', 'quarter must be 1–4');
      out[k] = val;
    } else {
      if (typeof val !== 'string' || val === '') throw new InputError(`${field}.${k}`, `${k} 应为非空文本`, `${k} must be non-empty text`);
      out[k] = val;
    }
  }
  return out as CellKey;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new InputError(field, `应为 ${allowed.join(' | ')}，实为 ${JSON.stringify(v)}`, `expected ${allowed.join(' | ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** JSON (as stored, or as a user supplied it) → PlanCube, refusing the first malformed field. */
export function cubeFromJson(j: unknown): PlanCube {
  if (typeof j !== 'object' || j === null) throw new InputError('cube', '计划指标不是对象', 'the plan cube is not an object');
  const o = j as Partial<CubeJson>;
  const arr = <T>(v: T[] | undefined, f: string): T[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new InputError(f, '应为数组', 'must be an array');
    return v;
  };
  const dimensions = arr(o.dimensions, 'dimensions').map((d, i) => oneOf(d, DIMENSIONS, `dimensions[${i}]`));
  const cells = arr(o.cells, 'cells').map((c, i) => ({ key: parseKey(c?.key, `cells[${i}].key`), area: parseArea(c?.area, `cells[${i}].area`) }));
  const rows = arr(o.rows, 'rows').map((r, i) => {
    if (typeof r?.category !== 'string') throw new InputError(`rows[${i}].category`, '缺少用途类别', 'category is missing');
    return {
      category: r.category,
      kind: oneOf(r.kind, ['binding', 'indicative'] as const, `rows[${i}].kind`),
      allocation: oneOf(r.allocation, ['pooled', 'zoneAllocated'] as const, `rows[${i}].allocation`),
    };
  });
  const districts = arr(o.districts, 'districts').map((d, i) => {
    if (typeof d?.id !== 'string' || typeof d?.name !== 'string') throw new InputError(`districts[${i}]`, '片区缺少 id 或名称', 'district needs id and name');
    return { id: d.id, name: d.name };
  });
  const marginals = arr(o.marginals, 'marginals').map((m, i) => ({
    key: parseKey(m?.key, `marginals[${i}].key`),
    area: parseArea(m?.area, `marginals[${i}].area`),
    kind: oneOf(m?.kind, ['binding', 'indicative'] as const, `marginals[${i}].kind`),
    label: typeof m?.label === 'string' ? m.label : '',
  }));
  const cube: { -readonly [K in keyof PlanCube]: PlanCube[K] } = { dimensions, cells, rows, districts, marginals };
  if (o.fiveYearAverage) {
    const f = o.fiveYearAverage;
    cube.fiveYearAverage = {
      ...(f.total !== undefined ? { total: parseArea(f.total, 'fiveYearAverage.total') } : {}),
      ...(f.byCategory ? { byCategory: Object.fromEntries(Object.entries(f.byCategory).map(([k, v]) => [k, parseArea(v, `fiveYearAverage.byCategory.${k}`)])) } : {}),
    };
  }
  return cube;
}
