import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditText } from '../../src/audit/index.js';
import { runCli } from '../cli/run-cli.js';

const dir = join(import.meta.dirname, '../fixtures/plans');
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(dir, f), 'utf8'));

const edit = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 6 }),
  insert: fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('公顷', '亩', '%', '（', '）', '.', '0', '9', '占比', '其中', '\n', '１２３', '广告：点击访问www.example.com')),
});

function damage(text: string, edits: { at: number; del: number; insert: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = e.at % (t.length + 1);
    t = t.slice(0, at) + e.insert + t.slice(at + e.del);
  }
  return t;
}

describe('robustness on damaged copies', () => {
  it('never throws on random deletions and insertions', () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (i, edits) => {
        const r = auditText(damage(texts[i]!, edits));
        expect(Array.isArray(r.findings)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('the CLI exits 0, 1 or 2 on damaged copies, never with a stack trace', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'landplan-damaged-'));
    const samples = fc.sample(fc.tuple(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 30 })), { numRuns: 40, seed: 7 });
    for (const [k, [i, edits]] of samples.entries()) {
      const p = join(tmp, `d${k}.txt`);
      writeFileSync(p, damage(texts[i]!, edits));
      const r = await runCli(['audit', p, '--json']);
      expect([0, 1, 2]).toContain(r.code);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
