/**
 * Phrasings of real county plans that the generated plans of plan-text.ts do not print: supply
 * methods beyond 出让/划拨, a zero housing base, lists written one item per paragraph, and tables
 * under a 单位：公顷 header with share, row-number, year and count columns. Consistent texts give
 * no error and no warning; a mistyped figure is still found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';
import { Dec } from '../../src/domain/decimal.js';

const serious = (t: string) => auditText(t).findings.filter((f) => f.severity !== 'info');
const errorsOf = (t: string) => auditText(t).findings.filter((f) => f.severity === 'error');
const ha = (m2: bigint) => new Dec(m2.toString()).div(10000).toFixed(2, Dec.ROUND_HALF_UP);
const sumHa = (parts: bigint[]) => ha(parts.reduce((a, b) => a + b, 0n));
const head = (year: number) => `某县${year}年度国有建设用地供应计划\n`;

/** Areas in m² whose printed hectares (2 dp) add up exactly to the printed total. */
const areasArb = (min: number, max: number) => fc.array(fc.bigInt({ min: 1_000n, max: 300_000n }), { minLength: min, maxLength: max }).map((xs) => xs.map((x) => x * 100n));

describe('supply methods beyond 出让 and 划拨', () => {
  const OTHER = ['作价出资（入股）用地', '作价出资(入股)方式供应', '作价入股用地', '授权经营用地', '以授权经营方式供应', '租赁用地', '以租赁方式供应'];
  it('reads 作价出资（入股）, 授权经营 and 租赁 as methods of their own, summed with 出让 and 划拨', () => {
    fc.assert(
      fc.property(areasArb(3, 5), fc.subarray(OTHER, { minLength: 1, maxLength: 3 }), fc.integer({ min: 2020, max: 2030 }), (areas, others, year) => {
        const [grant, alloc, ...rest] = areas;
        const extra = others.map((label, i) => ({ label, m2: rest[i % rest.length]! }));
        const all = [grant!, alloc!, ...extra.map((e) => e.m2)];
        const methods = [`出让用地${ha(grant!)}公顷`, `划拨用地${ha(alloc!)}公顷`, ...extra.map((e) => `${e.label}${ha(e.m2)}公顷`)];
        const text = `${head(year)}${year}年度国有建设用地供应总量${sumHa(all)}公顷，其中${methods.join('，')}。`;
        const r = auditText(text);
        expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        const read = r.figures.filter((f) => f.role === 'method').map((f) => f.method);
        expect(read).toEqual(['grant', 'allocation', ...extra.map((e) => (/作价|入股/.test(e.label) ? 'capitalContribution' : /授权/.test(e.label) ? 'authorizedOperation' : 'lease'))]);
        // The total printed without the other methods' share is an error of the method split.
        const wrong = `${head(year)}${year}年度国有建设用地供应总量${sumHa([grant!, alloc!])}公顷，其中${methods.join('，')}。`;
        expect(errorsOf(wrong).map((f) => f.rule)).toContain('sum-method');
      }),
      { numRuns: 80 },
    );
  });
});

describe('a zero housing base', () => {
  it('states that no share can be computed, with no NaN and no error', () => {
    fc.assert(
      fc.property(areasArb(2, 2), fc.constantFrom('0.00', '0', '0.0'), fc.constantFrom(50, 60, 70), fc.boolean(), (areas, zero, pct, printShare) => {
        const [biz, ind] = areas;
        const share = printShare ? `，占住宅用地的${zero === '0' ? '0' : '0.00'}%` : '';
        const text =
          `${head(2026)}2026年度国有建设用地供应总量${sumHa([biz!, ind!])}公顷，其中住宅用地${zero}公顷，商服用地${ha(biz!)}公顷，工矿仓储用地${ha(ind!)}公顷。` +
          `保障性住房用地${zero}公顷${share}。确保保障性住房用地不低于住宅用地供应总量的${pct}%。`;
        const r = auditText(text);
        expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        for (const f of r.findings) expect(`${f.message.zh} ${f.message.en} ${f.expected ?? ''}`).not.toMatch(/NaN|Infinity/);
        const claim = r.findings.find((f) => f.rule === 'housing-share-claim');
        expect(claim?.message.en).toContain('no share can be computed');
      }),
      { numRuns: 40 },
    );
  });

  it('still finds a stated share that a zero part contradicts', () => {
    const text = `${head(2026)}2026年度国有建设用地供应总量100.00公顷，其中住宅用地0.00公顷，占比15.00%，商服用地60.00公顷，工矿仓储用地40.00公顷。`;
    expect(errorsOf(text).map((f) => f.stated)).toEqual(['15.00']);
  });
});

