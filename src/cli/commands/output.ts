/**
 * What the commands share for their output and input: language, JSON with exact areas, findings
 * as text, JSON files. Kept apart from the commands so that loading one command loads no other.
 */
import { readFileSync } from 'node:fs';
import { Area } from '../../domain/area.js';
import { CONFIDENCE_LABEL, groupCannotCheck, pick, type Finding, type Lang } from '../../domain/finding.js';
import { UserError } from '../user-error.js';

/** Reads and parses a JSON file; unreadable input is a one-line UserError naming the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: 无法读取 / cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`${file}: 不是有效的 JSON / not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
}

/** JSON with exact areas as hectare strings ("1843.24") instead of m². */
export function toJson(v: unknown): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, key: string, value: unknown) {
    const orig = key === '' ? v : this[key];
    return orig instanceof Area ? orig.hectares.toFixed() : value;
  });
}

const SEV: Record<Lang, Record<Finding['severity'], string>> = {
  zh: { error: '错误', warning: '警告', info: '提示' },
  en: { error: 'error', warning: 'warning', info: 'info' },
};

function renderFinding(f: Finding, lang: Lang, indent = ''): string {
  return `${indent}[${SEV[lang][f.severity]}] ${f.rule}: ${pick(f.message, lang)}${f.basis ? `\n${indent}    ${lang === 'zh' ? '依据' : 'basis'}${f.confidence ? ` [${pick(CONFIDENCE_LABEL[f.confidence], lang)}]` : ''}: ${f.basis}` : ''}`;
}

/**
 * Errors and warnings first, then the other infos, then the rules that could not be checked for
 * want of input as one group headed by what is missing (finding.ts `groupCannotCheck`).
 */
export function renderFindings(findings: readonly Finding[], lang: Lang): string {
  const n = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  const { others, cannotCheck, missing } = groupCannotCheck(findings);
  const unchecked = cannotCheck.length ? (lang === 'zh' ? `（其中无法核验 ${cannotCheck.length} 项）` : ` (${cannotCheck.length} not checked)`) : '';
  const head = (lang === 'zh' ? `错误 ${n('error')} · 警告 ${n('warning')} · 提示 ${n('info')}` : `${n('error')} error(s) · ${n('warning')} warning(s) · ${n('info')} info`) + unchecked;
  const lines = others.map((f) => renderFinding(f, lang));
  if (cannotCheck.length) {
    lines.push(
      lang === 'zh'
        ? `${cannotCheck.length} 项无法核验（缺少资料）：${missing.map((m) => m.label.zh).join('、')}`
        : `${cannotCheck.length} rule(s) not checked (missing input): ${missing.map((m) => m.label.en).join('; ')}`,
    );
    lines.push(...cannotCheck.map((f) => renderFinding(f, lang, '  ')));
  }
  return [head, ...lines].join('\n') + '\n';
}

export function langOf(v: string | undefined): Lang {
  if (v === undefined || v === 'zh') return 'zh';
  if (v === 'en') return 'en';
  throw new UserError(`--lang: 应为 zh 或 en / must be zh or en, got "${v}"`);
}

