/**
 * The plan's life from the command line (issue 9 point 9; docs/plan-life.md):
 *   landplan plan new --jurisdiction CODE --year YYYY [--from-version ID] --actor USER
 *   landplan plan transition VERSION --to STATE --actor USER [--doc-number 文号] [--date D] [--until D] [--reason TEXT]
 *   landplan plan diff VERSION_A VERSION_B
 *   landplan plan versions --jurisdiction CODE --year YYYY
 * `--json` on each. Exit 0 done, 1 a refused transition (the reason printed), 2 unusable input
 * (an unknown user, version or state, a malformed date …). The actor must exist in the register and
 * hold the role the move needs.
 */
import type { Command } from 'commander';
import { RefusedError } from '../../store/errors.js';
import { newPlan, planVersionSummaries, requirePlanOf, transition, versionDiff, type VersionSummary } from '../../services/plan-lifecycle.js';
import { UserError } from '../user-error.js';
import { withRegister } from './db.js';

function positiveInt(v: string, what: string): number {
  if (!/^\d{1,10}$/.test(v) || Number(v) <= 0 || Number(v) > 2 ** 31) throw new UserError(`${what}: 应为正整数 / must be a positive integer, got "${v}"`);
  return Number(v);
}

function year(v: string): number {
  if (!/^\d{4}$/.test(v)) throw new UserError(`--year: 应为四位年份 / must be a four-digit year, got "${v}"`);
  return Number(v);
}

/** Runs `fn`; a refusal of the plan's life prints its reason and exits 1. */
async function refusable(json: boolean | undefined, exit: (code: number) => void, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof RefusedError)) throw e;
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, code: e.code, message: { zh: e.zh, en: e.en } })}\n`);
    else process.stderr.write(`不予办理 / refused (${e.code}): ${e.zh} / ${e.en}\n`);
    exit(1);
  }
}

function line(s: VersionSummary): string {
  const extra = [s.consultation ? `征求意见 ${s.consultation.from}–${s.consultation.until}` : '', s.docNumber ? `${s.docNumber} ${s.approvedOn ?? ''}` : '', s.publishedOn ? `公布 ${s.publishedOn}` : '', s.inForce ? '现行 / in force' : '']
    .filter(Boolean)
    .join(' · ');
  return `version ${s.id}  seq ${s.seq}  ${s.state} (${s.stateName.zh})${extra ? `  ${extra}` : ''}`;
}

export function registerPlanLife(plan: Command, exit: (code: number) => void): void {
  plan
    .command('new')
    .requiredOption('--jurisdiction <code>', 'jurisdiction code (e.g. 653130)')
    .requiredOption('--year <yyyy>', 'plan year')
    .option('--from-version <id>', 'start from this version\'s figures (normally last year\'s in force)')
    .requiredOption('--actor <username>', 'who starts it (a user holding editor or admin for the jurisdiction)')
    .option('--json', 'JSON output')
    .description('start a plan for a year: version 1, drafting')
    .action(async (o: { jurisdiction: string; year: string; fromVersion?: string; actor: string; json?: boolean }) => {
      const y = year(o.year);
      const from = o.fromVersion !== undefined ? positiveInt(o.fromVersion, '--from-version') : undefined;
      await refusable(o.json, exit, () =>
        withRegister(async (store) => {
          const r = await newPlan(store, { jurisdictionCode: o.jurisdiction, year: y, ...(from !== undefined ? { fromVersionId: from } : {}), actor: o.actor });
          process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `plan ${r.planId} version ${r.versionId} (${o.jurisdiction} ${y}): ${r.state}\n`);
        }),
      );
    });
  plan
    .command('transition')
    .argument('<version>', 'plan version id')
    .requiredOption('--to <state>', 'consultation | review | submitted | approved | published | withdrawn | closed')
    .requiredOption('--actor <username>', 'who makes the move (must hold the role it needs)')
    .option('--doc-number <文号>', 'the approval\'s document number')
    .option('--date <yyyy-mm-dd>', 'date of the move (consultation opens, approval, publication)')
    .option('--until <yyyy-mm-dd>', 'consultation closing date')
    .option('--reason <text>', 'why (withdrawal)')
    .option('--json', 'JSON output')
    .description('move a plan version to another state; refused (exit 1) with the reason when the state machine does not allow it')
    .action(async (version: string, o: { to: string; actor: string; docNumber?: string; date?: string; until?: string; reason?: string; json?: boolean }) => {
      const id = positiveInt(version, 'VERSION');
      await refusable(o.json, exit, () =>
        withRegister(async (store) => {
          const s = await transition(store, id, { to: o.to, ...(o.date !== undefined ? { date: o.date } : {}), ...(o.until !== undefined ? { until: o.until } : {}), ...(o.docNumber !== undefined ? { docNumber: o.docNumber } : {}), ...(o.reason !== undefined ? { reason: o.reason } : {}) }, o.actor);
          process.stdout.write(o.json ? `${JSON.stringify({ ok: true, version: s })}\n` : `${line(s)}\n`);
        }),
      );
    });
  plan
    .command('diff')
    .argument('<a>', 'plan version id')
    .argument('<b>', 'plan version id')
    .option('--json', 'JSON output')
    .description('compare two versions of a plan cell by cell (hectares), with the reason and the comments behind the change')
    .action(async (a: string, b: string, o: { json?: boolean }) => {
      const va = positiveInt(a, 'VERSION_A');
      const vb = positiveInt(b, 'VERSION_B');
      await withRegister(async (store) => {
        const d = await versionDiff(store.db, va, vb);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(d)}\n`);
          return;
        }
        process.stdout.write(`version ${d.from} → ${d.to}${d.reason ? `  理由 / reason: ${d.reason}` : ''}\n`);
        if (d.cells.length === 0) process.stdout.write('  指标无变化 / no figure changed\n');
        for (const c of d.cells) process.stdout.write(`  ${c.label.zh}${c.marginal ? '（小计）' : ''}: ${c.before} → ${c.after} 公顷 (${c.delta.startsWith('-') ? c.delta : `+${c.delta}`})\n`);
        for (const c of d.comments) process.stdout.write(`  意见 ${c.id} [${c.item.kind}${c.item.key ? ` ${c.item.key}` : ''}]: ${c.body}${c.answer ? `  → ${c.answer.kind}: ${c.answer.reason}` : ''}\n`);
      });
    });
  plan
    .command('versions')
    .requiredOption('--jurisdiction <code>', 'jurisdiction code')
    .requiredOption('--year <yyyy>', 'plan year')
    .option('--json', 'JSON output')
    .description('list the versions of a plan with their states, dates and 文号')
    .action(async (o: { jurisdiction: string; year: string; json?: boolean }) => {
      const y = year(o.year);
      await withRegister(async (store) => {
        const p = await requirePlanOf(store.db, o.jurisdiction, y);
        const versions = await planVersionSummaries(store.db, p.id);
        if (o.json) process.stdout.write(`${JSON.stringify({ planId: p.id, jurisdiction: o.jurisdiction, year: y, versions })}\n`);
        else {
          process.stdout.write(`plan ${p.id} ${p.name}\n`);
          for (const s of versions) process.stdout.write(`  ${line(s)}\n`);
        }
      });
    });
}
