/**
 * The audit on published texts it was not built with: every .txt under test/fixtures/corpus/ and
 * test/fixtures/plans/ that has an entry in the folder's expected.json. The figures reported at
 * severity error must be exactly the entry's `errors`; a warning only where the entry lists it;
 * no text that holds figures is refused; `unread` holds only what is out of scope. A new text is
 * picked up by dropping its .txt and an entry into expected.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditText, type AuditReport } from '../../src/audit/index.js';

interface Expectation {
  readonly errors: readonly string[];
  readonly warnings?: readonly string[];
  readonly notes?: string;
}

const FOLDERS = ['corpus', 'plans'].map((f) => join(import.meta.dirname, '../fixtures', f));
/** Kinds of unread span the audit declares out of scope (a floor area is not land area). */
const OUT_OF_SCOPE = new Set(['floorArea']);
const AREA_UNITS = new Set(['ha', 'mu', 'm2', 'sqkm', 'wanha', 'wanmu', 'wanm2']);

/** Drops the leading `# source:` / `# note:` lines, which are not part of the document. */
export function documentText(file: string): string {
  return readFileSync(file, 'utf8').replace(/^(#[^\n]*\n)+/, '');
}

const cases = FOLDERS.flatMap((dir) => {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expectation>;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => ({ file, path: join(dir, file), expected: expected[file] }));
});

const rows: string[][] = [];
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const statedAt = (r: AuditReport, severity: string) => sorted(r.findings.filter((f) => f.severity === severity).map((f) => f.stated ?? '?'));

describe('corpus of published texts', () => {
  it('has an expectation for every text', () => {
    expect(cases.filter((c) => !c.expected).map((c) => c.file)).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.file}: exactly the expected errors, no unexpected warning, nothing refused, nothing unread in scope`, () => {
      const text = documentText(c.path);
      const r = auditText(text);
      const errors = statedAt(r, 'error');
      const warnings = statedAt(r, 'warning');
      rows.push([c.file, String(r.figures.length), `${(c.expected?.errors ?? []).length}/${errors.length}`, warnings.join(' ') || '-', String(r.unread.length)]);
      const detail = r.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.severity} ${f.rule} ${f.stated} → ${f.expected}: ${f.message.zh}`)
        .join('\n');
      expect(errors, detail).toEqual(sorted(c.expected?.errors ?? []));
      expect(warnings, detail).toEqual(sorted(c.expected?.warnings ?? []));
      expect(r.figures.some((f) => AREA_UNITS.has(f.unit)), 'holds area figures, so it must not be refused').toBe(true);
      expect(r.unread.filter((u) => !OUT_OF_SCOPE.has(u.reason)).map((u) => text.slice(u.start, u.end))).toEqual([]);
      // Offsets are the original text's; a number printed in Chinese numerals (两倍) has no digits to compare.
      for (const f of r.figures) {
        const span = text.slice(f.start, f.end).normalize('NFKC').replace(/,/g, '');
        if (/\d/.test(span)) expect(span, f.id).toContain(f.value);
      }
    });
  }

  afterAll(() => {
    const head = ['file', 'figures', 'errors exp/found', 'warnings', 'unread'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((x, i) => x.padEnd(w[i]!)).join('  ');
    process.stdout.write(`\n${[line(head), ...rows.map(line)].join('\n')}\n`);
  });
});
