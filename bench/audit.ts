/**
 * `npm run bench -- audit [--docs N]`: audits a batch of plan texts in one process and reports
 * documents per second. The batch mixes generated plans in five phrasings (a tenth with one
 * figure mistyped, which exercises diagnosis) with the published fixtures and damaged copies.
 * Then the long-document figure: texts of 100 KB, 300 KB and 1 MB made of real plan paragraphs
 * (the fixtures and the corpus), audited in process (`long_doc_ms` is the 1 MB time), and the
 * 1 MB text once more through the API while /api/health is polled (its latency is printed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

/** A text of at least `bytes` UTF-8 bytes made of the numbered paragraphs of real plan texts. */
function longText(bytes: number): string {
  const paras: string[] = [];
  for (const sub of ['plans', 'corpus']) {
    const dir = fileURLToPath(new URL(`../test/fixtures/${sub}/`, import.meta.url));
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt'))) {
      paras.push(...readFileSync(dir + f, 'utf8').split('\n').filter((l) => /\d/.test(l) && !l.startsWith('#')));
    }
  }
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = paras[i % paras.length]!;
    out.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  return out.join('\n');
}

/** The 1 MB audit through the API (worker thread) while /api/health is polled every 20 ms. */
async function throughApi(text: string): Promise<{ api_ms: number; health_max_ms: number; health_answers: number }> {
  const { buildApp } = await import('../src/server/app.js');
  const { auditInWorker } = await import('../src/services/audit-in-worker.js');
  const { memoryUsers, login } = await import('../test/server/helpers.js');
  const app = await buildApp({ deps: { users: await memoryUsers(['editor']), auditText: auditInWorker }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  try {
    const editor = await login(app, 'editor');
    let done = false;
    const t0 = performance.now();
    const pending = editor.request({ method: 'POST', url: '/api/audit', payload: { text } }).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const h0 = performance.now();
      await app.inject({ method: 'GET', url: '/api/health' });
      latencies.push(performance.now() - h0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await pending;
    if (res.statusCode !== 200) throw new Error(`API audit: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return { api_ms: Math.round(performance.now() - t0), health_max_ms: Number(Math.max(...latencies).toFixed(1)), health_answers: latencies.length };
  } finally {
    await app.close();
  }
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

  const long: Record<string, number> = {};
  for (const [name, size] of [['100KB', 100_000], ['300KB', 300_000], ['1MB', 1_000_000]] as const) {
    const text = longText(size);
    const l0 = performance.now();
    const r = auditText(text);
    long[name] = Math.round(performance.now() - l0);
    process.stderr.write(`long document ${name}: ${text.length} characters, ${r.figures.length} figures, ${r.findings.length} findings, ${long[name]} ms\n`);
  }
  const api = await throughApi(longText(1_000_000));
  process.stderr.write(`1MB through the API: ${api.api_ms} ms; /api/health answered ${api.health_answers} times meanwhile, slowest ${api.health_max_ms} ms\n`);
  return {
    docs: docs.length,
    seconds: Number(seconds.toFixed(3)),
    docs_per_s: Math.round(docs.length / seconds),
    long_100kb_ms: long['100KB'],
    long_300kb_ms: long['300KB'],
    long_doc_ms: long['1MB'],
    ...api,
    loadavg: Number(loadavg()[0]!.toFixed(2)),
  };
}
