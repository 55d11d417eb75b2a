/** A register in memory with one published plan, one draft, a few parcels and one account per role. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/services/accounts.js';
import { ROLES } from '../../src/server/auth/roles.js';
import { wireDeps } from '../../src/server/wire.js';
import { demoConstraints, demoLayers } from '../../src/services/demo-county.js';
import { createPlan, createUser, importParcels, openStore, upsertJurisdiction, type OpenOptions, type Store } from '../../src/services/register.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import type { ParcelFeature, ParcelGeometry } from '../../src/domain/parcel.js';
import { Area } from '../../src/domain/area.js';
import { PASSWORD } from './helpers.js';

export interface Fixture {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly publishedPlanId: number;
  /** The version in force of the published plan (writes name it). */
  readonly publishedVersionId: number;
  readonly draftPlanId: number;
  readonly draftVersionId: number;
}

function square(x: number, y: number, d = 0.001): ParcelGeometry {
  return { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] };
}

/** On SQLite in memory, or on the database `options` name (tests of both databases). */
/** The confidential 底价 the route matrix must never show to public, viewer or reviewer roles before the deal is public. */
export const SECRET_RESERVE_PRICE = '876.54321';

/** Parcel 1 (BC-001): 净地 evidence, 供地方案, 集体决策 with the 底价, 出让公告 — the deal not yet made. */
async function recordReservePriceJournal(store: Store): Promise<void> {
  const { recordPipelineEvent } = await import('../../src/services/record-pipeline-event.js');
  const { CLEAN_LAND_ITEMS } = await import('../../src/domain/pipeline/steps.js');
  const doc = (n: string, date: string) => [{ kind: '文件', number: n, date }];
  const steps: [string, string, Record<string, unknown>][] = [
    ...CLEAN_LAND_ITEMS.map((item): [string, string, Record<string, unknown>] => ['cleanLandEvidence', '2026-03-02', { item }]),
    ['supplyScheme', '2026-03-02', { method: '23' }],
    ['collectiveDecision', '2026-03-10', { reservePriceWanYuan: SECRET_RESERVE_PRICE }],
    ['announcement', '2026-03-16', { announcementNo: '巴自然资告〔2026〕1号', plannedTradingStart: '2026-04-07' }],
  ];
  for (const [kind, on, data] of steps) {
    const r = await recordPipelineEvent(store, { parcelId: 1, kind, occurredOn: on, data, documents: doc(`${kind}-1`, on), actor: 'test', roles: ['editor'] });
    if (!r.ok) throw new Error(`${kind}: ${r.message.zh}`);
  }
}

export async function fixture(options: OpenOptions = { sqlitePath: ':memory:' }): Promise<Fixture> {
  const store = await openStore(options);
  await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
  const published = await createPlan(store, { jurisdictionCode: '653130', year: 2026, name: '巴楚县2026年度国有建设用地供应计划', cube: workloadCube(100), validFrom: '2026-01-01', status: 'published', actor: 'test' });
  const draft = await createPlan(store, { jurisdictionCode: '653130', year: 2027, name: '巴楚县2027年度国有建设用地供应计划（草案）', cube: workloadCube(100), validFrom: '2027-01-01', status: 'drafting', actor: 'test' });
  const hash = await hashPassword(PASSWORD);
  for (const role of ROLES) await createUser(store, { username: role, displayName: role, passwordHash: hash, roles: [{ role, jurisdictionCode: null }] }, 'test');
  await importParcels(store, {
    jurisdictionCode: '653130',
    source: 'demo: test parcels',
    actor: 'test',
    features: <ParcelFeature[]>[
      { fields: { parcelNumber: 'BC-001', projectName: '喀什河住宅一期', district: 'kashgar-river', useCode: '0701', area: Area.fromSquareMetres('12000'), supplyMethod: '23' as const, contractDate: '2026-03-01' }, geometry: square(78.55, 39.78), areaM2: 12000, attributes: {}, recordIndex: 0 },
      { fields: { parcelNumber: 'BC-002', projectName: '工业园厂房', district: 'industrial-park', useCode: '1001', area: Area.fromSquareMetres('30000') }, geometry: square(78.56, 39.79), areaM2: 30000, attributes: {}, recordIndex: 0 },
      { fields: { parcelNumber: 'BC-003', projectName: '火车站商业', district: 'station', useCode: '0901', area: Area.fromSquareMetres('8000'), actualStartDate: '2026-05-01', supplyMethod: '22' as const }, geometry: square(78.57, 39.8), areaM2: 8000, attributes: {}, recordIndex: 0 },
    ],
  });
  await recordReservePriceJournal(store);
  const app = await buildApp({ deps: wireDeps(store, { demoPlanText: '巴楚县2026年度国有建设用地供应计划', constraintLayers: async () => demoLayers(), constraints: demoConstraints }), validateResponses: true, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
  return { app, store, publishedPlanId: published.planId, publishedVersionId: published.id, draftPlanId: draft.planId, draftVersionId: draft.id };
}
