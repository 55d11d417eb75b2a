/**
 * Use case: import parcels (宗地) from any reader that yields ParcelFeature (geo/formats/*), all or
 * nothing, in one transaction (store/parcel-import.ts); a refusal names the record and the field.
 */
export { importParcels, type ImportParcelsInput, type ImportParcelsResult } from '../store/parcel-import.js';
