/**
 * A progress line on stderr, only when stderr is a terminal (never in pipes, logs or tests).
 * Redrawn at most 10 times a second so it costs nothing on a million features.
 */
export interface Progress {
  tick(done: number): void;
  finish(done: number): void;
}

export function createProgress(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => undefined, finish: () => undefined };
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    if (total && total > 0) {
      const f = Math.min(1, done / total);
      const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
      stream.write(`\r${label} [${bar}] ${done}/${total} ${(f * 100).toFixed(0)}%`);
    } else stream.write(`\r${label} ${done}`);
  };
  return {
    tick(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish(done) {
      draw(done);
      stream.write('\n');
    },
  };
}
