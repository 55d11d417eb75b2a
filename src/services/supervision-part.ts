/**
 * One part of a county's supervision as JSON (services/supervise-json.ts): the items of a run of
 * parcels as of a date, serialised and sorted in the report's order, and the merge of the sorted
 * parts as they are written. Kept light (the stored facts, the domain's deadlines and the JSON of
 * the state; no query builder, no rule sets): the worker threads (supervise-worker.ts) load only
 * this and the database's driver.
 */
import { DEADLINE_RANK, type DeadlineId } from '../domain/pipeline/deadlines.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import type { FactsRow } from '../store/facts-reader.js';
import { stateFromJson } from '../store/pipeline-json.js';
import { eachPiece, itemFields, StoredBytes, type StoredFacts } from './stored-facts.js';

/**
 * One part's items, sorted in the report's order: their JSON one after the other as UTF-8 (one
 * buffer crosses threads without a copy), where each ends, and 4 sort keys each (rule, days,
 * parcel, instalment), so the parts merge without parsing or re-encoding anything.
 */
export interface SupervisionPart {
  readonly bytes: Uint8Array;
  /** Item k is bytes [ends[k-1] + 1, ends[k]) (a line break between items). */
  readonly ends: Uint32Array;
  readonly keys: Float64Array;
  /** Items of the kinds that make `landplan supervise` exit 1 (overdue, idle, recovery). */
  readonly overdue: number;
}

const OVERDUE_KINDS: ReadonlySet<string> = new Set(['overdue', 'idle', 'recovery']);

/** The report's order (services/supervise byRuleThenDays): rule, days descending, parcel, instalment. */
function compareKeys(a: Float64Array, i: number, b: Float64Array, j: number): number {
  return a[i * 4]! - b[j * 4]! || b[j * 4 + 1]! - a[i * 4 + 1]! || a[i * 4 + 2]! - b[j * 4 + 2]! || a[i * 4 + 3]! - b[j * 4 + 3]!;
}

/**
 * The items of a part's rows as of `asOf`, sorted. A row whose facts were stored under another key
 * is computed from its watch state by `stale()`'s facts source (loaded only when one is met).
 */
export async function supervisionPart(rows: AsyncIterable<readonly FactsRow[]>, asOf: string, stale: () => Promise<(state: PipelineState) => StoredFacts>): Promise<SupervisionPart> {
  // Each item's JSON is written into one growing buffer: the parcel's head, the item's fields
  // (copied from the stored bytes when settled, serialised when live) and the parcel's tail.
  let arena = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  const room = (n: number) => {
    if (used + n <= arena.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(arena.length * 2, used + n));
    arena.copy(bigger, 0, 0, used);
    arena = bigger;
  };
  const text = (s: string) => {
    room(s.length * 3);
    used += arena.write(s, used, 'utf8');
  };
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: number[] = [];
  let overdue = 0;
  let computeStale: ((state: PipelineState) => StoredFacts) | undefined;
  for await (const page of rows) {
    for (const r of page) {
      const { parcelId } = r;
      const facts = r.facts !== null ? new StoredBytes(r.facts) : StoredBytes.of((computeStale ??= await stale())(stateFromJson(r.watchJson!)));
      const head = `{"parcelId":${parcelId},`;
      const tail = `,"parcelNumber":${JSON.stringify(r.parcelNumber)},"projectName":${JSON.stringify(r.projectName)}}`;
      const item = (rule: DeadlineId, kind: string, days: number, instalmentNo: number, fields: () => void) => {
        starts.push(used);
        text(head);
        fields();
        text(tail);
        ends.push(used);
        keys.push(DEADLINE_RANK.get(rule)!, days, parcelId, instalmentNo);
        if (OVERDUE_KINDS.has(kind)) overdue++;
      };
      const stored = facts.bytes;
      const copy = (a: number, b: number) => {
        room(b - a);
        arena.set(stored.subarray(a, b), used);
        used += b - a;
      };
      facts.each(
        asOf,
        (s, start, end) => item(s[1], s[2], s[3], s[4], () => copy(start, end)),
        (r, days, start, end) => item(r[2], r[3], days, 0, () => eachPiece(stored, start, end, asOf, days, copy, text)),
        (i, f) => item(i.rule, i.kind, i.days, i.instalmentNo ?? 0, () => text(itemFields(f, i))),
      );
    }
  }
  const n = starts.length;
  const unsorted = Float64Array.from(keys);
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => compareKeys(unsorted, a, unsorted, b) || a - b);
  const sorted = new Float64Array(n * 4);
  const bytes = new Uint8Array(used + Math.max(0, n - 1));
  const sortedEnds = new Uint32Array(n);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    sorted.set(unsorted.subarray(i * 4, i * 4 + 4), k * 4);
    if (k > 0) bytes[at++] = 10;
    bytes.set(arena.subarray(starts[i]!, ends[i]!), at);
    at += ends[i]! - starts[i]!;
    sortedEnds[k] = at;
  }
  return { bytes, ends: sortedEnds, keys: sorted, overdue };
}

/** A county's items in the report's order, merged from the parts as they are written. */
export class SupervisionItems {
  readonly count: number;
  constructor(private readonly parts: readonly SupervisionPart[]) {
    this.count = parts.reduce((a, p) => a + p.ends.length, 0);
  }

  /** Each item in the report's order, as the byte range [start, end) of its part's bytes. */
  private *merged(): Generator<readonly [bytes: Uint8Array, start: number, end: number]> {
    const at = this.parts.map(() => 0);
    for (let n = 0; n < this.count; n++) {
      // The part whose next item comes first (a handful of parts: a scan is enough).
      let best = -1;
      for (let k = 0; k < this.parts.length; k++) {
        if (at[k]! >= this.parts[k]!.ends.length) continue;
        if (best < 0 || compareKeys(this.parts[k]!.keys, at[k]!, this.parts[best]!.keys, at[best]!) < 0) best = k;
      }
      const p = this.parts[best]!;
      const i = at[best]!++;
      yield [p.bytes, i === 0 ? 0 : p.ends[i - 1]! + 1, p.ends[i]!];
    }
  }

  /** The items' JSON separated by commas, in chunks of about `chunkBytes`. */
  *chunks(chunkBytes = 1 << 22): Generator<Uint8Array> {
    let out = Buffer.allocUnsafe(chunkBytes);
    let used = 0;
    let first = true;
    for (const [bytes, start, end] of this.merged()) {
      const need = end - start + 1;
      if (used + need > out.length) {
        if (used > 0) yield out.subarray(0, used);
        out = Buffer.allocUnsafe(Math.max(chunkBytes, need));
        used = 0;
      }
      if (!first) out[used++] = 0x2c;
      first = false;
      out.set(bytes.subarray(start, end), used);
      used += end - start;
    }
    if (used > 0) yield out.subarray(0, used);
  }

  /** Each item's JSON, in order (for small reports and tests). */
  lines(): string[] {
    return [...this.merged()].map(([bytes, start, end]) => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
  }

  /** How many items each rule (by its index in the report's order) has. */
  countsByRule(): number[] {
    const counts: number[] = [];
    for (const p of this.parts) for (let i = 0; i < p.ends.length; i++) counts[p.keys[i * 4]!] = (counts[p.keys[i * 4]!] ?? 0) + 1;
    return counts;
  }
}
