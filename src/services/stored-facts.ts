/**
 * Deadline facts as the register stores them for a county's supervision (pipeline_watch.facts_json,
 * written with each journal event). Most of a county's items no longer change once they exist (a
 * step done late stays late, a short announcement stays short, instalments paid up stay as paid),
 * so each such item is rendered once, as the JSON fields of the report item, and a county's
 * supervision copies its bytes instead of building and serialising it again. An overdue step or a
 * running idle clock changes only in its date and days: it is rendered once with those left to fill
 * in. And most facts give nothing on a given date (a completion due in two years): each unit says
 * when it can.
 *
 * A parcel's `DeadlineFacts` (domain/pipeline/supervise.ts) are stored as units, each read only for
 * the dates it can report on:
 * - a settled item, from the date its fact settles (`settledFrom`), already rendered;
 * - a running item (a step overdue, an idle clock run out: `runningItems`), within its window,
 *   rendered but for the date and the days;
 * - any other fact whose items may still change (instalments not paid up), from the date it can
 *   first give an item (`activeFrom`) until it settles, with the documents it cites.
 * `StoredBytes.of(storedFacts(f)).items(parcel, asOf, {})` equals `itemsAsOf(parcel, f, {asOf})`
 * (up to the order within a parcel) for every date; tests hold it over random journals.
 *
 * The stored text is JSON lines: a head `[settled, running, facts]` (`[[from, rule, kind, days,
 * instalment]…]`, `[[from, until or null, rule, kind, due date]…]`, `[[from, until or null]…]`),
 * then each settled item's fields, one line each; each running item's fields with the characters
 * U+0001 and U+0002 where the date and the days go; each fact with its documents as `[fact,
 * documents]`. JSON never
 * holds a raw line break, so a reader finds the lines in the UTF-8 bytes, copies a settled item's
 * fields without decoding them and reads only the units that can report on the date asked
 * (`StoredBytes`).
 *
 * What an item says is part of what is stored: a change to the domain's wording, or to the fields
 * of a report item, must come with a new `STORED_FACTS_VERSION` (the facts key names it, so facts
 * stored before are computed afresh).
 */
import { DEADLINE_RULES, type DeadlineId } from '../domain/pipeline/deadlines.js';
import { activeFrom, CITES, documentsCited, evidenceOf, factItems, runningItems, settledFrom, type DeadlineFact, type DeadlineFacts, type FactItem, type ItemKind, type RunningItem, type SupervisionItem, type Template } from '../domain/pipeline/supervise.js';
import { daysBetween } from '../domain/rules/dates.js';

export const STORED_FACTS_VERSION = 3;

/** A settled item: [from, rule, kind, days, instalment number (0: none)]. */
export type SettledKey = readonly [from: string, rule: DeadlineId, kind: ItemKind, days: number, instalmentNo: number];
/** When a stored fact is read: [from, until (null: on every later date)]. */
export type FactWindow = readonly [from: string, until: string | null];
/** A running item: [from, until (null: no end), rule, kind, due date (days count from it)]. */
export type RunningKey = readonly [from: string, until: string | null, rule: DeadlineId, kind: ItemKind, dueDate: string];

type Documents = DeadlineFacts['documents'];

export interface StoredFacts {
  readonly settled: readonly SettledKey[];
  /** Each settled item's fields, in the order of `settled`. */
  readonly fields: readonly string[];
  readonly running: readonly RunningKey[];
  /** Each running item's fields as a template (the date and the days to fill in), in the order of `running`. */
  readonly templates: readonly Template[];
  readonly windows: readonly FactWindow[];
  /** Each fact, in the order of `windows`, with the documents it cites. */
  readonly facts: readonly (readonly [DeadlineFact, Documents])[];
}

/**
 * An item's fields in the report (services/supervise ReportItem, in its order) between the parcel
 * id and the parcel's number and name, less what the rule itself gives: `"rule":…,"evidence":{…}`.
 */
