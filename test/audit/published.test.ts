import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';

/**
 * The published plans shipped as fixtures. Assertions are general: every finding points at real
 * text, and plans known to be consistent (the fixture README lists them) give no error.
 */
const dir = join(import.meta.dirname, '../fixtures/plans');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));

describe('published plans', () => {
  for (const file of files) {
    it(`${file}: every figure a finding names is printed at its offsets`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const r = auditText(text);
      const byId = new Map(r.figures.map((f) => [f.id, f]));
      for (const f of r.figures) expect(text.slice(f.start, f.end).normalize('NFKC')).toContain(f.value);
      for (const finding of r.findings) for (const id of finding.figures) expect(byId.has(id)).toBe(true);
    });
  }

  it.each(['beijing-2011-plan.txt', 'weixian-2020-plan.txt'])('%s (consistent as published) gives no error', (file) => {
    const r = auditText(readFileSync(join(dir, file), 'utf8'));
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
