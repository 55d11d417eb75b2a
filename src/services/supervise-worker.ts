/**
 * Worker thread of services/supervise-json.ts: computes one part of a county's supervision from the
 * stored facts and posts it back (its bytes and keys transferred, not copied). It loads only the
 * part's code and the database's driver (store/facts-reader.ts); the store and the rule sets are
 * loaded only if a row's facts were stored under other rules and must be computed afresh.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OpenOptions } from '../store/database.js';
import { openFactsReader, type FactsQuery } from '../store/facts-reader.js';
import { supervisionPart } from './supervision-part.js';

const { open, query } = workerData as { open: OpenOptions; query: FactsQuery & { asOf: string } };
const reader = await openFactsReader(open);
try {
  const found = await supervisionPart(reader.pages(query), query.asOf, async () => {
    const [{ openStore }, { factsSource, pipelineRuleSet, pipelineRules }] = await Promise.all([import('../store/database.js'), import('./pipeline-rules.js')]);
    const store = await openStore({ ...open, migrate: false });
    try {
      return factsSource(pipelineRules(await pipelineRuleSet(store.db, query.jurisdictionCode, Number(query.asOf.slice(0, 4))))).of;
    } finally {
      await store.close();
    }
  });
  // A small Buffer shares Node's pool, which cannot be transferred: give it its own memory.
  const own = found.bytes.byteOffset === 0 && found.bytes.byteLength === found.bytes.buffer.byteLength;
  const part = own ? found : { ...found, bytes: new Uint8Array(found.bytes) };
  parentPort!.postMessage({ ok: true, part }, [part.bytes.buffer as ArrayBuffer, part.ends.buffer as ArrayBuffer, part.keys.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  await reader.close();
}
