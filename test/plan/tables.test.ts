import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Area } from '../../src/domain/area.js';
import { Dec } from '../../src/domain/decimal.js';
import { housingTable, showHa, summaryTable } from '../../src/domain/plan/attachment-tables.js';
import { fiveYearReference } from '../../src/domain/plan/five-year.js';
import { marginalShares, sharesOfParts } from '../../src/domain/plan/shares.js';
import { parsePlan } from '../../src/domain/plan/plan-input.js';
import { planOf, smallPlan } from './fixtures.js';

const bachu = JSON.parse(readFileSync(new URL('./data/bachu-2026-plan.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const COUNTED = ['lowRent', 'economical', 'publicRental', 'priceCapped', 'shantytown', 'smallMediumCommodity', 'affordableRental'];

describe('汇总表 (summary table)', () => {
  it('reproduces the 巴楚县 2026 text figures, in the standard order, with shares summing to 100.00', () => {
    const t = summaryTable(planOf(bachu).cube);
    // Half-up shares sum to 100.02 here, so the summing column gives up a hundredth on the two
    // rows with the smallest remainders (住宅 4.1953 → 4.19, 公用设施 2.7452 → 2.74).
    expect(t.rows.map((r) => [r.label, showHa(r.area), r.sharePercent, r.shareHalfUp])).toEqual([
      ['工矿仓储用地', '1175.42', '63.77', '63.77'],
      ['商服用地', '52.89', '2.87', '2.87'],
      ['住宅用地', '77.33', '4.19', '4.20'],
      ['公共管理与公共服务用地', '1.80', '0.10', '0.10'],
      ['公用设施用地', '50.60', '2.74', '2.75'],
      ['交通运输用地', '470.53', '25.53', '25.53'],
      ['特殊用地', '14.67', '0.80', '0.80'],
      ['合计', '1843.24', '100.00', '100.00'],
    ]);
    const sum = t.rows.filter((r) => r.id !== 'total').reduce((s, r) => s.plus(r.sharePercent!), new Dec(0));
    expect(sum.toFixed(2)).toBe('100.00');
    expect(t.notes).toEqual(['计划未按新增、存量分列', '计划未按供应方式分列']);
    expect(t.rows.at(-1)!.fiveYearAverage?.formatHectares(2)).toBe('434.61');
  });
  it('puts housing types as sub-rows of 住宅用地', () => {
    const t = summaryTable(planOf(smallPlan).cube);
    expect(t.rows.map((r) => [r.id, r.level, showHa(r.area)])).toEqual([
      ['industrialStorage', 0, '50.00'],
      ['residential', 0, '30.00'],
      ['publicRental', 1, '6.00'],
      ['smallMediumCommodity', 1, '15.00'],
      ['otherCommodity', 1, '9.00'],
      ['transport', 0, '20.00'],
      ['total', 0, '100.00'],
    ]);
    expect(t.rows[1]!.kind).toBe('binding');
    expect(t.rows[5]!.allocationMode).toBe('pooled');
  });
  it('fills 新增/存量 and 出让/划拨 columns when the plan is broken down by them', () => {
    const plan = planOf({
      region: 'x', year: 2026, unit: 'ha', dimensions: ['category', 'method', 'source'],
      cells: [
        { category: '住宅用地', method: '出让', source: '新增', area: '3' },
        { category: '住宅用地', method: '出让', source: '存量', area: '1' },
        { category: '住宅用地', method: '划拨', source: '新增', area: '2' },
      ],
    });
    const r = summaryTable(plan.cube).rows[0]!;
    expect([r.area, r.newLand, r.existingLand, r.grant, r.allocation, r.otherMethods].map(showHa)).toEqual(['6.00', '5.00', '1.00', '4.00', '2.00', '0.00']);
  });
});

describe('住房用地供应计划表 (housing table)', () => {
  it('groups affordable types and computes the counted share of housing land', () => {
    const t = housingTable(planOf(smallPlan).cube, COUNTED);
    expect(t.rows.map((r) => [r.id, showHa(r.area)])).toEqual([
      ['affordable', '6.00'], ['lowRent', '0.00'], ['publicRental', '6.00'], ['economical', '0.00'], ['priceCapped', '0.00'], ['shantytown', '0.00'],
      ['smallMediumCommodity', '15.00'], ['otherCommodity', '9.00'], ['total', '30.00'],
    ]);
    expect(t.countedSharePercent).toBe('70.00');
  });
  it('says so when the plan does not break housing land down (巴楚县 text)', () => {
    const t = housingTable(planOf(bachu).cube, COUNTED);
    expect(t.rows.map((r) => [r.id, showHa(r.area)])).toEqual([['total', '77.33']]);
    expect(t.countedSharePercent).toBeNull();
    expect(t.notes).toEqual(['计划未按住房类型分列住宅用地，三类住房占比无法计算']);
  });
});

describe('five-year reference figures', () => {
  it('gives the ratio and difference to the five-year average', () => {
    const [t] = fiveYearReference(planOf(bachu).cube);
    expect(t!.row).toBe('total');
    expect(t!.difference.formatHectares(2)).toBe('1408.63');
    expect(t!.ratio!.toFixed(4)).toBe('4.2411');
  });
});

describe('entry in 亩', () => {
  it('converts 亩 to exact m² rounded to 0.01 m², and a 15 亩 entry is exactly 1 公顷', () => {
    const plan = planOf({ region: 'x', year: 2026, unit: 'mu', dimensions: ['category'], cells: [{ category: '住宅用地', area: '15' }, { category: '商服用地', area: '1' }], statedTotal: '16' });
    expect(plan.cube.cells.map((c) => c.area.squareMetres.toFixed())).toEqual(['10000', '666.67']);
    expect(plan.statedTotal?.area.formatMu(2)).toBe('16.00');
  });
  it('names unknown labels and bad values by field', () => {
    const r = parsePlan({ region: 'x', year: 2026, unit: 'ha', dimensions: ['category'], cells: [{ category: '月球用地', area: '1' }, { category: '住宅用地', area: 'abc' }] });
    expect(r.plan).toBeUndefined();
    expect(r.findings.map((f) => f.figures[0])).toEqual(['cells.1.area']);
    const r2 = parsePlan({ region: 'x', year: 2026, unit: 'ha', dimensions: ['category'], cells: [{ category: '月球用地', area: '1' }] });
    expect(r2.findings.map((f) => f.figures[0])).toEqual(['cells[0].category']);
  });
});

describe('shares', () => {
  it('display shares of any parts sum to exactly 100.00', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 10 }), (parts) => {
        const rows = sharesOfParts(parts.map((p, i) => ({ value: String(i), area: Area.fromSquareMetres(p) })));
        expect(rows.reduce((s, r) => s.plus(r.display), new Dec(0)).toFixed(2)).toBe('100.00');
      }),
    );
  });
  it('the marginal over housing type names its denominator', () => {
    const m = marginalShares(planOf(smallPlan).cube, 'category');
    expect(m.denominator.formatHectares(2)).toBe('100.00');
    expect(m.rows.map((r) => [r.value, r.display])).toEqual([['residential', '30.00'], ['industrialStorage', '50.00'], ['transport', '20.00']]);
  });
});

