/** Messages for reconciliation findings, in the words a reviewer would write (zh-CN, en). */
import { Dec } from '../../domain/decimal.js';
import type { Bilingual, Severity } from '../../domain/finding.js';
import { meets, percentOf } from '../../domain/interval.js';
import type { ExtractedFigure } from '../types.js';
import type { Suspect } from './diagnose.js';
import { isArea, muFactor, type FigureTable } from './figures.js';
import { evaluate, type Evaluation, type Relation } from './relations.js';
import { isPrimary, type Structure } from './structure.js';

export const UNIT_ZH: Record<string, string> = { ha: '公顷', mu: '亩', percent: '%', m2: '平方米', sqkm: '平方公里', times: '倍', wanha: '万公顷', wanmu: '万亩', wanm2: '万平方米' };
export const UNIT_EN: Record<string, string> = { ha: ' ha', mu: ' mu', percent: '%', m2: ' m²', sqkm: ' km²', times: '×', wanha: ' × 10⁴ ha', wanmu: ' × 10⁴ mu', wanm2: ' × 10⁴ m²' };

const zh = (f: ExtractedFigure, v = f.value) => `${v}${UNIT_ZH[f.unit] ?? ''}`;
const en = (f: ExtractedFigure, v = f.value) => `${v}${UNIT_EN[f.unit] ?? ''}`;

function diff(a: string, b: string): string {
  return new Dec(a).minus(new Dec(b)).abs().toFixed();
}