export function itemFields(f: Pick<DeadlineFacts, 'documents'>, i: FactItem): string {
  const { rule, kind, dueDate, days, amountWanYuan, instalmentNo, message, ids } = i;
  const json = JSON.stringify({ rule, kind, dueDate, days, amountWanYuan, instalmentNo, message, evidence: evidenceOf(f, ids) });
  return json.slice(1, -1);
}

/** A running item's fields as `itemFields` gives them on a date, with the date (0) and the days (1) left to fill in. */
function fieldsTemplate(f: Pick<DeadlineFacts, 'documents'>, r: RunningItem): Template {
  const str = (t: string) => JSON.stringify(t).slice(1, -1);
  const pieces = (t: Template) => t.map((p) => (typeof p === 'string' ? str(p) : p));
  const t: (string | 0 | 1)[] = [`"rule":${JSON.stringify(r.rule)},"kind":${JSON.stringify(r.kind)},"dueDate":${JSON.stringify(r.dueDate)},"days":`, 1];
  t.push(`${r.amountWanYuan !== undefined ? `,"amountWanYuan":${JSON.stringify(r.amountWanYuan)}` : ''},"message":{"zh":"`, ...pieces(r.message.zh), '","en":"', ...pieces(r.message.en), `"},"evidence":${JSON.stringify(evidenceOf(f, r.ids))}`);
  // Adjacent strings joined: fewer pieces to read.
  const out: (string | 0 | 1)[] = [];
  for (const p of t) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

export function storedFacts(f: DeadlineFacts): StoredFacts {
  const settled: SettledKey[] = [];
  const fields: string[] = [];
  const running: RunningKey[] = [];
  const templates: Template[] = [];
  const windows: FactWindow[] = [];
  const facts: [DeadlineFact, Documents][] = [];
  for (const x of f.facts) {
    const from = activeFrom(x);
    const on = settledFrom(x);
    if (on !== undefined) {
      factItems(x, { asOf: on }, (i) => {
        settled.push([on, i.rule, i.kind, i.days, i.instalmentNo ?? 0]);
        fields.push(itemFields(f, i));
      });
    }
    if (on !== undefined && from >= on) continue;
    // Before it settles (or for good): its running items as templates, else the fact itself.
    const r = runningItems(x);
    if (r.length > 0) {
      for (const item of r) {
        running.push([item.from, item.until, item.rule, item.kind, item.dueDate]);
        templates.push(fieldsTemplate(f, item));
      }
    } else {
      windows.push([from, on ?? null]);
      facts.push([x, documentsCited(f.documents, [x])]);
    }
  }
  return { settled, fields, running, templates, windows, facts };
}

/** The text stored (JSON lines, see above). */
export function storedText(sf: StoredFacts): string {
  return [JSON.stringify([sf.settled, sf.running, sf.windows]), ...sf.fields, ...sf.templates.map((t) => t.map((p) => (p === 0 ? DATE_MARK : p === 1 ? DAYS_MARK : p)).join('')), ...sf.facts.map((x) => JSON.stringify(x))].join('\n');
}

/**
 * Where a running item's line holds the date and the days: control characters JSON never leaves
 * raw (it writes them as \u0001, \u0002), so they cannot occur in the rendered fields themselves.
 */
const DATE_MARK = '\u0001';
const DAYS_MARK = '\u0002';

/**
 * The pieces of a running item's fields, bytes [start, end) of `bytes`, in order: the byte ranges
 * between the marks (`copy`) and the date and the days in their places (`text`).
 */
export function eachPiece(bytes: Uint8Array, start: number, end: number, asOf: string, days: number, copy: (start: number, end: number) => void, text: (s: string) => void): void {
  let from = start;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 1 && b !== 2) continue;
    if (i > from) copy(from, i);
    text(b === 1 ? asOf : String(days));
    from = i + 1;
  }
  if (end > from) copy(from, end);
}

