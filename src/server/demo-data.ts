/**
 * The demo `landplan serve` starts with (idempotent: a second start loads nothing):
 * - 巴楚县 and its parents; the 2026 plan compiled from the published consultation draft
 *   (data/demo/bachu-2026-plan.txt), with the figures the audit flags recorded as flagged;
 * - the synthetic county's districts and parcels, imported with source "演示数据 …";
 * - supply records on about a third of the parcels, each note starting "演示数据", kept under
 *   60% of every category's plan figure so the demo never runs into a cap.
 * Nothing here is real: every generated row says it is demo data.
 */
import { Area } from '../domain/area.js';
import { planCategories } from '../domain/classification/index.js';
import { ellipsoidalArea } from '../geo/area.js';
import type { ParcelFeature } from '../domain/parcel.js';
import { planCategoryOfUse, planRowFor } from '../domain/supply.js';
import type { SupplyMethodCode } from '../domain/supply-method.js';
import { compilePlanFromText } from '../services/compile-plan-from-text.js';
import { createPlan, findPlan, importParcels, upsertDistrict, upsertJurisdiction, type Store } from '../services/register.js';
import { recordSupply } from '../services/ledger.js';
import { marginal } from '../domain/plan/cube.js';
import { DEMO_JURISDICTION, DEMO_PARENTS, demoCounty, districtName } from './demo-county.js';
import { createRng } from '../geo/random.js';

const ACTOR = 'landplan serve (演示数据)';
const SUPPLY_SHARE_MAX = 0.6;

/** Grantable uses go by listing (挂牌); public services and utilities by allocation (划拨). */
function methodFor(category: string): { code: SupplyMethodCode; group: 'grant' | 'allocation' } {
  return ['publicServices', 'publicUtilities', 'transport', 'special', 'water', 'education'].includes(category) ? { code: '1', group: 'allocation' } : { code: '23', group: 'grant' };
}

export async function loadDemoData(store: Store, planText: string): Promise<string> {
  if (await findPlan(store.db, DEMO_JURISDICTION.code, 2026)) return '演示数据已存在 / demo data already loaded';
  for (const j of [...DEMO_PARENTS, DEMO_JURISDICTION]) await upsertJurisdiction(store, j, ACTOR);
  const compiled = compilePlanFromText(planText);
  const version = await createPlan(store, {
    jurisdictionCode: DEMO_JURISDICTION.code,
    year: 2026,
    name: compiled.report.document.title ?? '巴楚县2026年度国有建设用地供应计划',
    status: 'consultation',
    cube: compiled.cube,
    flagged: compiled.flagged,
    ruleSet: { id: 'xj-demo-2026' },
    validFrom: '2026-01-01',
    actor: ACTOR,
  });

  const county = demoCounty();
  for (const d of county.districts) await upsertDistrict(store, { jurisdictionCode: DEMO_JURISDICTION.code, code: d.id, name: districtName(d.id), geometry: d.geometry }, ACTOR);

  const rng = createRng(7);
  const planRows = new Set(marginal(compiled.cube, 'category').keys());
  const budget = new Map([...marginal(compiled.cube, 'category')].map(([c, a]) => [c, a.times(SUPPLY_SHARE_MAX)]));
  const supplies: { index: number; category: string; method: 'grant' | 'allocation'; area: Area; district: string; on: string }[] = [];
  const features: ParcelFeature[] = county.parcels.map((p, i) => {
    const useCode = String(p.properties['用途']);
    const district = String(p.properties['片区']);
    const m2 = ellipsoidalArea(p.geometry);
    const area = Area.fromSquareMetres(m2.toFixed(2));
    const category = planRowFor(planCategoryOfUse('gbt21010', useCode, planCategories()) ?? '', planRows);
    let fields: ParcelFeature['fields'] = { parcelNumber: `BC2026-${String(i + 1).padStart(4, '0')}`, projectName: `演示项目 ${i + 1}`, location: `${districtName(district)}（演示）`, district, area, useCode };
    if (category && rng.next() < 0.35 && (budget.get(category)?.compare(area) ?? -1) >= 0) {
      budget.set(category, budget.get(category)!.minus(area));
      const month = 1 + Math.floor(rng.next() * 10);
      const on = `2026-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rng.next() * 27)).padStart(2, '0')}`;
      const m = methodFor(category);
      const started = rng.next() < 0.4;
      fields = { ...fields, supplyMethod: m.code, contractDate: on, ...(started ? { actualStartDate: on.replace(/-\d\d$/, '-28') } : {}) };
      supplies.push({ index: i, category, method: m.group, area, district, on });
    }
    return { recordIndex: i, geometry: p.geometry, fields, attributes: { ...p.properties, 演示数据: true }, areaM2: m2 };
  });
  const imported = await importParcels(store, { jurisdictionCode: DEMO_JURISDICTION.code, source: '演示数据：合成的巴楚县宗地 (geo/synthetic)', features, actor: ACTOR });
  const firstId = await store.db.selectFrom('parcel').select('id').where('import_id', '=', imported.importId).orderBy('id').limit(1).executeTakeFirstOrThrow();
  let recorded = 0;
  for (const s of supplies.sort((a, b) => a.on.localeCompare(b.on))) {
    const quarter = Math.ceil(Number(s.on.slice(5, 7)) / 3) as 1 | 2 | 3 | 4;
    const out = await recordSupply(store, {
      planVersionId: version.id,
      key: { category: s.category, method: s.method, source: 'new', district: s.district, quarter },
      area: s.area,
      suppliedOn: s.on,
      parcelId: Number(firstId.id) + s.index,
      note: `演示数据 · 演示项目 ${s.index + 1}`,
      actor: ACTOR,
    });
    if (out.accepted) recorded++;
  }
  return `演示数据已载入 / demo loaded: 巴楚县2026 plan, ${imported.count} parcels, ${recorded} supply records (all marked 演示数据)`;
}
