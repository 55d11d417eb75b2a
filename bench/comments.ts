/**
 * `npm run bench -- comments [--posts N] [--clients C] [--in-flight K]`: public comments under a
 * bounded local load (test/server/comments-load.ts). A fresh register with one version under
 * consultation; `landplan serve` in a child process trusting X-Forwarded-For; N comment POSTs
 * (default 10 000) from C simulated clients (default 200), at most K in flight (default 64), while
 * one reader loads the public plan and comments pages back to back. Every POST is kept (201, then
 * counted in the table) or refused (429 with Retry-After); `lost` compares the two.
 *
 * Last line: {"comments", "kept", "refused_429", "lost", "read_p99_ms", …}. Target: lost 0,
 * read_p99_ms < 100 (the generator shares the machine with the server).
 */
import { loadavg } from 'node:os';
import { commentLoad } from '../test/server/comments-load.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const r = await commentLoad({ posts: arg(args, 'posts', 10_000), clients: arg(args, 'clients', 200), inFlight: arg(args, 'in-flight', 64) });
  process.stderr.write(`${JSON.stringify({ ...r, load_average: loadavg().map((x) => Number(x.toFixed(2))) })}\n`);
  return { comments: r.comments, kept: r.kept, refused_429: r.refused_429, lost: r.lost, read_p99_ms: r.read_p99_ms };
}
