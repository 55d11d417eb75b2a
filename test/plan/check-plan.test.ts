import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/services/check-plan.js';
import { smallPlan } from './fixtures.js';

const bachu = JSON.parse(readFileSync(new URL('./data/bachu-2026-plan.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const brief = (fs: readonly { rule: string; severity: string }[]): string[] => fs.map((f) => `${f.severity} ${f.rule}`);

describe('checkPlan', () => {
  it('reports on the 巴楚县 2026 plan what a careful reviewer would, five-year comparison included', () => {
    const r = checkPlan(bachu);
    expect(r.ruleSet).toEqual({ id: 'xj-demo-2026', chain: ['cn-2026', 'xj-demo-2026'] });
    expect(brief(r.findings)).toEqual([
      'warning housing-share-70',
      'warning plan-five-year-comparison',
      'warning plan-indicator-kinds',
      'warning plan-indicator-kinds',
      'warning plan-indicator-kinds',
      'info plan-structure',
      'info plan-indicator-kinds',
      'info plan-publication-deadline',
      'info plan-parcels-identified',
    ]);
    const five = r.findings.find((f) => f.rule === 'plan-five-year-comparison')!;
    expect(five.message.zh).toBe('供应总量计划 1843.24 公顷，为近五年年均 434.61 公顷的 4.24 倍，超过 1.5 倍，请说明需求依据');
    expect(r.fiveYear.map((f) => [f.row, f.ratio?.toFixed(2)])).toEqual([['total', '4.24']]);
    expect(r.tables?.summary.rows.at(-1)?.area.formatHectares(2)).toBe('1843.24');
    expect(r.findings.every((f) => f.basis && f.basis.length > 5)).toBe(true);
  });
  it('a stated 出让/划拨 split larger than the total is an error', () => {
    const r = checkPlan({ ...bachu, marginals: [{ key: { method: '出让' }, area: '1300.47', kind: 'binding', label: '出让' }, { key: { method: '划拨' }, area: '552.77', kind: 'binding', label: '划拨' }] });
    expect(brief(r.findings.filter((f) => f.severity === 'error'))).toEqual(['error plan-structure']);
    expect(r.findings[0]!.message.zh).toBe('按供应方式分列的指标合计 1853.24 公顷超过供应总量 1843.24 公顷');
  });
  it('a clean small plan raises no error or warning, and its housing table shows 70.00%', () => {
    const r = checkPlan(smallPlan);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.tables?.housing.countedSharePercent).toBe('70.00');
  });
  it('an unreadable plan gets findings naming the fields, never an exception', () => {
    const r = checkPlan({ region: '', year: 'x', cells: [] });
    expect(r.plan).toBeUndefined();
    expect(r.findings.map((f) => f.figures[0]).sort()).toEqual(['cells', 'dimensions', 'region', 'unit', 'year']);
  });
  it('an unknown rule set is a finding', () => {
    expect(brief(checkPlan(smallPlan, { ruleSetId: 'zz-1999' }).findings)[0]).toBe('error rule-set-invalid');
  });
});
