/**
 * Text a person typed, made safe to store and show: no NUL or other control characters (PostgreSQL
 * refuses NUL in text; the others corrupt exports), no bidirectional overrides or isolates (they
 * make "ABC-123" display as something else: Trojan Source, CVE-2021-42574) and no zero-width
 * characters (two names that look the same would be different), and a bounded length.
 *
 *   safeText({ max: 200 }).parse('巴楚县城北片区')        → '巴楚县城北片区'
 *   safeText({ max: 200 }).parse('A\u202EB')             → ZodError "contains a bidirectional control character (U+202E)"
 *
 * Tab, line feed and carriage return are allowed only where `multiline` is set (a comment, a reason).
 */
import { z } from 'zod';

/** C0 controls except tab / LF / CR, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;
/** Bidi embeddings, overrides, isolates and marks (Unicode TR9). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Zero-width and invisible formatting characters (incl. the BOM used as ZWNBSP). */
const ZERO_WIDTH = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u00AD]/;

export type UnsafeTextKind = 'control' | 'line-break' | 'bidi' | 'zero-width';

/** The first unsafe character of `s`, or undefined. */
export function unsafeCharacter(s: string, o: { multiline?: boolean } = {}): { kind: UnsafeTextKind; char: string; index: number } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const kind: UnsafeTextKind | undefined = CONTROL.test(c) ? 'control' : BIDI.test(c) ? 'bidi' : ZERO_WIDTH.test(c) ? 'zero-width' : !o.multiline && LINE_BREAKS.test(c) ? 'line-break' : undefined;
    if (kind) return { kind, char: c, index: i };
  }
  return undefined;
}

const KIND_TEXT: Record<UnsafeTextKind, { zh: string; en: string }> = {
  control: { zh: '控制字符', en: 'a control character' },
  'line-break': { zh: '换行符', en: 'a line break' },
  bidi: { zh: '双向文字控制字符', en: 'a bidirectional control character' },
  'zero-width': { zh: '零宽字符', en: 'a zero-width character' },
};

export function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `s` is not safe text, in both languages; undefined when it is. */
export function unsafeTextMessage(s: string, o: { multiline?: boolean } = {}): { zh: string; en: string } | undefined {
  const bad = unsafeCharacter(s, o);
  if (!bad) return undefined;
  const k = KIND_TEXT[bad.kind];
  return { zh: `含有${k.zh}（${codePoint(bad.char)}，第 ${bad.index + 1} 个字符）`, en: `contains ${k.en} (${codePoint(bad.char)} at character ${bad.index + 1})` };
}

export interface SafeTextOptions {
  /** Maximum length in UTF-16 code units. */
  readonly max: number;
  readonly min?: number;
  readonly multiline?: boolean;
}

/** A zod string schema for safe text (see the module comment). */
export function safeText(o: SafeTextOptions): z.ZodString {
  return z
    .string()
    .min(o.min ?? 0)
    .max(o.max)
    .superRefine((s, ctx) => {
      const m = unsafeTextMessage(s, o);
      if (m) ctx.addIssue({ code: 'custom', message: m.en, params: { zh: m.zh } });
    }) as unknown as z.ZodString;
}

/** A name or identifier on one line: at least one character, at most `max` (default 200). */
export function safeName(max = 200): z.ZodString {
  return safeText({ max, min: 1 });
}
