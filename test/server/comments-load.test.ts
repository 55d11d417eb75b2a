/**
 * The comment form under a bounded local load (issue 9, "Comments under abuse"): 10 000 comment
 * POSTs against a started server from 200 simulated clients; every one kept (201, and in the
 * table) or refused (429 with Retry-After), none lost, every page read answered. Correctness only:
 * the read latency is measured and printed (`npm run bench -- comments`), never asserted.
 */
import { describe, expect, it } from 'vitest';
import { commentLoad } from './comments-load.js';

describe('comments under a bounded local load', () => {
  it('keeps or refuses each of 10 000 posts, loses none, and keeps answering page reads', async () => {
    const r = await commentLoad({ posts: 10_000, clients: 200, inFlight: 64 });
    process.stderr.write(`comments load: ${JSON.stringify(r)}\n`);
    expect(r.kept + r.refused_429).toBe(10_000);
    expect(r.other_status).toBe(0);
    expect(r.rows).toBe(r.kept);
    expect(r.lost).toBe(0);
    // 200 clients × 5 a minute: at least the first minute's share is kept.
    expect(r.kept).toBeGreaterThanOrEqual(1000);
    expect(r.reads).toBeGreaterThan(0);
    expect(r.read_errors).toBe(0);
  }, 600_000);
});
