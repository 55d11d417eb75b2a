/** `landplan audit PATH [--json] [--lang zh|en]`: audit a plan text, a .docx, or a folder of them. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { auditText } from '../../audit/index.js';
import { READABLE_EXTENSIONS, readPlanDocument, UnreadableDocument } from '../../audit/read.js';
import { toJson, toText } from '../../audit/render.js';
import { AREA_UNITS } from '../../audit/extract/index.js';
import { hasErrors, type Lang } from '../../domain/finding.js';
import { UserError } from '../user-error.js';

interface Options {
  json?: boolean;
  lang: string;
}

export function registerAudit(program: Command, exit: (code: number) => void): void {
  program
    .command('audit')
    .argument('<path>', 'plan text (.txt UTF-8 or GB18030, .docx) or a folder of them')
    .option('--json', 'JSON output (JSON Lines for a folder)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('audit a published supply plan: extract every figure and reconcile it')
    .action(async (path: string, opts: Options) => {
      const lang = opts.lang === 'en' ? 'en' : opts.lang === 'zh' ? 'zh' : null;
      if (!lang) throw new UserError(`--lang must be zh or en, not "${opts.lang}"`);
      let info;
      try {
        info = await stat(path);
      } catch {
        throw new UserError(`${path}: 文件不存在 (no such file or folder)`);
      }
      if (info.isDirectory()) {
        const names = (await readdir(path)).filter((n) => READABLE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
        if (names.length === 0) throw new UserError(`${path}: 文件夹中没有 .txt 或 .docx 文件 (no .txt or .docx files in the folder)`);
        for (const name of names) exit(await auditOne(join(path, name), lang, opts.json === true, true));
      } else {
        const code = await auditOne(path, lang, opts.json === true, false);
        exit(code);
      }
    });
}

/** Audits one document, prints it, returns its exit code (0 clean, 1 errors, 2 unusable). */
async function auditOne(path: string, lang: Lang, json: boolean, inFolder: boolean): Promise<number> {
  let text: string;
  try {
    text = (await readPlanDocument(path)).text;
  } catch (e) {
    const reason = e instanceof UnreadableDocument ? e.message : `${path}: ${String(e)}`;
    if (!inFolder) throw new UserError(reason);
    if (json) process.stdout.write(`${JSON.stringify({ path, error: reason })}\n`);
    else process.stderr.write(`landplan: ${reason}\n`);
    return 2;
  }
  const report = auditText(text);
  const hasPlanFigures = report.figures.some((f) => AREA_UNITS.has(f.unit));
  if (!hasPlanFigures) {
    const reason = `${path}: 未找到供应计划的面积数字 (no plan figures found)`;
    if (!inFolder) throw new UserError(reason);
    if (json) process.stdout.write(`${JSON.stringify({ path, error: reason })}\n`);
    else process.stderr.write(`landplan: ${reason}\n`);
    return 2;
  }
  if (json) {
    const obj = toJson(report, lang);
    process.stdout.write(inFolder ? `${JSON.stringify({ path, ...obj })}\n` : `${JSON.stringify(obj, null, 2)}\n`);
  } else {
    if (inFolder) process.stdout.write(`==> ${path}\n`);
    process.stdout.write(toText(report, lang));
  }
  return hasErrors(report.findings) ? 1 : 0;
}
