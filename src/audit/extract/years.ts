/**
 * The years a sentence names before each figure ("2011年…", "2021年与2022年…"), found in one pass
 * over the text: a figure's look-back costs O(1) amortised however long its sentence is, and
 * gives what matching /((?:19|20)\d{2})\s*年(?![\d-])/ on the sentence up to the figure gives.
 */
const YEAR = /((?:19|20)\d{2})\s*年/g;

interface Mark {
  readonly end: number;
  readonly year: number;
  /** The character after 年 is not a digit or '-' ("2011年-2015年" is a range, "2011年1" a date). */
  readonly free: boolean;
}

export interface YearsSeen {
  /** How many years the sentence names before the figure. */
  readonly count: number;
  readonly latest: number;
  readonly includes: (year: number) => boolean;
}

export class YearsBefore {
  private readonly marks: { start: number; mark: Mark }[] = [];
  private next = 0;
  private sentence = -1;
  private years = new Set<number>();
  private latest = -Infinity;
  private count = 0;

  constructor(text: string) {
    for (const m of text.matchAll(YEAR)) {
      const end = m.index + m[0].length;
      this.marks.push({ start: m.index, mark: { end, year: Number(m[1]), free: !/[\d-]/.test(text[end] ?? '') } });
    }
  }

  /**
   * The years printed in [sentenceStart, pos): a year ending exactly at `pos` counts (nothing
   * follows it there), one followed by a digit or '-' inside the span does not. Calls must come
   * in text order.
   */
  at(sentenceStart: number, pos: number): YearsSeen {
    if (sentenceStart !== this.sentence) {
      this.sentence = sentenceStart;
      this.years = new Set();
      this.latest = -Infinity;
      this.count = 0;
      while (this.next < this.marks.length && this.marks[this.next]!.start < sentenceStart) this.next++;
    }
    for (let m = this.marks[this.next]; m && (m.mark.end < pos || (m.mark.end === pos && m.mark.free)); m = this.marks[++this.next]) {
      if (!m.mark.free) continue;
      this.years.add(m.mark.year);
      this.latest = Math.max(this.latest, m.mark.year);
      this.count++;
    }
    // A year right before the figure ("2011年1200公顷") is followed by the figure's digits in the text, not in its sentence-so-far.
    const edge = this.marks[this.next];
    if (edge && edge.mark.end === pos) {
      const y = edge.mark.year;
      const years = this.years;
      return { count: this.count + 1, latest: Math.max(this.latest, y), includes: (x) => x === y || years.has(x) };
    }
    const years = this.years;
    return { count: this.count, latest: this.latest, includes: (x) => years.has(x) };
  }
}
