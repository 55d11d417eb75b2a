/**
 * Uploaded evidence (site photos, scans), content-addressed: the sha256 of the bytes is the key, so
 * the same photo is kept once and a document citing it can be checked against it. Written once.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from './audit-log.js';
import type { Db, Store } from './database.js';

export interface Attachment {
  readonly sha256: string;
  readonly mediaType: string;
  readonly byteSize: number;
  readonly fileName: string | null;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores the bytes once (idempotent); returns the attachment. Validation of type and size is the caller's. */
export async function putAttachment(store: Store, a: { bytes: Uint8Array; mediaType: string; fileName?: string; actor: string }): Promise<Attachment> {
  const sha256 = sha256Of(a.bytes);
  return store.write(async (tx) => {
    const existing = await tx.selectFrom('pipeline_attachment').select(['sha256', 'media_type', 'byte_size', 'file_name', 'uploaded_at', 'uploaded_by']).where('sha256', '=', sha256).executeTakeFirst();
    if (existing) return { sha256, mediaType: existing.media_type, byteSize: existing.byte_size, fileName: existing.file_name, uploadedAt: existing.uploaded_at, uploadedBy: existing.uploaded_by };
    const at = store.now();
    await tx.insertInto('pipeline_attachment').values({ sha256, media_type: a.mediaType, byte_size: a.bytes.byteLength, content_base64: Buffer.from(a.bytes).toString('base64'), file_name: a.fileName ?? null, uploaded_at: at, uploaded_by: a.actor }).execute();
    await appendAudit(tx, store.dialect, { at, actor: a.actor, action: 'attachment.upload', entity: 'attachment', entityId: sha256, after: { sha256, mediaType: a.mediaType, byteSize: a.bytes.byteLength, fileName: a.fileName ?? null } });
    return { sha256, mediaType: a.mediaType, byteSize: a.bytes.byteLength, fileName: a.fileName ?? null, uploadedAt: at, uploadedBy: a.actor };
  });
}

export async function getAttachment(db: Db, sha256: string): Promise<(Attachment & { bytes: Buffer }) | undefined> {
  const r = await db.selectFrom('pipeline_attachment').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!r) return undefined;
  return { sha256: r.sha256, mediaType: r.media_type, byteSize: r.byte_size, fileName: r.file_name, uploadedAt: r.uploaded_at, uploadedBy: r.uploaded_by, bytes: Buffer.from(r.content_base64, 'base64') };
}

/** The jurisdictions whose parcel journals cite an attachment (pipeline_evidence). */
export async function attachmentJurisdictions(db: Db, sha256: string): Promise<string[]> {
  const rows = await db.selectFrom('pipeline_evidence').select('jurisdiction_code').distinct().where('sha256', '=', sha256).orderBy('jurisdiction_code').execute();
  return rows.map((r) => r.jurisdiction_code);
}
