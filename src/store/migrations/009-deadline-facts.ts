/**
 * Migration 9: each parcel's deadline facts beside what supervision reads of it (issue 14's
 * scale). `facts_json` holds domain/pipeline/supervise.ts `deadlineFacts` of the parcel's state:
 * every due date, done date, short period and idle clock, independent of the as-of date, so a
 * county's supervision reads these instead of projecting each state through the calendar again.
 * `facts_key` names what they were computed with (the rule set's deadline numbers and the
 * calendar's version and covered years); supervision uses them only under the same key and
 * otherwise computes from `watch_json`, so stale facts are never read. Written with each event
 * by the service that knows the rules; existing rows start without facts (computed on read).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('pipeline_watch').addColumn('facts_key', 'text').execute();
  await db.schema.alterTable('pipeline_watch').addColumn('facts_json', 'text').execute();
}
