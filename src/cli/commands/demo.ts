/** `landplan demo load`: put the 巴楚县 2026 plan into the register as version 1 (idempotent). */
import type { Command } from 'commander';
import { Area } from '../../domain/area.js';
import { loadDemo } from '../../services/demo.js';
import { withRegister } from './db.js';

export function registerDemo(program: Command, exit: (code: number) => void): void {
  const demo = program.command('demo').description('demo data');
  demo
    .command('load')
    .description('load the 巴楚县2026 plan as plan version 1 of jurisdiction 653130 (running it again changes nothing)')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      await withRegister(async (store) => {
        const r = await loadDemo(store, { actor: 'demo' });
        const total = Area.sum(r.version.cube.cells.map((c) => c.area));
        if (o.json) {
          const v = r.version;
          process.stdout.write(`${JSON.stringify({ status: r.status, planVersionId: v.id, inForceVersionId: r.inForce.id, jurisdiction: v.jurisdictionCode, year: v.year, seq: v.seq, versionStatus: v.status, totalHectares: total.formatHectares(2), cells: v.cube.cells.length, flagged: r.flagged })}\n`);
          if (r.status === 'differs') exit(1);
          return;
        }
        const what = { created: '已载入 / loaded', unchanged: '已存在，未改动 / already loaded, unchanged', differs: '已存在但与文本编译结果不同，未改动 / present but differs from the text; left unchanged' }[r.status];
        process.stdout.write(
          `demo: ${what}: plan version ${r.version.id} (653130 巴楚县 2026, seq ${r.version.seq}, ${r.version.status}), total ${total.formatHectares(2)} 公顷, ${r.version.cube.cells.length} category cells, ${r.flagged} flagged figure(s); in force: version ${r.inForce.id} (${r.inForce.status})\n`,
        );
        if (r.status === 'differs') exit(1);
      });
    });
}