/**
 * Stored facts read from their UTF-8 bytes: the head parsed, each settled item's fields left as a
 * byte range of `bytes` (copied into a report as they are), each fact parsed when asked for a date
 * in its window.
 */
export class StoredBytes {
  private readonly settled: readonly SettledKey[];
  private readonly running: readonly RunningKey[];
  private readonly windows: readonly FactWindow[];
  /** Line k (0: the head) is bytes [starts[k], starts[k + 1] - 1). */
  private readonly starts: number[] = [0];
  private readonly text: Buffer;

  constructor(readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let nl = this.text.indexOf(10); nl >= 0; nl = this.text.indexOf(10, nl + 1)) this.starts.push(nl + 1);
    this.starts.push(bytes.byteLength + 1);
    [this.settled, this.running, this.windows] = JSON.parse(this.text.toString('utf8', 0, this.starts[1]! - 1)) as [SettledKey[], RunningKey[], FactWindow[]];
  }

  static of(sf: StoredFacts): StoredBytes {
    return new StoredBytes(Buffer.from(storedText(sf), 'utf8'));
  }

  /**
   * Each item as of `asOf` (no reminders): a settled one as the byte range of its fields, the
   * others as the domain gives them (`facts` then holds their documents, for the evidence).
   */
  each(asOf: string, settled: (s: SettledKey, start: number, end: number) => void, running: (r: RunningKey, days: number, start: number, end: number) => void, live: (i: FactItem, facts: Pick<DeadlineFacts, 'documents'>) => void): void {
    const s = this.settled;
    for (let k = 0; k < s.length; k++) if (s[k]![0] <= asOf) settled(s[k]!, this.starts[k + 1]!, this.starts[k + 2]! - 1);
    const r = this.running;
    for (let k = 0, line = s.length + 1; k < r.length; k++, line++) {
      const [from, until, , , dueDate] = r[k]!;
      if (from > asOf || (until !== null && asOf >= until)) continue;
      running(r[k]!, daysBetween(dueDate, asOf), this.starts[line]!, this.starts[line + 1]! - 1);
    }
    const w = this.windows;
    const ctx = { asOf };
    for (let k = 0, line = s.length + r.length + 1; k < w.length; k++, line++) {
      const [from, until] = w[k]!;
      if (from > asOf || (until !== null && asOf >= until)) continue;
      const [x, documents] = JSON.parse(this.text.toString('utf8', this.starts[line], this.starts[line + 1]! - 1)) as [DeadlineFact, Documents];
      const docs = { documents };
      factItems(x, ctx, (i) => live(i, docs));
    }
  }

  /** The supervision items as of `asOf`, each with `extra`'s fields (as `itemsAsOf` gives them). */
  items<T extends object>(parcelId: number, asOf: string, extra: T): (SupervisionItem & T)[] {
    const out: (SupervisionItem & T)[] = [];
    const dress = (rule: DeadlineId) => ({ title: DEADLINE_RULES[rule].title, step: DEADLINE_RULES[rule].step, ...CITES[rule] });
    this.each(
      asOf,
      (s, start, end) => {
        const fields = JSON.parse(`{${this.text.toString('utf8', start, end)}}`) as Omit<SupervisionItem, 'parcelId' | 'title' | 'step' | 'basis' | 'confidence'>;
        out.push({ parcelId, ...fields, ...dress(s[1]), ...extra });
      },
      (r, days, start, end) => {
        let text = '';
        eachPiece(this.bytes, start, end, asOf, days, (a, b) => (text += this.text.toString('utf8', a, b)), (t) => (text += t));
        const fields = JSON.parse(`{${text}}`) as Omit<SupervisionItem, 'parcelId' | 'title' | 'step' | 'basis' | 'confidence'>;
        out.push({ parcelId, ...fields, ...dress(r[2]), ...extra });
      },
      (i, f) => {
        const { ids, ...rest } = i;
        out.push({ parcelId, ...rest, ...dress(i.rule), evidence: evidenceOf(f, ids), ...extra });
      },
    );
    return out;
  }
}
