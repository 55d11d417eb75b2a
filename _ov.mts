import { writeFileSync } from 'node:fs';
import { openStore } from '/work/main/src/store/database.js';
import { pipelineOverview } from '/work/main/src/services/pipeline-overview.js';
const store = await openStore({ sqlitePath: process.argv[2]!, migrate: false, readonly: true });
for (const asOf of process.argv.slice(4)) {
  const t = performance.now();
  const o = await pipelineOverview(store.db, { jurisdictionCode: '653130', asOf });
  console.log(asOf, Math.round(performance.now() - t), 'ms', o.items.length);
  writeFileSync(`${process.argv[3]}-${asOf}.json`, JSON.stringify(o));
}
await store.close();
