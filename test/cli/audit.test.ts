import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Document, Packer, Paragraph } from 'docx';
import { runCli } from './run-cli.js';

const CLEAN = '某县2026年度国有建设用地供应计划\n2026年度全县国有建设用地供应总量控制在100.00公顷（1500.00亩）以内。其中出让用地60.00公顷（900.00亩），划拨用地40.00公顷（600.00亩）。';
const BROKEN = CLEAN.replace('600.00亩', '700.00亩');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'landplan-audit-'));
}

describe('landplan audit', () => {
  it('prints the figures as a table and the findings in Chinese, exit 1 on errors', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plan.txt'), BROKEN);
    const r = await runCli(['audit', join(dir, 'plan.txt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('提取的数字');
    expect(r.stdout).toContain('[错误] sum-mu  文中 700.00 → 应为 600.00');
    expect(r.stdout).toContain('原文：「');
  });

  it('exits 0 when there is no error, and speaks English with --lang en', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plan.txt'), CLEAN);
    const r = await runCli(['audit', join(dir, 'plan.txt'), '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Findings: 0 error(s)');
  });

  it('writes the JSON contract', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plan.txt'), BROKEN);
    const r = await runCli(['audit', join(dir, 'plan.txt'), '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.document).toEqual({ title: '某县2026年度国有建设用地供应计划', region: '某县', year: 2026 });
    const f = j.figures[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'label', 'value', 'unit', 'quote', 'start', 'end']));
    expect(BROKEN.slice(f.start, f.end)).toBe('100.00公顷');
    // One finding on the mistyped part, naming the 亩 sum and the conversion it upsets.
    const conv = j.findings.find((x: { stated: string }) => x.stated === '700.00');
    expect(conv).toMatchObject({ severity: 'error', rule: 'sum-mu', expected: '600.00' });
    expect(typeof conv.message).toBe('string');
    expect(conv.figures.length).toBe(4);
    expect(j.unread).toEqual([]);
  });

  it('reads GB18030 text and .docx documents', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'gbk.txt'), iconv.encode(BROKEN, 'gb18030'));
    const gbk = await runCli(['audit', join(dir, 'gbk.txt'), '--json']);
    expect(JSON.parse(gbk.stdout).document.title).toBe('某县2026年度国有建设用地供应计划');
    const doc = new Document({ sections: [{ children: BROKEN.split('\n').map((line) => new Paragraph(line)) }] });
    writeFileSync(join(dir, 'plan.docx'), await Packer.toBuffer(doc));
    const d = await runCli(['audit', join(dir, 'plan.docx'), '--json']);
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout).findings.some((x: { stated: string }) => x.stated === '700.00')).toBe(true);
  });

  it('lists a floor area under 未识别的数字 and in --json as unread', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plan.txt'), `${CLEAN}\n住宅项目总建筑面积12.50万平方米。`);
    const r = await runCli(['audit', join(dir, 'plan.txt')]);
    expect(r.stdout).toContain('未识别的数字（1 个）');
    expect(r.stdout).toContain('「12.50万平方米」 建筑面积');
    const j = JSON.parse((await runCli(['audit', join(dir, 'plan.txt'), '--json'])).stdout);
    expect(j.unread).toEqual([{ start: expect.any(Number), end: expect.any(Number), text: '12.50万平方米', reason: 'floorArea' }]);
  });

  it('audits a folder as JSON Lines, one document per line', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'plans'));
    writeFileSync(join(dir, 'plans', 'a.txt'), CLEAN);
    writeFileSync(join(dir, 'plans', 'b.txt'), BROKEN);
    writeFileSync(join(dir, 'plans', 'notes.md'), 'ignored');
    const r = await runCli(['audit', join(dir, 'plans'), '--json']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.path.split('/').pop())).toEqual(['a.txt', 'b.txt']);
    expect(r.code).toBe(1);
  });

  it('exits 2 with a one-line reason for a missing file, a binary file or a text without plan figures', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'none.txt'), '这是一段没有任何数字的文字。');
    writeFileSync(join(dir, 'bin.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    for (const p of [join(dir, 'missing.txt'), join(dir, 'none.txt'), join(dir, 'bin.txt')]) {
      const r = await runCli(['audit', p]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
