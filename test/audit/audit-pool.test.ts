/**
 * The audit's worker pool: warm workers are reused, a job that exceeds its time limit kills only
 * its own worker (the other job running beside it finishes, the next one gets a fresh worker),
 * and a worker whose heap passes the high-water mark is retired after its job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLimitExceeded, AuditPool } from '../../src/services/audit-in-worker.js';

const SMALL = '某县2026年度国有建设用地供应总量100.00公顷，其中出让用地60.00公顷，划拨用地40.00公顷。';
const job = (text: string) => ({ kind: 'text' as const, text });
const limits = { timeMs: 60_000, memoryMb: 256 };
let pool: AuditPool | undefined;
afterEach(async () => {
  await pool?.close();
});

describe('audit worker pool', () => {
  it('reuses a warm worker for jobs that follow each other', async () => {
    pool = new AuditPool(256, 2);
    for (let i = 0; i < 3; i++) {
      const r = await pool.run(job(SMALL), limits);
      expect(r.ok).toBe(true);
    }
    expect(pool.started).toBe(1);
  });

  it('kills only the worker of a job that runs out of time; the job beside it finishes', async () => {
    pool = new AuditPool(256, 2);
    const runaway = pool.run(job('供应总量100公顷，其中住宅用地60公顷，商服用地40公顷。'.repeat(20_000)), { timeMs: 1, memoryMb: 256 });
    const beside = pool.run(job(SMALL), limits);
    await expect(runaway).rejects.toBeInstanceOf(AuditLimitExceeded);
    const r = await beside;
    expect(r.ok && r.report.figures.length).toBe(3);
    const startedBefore = pool.started;
    // Both jobs queued at once took a worker each; the killed one is not reused.
    expect(startedBefore).toBe(2);
    const again = await Promise.all([pool.run(job(SMALL), limits), pool.run(job(SMALL), limits)]);
    expect(again.every((x) => x.ok)).toBe(true);
    expect(pool.started).toBe(startedBefore + 1);
  });

  it('retires a worker whose heap is above the high-water mark after its job', async () => {
    pool = new AuditPool(256, 1, 0);
    for (let i = 0; i < 2; i++) expect((await pool.run(job(SMALL), limits)).ok).toBe(true);
    expect(pool.started).toBe(2);
  });

  it('runs at most `size` jobs at once and queues the rest', async () => {
    pool = new AuditPool(256, 1);
    const rs = await Promise.all([1, 2, 3].map(() => pool!.run(job(SMALL), limits)));
    expect(rs.every((x) => x.ok)).toBe(true);
    expect(pool.started).toBe(1);
  });
});
