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
  /** One of them is the plan's year. */
  readonly namesPlanYear: boolean;
}

export class YearsBefore {
  private readonly marks: Mark[] = [];
  private readonly starts: number[] = [];
  private next = 0;
  private sentence = -1;
  private latest = -Infinity;
  private count = 0;
  private plan = false;

  constructor(
    text: string,
    private readonly planYear: number | null,
  ) {
    for (const m of text.matchAll(YEAR)) {
      const end = m.index + m[0].length;
      this.starts.push(m.index);
      this.marks.push({ end, year: Number(m[1]), free: !/[\d-]/.test(text[end] ?? '') });
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
      this.latest = -Infinity;
      this.count = 0;
      this.plan = false;
      while (this.next < this.marks.length && this.starts[this.next]! < sentenceStart) this.next++;
    }
    for (let m = this.marks[this.next]; m && (m.end < pos || (m.end === pos && m.free)); m = this.marks[++this.next]) {
      if (!m.free) continue;
      this.latest = Math.max(this.latest, m.year);
      this.count++;
      if (m.year === this.planYear) this.plan = true;
    }
    // A year right before the figure ("2011年1200公顷") is followed by the figure's digits in the text, not in its sentence-so-far.
    const edge = this.marks[this.next];
    if (edge && edge.end === pos) return { count: this.count + 1, latest: Math.max(this.latest, edge.year), namesPlanYear: this.plan || edge.year === this.planYear };
    return { count: this.count, latest: this.latest, namesPlanYear: this.plan };
  }
}