describe('汇总表 ordering', () => {
  it('puts 其他用地 after the standard groups', () => {
    const plan = planOf({ region: 'x', year: 2026, unit: 'ha', dimensions: ['category'], cells: [{ category: '其他用地', area: '1' }, { category: '住宅用地', area: '2' }, { category: '工矿仓储用地', area: '3' }] });
    expect(summaryTable(plan.cube).rows.map((r) => r.id)).toEqual(['industrialStorage', 'residential', 'other', 'total']);
  });
});

describe('宗地表 (parcel schedule)', () => {
  it('lists the identified parcels with 新增/存量 and names', async () => {
    const { parcelSchedule } = await import('../../src/domain/plan/parcel-schedule.js');
    const plan = planOf({ ...smallPlan, parcels: [{ number: 'BC-01', name: '喀什河住宅', category: '居住用地', district: 'kashgar', area: '3.20', method: '出让', newLand: '2.70', quarter: 2, housingType: '公租房' }] });
    expect(parcelSchedule(plan).rows.map((r) => [r.index, r.number, r.district, showHa(r.area), r.use, r.method, showHa(r.newLand), showHa(r.existingLand), r.quarter, r.housingType])).toEqual([
      [1, 'BC-01', '喀什河片区', '3.20', '住宅用地', '出让', '2.70', '0.50', 2, '公共租赁住房'],
    ]);
  });
});
