/**
 * Use case: upload evidence — a site photo or a scan — kept once by its sha256. Only images
 * (PNG, JPEG, WebP, recognised by their first bytes, not by what the client claims) up to
 * MAX_ATTACHMENT_BYTES are taken: hostile input gets a clear refusal, never a stored blob.
 */
import type { Store } from '../store/database.js';
import { putAttachment, type Attachment } from '../store/attachments.js';

/** 1.5 MiB: a phone photo resized for the file, and within the server's request limit once base64-encoded. */
export const MAX_ATTACHMENT_BYTES = 1_572_864;

export function sniffImage(b: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP') return 'image/webp';
  return undefined;
}

export type UploadOutcome = { ok: true; attachment: Attachment } | { ok: false; reason: 'too-large' | 'not-an-image' | 'empty'; message: { zh: string; en: string } };

export async function uploadAttachment(store: Store, u: { bytes: Uint8Array; fileName?: string; actor: string }): Promise<UploadOutcome> {
  if (u.bytes.byteLength === 0) return { ok: false, reason: 'empty', message: { zh: '文件为空', en: 'the file is empty' } };
  if (u.bytes.byteLength > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too-large', message: { zh: `文件 ${u.bytes.byteLength} 字节，超过上限 ${MAX_ATTACHMENT_BYTES} 字节（1.5 MiB）`, en: `the file is ${u.bytes.byteLength} bytes, over the limit of ${MAX_ATTACHMENT_BYTES} (1.5 MiB)` } };
  const mediaType = sniffImage(u.bytes);
  if (!mediaType) return { ok: false, reason: 'not-an-image', message: { zh: '只接受 PNG、JPEG、WebP 图片', en: 'only PNG, JPEG and WebP images are accepted' } };
  return { ok: true, attachment: await putAttachment(store, { bytes: u.bytes, mediaType, ...(u.fileName ? { fileName: u.fileName } : {}), actor: u.actor }) };
}
