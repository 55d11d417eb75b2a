/**
 * Turns input problems (a JSON field missing, malformed, contradictory) into findings that name
 * the field, in words a clerk can act on. Never throws.
 */
import type { z } from 'zod';
import type { Finding } from '../finding.js';

export const INPUT_BASIS = 'landplan 输入格式 (docs: src/domain/rules/supply-input.ts, src/services/compile-plan.ts)';

export function inputFinding(rule: string, field: string, zh: string, en: string): Finding {
  return { rule, severity: 'error', figures: [field], basis: INPUT_BASIS, message: { zh: `字段 ${field}：${zh}`, en: `field ${field}: ${en}` } };
}

export function zodFindings(rule: string, error: z.ZodError, prefix = ''): Finding[] {
  return error.issues.map((i) => {
    const field = prefix + (i.path.length ? i.path.map(String).join('.') : '(root)');
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    if (missing) return inputFinding(rule, field, '缺失（必填）', 'missing (required)');
    if (i.code === 'unrecognized_keys') return inputFinding(rule, field, `含未知字段 ${(i as { keys?: string[] }).keys?.join(', ') ?? ''}`, i.message);
    return inputFinding(rule, field, `格式不正确（${i.message}）`, i.message);
  });
}
