/**
 * Evidence uploads (site photos, scans): POST takes base64 JSON (the API speaks JSON; 1.5 MiB of
 * image at most) and answers the sha256 a document then cites; GET returns the bytes — to the user
 * who uploaded them (to check a photo before citing it) and to those who may read a parcel journal
 * that cites them (register.read in the jurisdiction, or above it). Everyone else gets 404, as if
 * the file did not exist. The public never gets evidence files, even once a deal is public:
 * inspection photos and scans of internal documents are working papers (the 成交公示 and the
 * contract's public terms are published as data, not as these files).
 */
import { z } from 'zod';
import { rolesFor, ROLES } from '../../domain/access.js';
import { safeName } from '../../domain/text.js';
import type { Store } from '../../store/database.js';
import { attachmentJurisdictions, getAttachment } from '../../store/attachments.js';
import { mayRead } from '../auth/scope.js';
import { MAX_ATTACHMENT_BYTES, uploadAttachment } from '../../services/upload-attachment.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';

const sha = z.string().regex(/^[0-9a-f]{64}$/);

export function attachmentRoutes(store: Store): AnyRoute[] {
  const uploaders = rolesFor('attachment.upload');
  return [
    defineRoute({
      method: 'POST',
      url: '/api/attachments',
      tag: 'pipeline',
      summary: { zh: '上传证据图片（现场照片、扫描件），按 sha256 保存', en: 'upload an evidence image (site photo, scan), kept by its sha256' },
      access: uploaders,
      body: z.strictObject({ fileName: safeName(120).optional(), dataBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/) }),
      response: z.object({ sha256: sha, mediaType: z.string(), byteSize: z.number() }),
      status: 201,
      handler: async ({ body, user }) => {
        const r = await uploadAttachment(store, { bytes: Buffer.from(body.dataBase64, 'base64'), ...(body.fileName ? { fileName: body.fileName } : {}), actor: user!.username });
        if (!r.ok) throw new ApiError(r.reason === 'too-large' ? 'payload-too-large' : 'validation', r.message, [{ path: 'body.dataBase64', message: r.message.zh }]);
        return { sha256: r.attachment.sha256, mediaType: r.attachment.mediaType, byteSize: r.attachment.byteSize };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/attachments/:sha256',
      tag: 'pipeline',
      summary: { zh: '证据图片（上传者，或可查阅引用它的宗地流程的用户）', en: 'an evidence image (to its uploader, or to those who may read a parcel journal citing it)' },
      access: ROLES,
      params: z.object({ sha256: sha }),
      response: z.unknown(),
      handler: async ({ params, reply, user }) => {
        const a = await getAttachment(store.db, params.sha256);
        if (!a || !user) throw new ApiError('not-found');
        if (a.uploadedBy !== user.username) {
          let readable = false;
          for (const code of await attachmentJurisdictions(store.db, a.sha256)) if ((readable = await mayRead(store.db, user, code))) break;
          if (!readable) throw new ApiError('not-found');
        }
        return reply.type(a.mediaType).header('cache-control', 'private, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(a.bytes);
      },
    }),
  ];
}
