/**
 * Which tables a county reports, and how each row is tied to the county: data, so a table added
 * to the register is reported by adding one line here. A table missing from a database (an older
 * schema) is skipped; a table a province does not know is kept there as rows of nat_row.
 *
 * scope:
 *   jurisdiction  the row has jurisdiction_code
 *   plan          the row has `column` naming a plan of the county
 *   version       the row has `column` naming a plan version of the county
 *   parcel        the row has `column` naming a parcel of the county
 */
export type ReportScope =
  | { readonly by: 'jurisdiction' }
  | { readonly by: 'plan'; readonly column: string }
  | { readonly by: 'version'; readonly column: string }
  | { readonly by: 'parcel'; readonly column: string };

export interface ReportedTable {
  readonly table: string;
  /** Primary-key columns: the export order and the row's identity at the province. */
  readonly key: readonly string[];
  readonly scope: ReportScope;
}

export const REPORTED_TABLES: readonly ReportedTable[] = [
  { table: 'plan', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'plan_version', key: ['id'], scope: { by: 'plan', column: 'plan_id' } },
  { table: 'indicator', key: ['plan_version_id', 'indicator_id'], scope: { by: 'version', column: 'plan_version_id' } },
  { table: 'adjustment', key: ['id'], scope: { by: 'plan', column: 'plan_id' } },
  { table: 'district', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'parcel_import', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'parcel', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'supply_record', key: ['id'], scope: { by: 'plan', column: 'plan_id' } },
  // The plan's life (migration 7): each version's moves (the province sees when a plan was published)
  // and the departments asked to review it; the parcels' path (migration 5). Public comments stay
  // with the county (they carry a client hash, and the province reads them on the county's page).
  { table: 'plan_transition', key: ['id'], scope: { by: 'version', column: 'plan_version_id' } },
  { table: 'review_request', key: ['id'], scope: { by: 'version', column: 'plan_version_id' } },
  { table: 'land_demand', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'reserve_project', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'pipeline_event', key: ['id'], scope: { by: 'parcel', column: 'parcel_id' } },
  { table: 'pipeline_parcel', key: ['parcel_id'], scope: { by: 'parcel', column: 'parcel_id' } },
  { table: 'approval_batch', key: ['id'], scope: { by: 'jurisdiction' } },
  { table: 'approval_batch_parcel', key: ['batch_id', 'parcel_id'], scope: { by: 'parcel', column: 'parcel_id' } },
];

export function rowKey(t: Pick<ReportedTable, 'key'>, r: Record<string, unknown>): string {
  return t.key.map((k) => String(r[k])).join('|');
}
