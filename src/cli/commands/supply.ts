/**
 * `landplan supply check FILE.json [--plan-version N] [--rule-set ID] [--json] [--lang zh|en]`
 * Checks a proposed supply (or an array of them) with every supply rule: "what if", nothing is
 * written. With --plan-version the quota impact is read from the register's ledger and the rule
 * set stored with that version applies. The supply JSON format is documented in
 * src/domain/rules/supply-input.ts. Exit 1 when a supply would be refused, 2 on unusable input.
 */
import type { Command } from 'commander';
import type { RuleSet } from '../../domain/rule-set.js';
import { ruleSetById } from '../../domain/rules/data-source.js';
import type { QuotaState } from '../../domain/rules/context.js';
import { createSupplyChecker, quotaStateFromStore } from '../../services/check-supply.js';
import { ruleSetOfVersion } from '../../services/record-supply.js';
import { getPlanVersion } from '../../store/repos/plans.js';
import { withRegister } from './db.js';
import { langOf, readJsonFile, renderFindings, toJson } from './plan.js';
import { UserError } from '../user-error.js';
import { RuleSetError } from '../../domain/rule-set.js';

interface Options {
  planVersion?: string;
  ruleSet?: string;
  json?: boolean;
  lang?: string;
}

export function registerSupply(program: Command, exit: (code: number) => void): void {
  const supply = program.command('supply').description('supply decisions (供地): check before recording');
  supply
    .command('check')
    .argument('<file>', 'supply JSON (one object, or an array)')
    .option('--plan-version <id>', 'plan version in the register: quota impact from its ledger, rules from its rule set')
    .option('--rule-set <id>', 'rule set under data/rule-sets/ (default: the plan version\'s, else the national default)')
    .option('--json', 'JSON output (one line per supply)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('check a proposed supply with every rule and show the quota impact; nothing is written')
    .action(async (file: string, o: Options) => {
      const lang = langOf(o.lang);
      const input = readJsonFile(file);
      const items = Array.isArray(input) ? input : [input];
      let quota: QuotaState | undefined;
      let ruleSet: RuleSet;
      try {
        if (o.planVersion !== undefined) {
          const id = Number(o.planVersion);
          if (!Number.isInteger(id) || id <= 0) throw new UserError(`--plan-version: 应为正整数 / must be a positive integer, got "${o.planVersion}"`);
          const got = await withRegister(async (store) => {
            const v = await getPlanVersion(store.db, id);
            if (!v) throw new UserError(`--plan-version: 计划版本 ${id} 不存在 / plan version ${id} does not exist`);
            return { quota: await quotaStateFromStore(store, id), rs: o.ruleSet ? ruleSetById(o.ruleSet) : ruleSetOfVersion(v.ruleSet, v.year) };
          });
          quota = got.quota;
          ruleSet = got.rs;
        } else ruleSet = ruleSetById(o.ruleSet);
      } catch (e) {
        if (e instanceof RuleSetError) throw new UserError(`--rule-set: ${e.message}`);
        throw e;
      }
      const checker = createSupplyChecker(ruleSet);
      let worst = 0;
      items.forEach((item, i) => {
        const r = checker.check(item, quota ? { quota } : {});
        const id = r.supply?.id ?? (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : `#${i + 1}`);
        if (o.json) {
          process.stdout.write(`${toJson({ supply: id, ruleSet: r.ruleSet, verdict: r.verdict, errorRules: r.errorRules, findings: r.findings, quotaImpact: r.quotaImpact })}\n`);
        } else {
          const verdict = r.verdict === 'pass' ? (lang === 'zh' ? '可以供地' : 'may be supplied') : lang === 'zh' ? '不予供地' : 'refused';
          process.stdout.write(`${id}: ${verdict}${r.errorRules.length ? ` (${r.errorRules.join(', ')})` : ''} — ${lang === 'zh' ? '规则集' : 'rule set'} ${r.ruleSet.chain.join(' → ')}\n`);
          process.stdout.write(renderFindings(r.findings, lang));
          for (const q of r.quotaImpact) {
            process.stdout.write(`  ${q.label} (${q.kind}): ${lang === 'zh' ? '计划' : 'planned'} ${q.plannedHa} ha, ${lang === 'zh' ? '已供' : 'used'} ${q.usedHa}, ${lang === 'zh' ? '本宗' : 'this'} ${q.debitHa}, ${lang === 'zh' ? '余' : 'left'} ${q.remainingHa}${q.exceeds ? ' !' : ''}\n`);
          }
        }
        worst = Math.max(worst, r.supply ? (r.verdict === 'refuse' ? 1 : 0) : 2);
      });
      if (worst) exit(worst);
    });
}
