/**
 * Sentence and clause context around a figure. A sentence ends at 。！？；; or a line break; a
 * clause additionally at ，,：:、 and brackets. A list scope (the reach of "其中" or "…总量中，")
 * ends only at 。！？ or at a line break that does not follow ；: or :, so a numbered list of
 * rows one per line stays one list. Boundaries are indexed once, so every look-up is O(log n)
 * and the reader stays linear in the length of the text.
 */

const SENTENCE_END = /[。！？!?;；\n]/;
const CLAUSE_END = /[，,：:、(（)）;；。！？!?\n]/;
/** Labels longer than this are not labels: a clause is cut here. */
const MAX_CLAUSE = 60;

export class TextIndex {
  /** Start offset of the sentence containing each boundary, sorted. */
  private readonly sentenceStarts: number[] = [0];
  private readonly scopeStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (SENTENCE_END.test(c)) this.sentenceStarts.push(i + 1);
      if (c === '。' || c === '！' || c === '？' || c === '!' || c === '?') this.scopeStarts.push(i + 1);
      else if (c === '\n') {
        let j = i - 1;
        while (j >= 0 && (text[j] === ' ' || text[j] === '\r' || text[j] === '\t')) j--;
        if (j < 0 || !/[;；:：,，、]/.test(text[j]!)) this.scopeStarts.push(i + 1);
      }
    }
  }

  private static floor(arr: number[], pos: number): number {
    let lo = 0;
    let hi = arr.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (arr[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  sentenceStart(pos: number): number {
    return this.sentenceStarts[TextIndex.floor(this.sentenceStarts, pos)]!;
  }

  sentenceEnd(pos: number): number {
    const k = TextIndex.floor(this.sentenceStarts, pos);
    return k + 1 < this.sentenceStarts.length ? this.sentenceStarts[k + 1]! : this.text.length;
  }

  /** Number of the list scope containing `pos` (comparable: equal numbers, same scope). */
  scopeOf(pos: number): number {
    return TextIndex.floor(this.scopeStarts, pos);
  }

  scopeStart(pos: number): number {
    return this.scopeStarts[this.scopeOf(pos)]!;
  }

  scopeEnd(pos: number): number {
    const k = this.scopeOf(pos);
    return k + 1 < this.scopeStarts.length ? this.scopeStarts[k + 1]! : this.text.length;
  }

  /** The clause that ends right before `pos` (text after the last clause delimiter), at most MAX_CLAUSE long. */
  clauseBefore(from: number, pos: number): string {
    let i = pos - 1;
    const floor = Math.max(from, pos - MAX_CLAUSE);
    while (i >= floor && !CLAUSE_END.test(this.text[i]!)) i--;
    return this.text.slice(i + 1, pos);
  }

  /** A quote for a figure: its sentence, trimmed to at most `max` characters around the figure. */
  quoteSpan(start: number, end: number, max = 80): [number, number] {
    const s = this.sentenceStart(start);
    let e = this.sentenceEnd(end);
    let qs = s;
    if (end - qs > max) qs = Math.max(s, start - Math.floor(max / 2));
    if (e - qs > max) e = Math.min(e, Math.max(end, qs + max));
    return [qs, e];
  }
}
