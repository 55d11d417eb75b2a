/**
 * Rows of a CSV or xlsx file, streamed: the first row is the header. CSV text encoding follows
 * the same precedence as shapefiles without the .cpg/LDID steps: explicit > UTF-8 BOM > detection
 * (valid UTF-8 in the first 8 MB, else GBK).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decideEncoding, type EncodingDecision } from './encoding.js';

export type Cell = string | number | boolean | Date | null;

export async function csvEncoding(path: string, explicit?: string): Promise<EncodingDecision> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(8 << 20);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  await fh.close();
  const sample = head.subarray(0, bytesRead);
  if (explicit === undefined && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return { encoding: 'utf-8', source: 'detected', detail: 'UTF-8 byte order mark' };
  }
  // Cut a possibly split multi-byte character at the end of the sample before validating.
  let end = sample.length;
  if (bytesRead === head.length) while (end > 0 && (sample[end - 1]! & 0xc0) === 0x80) end--;
  return decideEncoding(path, { ...(explicit !== undefined ? { explicit } : {}), sample: async () => sample.subarray(0, bytesRead === head.length ? Math.max(0, end - 1) : end) });
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines in quotes), streamed. */
export async function* csvRows(path: string, encoding: EncodingDecision['encoding']): AsyncGenerator<Cell[]> {
  const decoder = iconv.getDecoder(encoding === 'utf-8' ? 'utf8' : encoding, { stripBOM: true });
  let field = '';
  let row: Cell[] = [];
  let inQuotes = false;
  let quoteSeen = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const text = decoder.write(chunk);
    const rows: Cell[][] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else field += c;
        continue;
      }
      if (c === '"' && field === '') {
        inQuotes = true;
        quoteSeen = true;
      } else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        row.push(field);
        field = '';
        if (!(row.length === 1 && row[0] === '' && !quoteSeen)) rows.push(row);
        row = [];
        quoteSeen = false;
      } else field += c;
    }
    yield* rows;
  }
  const rest = decoder.end();
  if (rest) field += rest;
  if (field !== '' || row.length > 0) {
    row.push(field);
    yield row;
  }
}

/** The first worksheet's rows (cell values; formulas give their result, rich text its text). */
export async function* xlsxRows(path: string): AsyncGenerator<Cell[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1);
      yield values.map(cellValue);
    }
    return; // first sheet only
  }
}

function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if (o.result !== undefined) return cellValue(o.result);
  if (o.text !== undefined) return o.text;
  return String(v);
}
