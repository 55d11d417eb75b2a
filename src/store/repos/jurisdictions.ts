/** Jurisdictions (行政区): code, name, level and parent, e.g. 653130 巴楚县 → 653100 喀什地区 → 650000 新疆维吾尔自治区. */
import { sql } from 'kysely';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';
import { JURISDICTION_LEVELS, type JurisdictionLevel } from '../../domain/jurisdiction/levels.js';
import type { DivisionUnit } from '../../domain/jurisdiction/divisions.js';
import { ensureProvincePartitions } from './national-partitions.js';

export { JURISDICTION_LEVELS, type JurisdictionLevel };

export interface Jurisdiction {
  readonly code: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentCode: string | null;
}

export async function getJurisdiction(db: Db, code: string): Promise<Jurisdiction | undefined> {
  const r = await db.selectFrom('jurisdiction').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? { code: r.code, name: r.name, level: r.level as JurisdictionLevel, parentCode: r.parent_code } : undefined;
}

export async function listJurisdictions(db: Db): Promise<Jurisdiction[]> {
  const rows = await db.selectFrom('jurisdiction').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as JurisdictionLevel, parentCode: r.parent_code }));
}

/** Throws InputError naming `field` unless the jurisdiction exists. */
export async function requireJurisdiction(db: Db, code: string, field = 'jurisdiction'): Promise<Jurisdiction> {
  const j = await getJurisdiction(db, code);
  if (!j) throw new InputError(field, `未知行政区 "${code}"`, `unknown jurisdiction "${code}"`);
  return j;
}

/** Adds a jurisdiction, or returns the existing one unchanged if it is identical (idempotent loads). */
export async function upsertJurisdiction(store: Store, j: Jurisdiction, actor: string): Promise<Jurisdiction> {
  if (!/^\d{6}$/.test(j.code)) throw new InputError('jurisdiction.code', `行政区划代码应为 6 位数字，实为 "${j.code}"`, `an administrative code has 6 digits, got "${j.code}"`);
  if (!JURISDICTION_LEVELS.includes(j.level)) throw new InputError('jurisdiction.level', `未知级别 "${j.level}"`, `unknown level "${j.level}"`);
  if (!j.name.trim()) throw new InputError('jurisdiction.name', '名称为空', 'name is empty');
  return store.write(async (tx) => {
    const existing = await getJurisdiction(tx, j.code);
    if (existing && existing.name === j.name && existing.level === j.level && existing.parentCode === j.parentCode) return existing;
    if (j.parentCode !== null) await requireJurisdiction(tx, j.parentCode, 'jurisdiction.parentCode');
    const row = { code: j.code, name: j.name, level: j.level, parent_code: j.parentCode };
    if (existing) await tx.updateTable('jurisdiction').set(row).where('code', '=', j.code).execute();
    else await tx.insertInto('jurisdiction').values(row).execute();
    await appendAudit(tx, store.dialect, {
      at: store.now(),
      actor,
      action: existing ? 'jurisdiction.update' : 'jurisdiction.create',
      entity: 'jurisdiction',
      entityId: j.code,
      before: existing,
      after: j,
    });
    return j;
  });
}

/** A unit with the GB/T 2260 editions that listed it (see domain/jurisdiction/divisions.ts). */
export interface JurisdictionUnit extends Jurisdiction {
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly source: string | null;
}

function toUnit(r: { code: string; name: string; level: string; parent_code: string | null; valid_from: string | null; valid_to: string | null; source: string | null }): JurisdictionUnit {
  return { code: r.code, name: r.name, level: r.level as JurisdictionLevel, parentCode: r.parent_code, validFrom: r.valid_from, validTo: r.valid_to, source: r.source };
}

export interface LoadOutcome {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly retired: number;
}

/**
 * Loads GB/T 2260 units (parents first) in one transaction: adds new codes, updates changed names,
 * parents or editions, leaves identical rows alone, and writes one audit entry with the counts.
 * Rows entered by hand before (source null) take the edition's values. On PostgreSQL the national
 * tables get a partition for every province loaded.
 */
export async function loadJurisdictions(store: Store, units: readonly DivisionUnit[], opts: { source: string; actor: string }): Promise<LoadOutcome> {
  for (const [i, u] of units.entries()) {
    if (!/^\d{6}$/.test(u.code)) throw new InputError(`units[${i}].code`, `行政区划代码应为 6 位数字，实为 "${u.code}"`, `an administrative code has 6 digits, got "${u.code}"`);
  }
  return store.write(async (tx) => {
    const existing = new Map((await tx.selectFrom('jurisdiction').selectAll().execute()).map((r) => [r.code, toUnit(r)]));
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    const inserts: { code: string; name: string; level: string; parent_code: string | null; valid_from: string | null; valid_to: string | null; source: string }[] = [];
    for (const u of units) {
      const row = { code: u.code, name: u.name, level: u.level, parent_code: u.parentCode, valid_from: u.validFrom, valid_to: u.validTo, source: opts.source };
      const e = existing.get(u.code);
      if (!e) {
        inserts.push(row);
        added++;
      } else if (e.name === u.name && e.level === u.level && e.parentCode === u.parentCode && e.validFrom === u.validFrom && e.validTo === u.validTo && e.source === opts.source) {
        unchanged++;
      } else {
        // Flush pending inserts first: this row's parent may be among them.
        await insertChunks(tx, inserts.splice(0));
        await tx.updateTable('jurisdiction').set(row).where('code', '=', u.code).execute();
        changed++;
      }
    }
    await insertChunks(tx, inserts);
    if (store.dialect === 'postgres') await ensureProvincePartitions(tx, units.filter((u) => u.level === 'province').map((u) => u.code));
    const outcome = { added, changed, unchanged, retired: units.filter((u) => u.validTo !== null).length };
    if (added + changed > 0) {
      await appendAudit(tx, store.dialect, { at: store.now(), actor: opts.actor, action: 'jurisdiction.load', entity: 'jurisdiction', entityId: '*', after: { source: opts.source, ...outcome } });
    }
    return outcome;
  });
}

