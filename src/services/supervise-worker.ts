/**
 * Worker thread of services/supervise-json.ts: opens the register (read-only for SQLite), computes
 * one part of a county's supervision and posts it back (the sort keys transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type OpenOptions } from '../store/database.js';
import { supervisionPart, type PartQuery } from './supervise-json.js';

const { open, query } = workerData as { open: OpenOptions; query: PartQuery };
const store = await openStore({ ...open, migrate: false });
try {
  const part = await supervisionPart(store.db, query);
  parentPort!.postMessage({ ok: true, part }, [part.keys.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  await store.close();
}
