/**
 * The plan's life from the command line: the contract of issue 9 point 9 (names, --json, exit 0 on
 * success, 1 on a refused transition, 2 on unusable input; the actor must exist and hold the role).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('landplan plan new | transition | diff | versions', () => {
  let dir: string;
  const saved = process.env.LANDPLAN_DATA_DIR;
  let from2026: number;
  let v1: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'landplan-life-'));
    process.env.LANDPLAN_DATA_DIR = dir;
    expect((await runCli(['demo', 'load', '--json'])).code).toBe(0);
    for (const [name, role] of [
      ['ed', 'editor@653130'],
      ['boss', 'approver@653130'],
      ['look', 'viewer@653130'],
    ]) {
      const r = await runCli(['user', 'add', name!, '--role', role!]);
      expect(r.code, r.stderr).toBe(0);
    }
    const versions = JSON.parse((await runCli(['plan', 'versions', '--jurisdiction', '653130', '--year', '2026', '--json'])).stdout) as { versions: { id: number; inForce: boolean }[] };
    from2026 = versions.versions.find((v) => v.inForce)!.id;
  }, 120_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.LANDPLAN_DATA_DIR;
    else process.env.LANDPLAN_DATA_DIR = saved;
  });

  it('starts a plan from last year’s version in force, printing its ids and state', async () => {
    const r = await runCli(['plan', 'new', '--jurisdiction', '653130', '--year', '2028', '--from-version', String(from2026), '--actor', 'ed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { planId: number; versionId: number; state: string };
    expect(out.state).toBe('drafting');
    v1 = out.versionId;
    const again = await runCli(['plan', 'new', '--jurisdiction', '653130', '--year', '2028', '--actor', 'ed']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/已存在|already/);
  });

  it('refuses (exit 1) a move the role may not make, or the state does not allow, with the reason', async () => {
    const viewer = await runCli(['plan', 'transition', String(v1), '--to', 'review', '--actor', 'look']);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain('wrong-role');
    const skip = await runCli(['plan', 'transition', String(v1), '--to', 'approved', '--actor', 'boss', '--doc-number', 'X', '--date', '2026-01-01', '--json']);
    expect(skip.code).toBe(1);
    expect(JSON.parse(skip.stdout)).toMatchObject({ ok: false, code: 'wrong-state' });
    const noPeriod = await runCli(['plan', 'transition', String(v1), '--to', 'consultation', '--actor', 'ed']);
    expect(noPeriod.code).toBe(1);
    expect(noPeriod.stderr).toContain('missing-date');
  });

  it('exits 2 on unusable input: an unknown user, a non-numeric version, an unknown state, a bad year', async () => {
    expect((await runCli(['plan', 'transition', String(v1), '--to', 'review', '--actor', 'nobody'])).code).toBe(2);
    expect((await runCli(['plan', 'transition', 'abc', '--to', 'review', '--actor', 'ed'])).code).toBe(2);
    expect((await runCli(['plan', 'transition', String(v1), '--to', 'flying', '--actor', 'ed'])).code).toBe(2);
    expect((await runCli(['plan', 'transition', '999999', '--to', 'review', '--actor', 'ed'])).code).toBe(2);
    expect((await runCli(['plan', 'versions', '--jurisdiction', '653130', '--year', '20x6'])).code).toBe(2);
    expect((await runCli(['plan', 'diff', '1', 'b'])).code).toBe(2);
  });

  it('moves a version (exit 0) and lists it with its state; the move is in the audit log and db verify passes', async () => {
    const r = await runCli(['plan', 'transition', String(v1), '--to', 'review', '--actor', 'ed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, version: { id: v1, state: 'review', transitions: [{ to: 'drafting' }, { from: 'drafting', to: 'review', actor: 'ed', role: 'editor' }] } });
    const list = await runCli(['plan', 'versions', '--jurisdiction', '653130', '--year', '2028']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`version ${v1}\\s+seq 1\\s+review \\(部门联审\\)`));
    const listed2026 = JSON.parse((await runCli(['plan', 'versions', '--jurisdiction', '653130', '--year', '2026', '--json'])).stdout) as { versions: { seq: number; state: string; docNumber: string | null }[] };
    expect(listed2026.versions.map((v) => [v.seq, v.state, v.docNumber])).toEqual([
      [1, 'withdrawn', null],
      [2, 'published', '巴政函〔2026〕12号'],
    ]);
    // review → submitted needs the departments' reviews: refused with the reason.
    const early = await runCli(['plan', 'transition', String(v1), '--to', 'submitted', '--actor', 'ed']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('no-review');
    expect((await runCli(['db', 'verify'])).code).toBe(0);
  });

  it('diffs two versions cell by cell', async () => {
    const same = await runCli(['plan', 'diff', String(from2026), String(v1 - 0)]);
    // Different plans (2026 and 2028) cannot be compared.
    expect(same.code).toBe(2);
    const versions = JSON.parse((await runCli(['plan', 'versions', '--jurisdiction', '653130', '--year', '2026', '--json'])).stdout) as { versions: { id: number }[] };
    const d = await runCli(['plan', 'diff', String(versions.versions[0]!.id), String(versions.versions[1]!.id), '--json']);
    expect(d.code, d.stderr).toBe(0);
    const out = JSON.parse(d.stdout) as { cells: unknown[]; reason: string; comments: { body: string }[] };
    expect(out.cells).toEqual([]);
    expect(out.reason).toMatch(/征求意见/);
    expect(out.comments.length).toBe(1);
    const text = await runCli(['plan', 'diff', String(versions.versions[0]!.id), String(versions.versions[1]!.id)]);
    expect(text.stdout).toContain('指标无变化');
  });
});
