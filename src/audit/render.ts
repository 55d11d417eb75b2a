/** Renders an audit report: the JSON contract of issue 2, and a table for people (zh or en). */
import { pick, type Lang } from '../domain/finding.js';
import type { AuditReport, ExtractedFigure } from './types.js';

export function toJson(report: AuditReport, lang: Lang): Record<string, unknown> {
  return {
    document: report.document,
    figures: report.figures.map((f) => ({
      id: f.id,
      label: f.label,
      value: f.value,
      unit: f.unit,
      quote: f.quote,
      start: f.start,
      end: f.end,
      role: f.role,
      decimals: f.decimals,
      ...optional(f),
    })),
    statements: report.statements,
    unread: report.unread,
    findings: report.findings.map((x) => ({
      rule: x.rule,
      severity: x.severity,
      message: pick(x.message, lang),
      ...(x.stated !== undefined ? { stated: x.stated } : {}),
      ...(x.expected !== undefined ? { expected: x.expected } : {}),
      figures: x.figures,
      ...(x.suggestion ? { suggestion: pick(x.suggestion, lang) } : {}),
      messages: x.message,
    })),
  };
}

function optional(f: ExtractedFigure): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['pairOf', 'of', 'denominator', 'category', 'method', 'source', 'district', 'housingType', 'kind', 'qualifier', 'growthMode', 'direction', 'members', 'unitFrom', 'year', 'measure', 'parent', 'repeats'] as const) {
    if (f[k] !== undefined) out[k] = f[k];
  }
  return out;
}

const ROLE: Record<string, [string, string]> = {
  total: ['总量', 'total'],
  method: ['供应方式', 'method'],
  source: ['土地来源', 'source'],
  category: ['用途', 'category'],
  district: ['片区', 'district'],
  housing: ['住房', 'housing'],
  housingTotal: ['住房合计', 'housing total'],
  groupTotal: ['分组指标', 'group'],
  fiveYearAverage: ['五年年均', '5-yr average'],
  baseline: ['上期', 'earlier'],
  share: ['占比', 'share'],
  growth: ['增减', 'growth'],
  threshold: ['政策阈值', 'threshold'],
  completion: ['完成率', 'completion'],
  parcels: ['地块', 'parcels'],
  other: ['其他', 'other'],
};
const UNIT: Record<string, [string, string]> = {
  ha: ['公顷', 'ha'],
  mu: ['亩', 'mu'],
  percent: ['%', '%'],
  m2: ['平方米', 'm²'],
  sqkm: ['平方公里', 'km²'],
  times: ['倍', '×'],
  wanha: ['万公顷', '10⁴ ha'],
  wanmu: ['万亩', '10⁴ mu'],
  wanm2: ['万平方米', '10⁴ m²'],
};
const UNREAD: Record<string, [string, string]> = {
  floorArea: ['建筑面积，不是用地面积，不参与核对', 'floor area, not land area: not reconciled'],
  permille: ['千分比，未核对', 'per mille: not reconciled'],
  noUnit: ['未能确定单位', 'no unit could be determined'],
};
const SEVERITY: Record<string, [string, string]> = { error: ['错误', 'ERROR'], warning: ['警告', 'WARNING'], info: ['提示', 'info'] };

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}
function clip(s: string, n: number): string {
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) return `${out}…`;
    out += ch;
  }
  return out;
}

export function toText(report: AuditReport, lang: Lang): string {
  const i = lang === 'en' ? 1 : 0;
  const lines: string[] = [];
  const d = report.document;
  const head = d.title ?? (lang === 'en' ? '(untitled plan text)' : '（未识别标题）');
  lines.push(`${head}${d.region || d.year ? `  [${[d.region, d.year].filter(Boolean).join(' · ')}]` : ''}`);
  lines.push('');
  lines.push(lang === 'en' ? `Figures (${report.figures.length})` : `提取的数字（${report.figures.length} 个）`);
  const cols = lang === 'en' ? ['id', 'role', 'label', 'value', 'unit'] : ['编号', '类型', '标签', '数值', '单位'];
  const w = [5, 12, 28, 12, 8];
  lines.push(cols.map((c, k) => pad(c, w[k]!)).join(' '));
  for (const f of report.figures) {
    const row = [f.id, ROLE[f.role]?.[i] ?? f.role, clip(f.label, w[2]!), f.value, UNIT[f.unit]?.[i] ?? f.unit];
    lines.push(row.map((c, k) => pad(c, w[k]!)).join(' '));
  }
  lines.push('');
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  lines.push(
    lang === 'en'
      ? `Findings: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`
      : `核对结果：错误 ${count('error')} 项，警告 ${count('warning')} 项，提示 ${count('info')} 项`,
  );
  const byId = new Map(report.figures.map((f) => [f.id, f]));
  report.findings.forEach((f, n) => {
    lines.push('');
    lines.push(`${n + 1}. [${SEVERITY[f.severity]![i]}] ${f.rule}${f.stated ? `  ${lang === 'en' ? 'stated' : '文中'} ${f.stated}` : ''}${f.expected ? ` → ${lang === 'en' ? 'expected' : '应为'} ${f.expected}` : ''}`);
    lines.push(`   ${pick(f.message, lang)}`);
    // The stated figure's quote, and the quote of each other printing of the same statement.
    const first = byId.get(f.figures[0] ?? '');
    const printings = first ? [first, ...f.figures.map((id) => byId.get(id)).filter((x): x is ExtractedFigure => x !== undefined && (x.repeats === first.id || (first.repeats !== undefined && (x.id === first.repeats || x.repeats === first.repeats))))] : [];
    for (const q of [...new Set(printings.map((p) => p.quote))]) lines.push(`   ${lang === 'en' ? 'Quote' : '原文'}：「${q}」`);
    if (f.suggestion) lines.push(`   ${lang === 'en' ? 'Suggestion' : '建议'}：${pick(f.suggestion, lang)}`);
  });
  if (report.unread.length > 0) {
    lines.push('');
    lines.push(lang === 'en' ? `Numbers not read (${report.unread.length})` : `未识别的数字（${report.unread.length} 个）`);
    for (const u of report.unread) lines.push(`   「${u.text}」 ${UNREAD[u.reason]?.[i] ?? u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
