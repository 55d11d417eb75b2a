/** Use case: find a parcel by its number (宗地编号) or, failing that, by its register id. */
import type { Db } from '../store/database.js';
import { listParcels } from '../store/repos/parcels.js';

export async function findParcelId(db: Db, ref: string, jurisdictionCode?: string): Promise<number | undefined> {
  const byNumber = await listParcels(db, { parcelNumber: ref, ...(jurisdictionCode ? { jurisdictionCode } : {}), limit: 2 });
  if (byNumber.length > 0) return byNumber[0]!.id;
  if (/^\d+$/.test(ref)) {
    const r = await db.selectFrom('parcel').select('id').where('id', '=', Number(ref)).executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }
  return undefined;
}

/** Jurisdictions that have parcel journals (what `landplan supervise` covers by default). */
export async function jurisdictionsWithJournals(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('pipeline_parcel').select('jurisdiction_code').distinct().orderBy('jurisdiction_code').execute();
  return rows.map((r) => r.jurisdiction_code);
}
