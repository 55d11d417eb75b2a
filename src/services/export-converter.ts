/**
 * The PDF converter: LibreOffice headless (`soffice --convert-to pdf`), the one program the
 * exports need. reports/ stays pure; everything that runs a program is here.
 *
 * - The program is `$LANDPLAN_SOFFICE`, else `soffice` or `libreoffice` on the PATH; when none is
 *   installed every call says so in one line, with the Debian packages to install.
 * - One private LibreOffice profile per process (a first start builds it, later ones reuse it),
 *   conversions one at a time (a profile cannot be shared by two running instances).
 * - Bounded: each run is killed, with its children, after `timeoutMs` (default 180 s).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';

export const CONVERTER_PACKAGES = 'libreoffice-writer-nogui libreoffice-calc-nogui';

export class ConverterUnavailable extends Error {
  constructor(detail?: string) {
    super(
      `PDF 转换需要 LibreOffice（soffice），本机未安装${detail ? `（${detail}）` : ''}；请安装 Debian 软件包 ${CONVERTER_PACKAGES}，或设置 LANDPLAN_SOFFICE 指向 soffice / ` +
        `PDF export needs LibreOffice (soffice), which is not installed${detail ? ` (${detail})` : ''}: install the Debian packages ${CONVERTER_PACKAGES} or point LANDPLAN_SOFFICE at soffice`,
    );
    this.name = 'ConverterUnavailable';
  }
}

export class ConversionFailed extends Error {
  override readonly name = 'ConversionFailed';
}

export interface ConverterStatus {
  readonly available: boolean;
  readonly program?: string;
  readonly message?: string;
}

export interface PdfConverter {
  status(): ConverterStatus;
  /** Converts each file (.docx, .xlsx) to PDF, in order. */
  toPdf(files: readonly { name: string; bytes: Uint8Array }[]): Promise<Uint8Array[]>;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function findSoffice(): string | undefined {
  const env = process.env['LANDPLAN_SOFFICE'];
  if (env) {
    try {
      accessSync(env, constants.X_OK);
      return env;
    } catch {
      return undefined;
    }
  }
  return onPath('soffice') ?? onPath('libreoffice');
}

function run(program: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new ConversionFailed(`LibreOffice 转换超时（${Math.round(timeoutMs / 1000)} 秒）/ LibreOffice timed out after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ConverterUnavailable(e.message));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new ConversionFailed(`LibreOffice 转换失败 / LibreOffice failed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`));
    });
  });
}

/** A LibreOffice converter; `program` overrides the search. */
export function libreOfficeConverter(o: { program?: string; timeoutMs?: number } = {}): PdfConverter {
  const program = o.program ?? findSoffice();
  const timeoutMs = o.timeoutMs ?? 180_000;
  let profile: Promise<string> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    status: () =>
      program ? { available: true, program } : { available: false, message: new ConverterUnavailable().message },
    toPdf(files) {
      if (!program) return Promise.reject(new ConverterUnavailable());
      const job = queue.then(async () => {
        profile ??= mkdtemp(join(tmpdir(), 'landplan-lo-profile-'));
        const dir = await mkdtemp(join(tmpdir(), 'landplan-convert-'));
        try {
          const names = files.map((f, i) => `${i}-${f.name.replace(/[^\w.-]/g, '_')}`);
          for (let i = 0; i < files.length; i++) await writeFile(join(dir, names[i]!), files[i]!.bytes);
          await run(program, ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=file://${await profile}`, '--convert-to', 'pdf', '--outdir', dir, ...names.map((n) => join(dir, n))], timeoutMs);
          const out: Uint8Array[] = [];
          for (const n of names) {
            const pdf = join(dir, n.replace(/\.[^.]+$/, '.pdf'));
            try {
              out.push(new Uint8Array(await readFile(pdf)));
            } catch {
              throw new ConversionFailed(`LibreOffice 未生成 ${n} 的 PDF / LibreOffice wrote no PDF for ${n}`);
            }
          }
          return out;
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
      queue = job.catch(() => undefined);
      return job;
    },
  };
}

/** Page count of a PDF. */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** The PDFs one after another, as one document. */
export async function mergePdfs(pdfs: readonly Uint8Array[], title?: string): Promise<Uint8Array> {
  if (pdfs.length === 1 && !title) return pdfs[0]!;
  const out = await PDFDocument.create();
  for (const p of pdfs) {
    const src = await PDFDocument.load(p, { updateMetadata: false });
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const page of pages) out.addPage(page);
  }
  if (title) out.setTitle(title);
  out.setCreator('landplan');
  out.setProducer('landplan (LibreOffice, pdf-lib)');
  return out.save();
}