describe('lists written one item per paragraph', () => {
  const CATS = ['住宅用地', '商服用地', '工矿仓储用地', '公共管理与公共服务用地', '交通运输用地', '水域及水利设施用地', '特殊用地'];
  const CN = ['一', '二', '三', '四', '五', '六', '七'];
  type Layout = 'numbered' | 'numberedBlank' | 'headings' | 'introColon' | 'circled' | 'parenArabic';
  const LAYOUTS: Layout[] = ['numbered', 'numberedBlank', 'headings', 'introColon', 'circled', 'parenArabic'];

  function render(layout: Layout, total: string, items: { label: string; value: string }[]): string {
    const top = `${head(2026)}一、供应总量\n2026年度全县国有建设用地供应总量为${total}公顷。\n二、供应结构\n`;
    switch (layout) {
      case 'numbered':
        return top + items.map((x, i) => `${i + 1}.${x.label}${x.value}公顷；`).join('\n');
      case 'numberedBlank':
        return top + items.map((x, i) => `${i + 1}、${x.label}${x.value}公顷。`).join('\n\n');
      case 'headings':
        return top + items.map((x, i) => `（${CN[i]}）${x.label}\n计划供应${x.value}公顷，主要保障重点项目建设。`).join('\n');
      case 'introColon':
        return `${head(2026)}2026年度全县国有建设用地供应总量为${total}公顷，其中：\n${items.map((x, i) => `${i + 1}.${x.label}${x.value}公顷；`).join('\n\n')}\n三、保障措施\n1.严格执行计划。\n2.加强监管。`;
      case 'circled':
        return top + items.map((x, i) => `${String.fromCharCode(0x2460 + i)}${x.label}：${x.value}公顷。`).join('\n');
      case 'parenArabic':
        return top + items.map((x, i) => `(${i + 1})${x.label}，计划面积${x.value}公顷。`).join('\n');
    }
  }

  it('sums the items against the stated total: no finding when they add up, an error when one item is off', () => {
    fc.assert(
      fc.property(areasArb(2, 7), fc.constantFrom(...LAYOUTS), fc.nat(), fc.integer({ min: 2, max: 9 }), (areas, layout, pick, tenths) => {
        const items = areas.map((m2, i) => ({ label: CATS[i]!, value: ha(m2) }));
        const total = sumHa(areas);
        expect(serious(render(layout, total, items))).toEqual([]);
        // One item printed larger by a tenth or more of the total: the parts exceed the total.
        const k = pick % items.length;
        const bump = (areas.reduce((a, b) => a + b, 0n) * BigInt(tenths)) / 10n;
        const wrong = items.map((x, i) => (i === k ? { ...x, value: ha(areas[i]! + bump) } : x));
        const errors = errorsOf(render(layout, total, wrong));
        expect(errors.map((f) => f.rule)).toContain('sum-category');
      }),
      { numRuns: 120 },
    );
  });

  it('takes the category from a heading item whose paragraph names none', () => {
    const text = render('headings', '100.00', [
      { label: '商服用地', value: '40.00' },
      { label: '工矿仓储用地', value: '60.00' },
    ]);
    const r = auditText(text);
    expect(r.figures.filter((f) => f.role === 'category').map((f) => [f.category, f.value])).toEqual([
      ['commercial', '40.00'],
      ['industrialStorage', '60.00'],
    ]);
  });

  it('does not sum a numbered list of measures that mention areas of other things', () => {
    const text =
      `${head(2026)}2026年度全县国有建设用地供应总量为100.00公顷。\n三、保障措施\n` +
      `1.对闲置满两年的土地依法收回，2025年共处置闲置土地35.00公顷。\n2.盘活批而未供土地80.00公顷，提高节约集约水平。`;
    expect(serious(text)).toEqual([]);
  });
});

