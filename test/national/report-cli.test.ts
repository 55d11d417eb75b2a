/**
 * `landplan report …` and `landplan jurisdictions load` as a user runs them: a county on SQLite
 * (the demo register) exports, a province (SQLite, and PostgreSQL when configured) registers its
 * key and imports, a truncated copy is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import pg from 'pg';
import { BACKENDS, PG_URL } from '../store/helpers.js';
import { tempDir } from './county-history.js';

const saved = { ...process.env };
const schemas: string[] = [];
afterAll(async () => {
  process.env = saved;
  if (schemas.length === 0) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of schemas) await c.query(`drop schema if exists ${s} cascade`);
  await c.end();
});

function target(env: Record<string, string | undefined>): void {
  for (const k of ['LANDPLAN_DATABASE_URL', 'LANDPLAN_DATABASE_SCHEMA', 'LANDPLAN_DATA_DIR', 'LANDPLAN_REPORT_KEY']) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

describe.each(BACKENDS)('landplan report: a SQLite county reports to a province on $name', (backend) => {
  it('exports a signed bundle, the province registers the key, imports it once, and refuses a truncated copy', async () => {
    const dir = tempDir();
    const countyEnv = { LANDPLAN_DATA_DIR: join(dir, 'county') };
    target(countyEnv);
    expect((await runCli(['demo', 'load'])).code).toBe(0);
    const key = await runCli(['report', 'key', '--json']);
    const { publicKey, created } = JSON.parse(key.stdout) as { publicKey: string; created: boolean };
    expect(created).toBe(true);
    expect(readFileSync(join(dir, 'county', 'report-key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const bundle = join(dir, 'bachu.bundle');
    const exp = await runCli(['report', 'export', '--out', bundle, '--json']);
    expect(exp.code).toBe(0);
    const e = JSON.parse(exp.stdout) as { county: string; countyName: string; head: { seq: number }; rows: Record<string, number>; publicKey: string };
    expect([e.county, e.countyName, e.publicKey]).toEqual(['653130', '巴楚县', publicKey]);
    expect(e.rows.plan).toBe(2); // the demo's 2026 plan and the 2027 plan under consultation
    expect(e.rows.audit_log).toBe(e.head.seq);

    const schema = `t_cli_${process.pid}_${Date.now().toString(36)}`;
    if (backend.name === 'postgres') schemas.push(schema);
    const provinceEnv = backend.name === 'postgres' ? { LANDPLAN_DATABASE_URL: PG_URL, LANDPLAN_DATABASE_SCHEMA: schema } : { LANDPLAN_DATA_DIR: join(dir, 'province') };
    target(provinceEnv);
    expect((await runCli(['jurisdictions', 'load', '--province', '650000', '--json'])).code).toBe(0);
    const untrusted = await runCli(['report', 'import', bundle, '--json']);
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout).message.en).toContain(`landplan report trust 653130 ${publicKey}`);
    expect((await runCli(['report', 'trust', '653130', publicKey])).code).toBe(0);
    const first = JSON.parse((await runCli(['report', 'import', bundle, '--json'])).stdout) as { status: string; applied: Record<string, number> };
    expect(first.status).toBe('applied');
    expect(first.applied.plan).toBe(2);
    expect(first.applied.audit_log).toBe(e.head.seq);
    const again = JSON.parse((await runCli(['report', 'import', bundle, '--json'])).stdout) as { status: string };
    expect(again.status).toBe('unchanged');

    const lines = readFileSync(bundle, 'utf8').split('\n');
    const truncated = join(dir, 'truncated.bundle');
    writeFileSync(truncated, lines.slice(0, 5).join('\n') + '\n');
    const refused = await runCli(['report', 'import', truncated]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('truncated: no signed end line after line 5');

    const status = (await runCli(['report', 'status', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { county: string; headSeq: number; channel: string });
    expect(status).toEqual([expect.objectContaining({ county: '653130', headSeq: e.head.seq, channel: 'file' })]);
  });
});
