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
