/**
 * The bundle is built around a table list (src/store/report/tables.ts): a table another part of
 * the register adds — here the parcels' pipeline journal (migration 5) — travels in the bundle and
 * lands at the province as rows of nat_row, scoped to the county's parcels.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportReport, importReport } from '../../src/services/report.js';
import { BACKENDS, openFresh } from '../store/helpers.js';
import { playHistory, seedHierarchy, TestClock, tempDir, trust } from './county-history.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe.each(BACKENDS)('a table added to the county register ($name)', (backend) => {
  it('is reported by its line in the table list, keyed and scoped to the county', async () => {
    const clock = new TestClock();
    const c = await openFresh(backend, { clock: clock.now });
    closers.push(c.cleanup);
    await seedHierarchy(c.store, ['653130']);
    const dir = tempDir();
    const key = join(dir, 'k.pem');
    await playHistory(c.store, clock, '653130', [{ k: 'parcels', n: 2, startDay: 5, started: false }], dir, key);
    const parcels = await c.store.db.selectFrom('parcel').select('id').orderBy('id').execute();
    const event = (id: number, seq: number, kind: string, on: string) => ({ id, parcel_id: Number(parcels[0]!.id), seq, kind, occurred_on: on, recorded_at: `${on}T08:00:00.000Z`, recorded_by: 'editor', role: 'editor', data_json: '{}', documents_json: '[]', reverses_id: null });
    await c.store.db.insertInto('pipeline_event').values([event(1, 1, 'announcement', '2026-03-01'), event(2, 2, 'deal', '2026-04-01')]).execute();
    const out = join(dir, 'with-pipeline.bundle');
    const r = await exportReport(c.store, { out, keyPath: key, county: '653130' });
    expect(r.header.tables.map((t) => t.table)).toContain('pipeline_event');
    expect(r.rows.pipeline_event).toBe(2);

    const p = await openFresh(backend, { clock: new TestClock().now });
    closers.push(p.cleanup);
    await seedHierarchy(p.store);
    await trust(p.store, '653130', key);
    const imported = await importReport(p.store, out);
    expect(imported.applied.pipeline_event).toBe(2);
    const rows = await p.store.db.selectFrom('nat_row').select(['tbl', 'row_key', 'row_json']).where('tbl', '=', 'pipeline_event').orderBy('row_key').execute();
    expect(rows.map((x) => [x.row_key, (JSON.parse(x.row_json) as { kind: string }).kind])).toEqual([
      ['1', 'announcement'],
      ['2', 'deal'],
    ]);
  });
});
