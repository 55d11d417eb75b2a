/**
 * The font files behind the free font names (FREE_FONTS) for the PDFs landplan draws itself (the
 * 宗地表): found by fontconfig (`fc-match`), as LibreOffice finds them for the document, read
 * once per process. A name fontconfig only substitutes (another family) counts as missing.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { FREE_FONTS } from '../reports/index.js';
import type { PdfFont } from '../reports/pdf-table.js';
import { ConverterUnavailable } from './export-converter.js';

export const FONT_PACKAGE = 'fonts-noto-cjk';

/** Handled where a missing converter is (the API's 503, the CLI's message). */
export class FontUnavailable extends ConverterUnavailable {
  constructor(family: string, detail: string) {
    super();
    this.message = `PDF 需要字体“${family}”，本机未找到（${detail}）；请安装 Debian 软件包 ${FONT_PACKAGE} / the PDF needs the font "${family}", not found here (${detail}): install the Debian package ${FONT_PACKAGE}`;
    this.name = 'FontUnavailable';
  }
}

const cache = new Map<string, Promise<PdfFont>>();

async function locate(family: string): Promise<PdfFont> {
  let out: string;
  try {
    out = (await promisify(execFile)('fc-match', ['-f', '%{file}\n%{postscriptname}\n%{family}', family], { timeout: 10_000 })).stdout;
  } catch (e) {
    throw new FontUnavailable(family, `fc-match: ${(e as Error).message.split('\n')[0]}`);
  }
  const [file, face, families] = out.split('\n');
  if (!file || !families?.split(',').includes(family)) throw new FontUnavailable(family, `fontconfig offers ${families ?? 'nothing'}`);
  return { bytes: new Uint8Array(await readFile(file)), ...(/\.(ttc|otc)$/i.test(file) && face ? { face } : {}) };
}

export function pdfFont(family: string): Promise<PdfFont> {
  let f = cache.get(family);
  if (!f) {
    f = locate(family);
    cache.set(family, f);
    f.catch(() => cache.delete(family));
  }
  return f;
}

/** The 宗地表's fonts: the body's serif and the headings' sans (黑体's role). */
export async function tableFonts(): Promise<{ body: PdfFont; heading: PdfFont }> {
  const [body, heading] = await Promise.all([pdfFont(FREE_FONTS.body), pdfFont(FREE_FONTS.heading1)]);
  return { body, heading };
}
