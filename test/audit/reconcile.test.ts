import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';

const findings = (t: string) => auditText(t).findings.map((f) => ({ rule: f.rule, severity: f.severity, stated: f.stated, expected: f.expected }));

describe('reconciliation severities', () => {
  it('is silent when the figures agree', () => {
    expect(findings('供应总量控制在100.00公顷（1500.00亩）以内。其中出让用地60.00公顷（900.00亩），划拨用地40.00公顷（600.00亩）。')).toEqual([]);
  });

  it('reports a 亩 figure that no rounding explains as an error with the converted value expected', () => {
    expect(findings('供应总量控制在100.00公顷（1500.90亩）以内。')).toEqual([{ rule: 'area-conversion', severity: 'error', stated: '1500.90', expected: '1500.00' }]);
  });

  it('accepts 亩 computed from unrounded hectares (±0.075 亩) without a finding', () => {
    // 100.004 ha prints as 100.00 ha and 1500.06 亩.
    expect(findings('供应总量控制在100.00公顷（1500.06亩）以内。')).toEqual([{ rule: 'area-conversion', severity: 'info', stated: '1500.06', expected: '1500.00' }]);
  });

  it('reports parts that do not add up to the total as an error on the total', () => {
    expect(findings('供应总量100.00公顷，其中出让用地60.00公顷，划拨用地41.00公顷。')).toEqual([{ rule: 'sum-method', severity: 'error', stated: '100.00', expected: '101.00' }]);
  });

  it('treats a part-sum off by one in the last digit as rounding (info)', () => {
    expect(findings('供应总量100.00公顷，其中出让用地33.34公顷，划拨用地66.67公顷。')).toEqual([{ rule: 'sum-method', severity: 'info', stated: '100.00', expected: '100.01' }]);
  });

  it('warns when only the coarse reading of a figure printed with fewer decimals makes it fit', () => {
    const r = findings('供应总量1000.00公顷。其中住宅用地1.8公顷，占比0.17%；商服用地998.20公顷，占比99.82%。');
    expect(r).toContainEqual({ rule: 'share', severity: 'warning', stated: '0.17', expected: '0.18' });
    expect(r.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reads "1.8" among two-decimal figures as 1.80 first (no finding when that fits)', () => {
    expect(findings('供应总量1000.00公顷。其中住宅用地1.8公顷，占比0.18%；商服用地998.20公顷，占比99.82%。')).toEqual([]);
  });

  it('reports a share that no rounding explains as an error, with truncation as the likely cause', () => {
    const r = auditText('供应总量3000.00公顷，其中出让用地2000.00公顷，占比66.66%，划拨用地1000.00公顷，占比33.33%。').findings;
    const share = r.find((f) => f.rule === 'share')!;
    expect([share.severity, share.stated, share.expected]).toEqual(['error', '66.66', '66.67']);
    expect(share.suggestion?.en).toContain('truncated');
  });

  it('notes shares that sum to 100.01% within rounding (info)', () => {
    const r = findings('供应总量3.00公顷，其中出让用地2.00公顷，占比66.67%，划拨用地1.00公顷，占比33.34%。');
    expect(r).toContainEqual({ rule: 'share-sum', severity: 'info', stated: '100.01', expected: '100' });
    expect(r.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('blames the one part a single mistyped digit explains, once, instead of the total it upsets', () => {
    const r = auditText('供应总量控制在100.00公顷（1500.00亩）以内。其中出让用地60.00公顷（900.00亩），划拨用地40.00公顷（700.00亩）。').findings;
    const errors = r.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.stated, f.expected])).toEqual([['700.00', '600.00']]);
    expect(errors[0]!.suggestion?.zh).toContain('600.00亩');
    expect(errors[0]!.message.zh).toContain('1500.00亩');
  });

  it('blames a part off by orders of magnitude whose share agrees with the total (a digit read as a point)', () => {
    const t = '供应总量2000公顷。供应总量中，商服用地100公顷，占比5.0%；工矿仓储用地1.50公顷，占比52.5%；住宅用地450公顷，占比22.5%；公共管理与公共服务用地200公顷，占比10.0%；交通运输用地150公顷，占比7.5%；水域及水利设施用地30公顷，占比1.5%；特殊用地20公顷，占比1.0%。';
    const errors = auditText(t).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.rule, f.stated, f.expected])).toEqual([['sum-category', '1.50', '1050']]);
    expect(errors[0]!.suggestion?.zh).toContain('1050公顷');
  });

  it('does not add up a category list that names only some categories; notes the remainder', () => {
    const r = findings('供应总量503公顷。供应总量中，工矿仓储用地55公顷；住宅用地125公顷；商服用地20公顷。');
    expect(r).toEqual([{ rule: 'partial-structure', severity: 'info', stated: '503', expected: '200' }]);
  });

  it('still reports a partial list that exceeds the total', () => {
    expect(findings('供应总量100公顷。供应总量中，工矿仓储用地55公顷；住宅用地60公顷。')).toEqual([{ rule: 'sum-category', severity: 'error', stated: '100', expected: '115' }]);
  });

  it('reads "其中" after a row as a breakdown of that row, not another row', () => {
    const t = '供应总量500公顷，其中住宅用地100公顷，工矿仓储用地300公顷，其中工业用地200公顷，商服用地100公顷。';
    expect(findings(t).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reads 近 (nearly) as a band just below the printed figure', () => {
    expect(findings('计划供应总量500公顷，比上年的200公顷增长近150%。')).toEqual([]);
    expect(findings('计划供应总量500公顷，比上年的200公顷增长近100%。').map((f) => f.severity)).toEqual(['error']);
  });

  it('keeps group indicators that differ from their categories as stated (info, never error)', () => {
    const t =
      '供应总量500公顷。用途结构中，交通运输用地100公顷，水域及水利设施用地50公顷，特殊用地50公顷，公共管理与公共服务用地100公顷，工矿仓储用地100公顷，住宅用地50公顷，商服用地50公顷。' +
      '中央单位项目和交通运输用地、特殊用地等预测性指标220公顷；住宅用地（不含中央单位）、商服用地等约束性指标280公顷。';
    const r = findings(t);
    expect(r.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.map((f) => f.rule)).toContain('group-total');
  });

  it('never adds overlapping district percentages', () => {
    const t = '供应总量6500公顷。城市发展新区供应量约占全市供应总量的85%；规划新城供应量约占全市供应总量的60%；城南地区供应量约占全市供应总量30%。';
    expect(findings(t)).toEqual([]);
  });

  it('checks growth statements against the figures they relate, on the right base', () => {
    expect(findings('计划供应总量500公顷，比上年的400公顷增加100公顷，增长25%。')).toEqual([]);
    const wrong = auditText('计划供应总量500公顷，比上年的400公顷增长20%。').findings;
    expect(wrong.map((f) => [f.rule, f.severity, f.stated, f.expected])).toEqual([['growth', 'error', '20', '25']]);
    expect(wrong[0]!.suggestion?.en).toContain('wrong base');
  });

  it('reads 增长N倍 strictly, and warns when only the loose reading (为N倍) fits', () => {
    expect(findings('计划供应总量1200公顷，比上年的400公顷增长2倍。')).toEqual([]);
    expect(findings('计划供应总量800公顷，比上年的400公顷增长2倍。')).toEqual([{ rule: 'growth', severity: 'warning', stated: '2', expected: '1' }]);
  });

  it('checks a housing-share claim against the housing figures the text gives', () => {
    const t = '住房用地供应总量100公顷，其中保障性住房用地30公顷，中小套型普通商品住房用地20公顷，其他商品住房用地50公顷。确保保障性住房及中小套型普通商品住房用地不低于住房用地供应总量的70%。';
    expect(findings(t)).toContainEqual({ rule: 'housing-share-claim', severity: 'error', stated: '70', expected: '50.00' });
  });
});
