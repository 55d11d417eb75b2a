/**
 * The stored deadline facts of a jurisdiction's watched parcels (pipeline_watch, services/stored-facts),
 * read without the query builder: for the worker threads of a county's supervision
 * (services/supervise-worker.ts), which would otherwise spend most of their start loading Kysely
 * and the store's modules. Only the driver of the register's database is loaded (better-sqlite3,
 * or pg for PostgreSQL). store/pipeline.ts `factsPages` is the same query through Kysely, for the
 * thread that already has the store open; tests hold the two to the same rows.
 */
import type { OpenOptions } from './database.js';

export interface FactsQuery {
  readonly jurisdictionCode: string;
  /** Parcels on which some deadline runs by this date (watch_from ≤ it). */
  readonly watchedBy: string;
  /** Stored facts under another key are not returned (the watch state is, to compute them from). */
  readonly factsKey: string;
  /** Register ids after `after`, up to and including `upTo` (when given). */
  readonly after?: number;
  readonly upTo?: number;
}

export interface FactsRow {
  readonly parcelId: number;
  /** The stored facts' text as UTF-8 bytes, when stored under the key asked for. */
  readonly facts: Uint8Array | null;
  /** Otherwise the watch state (watch_json). */
  readonly watchJson: string | null;
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
}

export interface FactsReader {
  /** The rows in register order, a page at a time. */
  pages(q: FactsQuery, pageSize?: number): AsyncGenerator<FactsRow[]>;
  close(): Promise<void>;
}

/** The query, with `?` placeholders in the order: key, key, jurisdiction, after, upTo, watchedBy, limit. */
function factsSql(bytes: string): string {
  return `select w.parcel_id as parcel_id,
    case when w.facts_key = ? then ${bytes} end as facts,
    case when w.facts_key = ? then null else w.watch_json end as watch_json,
    p.parcel_number as parcel_number, p.project_name as project_name
  from pipeline_watch w join parcel p on p.id = w.parcel_id
  where w.jurisdiction_code = ? and w.parcel_id > ? and w.parcel_id <= ? and w.watch_from <= ?
  order by w.parcel_id limit ?`;
}

interface RawRow {
  parcel_id: number | string;
  facts: Uint8Array | null;
  watch_json: string | null;
  parcel_number: string | null;
  project_name: string | null;
}

async function* paged(fetch: (params: unknown[]) => Promise<RawRow[]>, q: FactsQuery, pageSize: number): AsyncGenerator<FactsRow[]> {
  let after = q.after ?? 0;
  for (;;) {
    const rows = await fetch([q.factsKey, q.factsKey, q.jurisdictionCode, after, q.upTo ?? Number.MAX_SAFE_INTEGER, q.watchedBy, pageSize]);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ parcelId: Number(r.parcel_id), facts: r.facts, watchJson: r.watch_json, parcelNumber: r.parcel_number, projectName: r.project_name }));
    after = Number(rows[rows.length - 1]!.parcel_id);
    if (rows.length < pageSize) return;
  }
}

export async function openFactsReader(o: OpenOptions): Promise<FactsReader> {
  if (o.databaseUrl !== undefined) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: o.databaseUrl, ...(o.pgSchema !== undefined ? { options: `-c search_path=${o.pgSchema}` } : {}) });
    await client.connect();
    let n = 0;
    const text = factsSql(`convert_to(w.facts_json, 'UTF8')`).replace(/\?/g, () => `$${++n}`);
    return {
      pages: (q, pageSize = 5000) => paged(async (params) => (await client.query<RawRow>(text, params)).rows, q, pageSize),
      close: () => client.end(),
    };
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const native = new Sqlite(o.sqlitePath!, { readonly: true, fileMustExist: true });
  const st = native.prepare<unknown[], RawRow>(factsSql('cast(w.facts_json as blob)'));
  return {
    pages: (q, pageSize = 5000) => paged(async (params) => st.all(...params), q, pageSize),
    close: async () => {
      native.close();
    },
  };
}
