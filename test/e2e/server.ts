/**
 * Starts `landplan serve` on a free local port with a fresh database in a temporary folder, and
 * stops it. Used by the e2e tests and `npm run bench -- api`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  readonly output: () => string;
  /** The server process (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

type StartOptions = { dataDir?: string; env?: Record<string, string>; timeoutMs?: number; /** Pass --demo (default true). */ demo?: boolean };

/** Starts the server; a second attempt on a new port covers a port taken between probe and bind. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  try {
    return await startOnce(opts);
  } catch (e) {
    process.stderr.write(`landplan serve: first start failed, retrying once: ${e instanceof Error ? e.message : String(e)}\n`);
    return startOnce(opts);
  }
}

async function startOnce(opts: StartOptions): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'landplan-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/e2e/serve-entry.ts'), ...(opts.demo === false ? [] : ['--demo']), '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, LANDPLAN_DATA_DIR: dataDir, ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`landplan serve exited with ${child.exitCode}:\n${out}`);
    if (out.includes('serving on')) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`landplan serve did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => out,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
