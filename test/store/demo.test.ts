import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/services/demo.js';
import { listAudit } from '../../src/store/audit-log.js';
import type { Store } from '../../src/store/database.js';
import { balances, postDebit } from '../../src/store/ledger.js';
import { getJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { verifyStore } from '../../src/store/verify.js';
import { cubeToJson } from '../../src/store/cube-json.js';
import { Area } from '../../src/domain/area.js';
import { BACKENDS, openFresh } from './helpers.js';

describe.each(BACKENDS)('demo load on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const o = await openFresh(backend);
    store = o.store;
    cleanup = o.cleanup;
  });
  afterAll(async () => cleanup());

  it('makes the 巴楚县 2026 plan version 1 of 653130 with the text’s total and category figures', async () => {
    const r = await loadDemo(store);
    expect(r.status).toBe('created');
    expect([r.version.jurisdictionCode, r.version.year, r.version.seq, r.version.status]).toEqual(['653130', 2026, 1, 'withdrawn']);
    expect([r.inForce.seq, r.inForce.status]).toEqual([2, 'published']);
    expect(cubeToJson(r.inForce.cube)).toEqual(cubeToJson(r.version.cube));
    expect((await getJurisdiction(store.db, '653130'))?.parentCode).toBe('653100');
    const cells = Object.fromEntries(r.version.cube.cells.map((c) => [c.key.category, c.area.formatHectares(2)]));
    expect(cells).toEqual({
      residential: '77.33',
      commercial: '52.89',
      industrialStorage: '1175.42',
      publicServices: '1.80',
      publicUtilities: '50.60',
      transport: '470.53',
      special: '14.67',
    });
    const total = (await balances(store.db, r.version.id)).find((b) => b.indicatorId === 'total');
    expect(total?.cap.formatHectares(2)).toBe('1843.24');
    expect(readFileSync(new URL('../../data/demo/bachu-2026-plan.txt', import.meta.url), 'utf8')).toContain('控制在1843.24公顷');
  });

  it('records flagged figures as flagged, not fixed (the 划拨 亩 figure 8151.59 stays as printed)', async () => {
    const r = await loadDemo(store);
    const flagged = r.version.flagged as { label: string; value: string; unit: string }[];
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged).toContainEqual(expect.objectContaining({ label: '划拨用地', value: '8151.59', unit: 'mu' }));
    expect(r.version.cube.marginals.find((m) => m.key.method === 'allocation')?.area.formatHectares(2)).toBe('542.77');
  });

  it('running it again changes nothing', async () => {
    const before = await listAudit(store.db, { limit: 100000 });
    const again = await loadDemo(store);
    expect(again.status).toBe('unchanged');
    expect(await listAudit(store.db, { limit: 100000 })).toEqual(before);
  });

  it('takes supply records against the loaded plan and verifies', async () => {
    const r = await loadDemo(store);
    const draft = await postDebit(store, { planVersionId: r.version.id, key: { category: 'residential', method: 'grant' }, area: Area.fromHectares('1'), suppliedOn: '2026-04-01', actor: 'clerk' });
    expect(draft.accepted === false && draft.reason).toBe('version-superseded');
    const out = await postDebit(store, { planVersionId: r.inForce.id, key: { category: 'residential', method: 'grant' }, area: Area.fromHectares('77.34'), suppliedOn: '2026-04-01', actor: 'clerk' });
    expect(out.accepted === false && out.reason === 'exceeds-indicator' && out.indicator.indicatorId).toBe('category=residential');
    const ok = await postDebit(store, { planVersionId: r.inForce.id, key: { category: 'residential', method: 'grant' }, area: Area.fromHectares('2.5'), suppliedOn: '2026-04-01', actor: 'clerk' });
    expect(ok.accepted).toBe(true);
    expect((await verifyStore(store.db)).problems).toEqual([]);
  });
});
