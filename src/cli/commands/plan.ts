/**
 * `landplan plan check FILE.json [--rule-set ID] [--json] [--lang zh|en]`
 * Checks a plan JSON (src/domain/plan/plan-input.ts: entered in 公顷 or 亩) against the rule set in
 * force: findings with their rule and legal basis, both attachment tables, the five-year figures.
 * Exit 1 when a finding is an error, 2 when the file cannot be read.
 * `landplan plan rules` is an alias of `landplan rules` (commands/rules.ts).
 * `landplan plan load FILE.json --jurisdiction CODE --actor USER [--rule-set ID] [--status S]`
 * stores the compiled plan as a new plan in the register, with the resolved rule set in force. A
 * plan imported in a later state (e.g. published) gets the moves from drafting to it recorded, each
 * by the actor with role "import" (store/repos/plans.ts createPlan).
 */
import type { Command } from 'commander';
import { showHa } from '../../domain/plan/attachment-tables.js';
import { checkPlan } from '../../services/check-plan.js';
import { UserError } from '../user-error.js';
import { compilePlan } from '../../services/compile-plan.js';
import { ruleSetSnapshot } from '../../services/record-supply.js';
import { ruleSetById } from '../../services/rule-sets.js';
import { RuleSetError } from '../../domain/rule-set.js';
import { createPlan, type PlanStatus } from '../../store/repos/plans.js';
import { withRegister } from './db.js';
import { langOf, readJsonFile, renderFindings, toJson } from './output.js';
import { listRules } from './rules.js';
import { registerPlanLife } from './plan-life.js';

export function registerPlan(program: Command, exit: (code: number) => void): void {
  const plan = program.command('plan').description('a supply plan compiled as data (JSON, in 公顷 or 亩)');
  plan
    .command('check')
    .argument('<file>', 'plan JSON')
    .option('--rule-set <id>', 'rule set under data/rule-sets/ (default: the plan\'s own, else the national default)')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('check a plan against the rule set in force: findings, attachment tables, five-year comparison')
    .action((file: string, o: { ruleSet?: string; json?: boolean; lang?: string }) => {
      const lang = langOf(o.lang);
      const r = checkPlan(readJsonFile(file), o.ruleSet ? { ruleSetId: o.ruleSet } : {});
      if (o.json) {
        process.stdout.write(`${toJson({ file, ruleSet: r.ruleSet, findings: r.findings, tables: r.tables ?? null, fiveYear: r.fiveYear })}\n`);
      } else {
        const p = r.plan;
        process.stdout.write(`${p ? `${p.region} ${p.year}` : file} — ${lang === 'zh' ? '规则集' : 'rule set'} ${r.ruleSet.chain.join(' → ') || r.ruleSet.id}\n`);
        process.stdout.write(renderFindings(r.findings, lang));
        if (r.tables) {
          process.stdout.write(`\n${lang === 'zh' ? '附件1 汇总表（公顷）' : 'Attachment 1: summary (ha)'}\n`);
          for (const row of r.tables.summary.rows) {
            process.stdout.write(`  ${row.level ? '  ' : ''}${row.label.padEnd(14, '　')} ${showHa(row.area).padStart(10)}  ${row.sharePercent ? `${row.sharePercent}%` : ''}  ${lang === 'zh' ? '新增' : 'new'} ${showHa(row.newLand)}  ${lang === 'zh' ? '存量' : 'existing'} ${showHa(row.existingLand)}\n`);
          }
          for (const n of r.tables.summary.notes) process.stdout.write(`  注：${n}\n`);
          const h = r.tables.housing;
          process.stdout.write(`\n${lang === 'zh' ? '附件2 住房用地供应计划汇总表（公顷）' : 'Attachment 2: housing land (ha)'}\n`);
          for (const row of h.rows) process.stdout.write(`  ${row.level ? '  ' : ''}${row.label.padEnd(14, '　')} ${showHa(row.area).padStart(10)}\n`);
          if (h.countedSharePercent) process.stdout.write(`  三类住房占比 ${h.countedSharePercent}%\n`);
          for (const n of h.notes) process.stdout.write(`  注：${n}\n`);
        }
      }
      if (r.findings.some((f) => f.severity === 'error')) exit(r.plan ? 1 : 2);
    });
  plan
    .command('rules')
    .option('--rule-set <id>', 'rule set under data/rule-sets/', 'cn-2026')
    .option('--scope <scope>', 'plan | supply | parcel | post-supply')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('alias of `landplan rules`')
    .action(listRules);
  registerPlanLife(plan, exit);
  plan
    .command('load')
    .argument('<file>', 'plan JSON')
    .requiredOption('--jurisdiction <code>', 'jurisdiction code in the register (e.g. 653130)')
    .requiredOption('--actor <username>', 'who loads it')
    .option('--rule-set <id>', 'rule set in force, stored with the version (default: the plan\'s own, else the national default)')
    .option('--valid-from <date>', 'date the version is in force (default: publishedOn, else 1 January of the plan year)')
    .option('--status <status>', 'drafting | consultation | review | submitted | approved | published | withdrawn | closed: an imported plan\'s state, recorded as the moves that lead to it (by --actor, role "import")', 'drafting')
    .option('--json', 'JSON output')
    .description('compile a plan JSON and store it as version 1 of a new plan, with its rule set; refused on an error finding')
    .action(async (file: string, o: { jurisdiction: string; actor: string; ruleSet?: string; validFrom?: string; status: string; json?: boolean }) => {
      const compiled = compilePlan(readJsonFile(file));
      const errors = compiled.findings.filter((f) => f.severity === 'error');
      if (!compiled.plan || errors.length) {
        process.stdout.write(o.json ? `${toJson({ file, loaded: false, findings: compiled.findings })}\n` : renderFindings(compiled.findings, 'zh'));
        exit(2);
        return;
      }
      const p = compiled.plan;
      let rs;
      try {
        rs = ruleSetSnapshot(ruleSetById(o.ruleSet ?? compiled.ruleSetId));
      } catch (e) {
        if (e instanceof RuleSetError) throw new UserError(`--rule-set: ${e.message}`);
        throw e;
      }
      const v = await withRegister((store) =>
        createPlan(store, { jurisdictionCode: o.jurisdiction, year: p.year, ...(p.title ? { name: p.title } : {}), status: o.status as PlanStatus, cube: p.cube, ruleSet: rs, validFrom: o.validFrom ?? p.publishedOn ?? `${p.year}-01-01`, actor: o.actor }),
      );
      if (o.json) process.stdout.write(`${toJson({ file, loaded: true, planId: v.planId, versionId: v.id, jurisdiction: v.jurisdictionCode, year: v.year, status: v.status, ruleSet: rs.id, findings: compiled.findings })}\n`);
      else process.stdout.write(`plan ${v.planId} version ${v.id} (${v.jurisdictionCode} ${v.year}, ${v.status}), rule set ${rs.id}\n`);
    });
}
