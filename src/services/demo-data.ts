/**
 * The demo `landplan serve` starts with (idempotent: a second start loads nothing):
 * - the 巴楚县 2026 plan from the published consultation draft (services/demo: compiled from
 *   data/demo/bachu-2026-plan.txt, flagged figures recorded as flagged, never corrected);
 * - the synthetic county's districts and parcels (geo/synthetic), imported with source
 *   "演示数据 …", their uses drawn from the plan's categories (用地用海分类 2023 codes);
 * - 2026 supply records on about a third of the parcels, each note starting "演示数据", kept
 *   under 60% of every category's plan figure so the demo never runs into a cap;
 * - a dozen parcels granted in 2023–2024 whose agreed start has passed, so the idle-land clocks
 *   have something to show.
 * Nothing here is real: every generated row says it is demo data.
 */
import { Area } from '../domain/area.js';
import { planCategories } from '../domain/classification/index.js';
import { marginal } from '../domain/plan/cube.js';
import type { ParcelFeature } from '../domain/parcel.js';
import { planCategoryOfUse, planRowFor } from '../domain/supply.js';
import type { SupplyMethodCode } from '../domain/supply-method.js';
import { ellipsoidalArea } from '../geo/area.js';
import { createRng } from '../geo/random.js';
import { loadDemo } from './demo.js';
import { importParcels, upsertDistrict, type Store } from './register.js';
import { findImportBySource, firstParcelIdOfImport, registerHoldsData } from '../store/repos/parcels.js';
import { postDebit } from './ledger.js';
import { DEMO_JURISDICTION, demoCounty, districtName } from './demo-county.js';
import { loadDemoPipeline } from './demo-pipeline.js';

const ACTOR = 'landplan serve (演示数据)';
const SUPPLY_SHARE_MAX = 0.6;
export const DEMO_PARCEL_SOURCE = '演示数据：合成的巴楚县宗地 (geo/synthetic)';

/** 用地用海分类 2023 codes the demo draws uses from, one per plan category. */
const DEMO_USES = ['0701', '0901', '1001', '1101', '0804', '1301', '1207', '1501'];

function methodFor(category: string): { code: SupplyMethodCode; group: 'grant' | 'allocation' } {
  return ['publicServices', 'publicUtilities', 'transport', 'special', 'water', 'education'].includes(category) ? { code: '1', group: 'allocation' } : { code: '23', group: 'grant' };
}

function day(rng: { next(): number }, year: number, months = 10): string {
  const m = 1 + Math.floor(rng.next() * months);
  return `${year}-${String(m).padStart(2, '0')}-${String(1 + Math.floor(rng.next() * 27)).padStart(2, '0')}`;
}

/**
 * What a register holds: nothing yet, the demo (with or without more), or other data only. The demo
 * is loaded into an empty register or the demo's own, never into one holding real data.
 */
export async function registerContent(store: Store): Promise<'empty' | 'demo' | 'other'> {
  if (await findImportBySource(store.db, DEMO_PARCEL_SOURCE)) return 'demo';
  return (await registerHoldsData(store.db)) ? 'other' : 'empty';
}

export async function loadDemoData(store: Store, planText: string): Promise<string> {
  const plan = await loadDemo(store, { actor: ACTOR, text: planText });
  const already = await findImportBySource(store.db, DEMO_PARCEL_SOURCE);
  if (already) return `演示数据已存在 / demo data already loaded (plan ${plan.status}); ${await loadDemoPipeline(store)}`;
  // Supplies draw on the version in force (version 2, approved and published).
  const version = plan.inForce;

  const county = demoCounty();
  for (const d of county.districts) await upsertDistrict(store, { jurisdictionCode: DEMO_JURISDICTION.code, code: d.id, name: districtName(d.id), geometry: d.geometry }, ACTOR);

  const rng = createRng(7);
  const planRows = new Set(marginal(version.cube, 'category').keys());
  const budget = new Map([...marginal(version.cube, 'category')].map(([c, a]) => [c, a.times(SUPPLY_SHARE_MAX)]));
  const supplies: { index: number; category: string; method: 'grant' | 'allocation'; area: Area; district: string; on: string }[] = [];
  let idle = 0;
  const features: ParcelFeature[] = county.parcels.map((p, i) => {
    const useCode = DEMO_USES[Math.floor(rng.next() * DEMO_USES.length)]!;
    const district = String(p.properties['片区']);
    const m2 = ellipsoidalArea(p.geometry);
    const area = Area.fromSquareMetres(m2.toFixed(2));
    const category = planRowFor(planCategoryOfUse('lu2023', useCode, planCategories()) ?? '', planRows);
    let fields: ParcelFeature['fields'] = { parcelNumber: `BC-${String(i + 1).padStart(4, '0')}`, projectName: `演示项目 ${i + 1}`, location: `${districtName(district)}（演示）`, district, area, useCode };
    const r = rng.next();
    if (category && r < 0.35 && (budget.get(category)?.compare(area) ?? -1) >= 0) {
      budget.set(category, budget.get(category)!.minus(area));
      const on = day(rng, 2026);
      const m = methodFor(category);
      const started = rng.next() < 0.4;
      fields = { ...fields, supplyMethod: m.code, contractDate: on, ...(started ? { actualStartDate: on.replace(/-\d\d$/, '-28') } : {}) };
      supplies.push({ index: i, category, method: m.group, area, district, on });
    } else if (category && r > 0.95 && idle < 12) {
      // Granted before the plan year; the agreed start (one year after the contract) has passed.
      idle++;
      const contract = day(rng, 2023 + (idle % 2), 12);
      const agreedStart = `${Number(contract.slice(0, 4)) + 1}${contract.slice(4)}`;
      fields = { ...fields, supplyMethod: methodFor(category).code, contractDate: contract, agreedStartDate: agreedStart };
    }
    return { recordIndex: i, geometry: p.geometry, fields, attributes: { ...p.properties, 演示数据: true }, areaM2: m2 };
  });
  const imported = await importParcels(store, { jurisdictionCode: DEMO_JURISDICTION.code, source: DEMO_PARCEL_SOURCE, features, actor: ACTOR });
  const first = { id: await firstParcelIdOfImport(store.db, imported.importId) };
  let recorded = 0;
  for (const s of supplies.sort((a, b) => a.on.localeCompare(b.on))) {
    const quarter = Math.ceil(Number(s.on.slice(5, 7)) / 3) as 1 | 2 | 3 | 4;
    const out = await postDebit(store, {
      planVersionId: version.id,
      key: { category: s.category, method: s.method, source: 'new', district: s.district, quarter },
      area: s.area,
      suppliedOn: s.on,
      parcelId: Number(first.id) + s.index,
      note: `演示数据 · 演示项目 ${s.index + 1}`,
      actor: ACTOR,
    });
    if (out.accepted) recorded++;
  }
  return `演示数据已载入 / demo loaded: 巴楚县2026 plan (${plan.status}), ${imported.count} parcels, ${recorded} supply records, ${idle} idle-land cases (all marked 演示数据); ${await loadDemoPipeline(store)}`;
}
