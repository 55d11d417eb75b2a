/**
 * A worker thread running one of the services' modules, from the built JavaScript or, in tests
 * and under tsx, from the TypeScript sources (the worker registers tsx before importing it).
 *
 *   moduleWorker(import.meta.url, 'audit-worker', {resourceLimits}) → Worker
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function moduleWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.js')) return new Worker(new URL(`./${name}.js`, here), options);
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, here).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}
