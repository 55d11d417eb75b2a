/**
 * What a version says about itself as a document (GB/T 9704-2012 版头 and 版记 elements). Every
 * field is optional: a draft has none of them, an approved plan has a 文号 and a date. The plan
 * lifecycle fills them from the version's record; `landplan plan export` can override them.
 */
import type { IsoDate } from '../domain/parcel.js';

/** The lifecycle states a version may be in (the lifecycle's identifiers). */
export type DocumentStatus = 'drafting' | 'consultation' | 'review' | 'submitted' | 'approved' | 'published' | 'adjusting' | 'adjusted' | 'withdrawn' | 'closed';

export interface DocumentMeta {
  /** 发文机关 (发文机关标志 and 署名), e.g. "巴楚县自然资源局". */
  readonly issuingAuthority?: string;
  /** 发文字号, e.g. "巴自然资发〔2026〕12号". */
  readonly documentNumber?: string;
  /** 成文日期 (the date of signature). */
  readonly signedOn?: IsoDate;
  /** 公布日期 (publication). */
  readonly publishedOn?: IsoDate;
  /** The version's state: a draft prints （草案）, a consultation draft （征求意见稿）, a draft under review （送审稿）. */
  readonly status?: DocumentStatus;
  /** Consultation period, printed under the title of a 征求意见稿. */
  readonly consultation?: { readonly from?: IsoDate; readonly until?: IsoDate };
  /** The version number within the plan (seq). */
  readonly versionSeq?: number;
  /** The version adjusts a plan in force (调整): the title says so, and the text gives the reason. */
  readonly adjustment?: boolean;
  readonly adjustmentReason?: string;
}

/** 2026-03-20 → 2026年3月20日 (GB/T 9704 7.3.5.2: Arabic numerals, no leading zeros). */
export function chineseDate(d: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * The subtitle a version prints under the title, from its state; an adjustment says 调整 in every
 * state (（调整草案）, （调整征求意见稿）, （调整送审稿）, and （调整） once approved).
 */
export function statusSubtitle(status: DocumentStatus | undefined, adjustment = false): string | undefined {
  const a = adjustment ? '调整' : '';
  switch (status) {
    case 'drafting':
    case 'adjusting':
      return `（${a}草案）`;
    case 'consultation':
      return `（${a}征求意见稿）`;
    case 'review':
    case 'submitted':
      return `（${a}送审稿）`;
    case 'withdrawn':
      return `（${a}${a ? '草案，' : ''}已撤回）`;
    default:
      return adjustment ? '（调整）' : undefined;
  }
}

/** A plan's name without a state it may carry ("…计划（草案）"): the subtitle prints the version's own. */
export function titleWithoutState(title: string): string {
  return title.replace(/[（(](?:调整)?(?:草案|征求意见稿|送审稿|报批稿|调整)[）)]\s*$/, '').trim() || title;
}
