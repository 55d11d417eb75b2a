/**
 * Sentence and clause context around a figure. A sentence ends at 。！？；; or a line break; a
 * clause additionally at ，,：:、 and an opening bracket. Labels are read from the clause just before
 * a figure, falling back to the sentence.
 */

const SENTENCE_END = /[。！？!?;；\n]/;
const CLAUSE_END = /[，,：:、(（)）;；。！？!?\n]/;

export function sentenceStart(text: string, pos: number): number {
  for (let i = pos - 1; i >= 0; i--) if (SENTENCE_END.test(text[i]!)) return i + 1;
  return 0;
}

export function sentenceEnd(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) if (SENTENCE_END.test(text[i]!)) return i + 1;
  return text.length;
}

/** The clause that ends right before `pos` (text after the last clause delimiter). */
export function clauseBefore(text: string, from: number, pos: number): string {
  let i = pos - 1;
  while (i >= from && !CLAUSE_END.test(text[i]!)) i--;
  return text.slice(i + 1, pos);
}

/** A quote for a figure: its sentence, trimmed to at most `max` characters around the figure. */
export function quoteAround(text: string, start: number, end: number, max = 80, original = text): { quote: string } {
  const s = sentenceStart(text, start);
  let e = sentenceEnd(text, end);
  let qs = s;
  if (end - qs > max) qs = Math.max(s, start - Math.floor(max / 2));
  if (e - qs > max) e = Math.min(e, Math.max(end, qs + max));
  return { quote: original.slice(qs, e).replace(/\s+/g, ' ').trim() };
}
