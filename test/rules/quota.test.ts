import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Area } from '../../src/domain/area.js';
import { quotaImpact, supplyDebits } from '../../src/domain/rules/quota.js';
import { checkSupply } from '../../src/services/check-supply.js';
import { allocationSchool, ha, patch, quotaState, residentialListing, runRule, supplyCtx, supplyOf } from './helpers.js';

describe('quota: zone-allocated blocks versus pooled rows', () => {
  it('a zone-allocated row needs the supply in a district that holds its quota', () => {
    const fs = runRule('plan-total-cap', supplyCtx(patch(residentialListing, { district: 'station' }), { quota: quotaState() }));
    expect(fs.map((f) => [f.severity, f.figures])).toEqual([['error', ['district']]]);
  });
  it('a pooled row is drawn county-wide, whatever the district', () => {
    const fs = runRule('plan-total-cap', supplyCtx({ ...allocationSchool, district: undefined, area: { ha: '0.5' } }, { quota: quotaState() }));
    expect(fs).toEqual([]);
  });
  it('an indicative row is reported, not enforced', () => {
    const fs = runRule('plan-total-cap', supplyCtx(allocationSchool, { quota: quotaState() }));
    expect(fs.map((f) => [f.severity, f.figures[0]])).toEqual([['info', 'quota.category=publicServices']]);
  });
  it('the 新增 and 存量 parts are separate debits', () => {
    const s = supplyOf(patch(residentialListing, { existingLandArea: { ha: '1.25' } }));
    expect(supplyDebits(s, quotaState())!.map((d) => [d.key.source, d.area.hectares.toFixed()])).toEqual([['new', '1.75'], ['existing', '1.25']]);
  });
  it('what-if lists every indicator the supply touches, before and after, exactly', () => {
    const r = checkSupply(residentialListing, { ruleSet: 'xj-demo-2026', quota: quotaState('1.5') });
    expect(r.quotaImpact.map((i) => [i.indicatorId, i.usedHa, i.afterHa, i.remainingHa, i.exceeds])).toEqual([
      ['total', '10', '13', '87', false],
      ['category=residential', '1.5', '4.5', '5.5', false],
      ['category=residential;district=kashgar', '1.5', '4.5', '0.5', false],
    ]);
    expect(r.verdict).toBe('pass');
  });
  it('after = used + debit, and an indicator is exceeded exactly when after > planned', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (planned, used, debit) => {
        const q = { categories: ['residential'], dimensions: ['category'], indicators: [{ id: 'r', key: { category: 'residential' }, label: 'r', kind: 'binding' as const, planned: Area.fromSquareMetres(planned), used: Area.fromSquareMetres(used) }] };
        const [i] = quotaImpact([{ key: { category: 'residential', source: 'new' }, area: Area.fromSquareMetres(debit) }], q);
        expect(i!.after.squareMetres.toNumber()).toBe(used + debit);
        expect(i!.exceeds).toBe(used + debit > planned);
        expect(i!.remaining.plus(i!.after).equals(ha('0').plus(Area.fromSquareMetres(planned)))).toBe(true);
      }),
    );
  });
});

describe('what if for a batch', () => {
  it('each supply sees the quota the earlier passing ones leave', async () => {
    const { checkBatch, createSupplyChecker } = await import('../../src/services/check-supply.js');
    const { ruleSetById } = await import('../../src/services/rule-sets.js');
    const checker = createSupplyChecker(ruleSetById('xj-demo-2026'));
    // kashgar block: 5 ha planned, 0 used; three supplies of 2 ha: the third does not fit
    const batch = ['B1', 'B2', 'B3'].map((id) => ({ ...residentialListing, id, area: { ha: '2' } }));
    const rs = checkBatch(checker, batch, { quota: quotaState('0') });
    expect(rs.map((r) => [r.supply?.id, r.verdict, r.errorRules])).toEqual([
      ['B1', 'pass', []],
      ['B2', 'pass', []],
      ['B3', 'refuse', ['plan-total-cap']],
    ]);
    expect(rs[2]!.quotaImpact.find((i) => i.indicatorId === 'category=residential;district=kashgar')?.usedHa).toBe('4');
  });
});
