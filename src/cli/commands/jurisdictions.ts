/**
 * `landplan jurisdictions load [--province CODE] [--json]` — the GB/T 2260 hierarchy into the
 * register, on demand (see services/load-jurisdictions.ts for the sources and their editions).
 * `landplan jurisdictions list [--below CODE] [--level L] [--json]` — what is loaded.
 */
import type { Command } from 'commander';
import { loadDivisions } from '../../services/load-jurisdictions.js';
import { jurisdictionCounts, listJurisdictions, unitsBelow, type JurisdictionLevel } from '../../store/repos/jurisdictions.js';
import { withRegister } from './db.js';
import { UserError } from '../user-error.js';

export function registerJurisdictions(program: Command): void {
  const j = program.command('jurisdictions').description('the administrative hierarchy (GB/T 2260): load it, list it');
  j.command('load')
    .description('load every province, prefecture and county-level unit of GB/T 2260 (current edition and retired codes); idempotent')
    .option('--province <code>', 'only one province (its code, e.g. 650000)')
    .option('--json', 'JSON output')
    .action(async (o: { province?: string; json?: boolean }) => {
      if (o.province !== undefined && !/^\d{2}0000$/.test(o.province)) throw new UserError(`--province 应为省级代码（如 650000），实为 "${o.province}" / --province must be a province code such as 650000`);
      await withRegister(async (store) => {
        const r = await loadDivisions(store, { ...(o.province !== undefined ? { province: o.province } : {}), actor: 'cli' });
        const counts = await jurisdictionCounts(store.db);
        if (o.json) process.stdout.write(`${JSON.stringify({ ...r, counts })}\n`);
        else {
          process.stdout.write(`${r.source}\n`);
          process.stdout.write(`载入 ${r.units} 个单位：新增 ${r.added}，更新 ${r.changed}，未变 ${r.unchanged}（其中已撤销代码 ${r.retired}）\n`);
          process.stdout.write(`现行：省级 ${counts.province}，地级 ${counts.prefecture}，县级 ${counts.county}；已撤销 ${counts.retired}\n`);
        }
      });
    });
  j.command('list')
    .description('list loaded units, optionally those below one unit')
    .option('--below <code>', 'only units below this one')
    .option('--level <level>', 'province | prefecture | county')
    .option('--json', 'JSON Lines output')
    .action(async (o: { below?: string; level?: string; json?: boolean }) => {
      await withRegister(async (store) => {
        const level = o.level as JurisdictionLevel | undefined;
        const rows = o.below !== undefined ? await unitsBelow(store.db, o.below, level ? { level } : {}) : (await listJurisdictions(store.db)).filter((u) => !level || u.level === level);
        for (const u of rows) process.stdout.write(o.json ? `${JSON.stringify(u)}\n` : `${u.code}\t${u.level}\t${u.name}${'validTo' in u && u.validTo ? `\t(撤销于 ${u.validTo})` : ''}\n`);
      });
    });
}
