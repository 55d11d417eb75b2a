/** Domain and store values → API shapes (schemas.ts). */
import { bySeverity, type Finding } from '../../domain/finding.js';
import type { PlanVersion } from '../../store/repos/plans.js';
import type { FindingDto, PlanSummaryDto, PlanVersionDto } from '../schemas.js';

export function findingDto(f: Finding): FindingDto {
  return {
    rule: f.rule,
    severity: f.severity,
    message: { zh: f.message.zh, en: f.message.en },
    ...(f.stated !== undefined ? { stated: f.stated } : {}),
    ...(f.expected !== undefined ? { expected: f.expected } : {}),
    figures: [...f.figures],
    ...(f.suggestion ? { suggestion: { zh: f.suggestion.zh, en: f.suggestion.en } } : {}),
    ...(f.basis !== undefined ? { basis: f.basis } : {}),
    ...(f.confidence !== undefined ? { confidence: f.confidence } : {}),
    ...(f.missing?.length ? { missing: f.missing.map((m) => ({ field: m.field, label: { zh: m.label.zh, en: m.label.en } })) } : {}),
  };
}

/** A stored flagged figure is a Finding as the audit produced it; anything else is skipped. */
export function isFinding(v: unknown): v is Finding {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  const m = f.message as Record<string, unknown> | undefined;
  return typeof f.rule === 'string' && typeof f.severity === 'string' && typeof m?.zh === 'string' && Array.isArray(f.figures);
}

export function versionDto(v: PlanVersion): PlanVersionDto {
  return { id: v.id, seq: v.seq, status: v.status, validFrom: v.validFrom, recordedAt: v.recordedAt };
}

export function planSummary(p: { id: number; jurisdictionCode: string; year: number; name: string }, versions: readonly PlanVersion[]): PlanSummaryDto {
  return { id: p.id, jurisdictionCode: p.jurisdictionCode, year: p.year, name: p.name, versions: versions.map(versionDto) };
}

/**
 * A version's flagged figures as findings. Versions compiled from a text store
 * `{figureId, label, value, unit, findings[]}` (services/compile-plan-from-text); plain findings
 * are accepted too.
 */
export function flaggedFindings(flagged: readonly unknown[]): FindingDto[] {
  const out: FindingDto[] = [];
  // A finding about several figures is stored with each of them: shown once, with all of them.
  const seen = new Map<string, FindingDto>();
  for (const v of flagged) {
    if (isFinding(v)) {
      out.push(findingDto(v));
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const f = v as { figureId?: unknown; label?: unknown; value?: unknown; unit?: unknown; findings?: unknown };
    if (typeof f.figureId !== 'string' || !Array.isArray(f.findings)) continue;
    for (const x of f.findings as unknown[]) {
      const g = x as { rule?: unknown; severity?: unknown; message?: { zh?: unknown; en?: unknown } };
      if (typeof g.rule !== 'string' || (g.severity !== 'error' && g.severity !== 'warning' && g.severity !== 'info')) continue;
      if (typeof g.message?.zh !== 'string' || typeof g.message.en !== 'string') continue;
      const stated = typeof f.value === 'string' ? `${f.value}${typeof f.unit === 'string' ? ` ${f.unit}` : ''}` : undefined;
      const key = `${g.rule}|${g.message.zh}`;
      const prior = seen.get(key);
      if (prior) {
        seen.set(key, { ...prior, figures: [...prior.figures, f.figureId], ...(stated ? { stated: prior.stated ? `${prior.stated}、${stated}` : stated } : {}) });
        continue;
      }
      seen.set(key, { rule: g.rule, severity: g.severity, message: { zh: g.message.zh, en: g.message.en }, ...(stated ? { stated } : {}), figures: [f.figureId] });
    }
  }
  return [...out, ...seen.values()].sort(bySeverity);
}
