/**
 * A writer process for the concurrency test: records its share (i % writers === index) of the
 * workload's supplies and prints {"accepted":[ids],"refused":n} as its last line (with `stream`,
 * also "accepted ID" as each record is acknowledged).
 * argv: JSON {options, planVersionId, seed, count, writers, index, stream?}
 */
import { workloadSupplies } from '../../src/services/demo-workload.js';
import { openStore, type OpenOptions } from '../../src/store/database.js';
import { postDebit } from '../../src/store/ledger.js';

const arg = JSON.parse(process.argv[2]!) as { options: OpenOptions; planVersionId: number; seed: number; count: number; writers: number; index: number; stream?: boolean };
const store = await openStore(arg.options);
const accepted: number[] = [];
let refused = 0;
const supplies = workloadSupplies(arg.seed, arg.count);
for (let i = arg.index; i < supplies.length; i += arg.writers) {
  const s = supplies[i]!;
  const r = await postDebit(store, { planVersionId: arg.planVersionId, key: s.key, area: s.area, suppliedOn: '2026-06-01', actor: `writer-${arg.index}` });
  if (r.accepted) {
    accepted.push(r.recordId);
    // Streaming mode (crash test): report each record as soon as postDebit has returned.
    if (arg.stream) process.stdout.write(`accepted ${r.recordId}\n`);
  } else refused++;
}
await store.close();
process.stdout.write(`${JSON.stringify({ accepted, refused })}\n`);
