/**
 * Audit an uploaded plan text: every figure with its offsets, and the findings. Pure computation
 * (no database), open to every signed-in role. The audit runs in a worker thread with a time and
 * a memory limit (services/audit-in-worker.ts): a long text or a hostile upload never blocks the
 * server, and one that exceeds a limit is refused with 413.
 */
import type { AuditTextFn } from '../deps.js';
import { z } from 'zod';
import type { AuditReport } from '../../audit/types.js';
import { STAFF } from '../auth/roles.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { AuditLimitExceeded, type AuditJob, type AuditJobResult } from '../../services/audit-in-worker.js';
import { ApiError } from '../errors.js';
import { auditDocumentRequestSchema, auditReportSchema, auditRequestSchema } from '../schemas.js';
import { findingDto } from './convert.js';

function reportDto(r: AuditReport, text: string) {
  return {
    document: { title: r.document.title, region: r.document.region, year: r.document.year },
    text,
    figures: r.figures.map((f) => ({ id: f.id, label: f.label, role: f.role, value: f.value, unit: f.unit, quote: f.quote, start: f.start, end: f.end })),
    findings: r.findings.map(findingDto),
    unread: r.unread.map((u) => ({ start: u.start, end: u.end, text: u.text, reason: u.reason })),
  };
}

async function run(audit: AuditTextFn, job: AuditJob) {
  let r: AuditJobResult;
  try {
    r = await audit(job);
  } catch (e) {
    if (e instanceof AuditLimitExceeded) {
      const zh = e.limit === 'time' ? '审查超时：文本过长或过于复杂，已中止' : '审查所需内存超出限制，已中止';
      throw new ApiError('payload-too-large', { zh, en: `${e.message}; the audit was stopped` }, []);
    }
    throw e;
  }
  if (r.ok) return reportDto(r.report, r.text);
  if ('unreadable' in r) throw new ApiError(r.tooLarge ? 'payload-too-large' : 'validation', { zh: r.unreadable, en: r.unreadable }, []);
  throw new Error(r.failed);
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
        handler: async ({ body }) => run(auditText, { kind: 'text', text: body.text }),
      }),
      defineRoute({
        method: 'POST',
        url: '/api/audit/document',
        tag: 'audit',
        summary: { zh: '审查上传的供应计划文件（.txt 或 .docx）', en: 'audit an uploaded plan document (.txt or .docx)' },
        access: STAFF,
        body: auditDocumentRequestSchema,
        response: auditReportSchema,
        handler: async ({ body }) => run(auditText, { kind: 'document', bytes: Buffer.from(body.contentBase64, 'base64'), fileName: body.filename }),
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