export function describeRelation(rel: Relation, severity: Severity, ev: Evaluation, expected: string, t: FigureTable, coarse?: Evaluation): Bilingual {
  const s = rel.stated;
  const d = diff(s.value, expected);
  let m: Bilingual;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      const parts = rel.inputs.map((p) => zh(p)).join(' + ');
      const partsEn = rel.inputs.map((p) => en(p)).join(' + ');
      m =
        rel.kind === 'sum'
          ? { zh: `${rel.what.zh}：分项之和 ${parts} = ${zh(s, expected)}，与所列总量 ${zh(s)} 相差 ${d}${UNIT_ZH[s.unit]}。`, en: `${cap(rel.what.en)}: the parts ${partsEn} add up to ${en(s, expected)}, not the stated ${en(s)} (off by ${d}${UNIT_EN[s.unit]}).` }
          : { zh: `${rel.what.zh}：分项之和 ${zh(s, expected)} 超过总量 ${zh(s)}。`, en: `${cap(rel.what.en)}: the parts add up to ${en(s, expected)}, more than the total ${en(s)}.` };
      break;
    }
    case 'conversion': {
      const [ha] = rel.inputs as [ExtractedFigure];
      m = {
        zh: `「${ha.label}」${zh(ha)}按1公顷=15亩应折合 ${zh(s, expected)}，文中为 ${zh(s)}，相差 ${d}亩。`,
        en: `"${ha.label}" ${en(ha)} is ${en(s, expected)} at 15 mu per hectare; the text prints ${en(s)} (off by ${d} mu).`,
      };
      break;
    }
    case 'share': {
      const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const exact = ev.expected.toFixed(4);
      m = {
        zh: `「${num.label}」${zh(num)} ÷ ${den.role === 'total' ? '供应总量' : `「${den.label}」`}${zh(den)} = ${exact}%，应印为 ${expected}%，文中为 ${s.value}%。`,
        en: `"${num.label}" ${en(num)} ÷ ${den.role === 'total' ? 'the total' : `"${den.label}"`} ${en(den)} = ${exact}%, which prints as ${expected}%; the text says ${s.value}%.`,
      };
      break;
    }
    case 'growth': {
      const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      m = {
        zh: `「${cur.label}」${zh(cur)}较「${base.label}」${zh(base)}的变化应为 ${expected}${UNIT_ZH[s.unit]}，文中为 ${zh(s)}。`,
        en: `From "${base.label}" ${en(base)} to "${cur.label}" ${en(cur)} the change is ${expected}${UNIT_EN[s.unit]}; the text says ${en(s)}.`,
      };
      if (ev.loose) {
        m = {
          zh: `${m.zh}「增长${s.value}倍」严格应为原数的${new Dec(s.value).plus(1).toFixed()}倍；按「为${s.value}倍」理解则相符，属常见用语不严谨。`,
          en: `${m.en} "增长${s.value}倍" strictly means ${new Dec(s.value).plus(1).toFixed()}× the base; it fits only when read as ${s.value}× (a common loose wording).`,
        };
      }
      break;
    }
    case 'growthDerived': {
      const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const base = new Dec(cur.value).minus(new Dec(change.value).times(change.direction === -1 ? -1 : 1).times(muFactor(change)).div(muFactor(cur)));
      m = {
        zh: `文中未印上期数：「${cur.label}」${zh(cur)}${change.direction === -1 ? '减少' : '增加'}${zh(change)}，上期应为 ${zh(cur, base.toFixed())}，变化率应为 ${expected}%，文中为 ${s.value}%。`,
        en: `No earlier figure is printed: "${cur.label}" ${en(cur)} changed by ${en(change)}, so the base is ${en(cur, base.toFixed())} and the rate ${expected}%; the text says ${s.value}%.`,
      };
      break;
    }
  }
  if (severity === 'info') {
    return { zh: `${m.zh}差异在舍入误差之内，属舍入所致。`, en: `${m.en} The difference is within rounding.` };
  }
  if (severity === 'warning' && coarse) {
    const coarseFigs = [rel.stated, ...rel.inputs].filter((f) => t.isCoarse(f));
    const names = coarseFigs.map((f) => zh(f)).join('、');
    const plainNames = coarseFigs.map((f) => zh(f, new Dec(f.value).toFixed(t.decimals(f, 'plain')))).join('、');
    return {
      zh: `${m.zh}若将 ${names} 按所印位数理解（精度较同类数字粗）则可相符；若按 ${plainNames} 理解则不相符。`,
      en: `${m.en} It fits only if ${coarseFigs.map((f) => en(f)).join(', ')} is read at its own coarser precision, not as ${coarseFigs.map((f) => en(f, new Dec(f.value).toFixed(t.decimals(f, 'plain')))).join(', ')}.`,
    };
  }
  return m;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function slipSuggestion(s: Suspect): Bilingual {
  const kinds: Record<Suspect['slip'], [string, string]> = {
    digit: ['一位数字录入有误', 'one digit mistyped'],
    swap: ['相邻两位数字颠倒', 'two adjacent digits swapped'],
    missing: ['漏录一位数字', 'a digit dropped'],
    extra: ['多录一位数字', 'a digit doubled'],
    point: ['小数点错位', 'the decimal point misplaced'],
    pointForDigit: ['一位数字误作小数点', 'a digit typed as a decimal point'],
    digitForPoint: ['小数点误作数字', 'a decimal point typed as a digit'],
  };
  const [kz, ke] = kinds[s.slip];
  const f = s.figure;
  return {
    zh: `疑为「${f.label}」${zh(f)} 之误，可能应为 ${zh(f, s.value)}（${kz}）；改后相关核对均可相符。仅供参考，请以原始数据为准。`,
    en: `Possibly a typing slip in "${f.label}" ${en(f)}: ${en(f, s.value)} (${ke}) would make every related check pass. A suggestion only; confirm against the source data.`,
  };
}

/** A likely cause for a failing relation, beyond typing slips. */
export interface Cause {
  readonly text: Bilingual;
  /** A specific explanation (truncation, wrong denominator, copied line) rather than a generic one. */
  readonly specific: boolean;
}

export function causeOf(rel: Relation, ev: Evaluation, t: FigureTable, s: Structure, figures: readonly ExtractedFigure[]): Cause | undefined {
  const c = causeText(rel, ev, t, figures);
  void s;
  return c;
}

