/**
 * Demo data: the 巴楚县 2026 plan (征求意见稿) as plan version 1 of jurisdiction 653130, taken
 * from the audit's extraction of data/demo/bachu-2026-plan.txt (compilePlanFromText). Its total
 * and category cells are the text's figures; every figure the audit flags is stored with the
 * version as flagged, never corrected. Loading is idempotent: a second run writes nothing.
 */
import { readDataText } from './data-files.js';
import { ruleSetById } from './rule-sets.js';
import type { Store } from '../store/database.js';
import { cubeToJson } from '../store/cube-json.js';
import { upsertJurisdiction } from '../store/repos/jurisdictions.js';
import { createPlan, findPlan, listPlanVersions, type PlanVersion } from '../store/repos/plans.js';
import { compilePlanFromText } from './compile-plan-from-text.js';

export const DEMO_TEXT = 'demo/bachu-2026-plan.txt';
export const DEMO_RULE_SET = 'xj-demo-2026';

/** 653130 巴楚县 → 653100 喀什地区 → 650000 新疆维吾尔自治区 (GB/T 2260 codes). */
export const DEMO_JURISDICTIONS = [
  { code: '650000', name: '新疆维吾尔自治区', level: 'province', parentCode: null },
  { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: '650000' },
  { code: '653130', name: '巴楚县', level: 'county', parentCode: '653100' },
] as const;

export interface DemoResult {
  /** created: version 1 written now · unchanged: already there, identical · differs: already there, not what the text compiles to (left alone). */
  readonly status: 'created' | 'unchanged' | 'differs';
  readonly version: PlanVersion;
  readonly flagged: number;
}

export async function loadDemo(store: Store, opts: { actor?: string; text?: string } = {}): Promise<DemoResult> {
  const actor = opts.actor ?? 'demo';
  const text = opts.text ?? readDataText(DEMO_TEXT);
  const compiled = compilePlanFromText(text);
  const ruleSet = JSON.parse(JSON.stringify(ruleSetById(DEMO_RULE_SET))) as unknown;
  const flagged = JSON.parse(JSON.stringify(compiled.flagged)) as unknown[];
  for (const j of DEMO_JURISDICTIONS) await upsertJurisdiction(store, { ...j }, actor);

  const existing = await findPlan(store.db, '653130', 2026);
  if (existing) {
    const v1 = (await listPlanVersions(store.db, existing.id))[0]!;
    const same =
      JSON.stringify(cubeToJson(v1.cube)) === JSON.stringify(cubeToJson(compiled.cube)) &&
      JSON.stringify(v1.flagged) === JSON.stringify(flagged) &&
      JSON.stringify(v1.ruleSet) === JSON.stringify(ruleSet);
    return { status: same ? 'unchanged' : 'differs', version: v1, flagged: v1.flagged.length };
  }
  const version = await createPlan(store, {
    jurisdictionCode: '653130',
    year: 2026,
    name: compiled.report.document.title ?? '巴楚县2026年度国有建设用地供应计划',
    // The demo text is a 征求意见稿 (draft for consultation).
    status: 'consultation',
    cube: compiled.cube,
    ruleSet,
    flagged,
    validFrom: '2026-01-01',
    actor,
  });
  return { status: 'created', version, flagged: flagged.length };
}
