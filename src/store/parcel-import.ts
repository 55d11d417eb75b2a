/**
 * Writes parcels (宗地) all or nothing: the whole import is one transaction, so a refused record or
 * a crash (even SIGKILL) leaves the register as it was before the import. A refusal names the
 * record and the field ("records[41].area: 面积为负 …"). Geometry rules are the caller's
 * (services/import-parcels checks each feature before it reaches here).
 */
import type { ParcelFeature } from '../domain/parcel.js';
import { appendAudit } from './audit-log.js';
import type { Store } from './database.js';
import { InputError } from './errors.js';
import { requireJurisdiction } from './repos/jurisdictions.js';
import { parcelRow } from './repos/parcels.js';

export interface ParcelFeatureImport {
  readonly jurisdictionCode: string;
  /** Where the features came from (file name), for the audit log. */
  readonly source: string;
  readonly features: AsyncIterable<ParcelFeature> | Iterable<ParcelFeature>;
  readonly actor: string;
  /** Called after each batch is written (inside the transaction) with the running count. */
  readonly onProgress?: (written: number) => void;
  readonly batchSize?: number;
}

export interface ImportParcelsResult {
  readonly importId: number;
  readonly count: number;
}

export async function importParcelFeatures(store: Store, input: ParcelFeatureImport): Promise<ImportParcelsResult> {
  if (!input.source.trim()) throw new InputError('source', '缺少来源', 'source is missing');
  // Row-count limit per INSERT: SQLite allows 32 766 bound values and PostgreSQL 65 535; a parcel has 38.
  const batchSize = Math.min(input.batchSize ?? 500, 800);
  return store.write(async (tx) => {
    const j = await requireJurisdiction(tx, input.jurisdictionCode, 'jurisdictionCode');
    const now = store.now();
    const imp = await tx
      .insertInto('parcel_import')
      .values({ jurisdiction_code: j.code, source: input.source, parcel_count: 0, created_at: now, created_by: input.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    const importId = Number(imp.id);
    let batch: ReturnType<typeof parcelRow>[] = [];
    let count = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await tx.insertInto('parcel').values(batch).execute();
      count += batch.length;
      batch = [];
      input.onProgress?.(count);
    };
    for await (const f of input.features) {
      batch.push(parcelRow({ fields: f.fields, geometry: f.geometry, measuredAreaM2: f.areaM2, attributes: f.attributes }, j.code, importId, now, `records[${f.recordIndex}]`));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await tx.updateTable('parcel_import').set({ parcel_count: count }).where('id', '=', importId).execute();
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: input.actor,
      action: 'parcel.import',
      entity: 'parcel_import',
      entityId: String(importId),
      after: { jurisdictionCode: j.code, source: input.source, count },
    });
    return { importId, count };
  });
}
