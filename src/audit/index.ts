/**
 * The audit: read any published supply plan text and report its real inconsistencies.
 * `auditText` is pure: text in, report out.
 */
import { bySeverity } from '../domain/finding.js';
import { extract } from './extract/index.js';
import { reconcile } from './reconcile/index.js';
import type { AuditReport } from './types.js';

export type { AuditReport, AuditUnit, ExtractedFigure, FigureRole, PlanStatement, UnreadSpan } from './types.js';

export function auditText(text: string): AuditReport {
  const { document, figures, statements, unread } = extract(text);
  const { findings } = reconcile(figures);
  return { document, figures, statements, findings: [...findings].sort(bySeverity), unread };
}
