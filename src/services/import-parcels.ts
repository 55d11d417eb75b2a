/**
 * Use case: import parcels (宗地) from any reader that yields ParcelFeature (geo/formats/*), all or
 * nothing: the whole import is one transaction (store/parcel-import.ts), so a refused record or a
 * crash (even SIGKILL) leaves the register as it was before the import. A refusal names the record
 * and the field ("records[41].area: 面积为负 …", "records[7].geometry: 宗地 Z-8：… 自相交于 …").
 *
 * Every geometry must pass `checkParcelGeometry` (geo/validity.ts: valid, and at least 1 m² unless
 * `geometryRules.minAreaM2` says otherwise); warnings go to `onGeometryWarning`. A feature without
 * geometry is accepted unless `geometryRules.allowMissing` is false (the CLI import refuses it).
 */
import type { ParcelFeature } from '../domain/parcel.js';
import { checkParcelGeometry, type ParcelGeometryRules, type ValidityIssue } from '../geo/validity.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { importParcelFeatures, type ImportParcelsResult, type ParcelFeatureImport } from '../store/parcel-import.js';

export type { ImportParcelsResult };

export interface ImportParcelsInput extends ParcelFeatureImport {
  /** Geometry rules (default: valid, ≥ 1 m², a missing geometry allowed). */
  readonly geometryRules?: ParcelGeometryRules;
  /** Called with each geometry warning (repeated vertex, sliver …) of the parcels written. */
  readonly onGeometryWarning?: (recordIndex: number, issue: ValidityIssue) => void;
}

/** A parcel refused for its geometry: the record's field ("records[7].geometry") and the issue. */
export class ParcelGeometryError extends InputError {
  constructor(
    field: string,
    readonly issue: ValidityIssue,
  ) {
    const at = issue.location ? ` @ ${issue.location[0].toFixed(7)},${issue.location[1].toFixed(7)}` : '';
    super(field, `${issue.message.zh}${at}`, `${issue.message.en}${at}`);
    this.name = 'ParcelGeometryError';
  }
}

export async function importParcels(store: Store, input: ImportParcelsInput): Promise<ImportParcelsResult> {
  const rules: ParcelGeometryRules = { allowMissing: true, ...input.geometryRules };
  async function* checked(): AsyncGenerator<ParcelFeature> {
    for await (const f of input.features) {
      const id = f.fields.parcelNumber ?? `#${f.recordIndex + 1}`;
      const verdict = checkParcelGeometry(id, f.geometry, rules);
      const refusal = verdict.errors[0];
      if (refusal) throw new ParcelGeometryError(`records[${f.recordIndex}].geometry`, refusal);
      for (const w of verdict.warnings) input.onGeometryWarning?.(f.recordIndex, w);
      yield f;
    }
  }
  return importParcelFeatures(store, { ...input, features: checked() });
}
