/**
 * `landplan pipeline PARCEL [--as-of DATE] [--json]` — a parcel's timeline: each step of its path
 * with date, documents and deadline items, its money and its reserve costs.
 * `landplan supervise --as-of DATE [--jurisdiction CODE] [--json]` — every overdue item with its
 * rule, legal basis and days, as of a date. Exit 1 when anything is overdue.
 */
import type { Command } from 'commander';
import { pick, type Lang } from '../../domain/finding.js';
import { isIsoDate } from '../../domain/rules/dates.js';
import { DEADLINE_RULES } from '../../domain/pipeline/deadlines.js';
import { STEP_LABELS, COST_LABELS, CLEAN_LAND_LABELS } from '../../domain/pipeline/steps.js';
import { CalendarRangeError } from '../../domain/calendar/working-calendar.js';
import { parcelPipeline } from '../../services/parcel-pipeline.js';
import { supervise, type SupervisionReport } from '../../services/supervise.js';
import { superviseJson, type SupervisionJson } from '../../services/supervise-json.js';
import { findParcelId, jurisdictionsWithJournals } from '../../services/find-parcel.js';
import { withRegister } from './db.js';
import { langOf, toJson } from './output.js';
import { UserError } from '../user-error.js';

const OVERDUE = new Set(['overdue', 'idle', 'recovery']);

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function asOfOf(v: string | undefined): string {
  const d = v ?? today();
  if (!isIsoDate(d)) throw new UserError(`--as-of: 应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date, got "${d}"`);
  return d;
}

function calendarError<T>(f: () => Promise<T>): Promise<T> {
  return f().catch((e: unknown) => {
    if (e instanceof CalendarRangeError) throw new UserError(`${e.text.zh} / ${e.text.en}`);
    throw e;
  });
}

