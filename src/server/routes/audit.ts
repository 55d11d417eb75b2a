/**
 * Audit an uploaded plan text: every figure with its offsets, and the findings. Pure computation
 * (no database), open to every signed-in role.
 */
import type { AuditTextFn } from '../deps.js';
import { z } from 'zod';
import type { AuditReport } from '../../audit/types.js';
import { STAFF } from '../auth/roles.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { auditDocument, UnreadableDocument } from '../../services/audit-document.js';
import { ApiError } from '../errors.js';
import { auditDocumentRequestSchema, auditReportSchema, auditRequestSchema } from '../schemas.js';
import { findingDto } from './convert.js';

function reportDto(r: AuditReport, text: string) {
  return {
    document: { title: r.document.title, region: r.document.region, year: r.document.year },
    text,
    figures: r.figures.map((f) => ({ id: f.id, label: f.label, role: f.role, value: f.value, unit: f.unit, quote: f.quote, start: f.start, end: f.end })),
    findings: r.findings.map(findingDto),
  };
}


export function auditRoutes(auditText: AuditTextFn | undefined, demoPlanText: string | undefined): AnyRoute[] {
  const routes: AnyRoute[] = [];
  if (auditText) {
    routes.push(
      defineRoute({
        method: 'POST',
        url: '/api/audit',
        tag: 'audit',
        summary: { zh: '审查供应计划文本：识别数字并核对', en: 'audit a plan text: extract every figure and reconcile' },
        access: STAFF,
        body: auditRequestSchema,
        response: auditReportSchema,
        handler: async ({ body }) => reportDto(auditText(body.text), body.text),
      }),
      defineRoute({
        method: 'POST',
        url: '/api/audit/document',
        tag: 'audit',
        summary: { zh: '审查上传的供应计划文件（.txt 或 .docx）', en: 'audit an uploaded plan document (.txt or .docx)' },
        access: STAFF,
        body: auditDocumentRequestSchema,
        response: auditReportSchema,
        handler: async ({ body }) => {
          try {
            const { text, report } = await auditDocument(Buffer.from(body.contentBase64, 'base64'), body.filename);
            return reportDto(report, text);
          } catch (e) {
            if (e instanceof UnreadableDocument) throw new ApiError('validation', { zh: e.message, en: e.message }, []);
            throw e;
          }
        },
      }),
    );
  }
  if (demoPlanText !== undefined) {
    routes.push(
      defineRoute({
        method: 'GET',
        url: '/api/demo/plan-text',
        tag: 'audit',
        summary: { zh: '示例文本：巴楚县2026年度供应计划（征求意见稿）', en: 'sample text: the 巴楚县 2026 plan (consultation draft)' },
        access: STAFF,
        response: z.object({ text: z.string() }),
        handler: async () => ({ text: demoPlanText }),
      }),
    );
  }
  return routes;
}
