/** landplan pipeline / supervise / report monthly on a small register. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { recordPipelineEvent } from '../../src/services/record-pipeline-event.js';
import { monthlyReport, monthlyReportInWorker } from '../../src/services/report-monthly.js';
import { openStore } from '../../src/store/database.js';
import { upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { runCli } from '../cli/run-cli.js';
import { grantToContract, p } from './walk.js';

const saved = process.env.LANDPLAN_DATA_DIR;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landplan-pipeline-cli-'));
  process.env.LANDPLAN_DATA_DIR = dir;
  const store = await openStore({ sqlitePath: join(dir, 'landplan.db') });
  try {
    await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
    await importParcels(store, { jurisdictionCode: '653130', source: 'test', actor: 'test', features: [{ fields: { parcelNumber: 'BC-T1', projectName: '测试宗地', district: 'kashgar-river', useCode: '0701', area: Area.fromSquareMetres('20000') }, geometry: null, areaM2: null, attributes: {}, recordIndex: 0 } as ParcelFeature] });
    for (const pr of [...grantToContract(), p('payment', '2026-05-20', { amountWanYuan: '300', receiptNo: 'R1' })]) {
      const r = await recordPipelineEvent(store, { parcelId: 1, kind: pr.kind, occurredOn: pr.occurredOn, data: pr.data, documents: pr.documents, actor: 'clerk', roles: ['editor'] });
      if (!r.ok) throw new Error(r.message.zh);
    }
  } finally {
    await store.close();
  }
});
afterAll(() => {
  if (saved === undefined) delete process.env.LANDPLAN_DATA_DIR;
  else process.env.LANDPLAN_DATA_DIR = saved;
});

describe('landplan supervise', () => {
  it('lists every overdue item with its rule and days, and exits 1', async () => {
    const r = await runCli(['supervise', '--as-of', '2026-07-10', '--json']);
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.stdout) as { items: { rule: string; kind: string; days: number; parcelNumber: string; basis: string }[]; calendar: { source: string; lastYear: number } }[];
    expect(report!.items.map((i) => [i.parcelNumber, i.rule, i.kind, i.days])).toEqual([
      ['BC-T1', 'instalment-due', 'overdue', 42],
      ['BC-T1', 'delivery-due', 'overdue', 10],
    ]);
    expect(report!.calendar.source).toBe('chinese-days');
    // Each rule's title and legal basis once, under `rules`, not repeated in its items.
    const rules = (JSON.parse(r.stdout) as { rules: Record<string, { basis: string; title: { zh: string } }> }[])[0]!.rules;
    for (const i of report!.items) {
      expect(rules[i.rule]!.basis, i.rule).toMatch(/《.+》/);
      expect(i.basis).toBeUndefined();
    }
    const text = await runCli(['supervise', '--as-of', '2026-07-10', '--lang', 'en']);
    expect(text.stdout).toContain('instalment-due | 42 days | due 2026-05-29 | 200 wan yuan');
  });

  it('exits 0 when nothing is overdue and refuses a malformed date with exit 2', async () => {
    expect((await runCli(['supervise', '--as-of', '2026-05-01'])).code).toBe(0);
    const bad = await runCli(['supervise', '--as-of', '2026-13-01']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'landplan: --as-of: 应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date, got "2026-13-01"']);
  });
});

describe('landplan pipeline', () => {
  it("prints the parcel's timeline with documents, deadlines and money", async () => {
    const r = await runCli(['pipeline', 'BC-T1', '--as-of', '2026-07-10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('● 出让合同');
    expect(r.stdout).toContain('● 出让合同       2026-04-30  文件 contract-1');
    expect(r.stdout).toContain('! 土地出让价款逾期未缴: 第 1 期价款应于 2026-05-29 前缴纳，尚欠 200 万元，逾期 42 日');
    expect(r.stdout).toContain('◐ 交地');
    expect(r.stdout).toContain('超过约定交地日期未交地: 按合同约定交地应于 2026-06-30 前完成，截至 2026-07-10 已逾期 10 日');
    expect(r.stdout).toContain('价款 1000 万元，已缴 300');
    expect((await runCli(['pipeline', 'NOPE'])).stderr).toContain('没有宗地「NOPE」');
  });
});

describe('landplan report monthly', () => {
  it('writes the 月报 xlsx with the overdue items and the instalments due in the month', async () => {
    const out = join(dir, 'yuebao.xlsx');
    const r = await runCli(['report', 'monthly', '--month', '2026-05', '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '供地执行', '超期事项', '本月到期价款', '闲置土地', '批次供地率', '依据']);
    const overdue = wb.getWorksheet('超期事项')!;
    expect(overdue.rowCount).toBe(2);
    expect([overdue.getCell('A2').value, overdue.getCell('C2').value, overdue.getCell('G2').value, overdue.getCell('H2').value]).toEqual(['BC-T1', '土地出让价款逾期未缴', 2, '200']);
    const due = wb.getWorksheet('本月到期价款')!;
    expect([due.getCell('D2').value, due.getCell('E2').value, due.getCell('G2').value]).toEqual([1, '2026-05-29', '200']);
    expect(wb.getWorksheet('供地执行')!.getCell('B2').value).toBe('2026-04');
    // Every sheet: the header row bold and frozen, the columns sized.
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getCell('A1').font?.bold, ws.name).toBe(true);
    }
    expect(overdue.getColumn(9).width).toBe(60);
  });

  it('is the same report when the server writes it in a worker thread (as for a county of many journals)', async () => {
    const values = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => [ws.name, ws.getSheetValues()]);
    };
    const store = await openStore({ sqlitePath: join(dir, 'landplan.db') });
    try {
      const q = { jurisdictionCode: '653130', month: '2026-05', now: '2026-06-01T08:00:00.000Z' };
      const here = await monthlyReport(store.db, q);
      const inWorker = await monthlyReportInWorker(store, q, { inThreadBelow: 0 });
      expect(inWorker.items).toBe(here.items);
      expect(await values(inWorker.bytes)).toEqual(await values(here.bytes));
      // Reports asked for together are written one after another, each whole.
      const both = await Promise.all([monthlyReportInWorker(store, q, { inThreadBelow: 0 }), monthlyReportInWorker(store, { ...q, month: '2026-07' }, { inThreadBelow: 0 })]);
      expect(both.map((r) => r.asOf)).toEqual(['2026-05-31', '2026-07-31']);
      // A worker past its time limit is ended and the report refused; the next one is written.
      await expect(monthlyReportInWorker(store, q, { inThreadBelow: 0, limits: { timeMs: 1, memoryMb: 512 } })).rejects.toThrow(/longer than/);
      expect((await monthlyReportInWorker(store, q, { inThreadBelow: 0 })).items).toBe(here.items);
    } finally {
      await store.close();
    }
  }, 60_000);
});
