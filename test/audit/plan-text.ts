/**
 * Test support: random consistent plans and their rendering into Chinese plan text in several
 * phrasings, the way bureaus print them. Printed figures are rounded from exact square metres
 * (亩 from the unrounded hectares), so a correct audit finds no error in any rendering.
 */
import fc from 'fast-check';
import { Dec } from '../../src/domain/decimal.js';

export interface GeneratedPlan {
  region: string;
  year: number;
  /** Exact areas in m², by category label. */
  categories: { label: string; m2: bigint }[];
  grantM2: bigint;
  newM2: bigint;
}

const CATEGORY_LABELS: string[][] = [
  ['住宅用地', '居住用地'],
  ['商服用地', '商业服务业用地', '商业用地'],
  ['工矿仓储用地', '工矿用地和仓储用地'],
  ['公共管理与公共服务用地'],
  ['交通运输用地'],
  ['水域及水利设施用地'],
  ['特殊用地'],
];

export const planArb: fc.Arbitrary<GeneratedPlan> = fc
  .record({
    region: fc.constantFrom('甲县', '乙市', '丙旗', '丁县'),
    year: fc.integer({ min: 2011, max: 2030 }),
    labelPick: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
    areas: fc.array(fc.bigInt({ min: 5_000n, max: 30_000_000n }), { minLength: 7, maxLength: 7 }),
    grantPerMille: fc.integer({ min: 50, max: 950 }),
    newPerMille: fc.integer({ min: 50, max: 950 }),
  })
  .map(({ region, year, labelPick, areas, grantPerMille, newPerMille }) => {
    const categories = CATEGORY_LABELS.map((labels, i) => ({ label: labels[labelPick[i]! % labels.length]!, m2: areas[i]! }));
    const total = categories.reduce((a, c) => a + c.m2, 0n);
    return { region, year, categories, grantM2: (total * BigInt(grantPerMille)) / 1000n, newM2: (total * BigInt(newPerMille)) / 1000n };
  });

export type Phrasing = 'haWithMuList' | 'haRunOn' | 'muOnly' | 'integerHa' | 'flattenedFullWidth';
export const PHRASINGS: Phrasing[] = ['haWithMuList', 'haRunOn', 'muOnly', 'integerHa', 'flattenedFullWidth'];

/** A figure printed in the text, with its role in the test's terms. */
export interface PrintedFigure {
  key: string;
  text: string;
  unit: 'ha' | 'mu' | 'percent';
}

const ha = (m2: bigint, dp = 2) => new Dec(m2.toString()).div(10000).toFixed(dp, Dec.ROUND_HALF_UP);
const mu = (m2: bigint, dp = 2) => new Dec(m2.toString()).times('0.0015').toFixed(dp, Dec.ROUND_HALF_UP);
const pct = (a: bigint, b: bigint, dp = 2) => new Dec(a.toString()).times(100).div(new Dec(b.toString())).toFixed(dp, Dec.ROUND_HALF_UP);

export function renderPlan(p: GeneratedPlan, phrasing: Phrasing, withShares: boolean): { text: string; figures: PrintedFigure[] } {
  const total = p.categories.reduce((a, c) => a + c.m2, 0n);
  const alloc = total - p.grantM2;
  const existing = total - p.newM2;
  const figures: PrintedFigure[] = [];
  const f = (key: string, text: string, unit: PrintedFigure['unit']) => {
    figures.push({ key, text, unit });
    return text;
  };
  const title = `${p.region}${p.year}年度国有建设用地供应计划`;
  const area = (key: string, m2: bigint): string => {
    switch (phrasing) {
      case 'muOnly':
        return `${f(`${key}.mu`, mu(m2), 'mu')}亩`;
      case 'integerHa':
        return `${f(`${key}.ha`, ha(m2, 0), 'ha')}公顷`;
      case 'haRunOn':
        return `${f(`${key}.ha`, ha(m2), 'ha')}公顷`;
      default:
        return `${f(`${key}.ha`, ha(m2), 'ha')}公顷（${f(`${key}.mu`, mu(m2), 'mu')}亩）`;
    }
  };
  const share = (key: string, m2: bigint) => (withShares && phrasing !== 'integerHa' ? `，占比${f(`${key}.pct`, pct(m2, total), 'percent')}%` : '');
  let text = `${title}\n一、计划指标\n（一）供应总量\n${p.year}年度全县国有建设用地供应总量控制在${area('total', total)}以内。`;
  text += `其中出让用地${area('grant', p.grantM2)}${share('grant', p.grantM2)}，划拨用地${area('alloc', alloc)}${share('alloc', alloc)}。`;
  text += `新增建设用地${area('new', p.newM2)}，存量建设用地${area('existing', existing)}。\n`;
  text += `（二）供应结构\n${p.year}年度国有建设用地供应总量中，`;
  if (phrasing === 'haWithMuList') {
    text += `计划供应：\n${p.categories.map((c, i) => `${i + 1}.${c.label}${area(`cat${i}`, c.m2)}${share(`cat${i}`, c.m2)}；`).join('\n')}\n`;
  } else {
    text += `${p.categories.map((c, i) => `${c.label}${area(`cat${i}`, c.m2)}${share(`cat${i}`, c.m2)}`).join('，')}。\n`;
  }
  text += '二、保障措施\n对供应计划指标实行总量控制，不得突破。';
  if (phrasing === 'flattenedFullWidth') text = toFullWidthDigits(text.replace(/\n/g, ''));
  return { text, figures };
}

function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9.%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Changes a printed figure by `delta` units of its last printed digit. */
export function perturb(text: string, delta: number): string {
  const dot = text.indexOf('.');
  const dp = dot < 0 ? 0 : text.length - dot - 1;
  return new Dec(text).plus(new Dec(delta).times(new Dec(10).pow(-dp))).toFixed(dp);
}
