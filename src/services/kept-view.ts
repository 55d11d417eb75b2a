/**
 * A view of a jurisdiction's parcel journals kept up to date with the register, for pages asked
 * for again and again (the pipeline page, a user's notifications, the reserve page, the marks the
 * compile context reads). Each parcel gives the view a
 * share (what it adds to the page's totals and lists); the view keeps every share and the totals.
 * It is built once by reading every parcel with a journal; after that, each write to the register
 * moves the audit chain's head (store/audit-log.ts `auditHeadSeq`, which grows in commit order on
 * both databases), and the view re-reads only the parcels the audit log names as written since,
 * taking each old share out of the totals and putting the new one in. A bulk write (more parcels
 * than an eighth of the view) rebuilds it.
 *
 * A build reads pages of 1000 parcels and lets the event loop serve other requests every 20 ms.
 */
import { auditHeadSeq, entitiesWrittenSince } from '../store/audit-log.js';
import type { Db } from '../store/database.js';

/** What a view's totals do with a parcel's share. */
export interface Totals<S> {
  /** Counts a share in (1) or out (−1). `bulk` (a build): lists are appended to, then `sorted()`. */
  count(share: S, sign: 1 | -1, bulk: boolean): void;
  /** After a build: put what was appended in order (totals without lists have nothing to do). */
  sorted?(): void;
}

/**
 * How a view reads its parcels (store/pipeline.ts `watchRows`, `pipelineStates`): all of them
 * (`parcelIds` undefined) or only those, in pages; a parcel not among the rows gives nothing.
 */
export type ParcelRows<R extends { readonly parcelId: number }> = (db: Db, parcelIds: readonly number[] | undefined, pageSize: number) => AsyncIterable<readonly R[]>;

export class KeptView<R extends { readonly parcelId: number }, S, T extends Totals<S>> {
  private shares = new Map<number, S>();
  private current: T;
  /** The audit head the view is as of (−1: not built). */
  private seq = -1;
  private updating: Promise<void> | undefined;
  /**
   * Changes whenever the shares do (a build, a parcel re-read), to a number no other view had:
   * what is rendered from the view holds while it stays.
   */
  version = 0;
  private static versions = 0;

  /** `shareOf` undefined: the parcel gives the view nothing. */
  constructor(
    private readonly rows: ParcelRows<R>,
    private readonly shareOf: (row: R) => S | undefined,
    private readonly newTotals: () => T,
  ) {
    this.current = newTotals();
  }

  /** The totals as of the last update (read them without awaiting in between: an update replaces or moves them). */
  get totals(): T {
    return this.current;
  }

  /** Brought up to the audit head `seq` (or later). */
  async upTo(db: Db, seq: number): Promise<void> {
    while (this.seq < seq) {
      this.updating ??= this.update(db).finally(() => (this.updating = undefined));
      await this.updating;
    }
  }

  private async update(db: Db): Promise<void> {
    const seq = await auditHeadSeq(db);
    if (this.seq < 0) return this.build(db, seq);
    // Parcels written since (a journal event, a supply): re-read; a bulk write: rebuilt.
    const written = await entitiesWrittenSince(db, 'parcel', this.seq, Math.max(1000, this.shares.size >> 3));
    if (written === undefined) return this.build(db, seq);
    const ids = written.map(Number).filter((n) => Number.isSafeInteger(n));
    const now = new Map<number, S>();
    for await (const page of this.rows(db, ids, 1000)) {
      for (const r of page) {
        const s = this.shareOf(r);
        if (s !== undefined) now.set(r.parcelId, s);
      }
    }
    // (Parcels of other jurisdictions are among those written: they have no share here, before or after.)
    let changed = false;
    for (const id of ids) {
      const before = this.shares.get(id);
      const after = now.get(id);
      if (before === undefined && after === undefined) continue;
      changed = true;
      if (before !== undefined) this.current.count(before, -1, false);
      if (after !== undefined) {
        this.current.count(after, 1, false);
        this.shares.set(id, after);
      } else this.shares.delete(id);
    }
    if (changed) this.version = ++KeptView.versions;
    this.seq = seq;
  }

  private async build(db: Db, seq: number): Promise<void> {
    const shares = new Map<number, S>();
    const totals = this.newTotals();
    let since = performance.now();
    for await (const page of this.rows(db, undefined, 1000)) {
      for (const r of page) {
        const s = this.shareOf(r);
        if (s === undefined) continue;
        shares.set(r.parcelId, s);
        totals.count(s, 1, true);
        if (performance.now() - since > 20) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          since = performance.now();
        }
      }
    }
    totals.sorted?.();
    this.shares = shares;
    this.current = totals;
    this.version = ++KeptView.versions;
    this.seq = seq;
  }
}

/** Any view, whatever it reads and keeps. */
type AnyView = KeptView<any, any, Totals<any>>;

/**
 * Reads pages from views brought up to the register's head; `read` returns undefined when a parcel
 * was written while it rendered (its items no longer match the view's keys): then again.
 */
export async function readKept<R>(db: Db, views: readonly AnyView[], read: () => Promise<R | undefined>): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const seq = await auditHeadSeq(db);
    for (const v of views) await v.upTo(db, seq);
    const r = await read();
    if (r !== undefined) return r;
    if (attempt >= 5) throw new Error('the register kept changing while a page was read');
  }
}

/**
 * What was rendered from views, kept while none of them changed (their `version`s): users asking
 * for the same page between two writes share one rendering. At most `max` renderings.
 */
export class Renderings<R> {
  private readonly kept = new Map<string, { stamp: string; value: R }>();
  constructor(private readonly max: number) {}

  async of(key: string, views: readonly AnyView[], render: () => Promise<R | undefined>): Promise<R | undefined> {
    const stamp = views.map((v) => v.version).join(',');
    const hit = this.kept.get(key);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = await render();
    if (value === undefined) return undefined;
    // Kept only if nothing changed while it rendered.
    if (views.map((v) => v.version).join(',') === stamp) {
      this.kept.delete(key);
      if (this.kept.size >= this.max) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, { stamp, value });
    }
    return value;
  }
}

/** Views kept for the most recently asked keys (at most `max`). */
export class ViewCache<V> {
  private readonly byDb = new WeakMap<Db, Map<string, V>>();
  constructor(private readonly max: number) {}

  get(db: Db, key: string, make: () => V): V {
    let cache = this.byDb.get(db);
    if (!cache) this.byDb.set(db, (cache = new Map()));
    let view = cache.get(key);
    if (view !== undefined) cache.delete(key);
    else {
      view = make();
      if (cache.size >= this.max) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, view); // the most recently asked last
    return view;
  }
}

/** A list kept in one total order; an entry is removed by an equal one (the order tells entries apart). */
export class SortedList<T> {
  private items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get length(): number {
    return this.items.length;
  }

  sort(): void {
    this.items.sort(this.compare);
  }

  private at(x: T): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.items[mid]!, x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(x: T): void {
    this.items.splice(this.at(x), 0, x);
  }

  remove(x: T): void {
    const i = this.at(x);
    if (i < this.items.length && this.compare(this.items[i]!, x) === 0) this.items.splice(i, 1);
    else throw new Error('kept view: an entry to remove is not in the list');
  }

  /** Added (1) or removed (−1); `bulk`: appended as it comes, put in order by `sort()`. */
  move(x: T, sign: 1 | -1, bulk: boolean): void {
    if (bulk) this.items.push(x);
    else if (sign > 0) this.add(x);
    else this.remove(x);
  }

  slice(start: number, end: number): T[] {
    return this.items.slice(start, end);
  }
}
