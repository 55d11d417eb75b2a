/** Domain and store values → API shapes (schemas.ts). */
import type { Finding } from '../../domain/finding.js';
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
