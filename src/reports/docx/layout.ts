/**
 * 党政机关公文格式 (GB/T 9704-2012) as numbers: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm,
 * 22 lines of 28 characters in 3号 (16 pt) 仿宋; title 2号 (22 pt) 小标宋; first-level headings
 * 黑体, second-level 楷体; page numbers "— 1 —" in 4号 (14 pt), 7 mm below the text block, odd pages
 * right and even pages left, one character in from the edge.
 *
 * The official font names are written into the document (a bureau's Word has them); the free set
 * is what our own PDF is rendered with (Debian's fonts-noto-cjk: no 仿宋 or 楷体 is freely
 * available there, so the serif face stands in for both).
 */
export const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

export const PAGE = { width: 210, height: 297 } as const;
export const MARGIN = { top: 37, left: 28, right: 210 - 28 - 156, bottom: 297 - 37 - 225 } as const;
export const TEXT_BLOCK = { width: 156, height: 225 } as const;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** Line pitch: 225 mm / 22 lines, in twips, rounded down so that 22 lines fit (579, as Word's official templates use). */
export const LINE_PITCH = Math.floor(mm(TEXT_BLOCK.height) / LINES_PER_PAGE);
/** One character of body text, twips (the 28-per-line pitch: 156 mm / 28 = 15.79 pt). */
export const CHAR = Math.floor(mm(TEXT_BLOCK.width) / CHARS_PER_LINE);
/**
 * Character spacing of body text in twentieths of a point: 16 pt characters at −0.25 pt set 28 to
 * a line (28 × 15.75 pt = 441 pt ≤ 442.2 pt). Word's own templates reach the same with a character
 * grid (docGrid linesAndChars); LibreOffice reads that grid differently, explicit spacing reads
 * the same everywhere.
 */
export const BODY_CHARACTER_SPACING = -5;

/** Font sizes in half-points (docx): 初号 … 五号. */
export const SIZE = { h2hao: 44, h3hao: 32, h4hao: 28, xiao4: 24, h5hao: 21, xiao5: 18 } as const;

export interface FontSet {
  readonly title: string;
  readonly body: string;
  readonly heading1: string;
  readonly heading2: string;
  readonly pageNumber: string;
  /** Whether the title face needs bold to read as 小标宋 (a regular serif does). */
  readonly titleBold: boolean;
}

export const OFFICIAL_FONTS: FontSet = { title: '方正小标宋简体', body: '仿宋_GB2312', heading1: '黑体', heading2: '楷体_GB2312', pageNumber: '宋体', titleBold: false };
export const FREE_FONTS: FontSet = { title: 'Noto Serif CJK SC', body: 'Noto Serif CJK SC', heading1: 'Noto Sans CJK SC', heading2: 'Noto Serif CJK SC', pageNumber: 'Noto Serif CJK SC', titleBold: true };

/** 发文机关标志 red (GB/T 9704 7.2.3). */
export const RED = 'FF0000';
