/**
 * Acceptance: the 巴楚县 2026 plan compiled from its text. The attachment tables as data reproduce
 * the text's figures; the plan check reports what a careful reviewer would, including the
 * five-year comparison.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { showHa } from '../../src/domain/plan/attachment-tables.js';
import { checkPlanText } from '../../src/services/check-plan.js';

const text = readFileSync(new URL('../fixtures/plans/bachu-2026-plan.txt', import.meta.url), 'utf8');
const r = checkPlanText(text, { ruleSetId: 'xj-demo-2026' });

describe('巴楚县2026 compiled from its text', () => {
  it('汇总表 reproduces every area the text prints, and the total', () => {
    expect(r.tables!.summary.rows.map((x) => [x.label, showHa(x.area)])).toEqual([
      ['工矿仓储用地', '1175.42'],
      ['商服用地', '52.89'],
      ['住宅用地', '77.33'],
      ['公共管理与公共服务用地', '1.80'],
      ['公用设施用地', '50.60'],
      ['交通运输用地', '470.53'],
      ['特殊用地', '14.67'],
      ['合计', '1843.24'],
    ]);
  });
  it('shares printed half-up match the text except where the text itself is off (公共管理 0.09 vs 1.8/1843.24 = 0.0977)', () => {
    expect(r.tables!.summary.rows.map((x) => x.shareHalfUp)).toEqual(['63.77', '2.87', '4.20', '0.10', '2.75', '25.53', '0.80', '100.00']);
  });
  it('carries the pooled / zone-allocated split of the text (四(一))', () => {
    expect(r.tables!.summary.rows.filter((x) => x.id !== 'total').map((x) => `${x.id}:${x.allocationMode}`)).toEqual([
      'industrialStorage:zoneAllocated', 'commercial:zoneAllocated', 'residential:zoneAllocated', 'publicServices:pooled', 'publicUtilities:pooled', 'transport:pooled', 'special:pooled',
    ]);
  });
  it('住房用地供应计划表 has only the housing total: the text gives no breakdown', () => {
    expect(r.tables!.housing.rows.map((x) => [x.id, showHa(x.area)])).toEqual([['total', '77.33']]);
  });
  it('the plan check reports the five-year jump, the unverifiable 70% commitment, the missing blocks and the publication date', () => {
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'warning housing-share-70',
      'warning plan-five-year-comparison',
      'warning plan-indicator-kinds',
      'warning plan-indicator-kinds',
      'warning plan-indicator-kinds',
    ]);
    expect(r.fiveYear.map((f) => [f.row, showHa(f.planned), showHa(f.average), f.ratio!.toFixed(2)])).toEqual([['total', '1843.24', '434.61', '4.24']]);
    expect(r.findings.find((f) => f.rule === 'plan-publication-deadline')?.severity).toBe('info');
  });
  it('keeps the audit’s flags on the text (the 划拨 亩 figure 8151.59 does not match 542.77 公顷)', () => {
    expect(r.flagged.map((f) => f.value)).toContain('8151.59');
  });
});
