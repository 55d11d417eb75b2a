/**
 * `npm run bench -- audit [--docs N] [--instructions]`: audits a batch of plan texts in one process
 * and reports documents per second, by wall time and by CPU time (the machine's 2 cores are
 * shared: wall time under load says little, CPU time much more, counted work nothing at all).
 * The batch mixes generated plans in five phrasings (a tenth with one figure mistyped, which
 * exercises diagnosis) with the published fixtures and damaged copies.
 * Then the long-document figure: texts of 100 KB, 300 KB and 1 MB made of real plan paragraphs
 * (the fixtures and the corpus), audited in process, best of three (`long_doc_ms` is the 1 MB
 * wall time, `long_doc_cpu_ms` its CPU time), with the reconciliation's counted work (exact and
 * float evaluations, candidate values) so that the growth from 100 KB to 1 MB is visible free of
 * noise; a 1 MB text that is one long sentence (`one_sentence_cpu_ms`: look-backs within a
 * sentence must not rescan it); and the 1 MB text once more through the API while /api/health is
 * polled (cold pool, then warm worker).
 * `--instructions` also counts the CPU instructions of auditing a fixed sample of 100 documents
 * under valgrind's callgrind (the build in dist/, refreshed first; repeatable under load to about
 * 1%; slow: minutes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { extract } from '../src/audit/extract/index.js';
import { auditText } from '../src/audit/index.js';
import { workDone } from '../src/audit/reconcile/figures.js';
import { reconcile } from '../src/audit/reconcile/index.js';
import { PHRASINGS, perturb, planArb, renderPlan } from '../test/audit/plan-text.js';

export function corpus(n: number): string[] {
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
export function longText(bytes: number): string {
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

/** A text of at least `bytes` UTF-8 bytes that is one sentence: areas, changes and rates separated by commas. */
export function oneSentence(bytes: number): string {
  const unit = '2026年住宅用地120.00公顷，比2025年增加20.00公顷，增长20.0%，商服用地60.00公顷，占比33.33%，';
  const n = Math.ceil(bytes / Buffer.byteLength(unit));
  return `某县2026年度国有建设用地供应计划\n${unit.repeat(n)}`;
}

/**
 * The 1 MB audit through the API (worker pool) while /api/health is polled every 20 ms: twice,
 * the first on a cold pool (`api_ms`: the worker starts), the second on a warm worker
 * (`api_warm_ms`); and a small text on the warm pool (`api_small_warm_ms`).
 */
