import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { Store } from '../../src/store/database.js';
import { InputError } from '../../src/store/errors.js';
import { balances, quotaImpactOf, postDebits, postDebit, reverseSupply } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { RefusedError } from '../../src/store/errors.js';
import { adjustThrough } from './lifecycle-helpers.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube, steppingClock } from './helpers.js';

const ha = (v: string): Area => Area.fromHectares(v);

describe.each(BACKENDS)('ledger on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let v1: number;

  beforeAll(async () => {
    const o = await openFresh(backend, { clock: steppingClock() });
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
    v1 = (await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'published', actor: 'tester' })).id;
  });
  afterAll(async () => cleanup());

  it('accepts a supply within every indicator and debits the total, its row, its block and the 出让 marginal', async () => {
    const out = await postDebit(store, { planVersionId: v1, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('12.5'), suppliedOn: '2026-02-01', actor: 'clerk' });
    expect(out.accepted).toBe(true);
    if (!out.accepted) return;
    expect(out.impacts.map((i) => `${i.indicatorId}:${i.debitedAfter.formatHectares(2)}`).sort()).toEqual([
      'category=residential:12.50',
      'category=residential;district=A:12.50',
      'method=grant:12.50',
      'total:12.50',
    ]);
  });

  it('refuses a supply that would exceed a binding block and writes nothing', async () => {
    const before = await balances(store.db, v1);
    const out = await postDebit(store, { planVersionId: v1, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('7.51'), suppliedOn: '2026-02-02', actor: 'clerk' });
    expect(out.accepted).toBe(false);
    if (out.accepted || out.reason !== 'exceeds-indicator') throw new Error('expected exceeds-indicator');
    expect(out.indicator.indicatorId).toBe('category=residential;district=A');
    expect(out.indicator.debitedAfter.formatHectares(2)).toBe('20.01');
    expect(await balances(store.db, v1)).toEqual(before);
  });

  it('accepts exactly up to the cap (the cap itself is not exceeded)', async () => {
    const out = await postDebit(store, { planVersionId: v1, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('7.5'), suppliedOn: '2026-02-03', actor: 'clerk' });
    expect(out.accepted).toBe(true);
  });

  it('lets an indicative row run over but never the plan total', async () => {
    const a = await postDebit(store, { planVersionId: v1, key: { category: 'transport', district: 'A', method: 'allocation' }, area: ha('55'), suppliedOn: '2026-03-01', actor: 'clerk' });
    expect(a.accepted).toBe(true);
    // total so far 20 + 55 = 75 of 100
    const b = await postDebit(store, { planVersionId: v1, key: { category: 'transport', district: 'B', method: 'allocation' }, area: ha('25.01'), suppliedOn: '2026-03-02', actor: 'clerk' });
    expect(b.accepted).toBe(false);
    if (b.accepted || b.reason !== 'exceeds-indicator') throw new Error('expected exceeds-indicator');
    expect(b.indicator.indicatorId).toBe('total');
  });

  it('quotaImpactOf answers "what if" without writing', async () => {
    const q = await quotaImpactOf(store, { planVersionId: v1, key: { category: 'commercial', district: 'B', method: 'grant' }, area: ha('6') });
    expect(q.ok).toBe(false);
    expect(q.refusal?.reason).toBe('exceeds-indicator');
    const bal = await balances(store.db, v1);
    expect(bal.find((b) => b.indicatorId === 'category=commercial;district=B')?.debited.formatHectares(2)).toBe('0.00');
  });

  it('a reversal restores the balance and cannot be repeated', async () => {
    const rec = await postDebit(store, { planVersionId: v1, key: { category: 'commercial', district: 'B', method: 'grant' }, area: ha('5'), suppliedOn: '2026-04-01', actor: 'clerk' });
    if (!rec.accepted) throw new Error('expected accepted');
    const rev = await reverseSupply(store, { recordId: rec.recordId, suppliedOn: '2026-04-02', reason: '录入错误', actor: 'clerk' });
    expect(rev.accepted).toBe(true);
    const bal = await balances(store.db, v1);
    expect(bal.find((b) => b.indicatorId === 'category=commercial;district=B')?.debited.formatHectares(2)).toBe('0.00');
    await expect(reverseSupply(store, { recordId: rec.recordId, suppliedOn: '2026-04-03', reason: 'again', actor: 'clerk' })).rejects.toThrow(/already reversed/);
  });

  it('records a batch all or nothing, checking each part against the debits the earlier parts left', async () => {
    const part = (ha_: string, source: 'new' | 'existing') => ({ planVersionId: v1, key: { category: 'commercial' as const, district: 'A', method: 'grant' as const, source }, area: ha(ha_), suppliedOn: '2026-04-05', actor: 'clerk' });
    const before = await balances(store.db, v1);
    // 10 + 6 > 15 (commercial A): the second part is refused, so the first is not written either.
    const refused = await postDebits(store, [part('10', 'new'), part('6', 'existing')]);
    expect(refused.accepted === false && [refused.index, refused.reason === 'exceeds-indicator' && refused.indicator.indicatorId]).toEqual([1, 'category=commercial;district=A']);
    expect(await balances(store.db, v1)).toEqual(before);
    const ok = await postDebits(store, [part('1', 'new'), part('2', 'existing')]);
    expect(ok.accepted && ok.records.map((r) => r.impacts.find((i) => i.indicatorId === 'category=commercial;district=A')?.debitedAfter.formatHectares(2))).toEqual(['1.00', '3.00']);
    if (!ok.accepted) return;
    for (const r of ok.records) await reverseSupply(store, { recordId: r.recordId, suppliedOn: '2026-04-06', reason: '测试批量', actor: 'clerk' });
    await expect(postDebits(store, [part('1', 'new'), { ...part('1', 'new'), area: ha('-1') }])).rejects.toThrow(/^supplies\[1\]\.area: /);
  });

  it('refuses malformed supplies naming the field', async () => {
    const base = { planVersionId: v1, suppliedOn: '2026-05-01', actor: 'clerk' };
    await expect(postDebit(store, { ...base, key: { category: 'castle', district: 'A', method: 'grant' }, area: ha('1') })).rejects.toThrow(/key\.category: 未知用途类别 "castle"/);
    await expect(postDebit(store, { ...base, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('-1') })).rejects.toThrow(/^area: /);
    await expect(postDebit(store, { ...base, key: { category: 'residential', method: 'grant' }, area: ha('1') })).rejects.toThrow(/^key\.district: /);
    await expect(postDebit(store, { ...base, key: { category: 'residential', district: 'Z', method: 'grant' }, area: ha('1') })).rejects.toThrow(/^key\.district: 计划中没有片区 "Z"/);
    await expect(postDebit(store, { ...base, key: { category: 'residential', district: 'A' }, area: ha('1') })).rejects.toThrow(/^key\.method: /);
    await expect(postDebit(store, { ...base, key: { category: 'transport', district: 'B', method: 'allocation' }, area: ha('1'), parcelId: 999 })).rejects.toThrow(/^parcelId: 宗地 999 不存在/);
    const e = await postDebit(store, { ...base, key: { category: 'residential', district: 'A', method: 'grant' }, area: Area.fromSquareMetres('0.00001') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe('area');
  });

  it('an adjustment re-posts every record to the new version and refuses a cap below what is supplied', async () => {
    const cube = smallCube();
    const lowered = { ...cube, cells: cube.cells.map((c) => (c.key.category === 'residential' && c.key.district === 'A' ? { ...c, area: ha('19') } : c)) };
    const refused = await adjustThrough(store, v1, lowered, { validFrom: '2026-07-01', reason: '调减' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).code).toBe('cap-below-used');
    expect((refused as RefusedError).zh).toMatch(/住宅用地/);
    const raised = { ...cube, cells: cube.cells.map((c) => (c.key.category === 'residential' && c.key.district === 'A' ? { ...c, area: ha('25') } : c)) };
    const ok = { versionId: await adjustThrough(store, v1, raised, { validFrom: '2026-07-01', reason: '调增居住用地' }) };
    const bal = await balances(store.db, ok.versionId);
    expect(bal.find((b) => b.indicatorId === 'category=residential;district=A')?.remaining.formatHectares(2)).toBe('5.00');
    expect(bal.find((b) => b.indicatorId === 'total')?.debited.formatHectares(2)).toBe('75.00');
    const stale = await postDebit(store, { planVersionId: v1, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('1'), suppliedOn: '2026-07-02', actor: 'clerk' });
    expect(stale.accepted === false && stale.reason).toBe('version-superseded');
    const fresh = await postDebit(store, { planVersionId: ok.versionId, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('5'), suppliedOn: '2026-07-02', actor: 'clerk' });
    expect(fresh.accepted).toBe(true);
  });

  it('db verify passes after all of the above', async () => {
    const r = await verifyStore(store.db);
    expect(r.problems).toEqual([]);
    expect(r.lines[0]).toBe('plan 1 (653130 2026) version 1: published, 5 transitions, 9 indicators, 9 records, total debited 7500000000 of 10000000000 (0.0001 m²), within caps');
    // version 2: the refused adjustment (withdrawn, never approved: it carries nothing)
    expect(r.lines[1]).toBe('plan 1 (653130 2026) version 2: withdrawn, 3 transitions, 9 indicators, 0 records, total debited 0 of 9900000000 (0.0001 m²), within caps');
    expect(r.lines[2]).toBe('plan 1 (653130 2026) version 3: published, 4 transitions, 9 indicators, 10 records, total debited 8000000000 of 10500000000 (0.0001 m²), within caps');
  });
});
