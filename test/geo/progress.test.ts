import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/geo/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

describe('progress bar', () => {
  it('draws a bar with the count and percentage on a terminal', () => {
    const f = fakeStream(true);
    const p = createProgress('导入 importing', 200, f.stream);
    p.finish(50);
    expect(f.text()).toBe('\r导入 importing [########......................] 50/200 25%\n');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const f = fakeStream(false);
    const p = createProgress('x', 10, f.stream);
    p.tick(5);
    p.finish(10);
    expect(f.text()).toBe('');
  });
});