async function throughApi(text: string): Promise<{ api_ms: number; api_warm_ms: number; api_small_warm_ms: number; health_max_ms: number; health_answers: number }> {
  const { buildApp } = await import('../src/server/app.js');
  const { auditInWorker } = await import('../src/services/audit-in-worker.js');
  const { memoryUsers, login } = await import('../test/server/helpers.js');
  const app = await buildApp({ deps: { users: await memoryUsers(['editor']), auditText: auditInWorker }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  try {
    const editor = await login(app, 'editor');
    const latencies: number[] = [];
    const once = async (body: string): Promise<number> => {
      let done = false;
      const t0 = performance.now();
      const pending = editor.request({ method: 'POST', url: '/api/audit', payload: { text: body } }).finally(() => {
        done = true;
      });
      while (!done) {
        const h0 = performance.now();
        await app.inject({ method: 'GET', url: '/api/health' });
        latencies.push(performance.now() - h0);
        await new Promise((r) => setTimeout(r, 20));
      }
      const res = await pending;
      if (res.statusCode !== 200) throw new Error(`API audit: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return Math.round(performance.now() - t0);
    };
    const api_ms = await once(text);
    const api_warm_ms = await once(text);
    const api_small_warm_ms = await once('某县2026年度国有建设用地供应总量100.00公顷，其中出让用地60.00公顷，划拨用地40.00公顷。');
    return { api_ms, api_warm_ms, api_small_warm_ms, health_max_ms: Number(Math.max(...latencies).toFixed(1)), health_answers: latencies.length };
  } finally {
    await app.close();
  }
}

/** CPU seconds (user + system, all threads of this process) since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

const load = () => Number(loadavg()[0]!.toFixed(2));

interface LongRun {
  chars: number;
  figures: number;
  findings: number;
  wall_ms: number;
  cpu_ms: number;
  /** Reconciliation work, counted: evaluations, candidate values and the figures they read. */
  work: number;
}

/** One long text audited three times (extract, then reconcile); the best wall and CPU times. */
function longRun(text: string): LongRun {
  let best: LongRun | undefined;
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const x = extract(text);
    const r = reconcile(x.figures);
    const wall = performance.now() - t0;
    const cpu = cpuSeconds(c0) * 1000;
    const run = { chars: text.length, figures: x.figures.length, findings: r.findings.length, wall_ms: Math.round(wall), cpu_ms: Math.round(cpu), work: workDone(r.work) };
    best = best ? { ...best, wall_ms: Math.min(best.wall_ms, run.wall_ms), cpu_ms: Math.min(best.cpu_ms, run.cpu_ms) } : run;
  }
  return best!;
}

/**
 * Instructions to audit `docs`, counted by callgrind: the run with auditing less the run that
 * only starts and reads them. The code as built by `tsc` (dist/, rebuilt here) runs in plain
 * node with one thread: under tsx the count varies by a tenth from run to run, built it stays
 * within about 1%. `root` is the project whose build is measured (this one unless comparing).
 * Undefined when valgrind is not installed or the build fails.
 */
export function instructions(docs: string[], root = fileURLToPath(new URL('..', import.meta.url))): { instructions_per_doc: number; instructions_total: number } | undefined {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (build.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'landplan-bench-'));
  try {
    const sample = join(dir, 'docs.json');
    writeFileSync(sample, JSON.stringify(docs));
    const worker = join(dir, 'work.mjs');
    const audit = pathToFileURL(join(root, 'dist/audit/index.js')).href;
    writeFileSync(
      worker,
      `import { readFileSync } from 'node:fs';\nconst { auditText } = await import(${JSON.stringify(audit)});\nconst docs = JSON.parse(readFileSync(process.argv[2], 'utf8'));\nif (process.argv[3] === '1') for (const d of docs) auditText(d);\n`,
    );
    const count = (withAudit: boolean): number | undefined => {
      const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', worker, sample, withAudit ? '1' : '0'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const m = /Collected\s*:\s*(\d+)/.exec(r.stderr ?? '');
      return m ? Number(m[1]) : undefined;
    };
    const base = count(false);
    const withAudit = count(true);
    if (base === undefined || withAudit === undefined) return undefined;
    return { instructions_total: withAudit - base, instructions_per_doc: Math.round((withAudit - base) / docs.length) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[args.indexOf('--docs') + 1] ?? 5000) || 5000;
  const loadStart = load();
  const docs = corpus(n);
  for (const d of docs.slice(0, 200)) auditText(d); // warm up
  let figures = 0;
  let findings = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const d of docs) {
    const r = auditText(d);
    figures += r.figures.length;
    findings += r.findings.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(c0);
  const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);
  process.stderr.write(
    `audited ${docs.length} documents (${(bytes / 1e6).toFixed(1)} MB, ${figures} figures, ${findings} findings) in ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU: ${Math.round(docs.length / seconds)} docs/s, ${Math.round(docs.length / cpu)} docs per CPU second (load average ${load()})\n`,
  );

  const long: Record<string, LongRun> = {};
  for (const [name, size] of [['100KB', 100_000], ['300KB', 300_000], ['1MB', 1_000_000]] as const) {
    const run = longRun(longText(size));
    long[name] = run;
    process.stderr.write(`long document ${name}: ${run.chars} characters, ${run.figures} figures, ${run.findings} findings, ${run.wall_ms} ms wall, ${run.cpu_ms} ms CPU (best of 3), work ${run.work}\n`);
  }
  const growth = (a: string, b: string, k: 'cpu_ms' | 'work') => Number((long[b]![k] / long[a]![k]).toFixed(2));
  process.stderr.write(
    `growth from 100 KB: ×${(long['300KB']!.chars / long['100KB']!.chars).toFixed(2)} and ×${(long['1MB']!.chars / long['100KB']!.chars).toFixed(2)} the characters; CPU ×${growth('100KB', '300KB', 'cpu_ms')} and ×${growth('100KB', '1MB', 'cpu_ms')}; work ×${growth('100KB', '300KB', 'work')} and ×${growth('100KB', '1MB', 'work')}\n`,
  );
  // One sentence of 1 MB (no 。；or line break): what a pasted table or a hostile text looks like.
  const sentence = longRun(oneSentence(1_000_000));
  process.stderr.write(`one sentence of 1 MB: ${sentence.chars} characters, ${sentence.figures} figures, ${sentence.wall_ms} ms wall, ${sentence.cpu_ms} ms CPU (best of 3), work ${sentence.work}\n`);
  const api = await throughApi(longText(1_000_000));
  process.stderr.write(`1MB through the API: ${api.api_ms} ms on a cold pool, ${api.api_warm_ms} ms on a warm worker (a small text: ${api.api_small_warm_ms} ms); /api/health answered ${api.health_answers} times meanwhile, slowest ${api.health_max_ms} ms\n`);
  const counted = args.includes('--instructions') ? instructions(corpus(100)) : undefined;
  if (args.includes('--instructions')) process.stderr.write(counted ? `callgrind: ${counted.instructions_per_doc} instructions per document (100 documents)\n` : 'callgrind: valgrind not available\n');
  return {
    docs: docs.length,
    seconds: Number(seconds.toFixed(3)),
    cpu_seconds: Number(cpu.toFixed(3)),
    docs_per_s: Math.round(docs.length / seconds),
    docs_per_cpu_s: Math.round(docs.length / cpu),
    long_100kb_ms: long['100KB']!.wall_ms,
    long_300kb_ms: long['300KB']!.wall_ms,
    long_doc_ms: long['1MB']!.wall_ms,
    long_100kb_cpu_ms: long['100KB']!.cpu_ms,
    long_300kb_cpu_ms: long['300KB']!.cpu_ms,
    long_doc_cpu_ms: long['1MB']!.cpu_ms,
    long_work: [long['100KB']!.work, long['300KB']!.work, long['1MB']!.work],
    one_sentence_cpu_ms: sentence.cpu_ms,
    growth_cpu: [growth('100KB', '300KB', 'cpu_ms'), growth('100KB', '1MB', 'cpu_ms')],
    ...api,
    ...(counted ?? {}),
    loadavg_start: loadStart,
    loadavg: load(),
  };
}
