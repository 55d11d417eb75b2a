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
import { createPlan, findPlan, getPlanVersion, inForceVersion, listPlanVersions, type PlanVersion } from '../store/repos/plans.js';
import { createUser, getUserByUsername } from '../store/repos/users.js';
import { chinaDate } from '../domain/calendar/cst.js';
import { editDraftCube, moverFor, newPlan, revise, transition } from './plan-lifecycle.js';
import { addDemoConsultation } from './demo-consultation.js';
import { publishAnswers } from './consultation.js';
import { requestReviews, review } from './joint-review.js';
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
  /** created: written now · unchanged: already there, identical · differs: already there, not what the text compiles to (left alone). */
  readonly status: 'created' | 'unchanged' | 'differs';
  /** Version 1: the 征求意见稿 as the text gives it (consultation in January 2026, then superseded). */
  readonly version: PlanVersion;
  /** The version in force: version 2, reviewed, approved with its 文号 and published; the demo supplies draw on it. */
  readonly inForce: PlanVersion;
  readonly flagged: number;
}

/** The demo's bureau (compiles) and county government (approves): accounts without a password, never logged into. */
export const DEMO_BUREAU = 'demo-bureau';
export const DEMO_GOVERNMENT = 'demo-government';

/** The store as it was at `iso` (the demo's history is written at the dates it happened). */
function at(store: Store, iso: string): Store {
  return Object.assign(Object.create(store) as Store, { now: () => iso });
}

const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The 巴楚县 2026 plan's life as the demo tells it: version 1 is the text (a 征求意见稿), put out
 * for comment 10–31 January 2026 with demo comments and answers, then revised into version 2, which
 * two departments reviewed, the county government approved (巴政函〔2026〕12号, 10 March) and the
 * bureau published on 20 March. The 2027 plan is started from it and is under consultation from
 * today for 30 days (so the public page has a live comment form).
 */
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
    return { status: same ? 'unchanged' : 'differs', version: v1, inForce: (await inForceVersion(store.db, existing.id)) ?? v1, flagged: v1.flagged.length };
  }
  for (const [username, displayName, role] of [
    [DEMO_BUREAU, '巴楚县自然资源局（演示）', 'editor'],
    [DEMO_GOVERNMENT, '巴楚县人民政府（演示）', 'approver'],
  ] as const) {
    if (!(await getUserByUsername(store.db, username))) await createUser(store, { username, displayName, passwordHash: null, roles: [{ role, jurisdictionCode: '653130' }] }, actor);
  }
  const bureau = await moverFor(store.db, DEMO_BUREAU, '653130');
  const v1 = await createPlan(at(store, '2026-01-05T02:00:00.000Z'), {
    jurisdictionCode: '653130',
    year: 2026,
    name: compiled.report.document.title ?? '巴楚县2026年度国有建设用地供应计划',
    cube: compiled.cube,
    ruleSet,
    flagged,
    validFrom: '2026-01-01',
    actor: DEMO_BUREAU,
    role: bureau.roleFor('plan.edit'),
  });
  // The text is a 征求意见稿 (draft for consultation).
  await transition(at(store, '2026-01-10T02:00:00.000Z'), v1.id, { to: 'consultation', date: '2026-01-10', until: '2026-01-31' }, DEMO_BUREAU);
  const comments = await addDemoConsultation(at(store, '2026-01-20T04:00:00.000Z'), { versionId: v1.id, actor: DEMO_BUREAU });
  await publishAnswers(at(store, '2026-02-02T02:00:00.000Z'), v1.id, DEMO_BUREAU);
  const { versionId: v2 } = await revise(at(store, '2026-02-02T03:00:00.000Z'), v1.id, '根据征求意见修改 / revised after the public consultation', DEMO_BUREAU);
  // The adopted comment changed the text (a quarterly schedule), not a figure: linked with the cells unchanged.
  await editDraftCube(
    at(store, '2026-02-03T03:00:00.000Z'),
    v2,
    compiled.cube.cells.map((c) => ({ key: { ...c.key }, hectares: c.area.hectares.toFixed() })),
    DEMO_BUREAU,
    { note: '采纳意见：增加分季度供应安排（文本）', commentIds: comments.commentIds.slice(0, 1) },
  );
  await transition(at(store, '2026-02-05T02:00:00.000Z'), v2, { to: 'review' }, DEMO_BUREAU);
  const asked = await requestReviews(at(store, '2026-02-05T03:00:00.000Z'), v2, ['巴楚县发展和改革委员会（演示）', '巴楚县住房和城乡建设局（演示）'], '2026-02-20', DEMO_BUREAU);
  if (Array.isArray(asked)) for (const q of asked) await review(at(store, '2026-02-12T03:00:00.000Z'), q.requestId, { reviewer: `${q.department}审查人`, decision: 'approve', reason: null });
  await transition(at(store, '2026-02-25T02:00:00.000Z'), v2, { to: 'submitted' }, DEMO_BUREAU);
  await transition(at(store, '2026-03-10T02:00:00.000Z'), v2, { to: 'approved', docNumber: '巴政函〔2026〕12号', date: '2026-03-10' }, DEMO_GOVERNMENT);
  await transition(at(store, '2026-03-20T02:00:00.000Z'), v2, { to: 'published', date: '2026-03-20' }, DEMO_BUREAU);

  // Next year's plan, started from this one and under consultation now.
  const today = chinaDate(store.now());
  if (Number(today.slice(0, 4)) >= 2026 && !(await findPlan(store.db, '653130', 2027))) {
    const next = await newPlan(store, { jurisdictionCode: '653130', year: 2027, fromVersionId: v2, actor: DEMO_BUREAU });
    await transition(store, next.versionId, { to: 'consultation', date: today, until: addDays(today, 30) }, DEMO_BUREAU);
    await addDemoConsultation(store, { versionId: next.versionId, actor: DEMO_BUREAU, answer: false });
  }
  return { status: 'created', version: (await getPlanVersion(store.db, v1.id))!, inForce: (await getPlanVersion(store.db, v2))!, flagged: flagged.length };
}