export function registerPipeline(program: Command, exit: (code: number) => void): void {
  program
    .command('pipeline')
    .argument('<parcel>', 'parcel number (宗地编号) or register id')
    .option('--jurisdiction <code>', 'where the parcel number is registered')
    .option('--as-of <date>', 'deadlines as of this date (default today)')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description("a parcel's path from the reserve to completion: steps, documents, deadlines, money")
    .action(async (ref: string, o: { jurisdiction?: string; asOf?: string; json?: boolean; lang?: string }) => {
      const lang = langOf(o.lang);
      const asOf = asOfOf(o.asOf);
      const r = await withRegister(async (store) => {
        const id = await findParcelId(store.db, ref, o.jurisdiction);
        if (id === undefined) throw new UserError(`没有宗地「${ref}」/ no parcel "${ref}"`);
        return calendarError(() => parcelPipeline(store.db, { parcelId: id, asOf, roles: ['admin'] }));
      });
      if (!r) throw new UserError(`没有宗地「${ref}」/ no parcel "${ref}"`);
      if (o.json) {
        process.stdout.write(`${toJson(r)}\n`);
        return;
      }
      const out: string[] = [];
      const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
      out.push(`${r.parcel.parcelNumber ?? r.parcel.id} ${r.parcel.projectName ?? ''}  [${r.path === 'allocation' ? t('划拨', 'allocation') : r.path === 'grant' ? t('出让', 'grant') : t('未定', 'no path yet')}] ${t('截至', 'as of')} ${r.asOf}`);
      if (r.reserve.project) out.push(`${t('土地储备', 'land reserve')}: ${r.reserve.project.code} ${r.reserve.project.name}`);
      if (r.reserve.costs.entries > 0) out.push(`${t('储备成本', 'reserve cost')}: ${r.reserve.costs.total} ${t('万元', 'wan yuan')} (${Object.entries(r.reserve.costs.byCategory).filter(([, v]) => v !== '0').map(([k, v]) => `${pick(COST_LABELS[k as keyof typeof COST_LABELS], lang)} ${v}`).join(', ')})`);
      out.push(`${t('净地核验', 'clean land')}: ${r.reserve.checklist.map((l) => `${l.done ? '✓' : '✗'}${pick(CLEAN_LAND_LABELS[l.item], lang)}`).join(' ')}`);
      for (const s of r.steps) {
        const mark = s.status === 'done' ? '●' : s.status === 'next' ? '◐' : '○';
        const docs = s.documents.map((d) => `${d.kind} ${d.number}`).join('; ');
        out.push(`${mark} ${pick(s.label, lang).padEnd(lang === 'zh' ? 10 : 28)} ${s.on ?? '          '}${docs ? `  ${docs}` : ''}`);
        for (const i of s.items) out.push(`    ! ${pick(DEADLINE_RULES[i.rule].title, lang)}: ${pick(i.message, lang)}`);
      }
      if (r.money.priceWanYuan) {
        out.push(`${t('价款', 'price')} ${r.money.priceWanYuan} ${t('万元，已缴', 'wan yuan, paid')} ${r.money.paidWanYuan}`);
        for (const i of r.money.instalments) out.push(`    ${t('第', 'instalment ')}${i.no}${t(' 期', '')} ${i.dueDate} ${i.amountWanYuan}`);
      }
      const other = r.events.filter((e) => !r.steps.some((s) => s.eventId === e.id));
      for (const e of other) out.push(`  · ${e.occurredOn} ${pick(e.label, lang)}${e.reversed ? t('（已冲销）', ' (reversed)') : ''}`);
      for (const i of r.items.filter((x) => !r.steps.some((s) => s.kind === x.step))) out.push(`  ! ${pick(DEADLINE_RULES[i.rule].title, lang)}: ${pick(i.message, lang)}`);
      out.push(pick(r.calendar.description, lang));
      process.stdout.write(`${out.join('\n')}\n`);
    });

  program
    .command('supervise')
    .option('--as-of <date>', 'supervision date (default today)')
    .option('--jurisdiction <code>', 'one jurisdiction (default: every jurisdiction with parcel journals)')
    .option('--json', 'JSON output (one report per jurisdiction, in an array)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('every overdue step, payment and idle-land clock with its rule and days, as of a date')
    .action(async (o: { asOf?: string; jurisdiction?: string; json?: boolean; lang?: string }) => {
      const lang = langOf(o.lang);
      const asOf = asOfOf(o.asOf);
      const overdue = await withRegister(async (store) => {
        const codes = o.jurisdiction ? [o.jurisdiction] : await jurisdictionsWithJournals(store.db);
        if (o.json) {
          // Every core: the items of a county can number hundreds of thousands.
          const list: SupervisionJson[] = [];
          for (const code of codes) list.push(await calendarError(() => superviseJson(store, { jurisdictionCode: code, asOf })));
          await writeJson(list);
          return list.some((r) => r.overdue > 0);
        }
        let any = false;
        for (const code of codes) {
          const r = await calendarError(() => supervise(store.db, { jurisdictionCode: code, asOf }));
          await write(render(r, lang));
          any ||= r.items.some((i) => OVERDUE.has(i.kind));
        }
        return any;
      });
      if (overdue) exit(1);
    });
}

/** Writes to stdout, waiting when the pipe is full (a county's report can be hundreds of MB). */
function write(chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/** The reports as one JSON array, the items written a few MB at a time (no single giant string). */
async function writeJson(reports: readonly SupervisionJson[]): Promise<void> {
  await write('[');
  for (const [n, r] of reports.entries()) {
    await write(`${n ? ',' : ''}${JSON.stringify(r.head).slice(0, -1)},"items":[`);
    for (const chunk of r.items.chunks()) await write(chunk);
    await write(']}');
  }
  await write(']\n');
}

function render(r: SupervisionReport, lang: Lang): string {
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out = [`${r.jurisdictionCode} ${t('截至', 'as of')} ${r.asOf}: ${r.parcels} ${t('宗纳入监管，', 'parcels supervised, ')}${r.items.length} ${t('项', 'items')}  [${t('规则集', 'rule set')} ${r.ruleSet.id}]`];
  if (r.notComputed.length) out.push(t(`规则集未配置，未计算：${r.notComputed.join('、')}`, `not computed (rule set lacks them): ${r.notComputed.join(', ')}`));
  for (const i of r.items) {
    out.push(`${(i.parcelNumber ?? String(i.parcelId)).padEnd(14)} ${pick(DEADLINE_RULES[i.rule].title, lang)} | ${i.rule} | ${i.days} ${t('日', 'days')}${i.dueDate ? ` | ${t('到期', 'due')} ${i.dueDate}` : ''}${i.amountWanYuan ? ` | ${i.amountWanYuan} ${t('万元', 'wan yuan')}` : ''}`);
    out.push(`    ${pick(i.message, lang)}  〔${i.basis}〕 (${pick(STEP_LABELS[i.step as keyof typeof STEP_LABELS] ?? { zh: i.step, en: i.step }, lang)})`);
  }
  out.push(pick(r.calendar.description, lang));
  return `${out.join('\n')}\n`;
}
