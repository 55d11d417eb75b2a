/**
 * Jurisdiction scope of a role. A grant for a jurisdiction covers it and, for reading, every
 * jurisdiction below it (a prefecture viewer sees its counties); acting on a plan (checking or
 * recording a supply) needs a grant for that jurisdiction itself or for all (null).
 */
import type { Db } from '../../store/database.js';
import { ApiError } from '../errors.js';
import type { Role } from './roles.js';
import type { SessionUser } from './sessions.js';

/** The jurisdiction and its ancestors, nearest first. */
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

export async function requireScope(db: Db, user: SessionUser | undefined, roles: readonly Role[], jurisdictionCode: string, mode: 'read' | 'act'): Promise<void> {
  if (!user) throw new ApiError('unauthenticated');
  const allowed = mode === 'act' ? [jurisdictionCode] : await lineage(db, jurisdictionCode);
  const ok = user.grants.some((g) => roles.includes(g.role) && (g.jurisdictionCode === null || allowed.includes(g.jurisdictionCode)));
  if (!ok) throw new ApiError('forbidden', { zh: `当前账号无权处理 ${jurisdictionCode} 的数据`, en: `your account may not act on jurisdiction ${jurisdictionCode}` });
}
