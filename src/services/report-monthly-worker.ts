/**
 * Worker thread of services/report-monthly.ts `monthlyReportInWorker`: opens its own connection to
 * the register (read-only on SQLite), writes the one report it is sent and posts its bytes back
 * (transferred, not copied), then ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type OpenOptions } from '../store/database.js';
import { monthlyReport } from './report-monthly.js';

const { open, query } = workerData as { open: OpenOptions; query: Parameters<typeof monthlyReport>[1] };
const store = await openStore({ ...open, migrate: false });
try {
  const r = await monthlyReport(store.db, query);
  const bytes = r.bytes.byteOffset === 0 && r.bytes.byteLength === r.bytes.buffer.byteLength ? r.bytes : new Uint8Array(r.bytes);
  parentPort!.postMessage({ ok: true, report: { ...r, bytes } }, [bytes.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  await store.close();
}
