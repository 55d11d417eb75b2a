/**
 * The README promises that every command takes --json: each subcommand that prints a report
 * accepts it and then prints exactly one JSON object on stdout.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCommands, COMMAND_MODULES } from '../../src/cli/commands/index.js';
import { runCli } from './run-cli.js';

/** Commands that serve rather than report. */
const NOT_A_REPORT = new Set(['serve']);

const COMMANDS = await allCommands();

function leafCommands(): Command[] {
  const program = new Command('landplan');
  for (const register of COMMANDS) register(program, () => undefined);
  const leaves: Command[] = [];
  const walk = (c: Command): void => {
    if (c.commands.length === 0) leaves.push(c);
    else c.commands.forEach(walk);
  };
  program.commands.forEach(walk);
  return leaves;
}

const fullName = (c: Command): string => (c.parent && c.parent.name() !== 'landplan' ? `${c.parent.name()} ${c.name()}` : c.name());

describe('the command table', () => {
  it("names each module's top-level commands, so running one loads only its module", async () => {
    for (const m of COMMAND_MODULES) {
      const program = new Command('landplan');
      (await m.load())(program, () => undefined);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...m.names].sort());
    }
  });
});

describe('--json on every command that prints a report', () => {
  it('is an option of every subcommand but serve', () => {
    const leaves = leafCommands().filter((c) => !NOT_A_REPORT.has(c.name()));
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.filter((c) => !c.options.some((o) => o.long === '--json')).map(fullName)).toEqual([]);
  });

  describe('prints one JSON object for the register commands', () => {
    let dir: string;
    const saved = process.env.LANDPLAN_DATA_DIR;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'landplan-json-'));
      process.env.LANDPLAN_DATA_DIR = dir;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.LANDPLAN_DATA_DIR;
      else process.env.LANDPLAN_DATA_DIR = saved;
    });

    const one = (stdout: string): Record<string, unknown> => {
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0]!) as Record<string, unknown>;
    };

    it('db migrate, demo load, db backup, db restore', async () => {
      const migrate = await runCli(['db', 'migrate', '--json']);
      expect(migrate.code).toBe(0);
      expect(one(migrate.stdout)).toMatchObject({ from: expect.any(Number), to: expect.any(Number) });
      const demo = await runCli(['demo', 'load', '--json']);
      expect(demo.code).toBe(0);
      expect(one(demo.stdout)).toMatchObject({ status: 'created', jurisdiction: '653130', year: 2026, totalHectares: '1843.24' });
      const file = join(dir, 'backup.jsonl');
      const backup = await runCli(['db', 'backup', file, '--json']);
      expect(backup.code).toBe(0);
      const b = one(backup.stdout);
      expect(b).toMatchObject({ file, rows: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      process.env.LANDPLAN_DATA_DIR = mkdtempSync(join(tmpdir(), 'landplan-json-restore-'));
      const restore = await runCli(['db', 'restore', file, '--json']);
      expect(restore.code).toBe(0);
      expect(one(restore.stdout)).toEqual({ file, rows: b.rows, verify: { ok: true, problems: [] } });
    });

    it('plan load', async () => {
      await runCli(['demo', 'load']);
      const plan = JSON.parse(readFileSync(new URL('../plan/data/bachu-2026-plan.json', import.meta.url), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...plan, year: 2029 })); // the demo holds 2026 and 2027
      const load = await runCli(['plan', 'load', join(dir, 'plan.json'), '--jurisdiction', '653130', '--actor', 'clerk', '--json']);
      expect(load.code).toBe(0);
      expect(one(load.stdout)).toMatchObject({ loaded: true, jurisdiction: '653130', year: 2029, status: 'drafting', versionId: expect.any(Number) });
    });
  });
});