describe('tables under a 单位：公顷 header', () => {
  const CATS = ['住宅用地', '商服用地', '工矿仓储用地', '公共管理与公共服务用地', '交通运输用地', '水域及水利设施用地', '特殊用地'];
  type Layout = 'tabs' | 'spaces' | 'pipes' | 'cellPerLine' | 'headerThenCells';
  const LAYOUTS: Layout[] = ['tabs', 'spaces', 'pipes', 'cellPerLine', 'headerThenCells'];
  /** Extra columns that are not areas: 序号, a share printed without %, a count, a year. */
  interface Shape {
    serial: boolean;
    share: boolean;
    count: boolean;
    year: boolean;
    totalRow: boolean;
    unit: '公顷' | '亩';
  }
  const shapeArb: fc.Arbitrary<Shape> = fc.record({ serial: fc.boolean(), share: fc.boolean(), count: fc.boolean(), year: fc.boolean(), totalRow: fc.boolean(), unit: fc.constantFrom('公顷' as const, '亩' as const) });

  function render(layout: Layout, shape: Shape, total: string, rows: { label: string; area: string; share: string; count: number }[], year: number): string {
    const head = [...(shape.serial ? ['序号'] : []), '用地类型', '面积', ...(shape.share ? ['占比（%）'] : []), ...(shape.count ? ['宗数'] : []), ...(shape.year ? ['年份'] : [])];
    const line = (serial: string, r: { label: string; area: string; share: string; count: number }) => [
      ...(shape.serial ? [serial] : []),
      r.label,
      r.area,
      ...(shape.share ? [r.share] : []),
      ...(shape.count ? [String(r.count)] : []),
      ...(shape.year ? [String(year)] : []),
    ];
    const body = rows.map((r, i) => line(String(i + 1), r));
    if (shape.totalRow) body.push(line('', { label: '合计', area: total, share: '100.00', count: rows.reduce((a, r) => a + r.count, 0) }));
    const top = `某县${year}年度国有建设用地供应计划\n${year}年度全县国有建设用地供应总量为${total}${shape.unit}。\n表1 ${year}年度国有建设用地供应计划表\n单位：${shape.unit}\n`;
    switch (layout) {
      case 'tabs':
        return top + [head, ...body].map((r) => r.join('\t')).join('\n');
      case 'spaces':
        return top + [head, ...body].map((r) => r.filter((c) => c !== '').join('    ')).join('\n');
      case 'pipes':
        return top + [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
      case 'cellPerLine':
        return top + [...head, ...body.flatMap((r) => r.filter((c) => c !== ''))].join('\n') + '\n二、保障措施\n严格执行计划。';
      case 'headerThenCells':
        return top + head.join('\t') + '\n' + body.flatMap((r) => r.filter((c) => c !== '')).join('\n') + '\n二、保障措施\n严格执行计划。';
    }
  }

  it('applies the unit to the area column only: no false error from 序号, shares, counts or years; a mistyped area is found', () => {
    fc.assert(
      fc.property(areasArb(2, 6), fc.constantFrom(...LAYOUTS), shapeArb, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 2015, max: 2030 }), fc.nat(), (areas, layout, shape, counts, year, pick) => {
        const totalM2 = areas.reduce((a, b) => a + b, 0n);
        const value = (m2: bigint) => (shape.unit === '公顷' ? ha(m2) : new Dec(m2.toString()).times('0.0015').toFixed(2, Dec.ROUND_HALF_UP));
        const exact = (m2: bigint) => new Dec(m2.toString()).times(100).div(new Dec(totalM2.toString()));
        const rows = areas.map((m2, i) => ({ label: CATS[i]!, area: value(m2), share: exact(m2).toFixed(2, Dec.ROUND_HALF_UP), count: counts[i]! }));
        // Printed 亩 are rounded from exact m²: the total is printed from the exact sum too.
        const text = render(layout, shape, value(totalM2), rows, year);
        const r = auditText(text);
        expect(r.findings.filter((f) => f.severity !== 'info'), text).toEqual([]);
        const unit = shape.unit === '公顷' ? 'ha' : 'mu';
        const printedAreas = new Set([...rows.map((x) => x.area), value(totalM2)]);
        for (const f of r.figures.filter((x) => x.unit === unit)) expect(printedAreas.has(f.value), `${f.value} read as ${unit}\n${text}`).toBe(true);
        for (const f of r.figures.filter((x) => x.unit === 'percent')) expect(f.of, text).toBeDefined();
        if (!shape.totalRow) return;
        // One area printed larger by a tenth of the total or more: the 合计 row no longer adds up.
        const k = pick % rows.length;
        const wrong = rows.map((x, i) => (i === k ? { ...x, area: value(areas[i]! + totalM2 / 5n) } : x));
        expect(errorsOf(render(layout, shape, value(totalM2), wrong, year)).length, text).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves numbers of a column it does not know unread rather than read them as areas', () => {
    const text = '某县2026年度国有建设用地供应计划\n单位：公顷\n用地类型\t面积\t折算系数\n住宅用地\t40.00\t1.5\n商服用地\t60.00\t2.5\n';
    const r = auditText(text);
    expect(r.figures.map((f) => [f.value, f.unit])).toEqual([
      ['40.00', 'ha'],
      ['60.00', 'ha'],
    ]);
    expect(r.unread.map((u) => [u.text, u.reason])).toEqual([
      ['1.5', 'noUnit'],
      ['2.5', 'noUnit'],
    ]);
    // Rows under the header with no column names: nothing is guessed.
    const bare = auditText('某县2026年度国有建设用地供应计划\n单位：公顷\n住宅用地\t40.00\t12\n商服用地\t60.00\t7\n');
    expect(bare.figures).toEqual([]);
    expect(bare.unread.map((u) => u.text)).toEqual(['40.00', '12', '60.00', '7']);
  });
});

describe('paragraph lists under a heading that names a part of the plan', () => {
  it('are not summed against the plan total', () => {
    const cats = ['住宅用地', '商服用地', '工矿仓储用地', '公共管理与公共服务用地', '交通运输用地', '水域及水利设施用地', '特殊用地'];
    // The seven categories of new construction land add up to the new land (60), not to the total (100).
    const text =
      `${head(2026)}2026年度全县国有建设用地供应总量为100.00公顷，其中新增建设用地60.00公顷，存量建设用地40.00公顷。\n（三）新增建设用地\n` +
      cats.map((c, i) => `${i + 1}.${c}${i === 0 ? '30.00' : '5.00'}公顷；`).join('\n');
    expect(serious(text)).toEqual([]);
  });
});
