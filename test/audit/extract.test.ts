import { describe, expect, it } from 'vitest';
import { extract } from '../../src/audit/extract/index.js';
import { normalizeWidth } from '../../src/audit/normalize.js';

const fig = (text: string, value: string) => extract(text).figures.find((f) => f.value === value);

describe('extraction', () => {
  it('keeps offsets of the original text after width normalisation', () => {
    const t = '供应总量控制在１２３.４５公顷（１８５１.７５亩）以内。';
    expect(normalizeWidth(t).length).toBe(t.length);
    const f = fig(t, '123.45')!;
    expect(t.slice(f.start, f.end)).toBe('１２３.４５公顷');
    expect(f.role).toBe('total');
  });

  it('pairs a hectare figure with the 亩 figure in brackets and reads both as the total', () => {
    const { figures } = extract('某县2026年度国有建设用地供应总量控制在1843.24公顷（27648.60亩）以内。');
    expect(figures.map((f) => [f.value, f.unit, f.role])).toEqual([
      ['1843.24', 'ha', 'total'],
      ['27648.60', 'mu', 'total'],
    ]);
    expect(figures[1]!.pairOf).toBe(figures[0]!.id);
    expect(figures[0]!.quote).toContain('供应总量控制在');
  });

  it('reads the grant/allocation and new/existing splits and links shares to their areas', () => {
    const { figures } = extract('其中出让用地600公顷，占比60%，划拨用地400公顷，占比40%。新增建设用地控制在700公顷以内，存量建设用地300公顷。');
    const by = (v: string) => figures.find((f) => f.value === v)!;
    expect(by('600').method).toBe('grant');
    expect(by('400').method).toBe('allocation');
    expect(by('60').of).toBe(by('600').id);
    expect(by('40').of).toBe(by('400').id);
    expect(by('700').source).toBe('new');
    expect(by('300').source).toBe('existing');
  });

  it('reads categories from a numbered list and from a run-on sentence, in either classification', () => {
    const list = extract('总量中，计划供应：1.居住用地77.33公顷，占比4.2%；\n2.供应商业用地52.89公顷，占比2.87%；\n3.工矿用地和仓储用地1175.42公顷。').figures;
    expect(list.filter((f) => f.role === 'category').map((f) => f.category)).toEqual(['residential', 'commercial', 'industrialStorage']);
    const runOn = extract('供应总量中，交通运输用地1000公顷，水域及水利设施用地100公顷，住宅用地2550公顷，商服用地550公顷。').figures;
    expect(runOn.map((f) => f.category)).toEqual(['transport', 'water', 'residential', 'commercial']);
  });

  it('reads 亩-only texts', () => {
    const { figures } = extract('全县国有建设用地供应总量为1500亩，其中住宅用地300亩，工业用地1200亩。');
    expect(figures.map((f) => [f.value, f.unit, f.role])).toEqual([
      ['1500', 'mu', 'total'],
      ['300', 'mu', 'category'],
      ['1200', 'mu', 'category'],
    ]);
  });

  it('tells five-year averages, last year, growth and thresholds from plan figures', () => {
    const { figures } = extract(
      '近五年年均供应总量434.61公顷。2026年计划供应总量500公顷，比上年的400公顷增加100公顷，增长25%。确保保障性住房用地不低于住房用地供应总量的70%；禁止90平方米以上户型。',
    );
    const role = (v: string) => figures.find((f) => f.value === v)?.role;
    expect(role('434.61')).toBe('fiveYearAverage');
    expect(role('400')).toBe('baseline');
    expect(role('100')).toBe('growth');
    expect(role('25')).toBe('growth');
    expect(role('70')).toBe('threshold');
    expect(role('90')).toBe('threshold');
    expect(figures.find((f) => f.value === '25')!.growthMode).toBe('rate');
  });

  it('reads districts as areas and overlapping district percentages as approximate shares', () => {
    const { figures } = extract('喀什河片区供应120.5公顷，工业园区供应300公顷。城南地区国有建设用地供应量约占全市供应总量的30%。');
    expect(figures.filter((f) => f.role === 'district').map((f) => f.district)).toEqual(['喀什河片区', '工业园区']);
    const pct = figures.find((f) => f.unit === 'percent')!;
    expect([pct.role, pct.district, pct.qualifier]).toEqual(['share', '城南地区', 'approx']);
  });

  it('reads binding and indicative wording and the categories it names', () => {
    const { statements } = extract('工矿仓储用地、交通运输用地和特殊用地均实行指导性计划控制。住宅用地、商服和工矿仓储用地等，分解落实到区块。');
    expect(statements.map((s) => [s.kind ?? null, s.allocation ?? null, s.categories])).toEqual([
      ['indicative', null, ['industrialStorage', 'transport', 'special']],
      [null, 'zoneAllocated', ['residential', 'commercial', 'industrialStorage']],
    ]);
  });

  it('reads a news report that quotes a plan', () => {
    const news = '本报讯（记者 王某）记者从县自然资源局获悉，该县2026年计划供应国有建设用地600公顷，其中住宅用地200公顷、商服用地100公顷。来源：某某网 浏览次数：1234';
    const { figures, document } = extract(news);
    expect(document.year).toBe(2026);
    expect(figures.map((f) => [f.value, f.role])).toEqual([
      ['600', 'total'],
      ['200', 'category'],
      ['100', 'category'],
    ]);
  });

  it('finds title, region and year', () => {
    expect(extract('蔚县2020年度国有建设用地供应计划\n正文').document).toEqual({ title: '蔚县2020年度国有建设用地供应计划', region: '蔚县', year: 2020 });
  });
});
