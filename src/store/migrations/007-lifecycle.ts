/**
 * Migration 7: the plan's life (issue 9; domain/plan/lifecycle.ts).
 * - `plan_transition`: every move of a version's state, append-only, with the actor, the role that
 *   allowed it and what it carried (date, consultation closing date, 文号, reason, meeting).
 *   `plan_version.status` is its projection, written in the same transaction.
 * - `plan_version.based_on_version_id` / `change_reason`: a revision or an adjustment names the
 *   version it came from and why; `decision_on` / `decision_meeting`: an adjustment's 集体决策;
 *   `answers_published_at`: when the answers to the consultation's comments were made public.
 * - `version_change_comment`: which consultation comments led to a revision (and to which cell).
 * - `review_request` / `plan_review` / `review_answer`: joint review (联审) of a version by named
 *   departments, each approving or objecting by a deadline; an objection is answered by a row of
 *   its own.
 * - `consultation_comment` / `comment_answer`: public comments on a version under consultation,
 *   about the whole plan or one item (category row, district, parcel); hidden with a reason,
 *   never deleted; answered 采纳 / 部分采纳 / 不采纳 with a reason, by a row of its own.
 * - `land_demand`: a department's land demand for a year (用地需求), and the version it was taken into.
 * Versions stored as `adjusted` (superseded by an adjustment) become `published`: in force is the
 * latest approved or published version. Every existing version gets one plan_transition row (from
 * nothing to its state, role `migration`), so `db verify` can check status against the journal.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;

  await sql`update plan_version set status = 'published' where status = 'adjusted'`.execute(db);
  for (const col of ['based_on_version_id'] as const) await s.alterTable('plan_version').addColumn(col, int64, (c) => c.references('plan_version.id')).execute();
  for (const col of ['change_reason', 'decision_on', 'decision_meeting', 'answers_published_at'] as const) await s.alterTable('plan_version').addColumn(col, 'text').execute();

  await s
    .createTable('plan_transition')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text')
    .addColumn('until', 'text')
    .addColumn('doc_number', 'text')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('plan_transition_version').on('plan_transition').columns(['plan_version_id', 'id']).execute();
  // Versions written before the plan's life was journalled: one move from nothing to their state.
  await sql`insert into plan_transition (plan_version_id, from_state, to_state, actor, role, reason, recorded_at)
    select id, null, status, recorded_by, 'migration', '迁移前既有状态 / state before migration 7', recorded_at from plan_version order by id`.execute(db);

  await s
    .createTable('version_change_comment')
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('comment_id', int64, (c) => c.notNull())
    .addColumn('cell_key_json', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('version_change_comment_version').on('version_change_comment').columns(['plan_version_id']).execute();

  await s
    .createTable('review_request')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('review_request_department', ['plan_version_id', 'department'])
    .execute();
  await s
    .createTable('plan_review')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('request_id', int64, (c) => c.notNull().references('review_request.id'))
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('plan_review_request').on('plan_review').columns(['request_id']).execute();
  await s
    .createTable('review_answer')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('review_id', int64, (c) => c.notNull().references('plan_review.id'))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('review_answer_review').on('review_answer').columns(['review_id']).execute();

  await s
    .createTable('consultation_comment')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text')
    .addColumn('author_name', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('hidden_reason', 'text')
    .addColumn('hidden_by', 'text')
    .addColumn('hidden_at', 'text')
    .execute();
  await s.createIndex('consultation_comment_version').on('consultation_comment').columns(['plan_version_id', 'id']).execute();
  await s.createIndex('consultation_comment_client').on('consultation_comment').columns(['client_hash', 'created_at']).execute();
  await s
    .createTable('comment_answer')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('comment_id', int64, (c) => c.notNull().references('consultation_comment.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('comment_answer_comment').on('comment_answer').columns(['comment_id', 'id']).execute();

  await s
    .createTable('land_demand')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addColumn('district', 'text')
    .addColumn('quarter', 'integer')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('taken_into_version_id', int64, (c) => c.references('plan_version.id'))
    .addColumn('taken_by', 'text')
    .addColumn('taken_at', 'text')
    .execute();
  await s.createIndex('land_demand_year').on('land_demand').columns(['jurisdiction_code', 'year']).execute();
}
