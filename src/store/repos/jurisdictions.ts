/** Jurisdictions (行政区): code, name, level and parent, e.g. 653130 巴楚县 → 653100 喀什地区 → 650000 新疆维吾尔自治区. */
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';

export type JurisdictionLevel = 'province' | 'prefecture' | 'county';
export const JURISDICTION_LEVELS: readonly JurisdictionLevel[] = ['province', 'prefecture', 'county'];

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
