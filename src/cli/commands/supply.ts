/**
 * `landplan supply check FILE.json [--plan-version N] [--rule-set ID] [--json] [--lang zh|en]`
 * `landplan supply record FILE.json --plan-version N --actor USER [--override-by USER --reason TEXT] [--json]`
 * Checks a proposed supply (or an array of them) with every supply rule: "what if", nothing is
 * written. With --plan-version the quota impact is read from the register's ledger and the rule
 * set stored with that version applies. The supply JSON format is documented in
 * src/domain/rules/supply-input.ts. Exit 1 when a supply would be refused, 2 on unusable input.
 */
import type { Command } from 'commander';
import type { RuleSet } from '../../domain/rule-set.js';
import { ruleSetById } from '../../services/rule-sets.js';
import type { QuotaState } from '../../domain/rules/context.js';
import { checkBatch, createSupplyChecker, quotaStateFromStore } from '../../services/check-supply.js';
import { recordSupply, ruleSetOfVersion } from '../../services/record-supply.js';
import { getPlanVersion } from '../../store/repos/plans.js';
import { withRegister } from './db.js';
import { langOf, readJsonFile, renderFindings, toJson } from './output.js';
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
      // An array is a programme: each supply sees the quota the earlier passing ones leave.
      const results = checkBatch(checker, items, quota ? { quota } : {});
      items.forEach((item, i) => {
        const r = results[i]!;
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
  supply
    .command('record')
    .argument('<file>', 'supply JSON (one object)')
    .requiredOption('--plan-version <id>', 'plan version in the register the supply is debited against')
    .requiredOption('--actor <username>', 'who records it')
    .option('--override-by <username>', 'approver who authorises recording despite error findings')
    .option('--reason <text>', 'why the override is justified (required with --override-by)')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('check a supply, then debit the quota ledger and register its parcel; refused on an error finding unless overridden')
    .action(async (file: string, o: Options & { actor: string; overrideBy?: string; reason?: string }) => {
      const lang = langOf(o.lang);
      const id = Number(o.planVersion);
      if (!Number.isInteger(id) || id <= 0) throw new UserError(`--plan-version: 应为正整数 / must be a positive integer, got "${o.planVersion}"`);
      if (o.overrideBy && !o.reason?.trim()) throw new UserError('--reason: 越规登记须说明理由 / an override needs --reason');
      const input = readJsonFile(file);
      const out = await withRegister(async (store) => {
        const v = await getPlanVersion(store.db, id);
        if (!v) throw new UserError(`--plan-version: 计划版本 ${id} 不存在 / plan version ${id} does not exist`);
        return recordSupply(store, { supply: input, planVersionId: id, jurisdictionCode: v.jurisdictionCode, actor: o.actor, ...(o.overrideBy ? { override: { by: o.overrideBy, reason: o.reason! } } : {}) });
      });
      if (o.json) process.stdout.write(`${toJson({ accepted: out.accepted, ...(out.accepted ? { recordIds: out.recordIds, parcelId: out.parcelId, overridden: out.overridden } : { reason: out.reason, message: out.message }), errorRules: out.check?.errorRules ?? [], findings: out.check?.findings ?? [], quotaImpact: out.check?.quotaImpact ?? [] })}\n`);
      else {
        process.stdout.write(out.accepted ? `${lang === 'zh' ? '已登记' : 'recorded'}: ledger ${out.recordIds.join(', ')}, parcel ${out.parcelId}${out.overridden.length ? ` (override: ${out.overridden.join(', ')})` : ''}\n` : `${lang === 'zh' ? '不予登记' : 'refused'}: ${lang === 'zh' ? out.message.zh : out.message.en}\n`);
        if (out.check) process.stdout.write(renderFindings(out.check.findings, lang));
      }
      if (!out.accepted) exit(out.reason === 'input' ? 2 : 1);
    });
}
