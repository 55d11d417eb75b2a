/** Comments on any entity (a plan version, a parcel, a supply record …), audited like every write. */
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';

export interface Comment {
  readonly id: number;
  readonly entity: string;
  readonly entityId: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
}

export async function addComment(store: Store, c: { entity: string; entityId: string; author: string; body: string }): Promise<Comment> {
  if (!c.body.trim()) throw new InputError('body', '评论内容为空', 'comment body is empty');
  if (!c.entity.trim()) throw new InputError('entity', '缺少评论对象', 'entity is missing');
  return store.write(async (tx) => {
    const now = store.now();
    const r = await tx.insertInto('comment').values({ entity: c.entity, entity_id: c.entityId, author: c.author, body: c.body, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const id = Number(r.id);
    await appendAudit(tx, store.dialect, { at: now, actor: c.author, action: 'comment.add', entity: 'comment', entityId: String(id), after: c });
    return { id, entity: c.entity, entityId: c.entityId, author: c.author, body: c.body, createdAt: now };
  });
}

export async function listComments(db: Db, entity: string, entityId: string): Promise<Comment[]> {
  const rows = await db.selectFrom('comment').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), entity: r.entity, entityId: r.entity_id, author: r.author, body: r.body, createdAt: r.created_at }));
}
