/**
 * `npm run bench -- audit [--docs N]`: audits a batch of plan texts in one process and reports
 * documents per second. The batch mixes generated plans in five phrasings (a tenth with one
 * figure mistyped, which exercises diagnosis) with the published fixtures and damaged copies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { auditText } from '../src/audit/index.js';
import { PHRASINGS, perturb, planArb, renderPlan } from '../test/audit/plan-text.js';

function corpus(n: number): string[] {
  const dir = fileURLToPath(new URL('../test/fixtures/plans/', import.meta.url));
  const published = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(dir + f, 'utf8'));
  const plans = fc.sample(planArb, { numRuns: n, seed: 20260331 });
  const docs: string[] = [];
  plans.forEach((p, i) => {
    if (i % 20 === 0) {
      // A published text, damaged: a run of characters dropped.
      const t = published[i % published.length]!;
      const at = (i * 7919) % t.length;
      docs.push(i % 40 === 0 ? t : t.slice(0, at) + t.slice(at + 5));
      return;
    }
    const { text, figures } = renderPlan(p, PHRASINGS[i % PHRASINGS.length]!, i % 3 !== 0);
    if (i % 10 === 1 && figures.length > 0) {
      const f = figures[i % figures.length]!;
      docs.push(text.replace(f.text, perturb(f.text, 37)));
    } else docs.push(text);
  });
  return docs;
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[args.indexOf('--docs') + 1] ?? 5000) || 5000;
  const docs = corpus(n);
  for (const d of docs.slice(0, 200)) auditText(d); // warm up
  let figures = 0;
  let findings = 0;
  const t0 = performance.now();
  for (const d of docs) {
    const r = auditText(d);
    figures += r.figures.length;
    findings += r.findings.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);
  process.stderr.write(`audited ${docs.length} documents (${(bytes / 1e6).toFixed(1)} MB, ${figures} figures, ${findings} findings) in ${seconds.toFixed(2)} s\n`);
  return { docs: docs.length, seconds: Number(seconds.toFixed(3)), docs_per_s: Math.round(docs.length / seconds) };
}
