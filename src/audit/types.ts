/**
 * The audit's data: figures extracted from a plan text and the findings of reconciliation.
 * The JSON contract (issue 2) is a projection of these types; other tools build on it.
 */
import type { FigureUnit } from '../domain/figures.js';
import type { Finding } from '../domain/finding.js';
import type { IndicatorKind, LandSource, MethodGroup } from '../domain/plan/cube.js';

/** What a figure states. */
export type FigureRole =
  | 'total' // 供应总量
  | 'method' // 出让 / 划拨 part
  | 'source' // 新增 / 存量 part
  | 'category' // a use category's area
  | 'district' // a district's area or share
  | 'housing' // 住房 sub-structure
  | 'housingTotal' // 住房用地 / 住宅用地 total in the housing table
  | 'groupTotal' // 统筹 / 分解 groupings, 约束性 / 指导性 totals
  | 'fiveYearAverage' // 近五年 / 前五年 年均
  | 'baseline' // a figure of an earlier year (上年 …), the base of a growth statement
  | 'share' // a percentage of another figure
  | 'growth' // 增加 / 减少 N 公顷, 增长 / 下降 N%
  | 'threshold' // a policy threshold ("不低于 … 70%")
  | 'completion' // 完成计划的 N%, 落实率 N%: an actual figure as a share of its plan
  | 'parcels' // the area of named parcels or a batch of them (地块, 宗地): not a plan indicator
  | 'other';

/** Units as printed: FigureUnit plus 万公顷, 万亩 and 万平方米 (10 000 of each). */
export type AuditUnit = FigureUnit | 'wanha' | 'wanmu' | 'wanm2';

export interface ExtractedFigure {
  /** Stable within one document: "f1", "f2" … in text order. */
  readonly id: string;
  /** What the figure is, in the document's words ("划拨用地", "居住用地"). */
  readonly label: string;
  readonly role: FigureRole;
  /** As printed, normalised to ASCII digits ("1843.24"). */
  readonly value: string;
  readonly unit: AuditUnit;
  readonly decimals: number;
  /** Set when the text printed no unit: it came from a table header (单位：公顷) or the sibling figures. */
  readonly unitFrom?: 'header' | 'sibling';
  /** The year the figure is about, when the text ties it to one (this year, last year, 2011年 …). */
  readonly year?: number;
  /** A plan figure, or an outcome (实际, 完成, 落实, 累计). */
  readonly measure?: 'plan' | 'actual';
  /** The figure this one is a part of (其中 / 含 / 包括 / "…总量中，" lists, bracketed items). */
  readonly parent?: string;
  /** The same statement printed earlier (a headline and the body): the id of the first printing. */
  readonly repeats?: string;
  /** Offset where the figure's sentence starts (figures of one sentence share it). */
  readonly sentence?: number;
  /** The sentence or clause it was read from, and its character offsets in the text. */
  readonly quote: string;
  readonly start: number;
  readonly end: number;
  /** The ha figure this 亩 figure converts (or the other way round). */
  readonly pairOf?: string;
  /** For a share or growth: the figure it is a share / growth of. */
  readonly of?: string;
  /** The denominator a share names, when it names one. */
  readonly denominator?: string;
  readonly category?: string;
  readonly method?: MethodGroup;
  readonly source?: LandSource;
  readonly district?: string;
  readonly housingType?: string;
  readonly kind?: IndicatorKind;
  /** Printed as approximate (约, 近, 左右) or as a bound (不低于, 以上). */
  readonly qualifier?: 'approx' | 'nearly' | 'atLeast' | 'atMost';
  /** Growth statements: 增加 N 公顷 (delta), 增长 N% (rate), 增长 N 倍 (multipleIncrease), 为 N 倍 (multipleOf), N 个百分点 (points). */
  readonly growthMode?: 'delta' | 'rate' | 'multipleIncrease' | 'multipleOf' | 'points';
  readonly direction?: 1 | -1;
  /** Introduced by 其中 / 含 / 包括: a breakdown of the figure before, not a sibling of it. */
  readonly breakdown?: boolean;
  /** Group totals (统筹 / 分解, 约束性 / 指导性): the categories the group names. */
  readonly members?: readonly string[];
}

/** Binding / indicative and pooled / zone-allocated wording, with the categories it names. */
export interface PlanStatement {
  readonly kind?: IndicatorKind;
  readonly allocation?: 'pooled' | 'zoneAllocated';
  readonly categories: readonly string[];
  readonly quote: string;
  readonly start: number;
  readonly end: number;
}

export interface AuditDocument {
  readonly title: string | null;
  readonly region: string | null;
  readonly year: number | null;
}

/** A number with an area or share unit that no figure took, and why. */
export interface UnreadSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** floorArea: 建筑面积, not land area (out of scope); permille: ‰; noUnit: no unit from a header or siblings. */
  readonly reason: 'floorArea' | 'permille' | 'noUnit';
}

export interface AuditReport {
  readonly document: AuditDocument;
  readonly figures: readonly ExtractedFigure[];
  readonly statements: readonly PlanStatement[];
  readonly findings: readonly Finding[];
  readonly unread: readonly UnreadSpan[];
}
