/**
 * The audit through the API runs off the main thread with limits: a decompression bomb is refused
 * with 413 while the server keeps answering /api/health, and the archive check holds for the CLI.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveTooLarge, checkArchive } from '../../src/audit/archive.js';
import { auditInWorker, AuditLimitExceeded } from '../../src/services/audit-in-worker.js';
import { runCli } from '../cli/run-cli.js';
import { fixture, type Fixture } from '../server/fixture.js';
import { login, type Client } from '../server/helpers.js';

/** A .docx-shaped zip whose word/document.xml unpacks to `mb` MB from a few hundred KB. */
function bomb(mb: number): Uint8Array {
  const xml = new Uint8Array(mb * 1024 * 1024).fill(0x61);
  return zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': xml }, { level: 9 });
}

let f: Fixture;
let editor: Client;
beforeAll(async () => {
  f = await fixture();
  editor = await login(f.app, 'editor');
});
afterAll(async () => {
  await f.app.close();
  await f.store.close();
});

describe('audit limits', () => {
  it('refuses a decompression bomb with 413 while /api/health keeps answering', async () => {
    const bytes = bomb(50);
    expect(bytes.length).toBeLessThan(400_000);
    let settled = false;
    const pending = editor
      .request({ method: 'POST', url: '/api/audit/document', payload: { filename: 'plan.docx', contentBase64: Buffer.from(bytes).toString('base64') } })
      .finally(() => {
        settled = true;
      });
    const health: number[] = [];
    while (!settled) {
      health.push((await f.app.inject({ method: 'GET', url: '/api/health' })).statusCode);
      await new Promise((r) => setTimeout(r, 10));
    }
    const res = await pending;
    expect(res.statusCode, res.body).toBe(413);
    expect((res.json() as { error: { message: string } }).error.message).toContain('bomb');
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
  });

  it('checks the declared and the actual unpacked size of every entry and of the whole archive', () => {
    expect(() => checkArchive(bomb(2), { entryBytes: 1024 * 1024, totalBytes: 8 * 1024 * 1024, entries: 10 })).toThrow(ArchiveTooLarge);
    expect(() => checkArchive(bomb(2), { entryBytes: 4 * 1024 * 1024, totalBytes: 1024 * 1024, entries: 10 })).toThrow(ArchiveTooLarge);
    expect(() => checkArchive(bomb(2), { entryBytes: 4 * 1024 * 1024, totalBytes: 8 * 1024 * 1024, entries: 10 })).not.toThrow();
    // An entry that declares a small size but inflates to more is caught by the actual size.
    const lying = bomb(2);
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    for (let i = 0; i + 4 <= lying.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 10, true); // local header: uncompressed size
      if (sig === 0x02014b50) view.setUint32(i + 24, 10, true); // central directory: uncompressed size
    }
    expect(() => checkArchive(lying, { entryBytes: 1024 * 1024, totalBytes: 8 * 1024 * 1024, entries: 10 })).toThrow(ArchiveTooLarge);
  });

  it('the CLI refuses the same bomb with a one-line reason and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landplan-bomb-'));
    writeFileSync(join(dir, 'plan.docx'), bomb(50));
    const r = await runCli(['audit', join(dir, 'plan.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bomb');
  });

  it('stops a job that exceeds its time limit', async () => {
    const text = '供应总量100公顷，其中住宅用地60公顷，商服用地40公顷。'.repeat(20_000);
    await expect(auditInWorker({ kind: 'text', text }, { timeMs: 1, memoryMb: 256 })).rejects.toBeInstanceOf(AuditLimitExceeded);
  });

  it('audits a pasted text in the worker with the same result as in-process', async () => {
    const res = await editor.request({ method: 'POST', url: '/api/audit', payload: { text: '供应总量控制在100.00公顷（1500.90亩）以内。' } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { findings: { rule: string; stated?: string }[]; unread: unknown[] };
    expect(body.findings).toContainEqual(expect.objectContaining({ rule: 'area-conversion', stated: '1500.90' }));
    expect(body.unread).toEqual([]);
  });
});
