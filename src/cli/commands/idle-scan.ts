/**
 * `landplan idle-scan --as-of DATE [--from FILE.json | --jurisdiction CODE] [--rule-set ID] [--json]`
 * Scans the post-supply clocks (闲置土地处置办法, 国土资源部令第53号) as of a date: agreed start
 * passed with no start, idle a year (fee 20% of the price), idle two years (recovery), partial
 * starts, government causes. Supplies come from a JSON array (--from) or from the register's
 * parcels of a jurisdiction. Exit 1 when any parcel is idle (error findings).
 */
import type { Command } from 'commander';
import { pick } from '../../domain/finding.js';
import { isIsoDate } from '../../domain/rules/dates.js';
import { nationalRuleSetIdFor, ruleSetById } from '../../services/rule-sets.js';
import { RuleSetError } from '../../domain/rule-set.js';
import { idleScan, idleScanRegister, suppliesFromJson, type IdleScanResult } from '../../services/idle-scan.js';
import { withRegister } from './db.js';
import { langOf, readJsonFile, toJson } from './output.js';
import { UserError } from '../user-error.js';

interface Options {
  asOf: string;
  from?: string;
  jurisdiction?: string;
  ruleSet?: string;
  json?: boolean;
  lang?: string;
}

const STATUS = { zh: { recovery: '满两年未动工（可收回）', idle: '闲置满一年（征缴闲置费）', partial: '开发不足且中止满一年', overdue: '逾期未开工', suspended: '政府原因中止' }, en: { recovery: 'idle 2 years (recovery)', idle: 'idle 1 year (fee)', partial: 'partial start, halted', overdue: 'start overdue', suspended: 'suspended (government cause)' } };

export function registerIdleScan(program: Command, exit: (code: number) => void): void {
  program
    .command('idle-scan')
    .requiredOption('--as-of <date>', 'scan date, YYYY-MM-DD')
    .option('--from <file>', 'supplies JSON (an array of supply objects, or {"supplies": [...]})')
    .option('--jurisdiction <code>', 'scan the register\'s parcels of this jurisdiction (default when --from is absent)')
    .option('--rule-set <id>', 'rule set under data/rule-sets/')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('scan idle-land clocks as of a date: overdue starts, idle fee, recovery candidates')
    .action(async (o: Options) => {
      const lang = langOf(o.lang);
      if (!isIsoDate(o.asOf)) throw new UserError(`--as-of: 应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date, got "${o.asOf}"`);
      let r: IdleScanResult;
      try {
        const rsId = o.ruleSet ?? nationalRuleSetIdFor(Number(o.asOf.slice(0, 4)));
        if (o.from) {
          const { supplies, findings } = suppliesFromJson(readJsonFile(o.from));
          r = idleScan(supplies, o.asOf, ruleSetById(rsId), findings);
        } else {
          if (!o.jurisdiction) throw new UserError('--jurisdiction 或 --from 必须给出其一 / give --jurisdiction CODE or --from FILE');
          r = await withRegister((store) => idleScanRegister(store, { jurisdictionCode: o.jurisdiction!, asOf: o.asOf, ruleSetId: rsId }));
        }
      } catch (e) {
        if (e instanceof RuleSetError) throw new UserError(`--rule-set: ${e.message}`);
        throw e;
      }
      if (o.json) process.stdout.write(`${toJson(r)}\n`);
      else {
        process.stdout.write(`${lang === 'zh' ? '截至' : 'as of'} ${r.asOf}: ${lang === 'zh' ? '共' : 'scanned'} ${r.scanned}, ${lang === 'zh' ? '列出' : 'listed'} ${r.rows.length}\n`);
        for (const f of r.inputFindings) process.stdout.write(`[${lang === 'zh' ? '输入' : 'input'}] ${pick(f.message, lang)}\n`);
        for (const row of r.rows) {
          process.stdout.write(`${row.supplyId}${row.projectName ? ` ${row.projectName}` : ''}: ${STATUS[lang][row.status]}; ${lang === 'zh' ? '约定开工' : 'agreed start'} ${row.agreedStart ?? '—'}${row.feeWanYuan ? `; ${lang === 'zh' ? '闲置费' : 'fee'} ${row.feeWanYuan} 万元` : ''}\n`);
        }
      }
      if (r.rows.some((row) => row.findings.some((f) => f.severity === 'error')) || r.inputFindings.some((f) => f.severity === 'error')) exit(1);
    });
}
