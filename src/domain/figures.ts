/**
 * StatedFigure: a number as printed in a document, with its unit and precision.
 * "542.77" printed with 2 decimals stands for [542.765, 542.775].
 */
import { Dec, dec } from './decimal.js';
import { roundingInterval, type Interval } from './interval.js';

export type FigureUnit = 'ha' | 'mu' | 'percent' | 'm2' | 'sqkm' | 'times';

export interface StatedFigure {
  /** The digits as printed, normalised to ASCII ("1843.24"). */
  readonly text: string;
  readonly value: Dec;
  readonly unit: FigureUnit;
  /** Decimals as printed: "1.8" has 1, "1843" has 0. */
  readonly decimals: number;
}

export function statedFigure(text: string, unit: FigureUnit): StatedFigure {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new RangeError(`not a plain decimal number: ${text}`);
  const dot = t.indexOf('.');
  return { text: t, value: dec(t), unit, decimals: dot < 0 ? 0 : t.length - dot - 1 };
}

/**
 * The interval the figure stands for. `decimals` overrides the printed precision: the audit reads
 * "2.5" among two-decimal siblings as 2.50 first, and only then at its own coarser precision.
 */
export function figureInterval(f: StatedFigure, decimals = f.decimals): Interval {
  return roundingInterval(f.value, Math.max(decimals, f.decimals));
}

export function coarseInterval(f: StatedFigure): Interval {
  return roundingInterval(f.value, f.decimals);
}

export const UNIT_NAMES: Record<FigureUnit, { zh: string; en: string }> = {
  ha: { zh: '公顷', en: 'ha' },
  mu: { zh: '亩', en: 'mu' },
  percent: { zh: '%', en: '%' },
  m2: { zh: '平方米', en: 'm²' },
  sqkm: { zh: '平方公里', en: 'km²' },
  times: { zh: '倍', en: '×' },
};

export function formatFigure(f: StatedFigure, lang: 'zh' | 'en'): string {
  const u = UNIT_NAMES[f.unit][lang];
  return f.unit === 'percent' ? `${f.text}%` : lang === 'zh' ? `${f.text}${u}` : `${f.text} ${u}`;
}

export { Dec };
