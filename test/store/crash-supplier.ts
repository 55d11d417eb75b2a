/**
 * A child process for the supply crash test: records supplies with parcels through
 * services/record-supply, two at a time, printing "recorded ID" after each is acknowledged, until
 * the parent SIGKILLs it. argv: JSON {options, versionId, prefix}
 */
import { recordSupply } from '../../src/services/record-supply.js';
import { openStore, type OpenOptions } from '../../src/store/database.js';
import { lawfulSupply } from './supply-fixtures.js';

const arg = JSON.parse(process.argv[2]!) as { options: OpenOptions; versionId: number; prefix: string };
const store = await openStore(arg.options);
let n = 0;
async function worker(): Promise<void> {
  for (;;) {
    const id = `${arg.prefix}-${n++}`;
    const o = await recordSupply(store, { supply: lawfulSupply(id, { existingLandArea: { ha: '0.25' } }), planVersionId: arg.versionId, jurisdictionCode: '653130', actor: 'crash' });
    if (!o.accepted) throw new Error(`${id}: ${o.reason} ${o.message.en}`);
    process.stdout.write(`recorded ${id}\n`);
  }
}
await Promise.all([worker(), worker()]);
