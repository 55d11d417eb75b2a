/**
 * `landplan report monthly --month YYYY-MM --out F.xlsx [--jurisdiction CODE]` — the monthly
 * supervision report (月报): execution, overdue items with their rules and evidence, instalments
 * due, idle-land cases and batch supply rates, as of the month's last day.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CalendarRangeError } from '../../domain/calendar/working-calendar.js';
import { monthlyReport } from '../../services/report-monthly.js';
import { jurisdictionsWithJournals } from '../../services/find-parcel.js';
import { withRegister } from './db.js';
import { UserError } from '../user-error.js';

/** Adds `monthly` to the `report` command. */
export function addMonthlyReport(report: Command): void {
  report
    .command('monthly')
    .requiredOption('--month <month>', 'YYYY-MM')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--jurisdiction <code>', 'jurisdiction (default: the only one with parcel journals)')
    .option('--json', 'print {out, month, asOf, items} as JSON')
    .description('monthly supervision report (月报) as xlsx')
    .action(async (o: { month: string; out: string; jurisdiction?: string; json?: boolean }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new UserError(`--month: 应为 YYYY-MM / must be YYYY-MM, got "${o.month}"`);
      if (!o.out.toLowerCase().endsWith('.xlsx')) throw new UserError('--out: 应为 .xlsx 文件 / must be an .xlsx file');
      const r = await withRegister(async (store) => {
        let code = o.jurisdiction;
        if (!code) {
          const codes = await jurisdictionsWithJournals(store.db);
          if (codes.length !== 1) throw new UserError(`请用 --jurisdiction 指定行政区（有宗地流程记录的：${codes.join('、') || '无'}）/ give --jurisdiction (journals exist for: ${codes.join(', ') || 'none'})`);
          code = codes[0]!;
        }
        try {
          return await monthlyReport(store.db, { jurisdictionCode: code, month: o.month, now: new Date().toISOString() });
        } catch (e) {
          if (e instanceof CalendarRangeError) throw new UserError(`${e.text.zh} / ${e.text.en}`);
          throw e;
        }
      });
      writeFileSync(o.out, r.bytes);
      if (o.json) process.stdout.write(`${JSON.stringify({ out: o.out, month: o.month, asOf: r.asOf, items: r.items })}\n`);
      else process.stdout.write(`${o.out}: 月报 ${o.month}（截至 ${r.asOf}），${r.items} 项超期及异常事项 / monthly report, ${r.items} items\n`);
    });
}
