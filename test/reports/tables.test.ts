/**
 * The attachment tables as .xlsx: read back with exceljs they hold exactly the plan's figures (no
 * float noise in any cell), totals and shares are formulas whose cached values are those figures,
 * and LibreOffice, recalculating every formula on load, arrives at the same values.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { planTables, renderPlanXlsx, type ReportInput } from '../../src/reports/index.js';
import { SOFFICE, recalculatingProfile, run } from './soffice.js';
import { tableInput } from './plans.js';

interface Expected {
  readonly sheet: string;
  readonly address: string;
  readonly value: Dec;
  readonly formula: boolean;
}

/** Every number the tables hold, with the cell exceljs should find it in. */
async function expectedCells(input: ReportInput, wb: ExcelJS.Workbook): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const t of planTables(input)) {
    const ws = wb.getWorksheet(t.sheet)!;
    // The first body row is the first row whose first cell is the first body row's label.
    let first = 1;
    while (first < 20 && ws.getCell(first + 1, 1).value !== null && ws.getRow(first).getCell(1).value !== null && String(ws.getCell(first, 1).value) !== cellText(t.rows[0]!.cells[0]!)) first++;
    t.rows.forEach((row, r) =>
      row.cells.forEach((c, col) => {
        if (c.kind === 'number') out.push({ sheet: t.sheet, address: ws.getCell(first + r, col + 1).address, value: c.value, formula: c.formula !== undefined });
      }),
    );
  }
  return out;
}

function cellText(c: { kind: string; text?: string; value?: unknown }): string {
  return c.kind === 'text' ? c.text! : String(c.value);
}

function numberOf(v: ExcelJS.CellValue): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v) return v.result as number;
  // exceljs reads a cached <v>0</v> of a formula as no result at all (the file holds the 0).
  if (v && typeof v === 'object' && 'formula' in v) return 0;
  throw new Error(`not a number: ${JSON.stringify(v)}`);
}

describe('the attachment tables as .xlsx', () => {
  it('read back with exceljs give exactly the plan figures, written by their shortest decimal text', async () => {
    const input = tableInput();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderPlanXlsx(input)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['附件1 汇总表', '附件2 住房用地', '宗地表']);
    const cells = await expectedCells(input, wb);
    expect(cells.length).toBeGreaterThan(150);
    for (const e of cells) {
      const v = numberOf(wb.getWorksheet(e.sheet)!.getCell(e.address).value);
      expect(String(v), `${e.sheet}!${e.address}`).toBe(e.value.toFixed());
    }
    // The summary's total row: area 合计 = Σ cells, shares 100.
    const summary = wb.getWorksheet('附件1 汇总表')!;
    const formulas = cells.filter((c) => c.formula && c.sheet === '附件1 汇总表').map((c) => summary.getCell(c.address).value as ExcelJS.CellFormulaValue);
    // Rows 5–7 and 11–12 are the categories (8–10 break 住宅用地 down by housing type), row 13 the total.
    expect(formulas.find((f) => f.formula === 'ROUND(SUM(B5:B7,B11:B12),8)')!.result).toBe(161.345678);
    expect(formulas.find((f) => f.formula === 'ROUND(SUM(B8:B10),8)')!.result).toBe(19.745678);
    expect(formulas.filter((f) => /^ROUND\(B\d+\/B\$13\*100(-0\.01|\+0\.01)?,2\)$/.test(f.formula)).length).toBe(5);
    expect(formulas.filter((f) => /^ROUND\(SUM\(G5:G7,G11:G12\),2\)$/.test(f.formula)).map((f) => f.result)).toEqual([100]);
  });

  it('sets frozen panes, repeated header rows, A4 landscape fitted to one page wide, merged headers and borders', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderPlanXlsx(tableInput())) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('宗地表')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 4 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' });
    expect(ws.getCell('A3').isMerged && ws.getCell('A4').isMerged).toBe(true);
    expect(ws.getCell('F5').border?.top?.style).toBe('thin');
  });

  it.skipIf(!SOFFICE)('LibreOffice, recalculating every formula, arrives at the cached values', async () => {
    const input = tableInput();
    const dir = await mkdtemp(join(tmpdir(), 'landplan-xlsx-'));
    const src = join(dir, 'tables.xlsx');
    // Spoil one cached total, so that only a real recalculation can restore it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderPlanXlsx(input)) as unknown as ArrayBuffer);
    const cells = await expectedCells(input, wb);
    const spoiled = cells.find((c) => c.formula)!;
    const cell = wb.getWorksheet(spoiled.sheet)!.getCell(spoiled.address);
    cell.value = { formula: (cell.value as ExcelJS.CellFormulaValue).formula, result: 0 };
    await writeFile(src, Buffer.from(await wb.xlsx.writeBuffer()));
    const profile = await recalculatingProfile();
    await run(SOFFICE!, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'out'), src], { timeout: 180_000 });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await readFile(join(dir, 'out', 'tables.xlsx'))) as unknown as ArrayBuffer);
    const formulas = cells.filter((c) => c.formula);
    expect(formulas.length).toBeGreaterThan(10);
    for (const e of formulas) {
      const v = numberOf(back.getWorksheet(e.sheet)!.getCell(e.address).value);
      expect(String(v), `${e.sheet}!${e.address}`).toBe(e.value.toFixed());
    }
  }, 240_000);

  it.runIf(!SOFFICE)('says so when LibreOffice is not installed (the recalculation check is skipped)', () => {
    expect(process.env.LANDPLAN_REQUIRE_TOOLS ?? '', 'LibreOffice is required here').toBe('');
    console.warn('LibreOffice (soffice) is not installed: skipped the check that it recalculates the .xlsx formulas to the cached values');
    expect(SOFFICE).toBeUndefined();
  });
});