async function insertChunks(tx: Db, rows: { code: string; name: string; level: string; parent_code: string | null; valid_from: string | null; valid_to: string | null; source: string }[]): Promise<void> {
  // 7 columns × 100 rows stays far below SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 100) await tx.insertInto('jurisdiction').values(rows.slice(i, i + 100)).execute();
}

/** A unit with its editions, or undefined. */
export async function getJurisdictionUnit(db: Db, code: string): Promise<JurisdictionUnit | undefined> {
  const r = await db.selectFrom('jurisdiction').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toUnit(r) : undefined;
}

/** The units directly below `code`, current ones first, then retired ones; by code. */
export async function childUnits(db: Db, code: string, opts: { includeRetired?: boolean } = {}): Promise<JurisdictionUnit[]> {
  let q = db.selectFrom('jurisdiction').selectAll().where('parent_code', '=', code);
  if (!opts.includeRetired) q = q.where('valid_to', 'is', null);
  return (await q.orderBy('code').execute()).map(toUnit);
}

/**
 * Every unit below `code` (not itself), optionally of one level: what a user granted `code` may
 * see. Retired codes are included by default: a plan reported under a code that later changed
 * still belongs to the unit above it.
 */
export async function unitsBelow(db: Db, code: string, opts: { level?: JurisdictionLevel; includeRetired?: boolean } = {}): Promise<JurisdictionUnit[]> {
  const rows = await db
    .withRecursive('below(code)', (qb) =>
      qb
        .selectFrom('jurisdiction')
        .select('code')
        .where('parent_code', '=', code)
        .unionAll((u) => u.selectFrom('jurisdiction as j').innerJoin('below as b', 'j.parent_code', 'b.code').select('j.code')),
    )
    .selectFrom('jurisdiction')
    .selectAll('jurisdiction')
    .where('code', 'in', (qb) => qb.selectFrom('below').select('code'))
    .$if(opts.level !== undefined, (q) => q.where('level', '=', opts.level!))
    .$if(opts.includeRetired === false, (q) => q.where('valid_to', 'is', null))
    .orderBy('code')
    .execute();
  return rows.map(toUnit);
}

/** The unit and its ancestors, nearest first (a county → its prefecture → its province). */
export async function ancestry(db: Db, code: string): Promise<JurisdictionUnit[]> {
  const out: JurisdictionUnit[] = [];
  let c: string | null = code;
  while (c !== null && out.length < 8 && !out.some((u) => u.code === c)) {
    const u = await getJurisdictionUnit(db, c);
    if (!u) break;
    out.push(u);
    c = u.parentCode;
  }
  return out;
}

/** Whether `code` is `ancestor` or lies below it. */
export async function isWithin(db: Db, code: string, ancestor: string): Promise<boolean> {
  return (await ancestry(db, code)).some((u) => u.code === ancestor);
}

/** How many units of each level are current, and how many codes are retired. */
export async function jurisdictionCounts(db: Db): Promise<Record<JurisdictionLevel | 'retired', number>> {
  const rows = await db
    .selectFrom('jurisdiction')
    .select(['level', sql<number>`sum(case when valid_to is null then 1 else 0 end)`.as('current'), sql<number>`sum(case when valid_to is null then 0 else 1 end)`.as('retired')])
    .groupBy('level')
    .execute();
  const out: Record<JurisdictionLevel | 'retired', number> = { province: 0, prefecture: 0, county: 0, retired: 0 };
  for (const r of rows) {
    out[r.level as JurisdictionLevel] = Number(r.current);
    out.retired += Number(r.retired);
  }
  return out;
}

/** Current county-level units below a unit (the unit itself when it is one); "000000": the nation. */
export async function countCountiesBelow(db: Db, code: string): Promise<number> {
  let q = db.selectFrom('jurisdiction').select(sql<string>`count(*)`.as('n')).where('level', '=', 'county').where('valid_to', 'is', null);
  if (code === '000000') {
    // every county-level unit
  } else if (code.endsWith('0000')) q = q.where('code', 'like', `${code.slice(0, 2)}%`);
  else if (code.endsWith('00')) q = q.where('parent_code', '=', code);
  else q = q.where('code', '=', code);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The jurisdiction and its ancestors, nearest first (at most 8 levels; a cycle stops the walk). */
export async function lineage(db: Db, code: string): Promise<string[]> {
  const out: string[] = [];
  let c: string | null = code;
  while (c && out.length < 8 && !out.includes(c)) {
    out.push(c);
    const row: { parent_code: string | null } | undefined = await db.selectFrom('jurisdiction').select('parent_code').where('code', '=', c).executeTakeFirst();
    c = row?.parent_code ?? null;
  }
  return out;
}

/** The given jurisdictions and every jurisdiction below them. */
export async function withDescendants(db: Db, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await db.selectFrom('jurisdiction').select(['code', 'parent_code']).execute();
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_code !== null) (children.get(r.parent_code) ?? children.set(r.parent_code, []).get(r.parent_code)!).push(r.code);
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const c = stack.pop()!;
    if (out.has(c)) continue;
    out.add(c);
    stack.push(...(children.get(c) ?? []));
  }
  return [...out].sort();
}
