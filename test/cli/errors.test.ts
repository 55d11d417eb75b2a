/**
 * The CLI tells user errors (exit 2, one line) from internal errors (exit 3: one line and a hint,
 * the stack with LANDPLAN_DEBUG=1); a data folder it cannot use is named with the system's reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

vi.mock('../../src/store/verify.js', () => ({
  verifyStore: () => {
    throw new TypeError('boom: a bug in verify');
  },
}));

let dir: string;
const prev = { dir: process.env.LANDPLAN_DATA_DIR, url: process.env.LANDPLAN_DATABASE_URL, debug: process.env.LANDPLAN_DEBUG };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'landplan-errors-'));
  process.env.LANDPLAN_DATA_DIR = dir;
  delete process.env.LANDPLAN_DATABASE_URL;
  delete process.env.LANDPLAN_DEBUG;
});
afterEach(() => {
  for (const [k, v] of [['LANDPLAN_DATA_DIR', prev.dir], ['LANDPLAN_DATABASE_URL', prev.url], ['LANDPLAN_DEBUG', prev.debug]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI exit codes', () => {
  it('an internal error exits 3 with one line and a hint, no stack', async () => {
    const r = await runCli(['db', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('landplan: 内部错误 / internal error: TypeError: boom: a bug in verify\n  (LANDPLAN_DEBUG=1 显示详细信息 / shows the details; please report it)\n');
  });

  it('with LANDPLAN_DEBUG=1 the internal error shows its stack', async () => {
    process.env.LANDPLAN_DEBUG = '1';
    const r = await runCli(['db', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^landplan: 内部错误 \/ internal error\nTypeError: boom: a bug in verify\n    at /);
  });

  it('a data folder that is a file is a user error naming the path and the system error, exit 2', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    process.env.LANDPLAN_DATA_DIR = file;
    const r = await runCli(['user', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`landplan: 无法打开数据库 ${file}/landplan.db：ENOTDIR: ${file} is not a folder / cannot open the database ${file}/landplan.db: ENOTDIR: ${file} is not a folder\n`);
  });

  it('bad input stays a one-line user error, exit 2', async () => {
    const r = await runCli(['user', 'grant', 'nobody', 'king']);
    expect([r.code, r.stderr.split('\n').length]).toEqual([2, 2]);
  });
});