function causeText(rel: Relation, ev: Evaluation, t: FigureTable, figures: readonly ExtractedFigure[]): Cause | undefined {
  const st = rel.stated;
  if (rel.kind === 'share') {
    const k = st.decimals;
    const truncated = ev.expected.toDecimalPlaces(k, Dec.ROUND_DOWN);
    if (truncated.eq(new Dec(st.value)) && !ev.expected.toDecimalPlaces(k, Dec.ROUND_HALF_UP).eq(truncated)) {
      return { specific: true, text: {
        zh: `疑为截尾取数：${ev.expected.toFixed(4)}% 直接截为 ${st.value}%，而非四舍五入为 ${ev.expected.toFixed(k, Dec.ROUND_HALF_UP)}%。`,
        en: `Likely truncated: ${ev.expected.toFixed(4)}% was cut to ${st.value}% instead of rounded to ${ev.expected.toFixed(k, Dec.ROUND_HALF_UP)}%.`,
      } };
    }
    const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
    const byId = t.byId;
    for (const alt of t.near(st)) {
      if (alt.id === den.id || alt.id === num.id || !isArea(alt) || !isPrimary(alt, byId) || alt.role === 'threshold') continue;
      const implied = percentOf(t.muInterval(num, 'plain'), t.muInterval(alt, 'plain'));
      if (meets(t.interval(st, 'plain'), implied)) {
        return { specific: true, text: {
          zh: `疑以「${alt.label}」${zh(alt)} 为分母计算（按此分母恰为 ${st.value}%）。`,
          en: `Possibly computed against "${alt.label}" ${en(alt)} as the denominator (which gives exactly ${st.value}%).`,
        } };
      }
    }
  }
  if (rel.kind === 'conversion') {
    const [ha] = rel.inputs as [ExtractedFigure];
    const impliedHa = new Dec(st.value).div(15);
    const byId = t.byId;
    for (const alt of t.near(st)) {
      if (alt.id === ha.id || alt.unit !== 'ha' || !isPrimary(alt, byId)) continue;
      const r = evaluate({ ...rel, inputs: [alt] }, t, 'plain');
      if (r.ok) {
        return { specific: true, text: {
          zh: `所列亩数恰为「${alt.label}」${zh(alt)} 的折算，疑为套用了该项的亩数。`,
          en: `The mu figure is exactly the conversion of "${alt.label}" ${en(alt)}; possibly copied from that line.`,
        } };
      }
    }
    return { specific: false, text: {
      zh: `所列 ${zh(st)} 折合 ${impliedHa.toFixed(4)} 公顷，与 ${zh(ha)} 相差 ${impliedHa.minus(new Dec(ha.value)).abs().toFixed(4)} 公顷；可能公顷数修改后亩数未同步更新，或亩数录入有误。`,
      en: `${en(st)} is ${impliedHa.toFixed(4)} ha, ${impliedHa.minus(new Dec(ha.value)).abs().toFixed(4)} ha away from ${en(ha)}: possibly the hectares were revised without updating the mu, or the mu figure was mistyped.`,
    } };
  }
  if (rel.kind === 'sum') {
    const gapMu = ev.expected.times(muFactor(st)).minus(t.muValue(st)).abs();
    const same = rel.inputs.find((p) => t.muValue(p).eq(gapMu));
    if (same) {
      return { specific: true, text: {
        zh: `差额恰等于「${same.label}」${zh(same)}，疑该项被重复计入或漏计。`,
        en: `The difference equals "${same.label}" ${en(same)}: possibly that line was counted twice or left out.`,
      } };
    }
  }
  if ((rel.kind === 'growth' || rel.kind === 'growthDerived') && rel.stated.growthMode === 'rate') {
    const [cur, other] = rel.inputs as [ExtractedFigure, ExtractedFigure];
    const curMu = t.muValue(cur);
    const change = rel.kind === 'growth' ? curMu.minus(t.muValue(other)).abs() : t.muValue(other);
    const base = rel.kind === 'growth' ? other : { ...other, value: curMu.minus(change.times(other.direction === -1 ? -1 : 1)).div(muFactor(cur)).toFixed() };
    const wrongBase = !curMu.isZero() ? change.times(100).div(curMu) : null;
    if (wrongBase && wrongBase.toFixed(st.decimals, Dec.ROUND_HALF_UP) === new Dec(st.value).toFixed(st.decimals)) {
      return { specific: true, text: {
        zh: `疑以本期数 ${zh(cur)} 为基数计算增幅（应以上期 ${zh(base)} 为基数）。`,
        en: `Possibly computed on the wrong base: the current ${en(cur)} instead of the earlier ${en(base)}.`,
      } };
    }
  }
  return undefined;
}
