/**
 * Every generated plan document is clean under landplan's own audit: random valid plans (1–12
 * categories, districts, 出让/划拨/租赁, 新增/存量, quarters, housing types, odd decimals) are
 * rendered to .docx, read back as the audit reads an uploaded document, and audited: no error, no
 * warning, and the figures it extracts are the plan's cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';
import { decodePlanDocument } from '../../src/audit/read.js';
import { marginal, total } from '../../src/domain/plan/cube.js';
import { renderPlanDocx, type ReportInput } from '../../src/reports/index.js';
import { planArb } from './plans.js';

export async function auditDocx(input: ReportInput) {
  const bytes = await renderPlanDocx(input, { figures: false });
  const { text } = await decodePlanDocument(Buffer.from(bytes), 'plan.docx');
  return { report: auditText(text), text };
}

describe('generated plan documents under the audit', () => {
  it('200 random valid plans: no error, no warning, and the extracted total and category figures are the cells', async () => {
    let plans = 0;
    await fc.assert(
      fc.asyncProperty(planArb, async (input) => {
        plans++;
        const { report, text } = await auditDocx(input);
        const bad = report.findings.filter((f) => f.severity !== 'info');
        if (bad.length) throw new Error(`${bad.map((f) => `${f.severity} ${f.rule}: ${f.message.zh}`).join('\n')}\n---\n${text}`);
        const cube = input.plan.cube;
        const totalFig = report.figures.find((f) => f.role === 'total' && f.unit === 'ha');
        expect(totalFig?.value).toBe(total(cube).formatHectares(2));
        expect(report.figures.find((f) => f.role === 'total' && f.unit === 'mu')?.value).toBe(total(cube).formatMu(2));
        const categories = marginal(cube, 'category');
        if (categories.size > 1) {
          const printed = report.figures.filter((f) => f.role === 'category' && f.unit === 'ha');
          expect(new Map(printed.map((f) => [f.category, f.value]))).toEqual(new Map([...categories].map(([c, a]) => [c, a.formatHectares(2)])));
        }
      }),
      { numRuns: 200 },
    );
    expect(plans).toBeGreaterThanOrEqual(200);
  }, 600_000);
});
