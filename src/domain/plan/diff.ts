/**
 * What changed between two versions of a plan, cell by cell over the cube's dimensions (category,
 * district, method, source, quarter, housing type). Pure; areas are exact hectare strings ("0"
 * where a version has no such cell). Stated marginals the cells do not determine (e.g. a method
 * split of a plan by category only) are compared too, as their own lines.
 */
import { planCategory } from '../classification/index.js';
import { Area } from '../area.js';
import { DIMENSIONS, keyId, type CellKey, type PlanCube } from './cube.js';

export interface CellChange {
  /** The cell's key, as in the cube. */
  readonly key: CellKey;
  /** "07|d1|…": keyId of the key (stable, for linking). */
  readonly id: string;
  readonly label: { readonly zh: string; readonly en: string };
  /** Hectares, exact decimal text. */
  readonly before: string;
  readonly after: string;
  readonly delta: string;
  /** A stated marginal rather than a cell. */
  readonly marginal?: true;
}

const METHOD: Record<string, { zh: string; en: string }> = {
  grant: { zh: '出让', en: 'grant' },
  allocation: { zh: '划拨', en: 'allocation' },
  lease: { zh: '租赁', en: 'lease' },
  capitalContribution: { zh: '作价出资或入股', en: 'capital contribution' },
  authorizedOperation: { zh: '授权经营', en: 'authorized operation' },
};
const SOURCE: Record<string, { zh: string; en: string }> = { new: { zh: '新增', en: 'new' }, existing: { zh: '存量', en: 'existing' } };

/** A bilingual label of a key, naming districts by the names the cubes give them. */
export function keyLabel(key: CellKey, districtNames: ReadonlyMap<string, string>): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const d of DIMENSIONS) {
    const v = key[d];
    if (v === undefined) continue;
    if (d === 'category') {
      const c = planCategory(String(v));
      zh.push(c?.zh ?? String(v));
      en.push(c?.en ?? String(v));
    } else if (d === 'district') {
      const n = districtNames.get(String(v)) ?? String(v);
      zh.push(n);
      en.push(n);
    } else if (d === 'method') {
      zh.push(METHOD[String(v)]?.zh ?? String(v));
      en.push(METHOD[String(v)]?.en ?? String(v));
    } else if (d === 'source') {
      zh.push(SOURCE[String(v)]?.zh ?? String(v));
      en.push(SOURCE[String(v)]?.en ?? String(v));
    } else if (d === 'quarter') {
      zh.push(`第${v}季度`);
      en.push(`Q${v}`);
    } else {
      zh.push(String(v));
      en.push(String(v));
    }
  }
  return { zh: zh.join(' · ') || '合计', en: en.join(' · ') || 'total' };
}

const ha = (a: Area): string => a.hectares.toFixed();

/** Every cell (and stated marginal) whose area differs between `a` and `b`, in `b`'s order then `a`'s. */
export function diffCubes(a: PlanCube, b: PlanCube): CellChange[] {
  const names = new Map<string, string>([...a.districts, ...b.districts].map((d) => [d.id, d.name]));
  const out: CellChange[] = [];
  const compare = (before: readonly { key: CellKey; area: Area }[], after: readonly { key: CellKey; area: Area }[], marginal: boolean): void => {
    const A = new Map(before.map((c) => [keyId(c.key), c]));
    const B = new Map(after.map((c) => [keyId(c.key), c]));
    const ids = [...B.keys(), ...[...A.keys()].filter((k) => !B.has(k))];
    for (const id of ids) {
      const x = A.get(id);
      const y = B.get(id);
      const va = x?.area ?? Area.zero;
      const vb = y?.area ?? Area.zero;
      if (x && y && va.equals(vb)) continue;
      const key = (y ?? x)!.key;
      out.push({ key, id, label: keyLabel(key, names), before: ha(va), after: ha(vb), delta: vb.hectares.minus(va.hectares).toFixed(), ...(marginal ? { marginal: true as const } : {}) });
    }
  };
  compare(a.cells, b.cells, false);
  compare(a.marginals, b.marginals, true);
  return out;
}
