/**
 * Worker thread of services/supervise-json.ts: computes the parts of a county's supervision it is
 * sent, from the stored facts, and posts each back (its bytes and keys transferred, not copied).
 * It is terminated once every part is done (its read-only connection goes with it). It loads only
 * the part's code and the database's driver (store/facts-reader.ts); the store and the rule sets
 * are loaded only if a row's facts were stored under other rules and must be computed afresh.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OpenOptions } from '../store/database.js';
import { openFactsReader, type FactsQuery } from '../store/facts-reader.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import { supervisionPart } from './supervision-part.js';
import type { StoredFacts } from './stored-facts.js';

type PartQuery = FactsQuery & { readonly asOf: string };

const { open } = workerData as { open: OpenOptions };
const reader = await openFactsReader(open);
/** The facts source for rows stored under other rules: the store and the rule sets, loaded when first needed. */
let stale: Promise<(state: PipelineState) => StoredFacts> | undefined;
const staleSource = (q: PartQuery) =>
  (stale ??= (async () => {
    const [{ openStore }, { factsSource, pipelineRuleSet, pipelineRules }] = await Promise.all([import('../store/database.js'), import('./pipeline-rules.js')]);
    const store = await openStore({ ...open, migrate: false });
    try {
      return factsSource(pipelineRules(await pipelineRuleSet(store.db, q.jurisdictionCode, Number(q.asOf.slice(0, 4))))).of;
    } finally {
      await store.close();
    }
  })());

// Each message is a part to compute (all of one supervision: the same jurisdiction and date).
parentPort!.on('message', (query: PartQuery) => {
  void (async () => {
    try {
      const found = await supervisionPart(reader.pages(query), query.asOf, () => staleSource(query));
      // A small Buffer shares Node's pool, which cannot be transferred: give it its own memory.
      const own = found.bytes.byteOffset === 0 && found.bytes.byteLength === found.bytes.buffer.byteLength;
      const part = own ? found : { ...found, bytes: new Uint8Array(found.bytes) };
      parentPort!.postMessage({ ok: true, part }, [part.bytes.buffer as ArrayBuffer, part.ends.buffer as ArrayBuffer, part.keys.buffer as ArrayBuffer]);
    } catch (e) {
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
