/**
 * `landplan db migrate | verify | backup FILE | restore FILE [--force]` — the register's database.
 * The database is LANDPLAN_DATABASE_URL (PostgreSQL) or LANDPLAN_DATA_DIR/landplan.db (SQLite).
 */
import type { Command } from 'commander';
import { openStore, optionsFromEnv, type Store } from '../../store/database.js';
import { InputError, SchemaTooNewError } from '../../store/errors.js';
import { migrate } from '../../store/migrate.js';
import { verifyStore } from '../../store/verify.js';
import { backupStore, restoreStore } from '../../store/backup.js';
import { storedFactsCheck } from '../../services/pipeline-rules.js';
import { UserError } from '../user-error.js';

/** Opens the configured register; refusals the user can act on become one-line UserErrors. */
export async function withRegister<T>(fn: (store: Store) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  let store: Store | undefined;
  try {
    store = await openStore({ ...optionsFromEnv(), migrate: opts.migrate ?? true });
    return await fn(store);
  } catch (e) {
    if (e instanceof InputError || e instanceof SchemaTooNewError) throw new UserError(e.message);
    throw e;
  } finally {
    await store?.close();
  }
}

export function registerDb(program: Command, exit: (code: number) => void): void {
  const db = program.command('db').description('the plan register database: migrate, verify, backup, restore');
  db.command('migrate')
    .description('apply pending schema migrations (also done whenever the database is opened)')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      await withRegister(
        async (store) => {
          const r = await migrate(store);
          if (o.json) process.stdout.write(`${JSON.stringify({ from: r.from, to: r.to, location: store.location })}\n`);
          else process.stdout.write(r.from === r.to ? `schema version ${r.to}: up to date (${store.location})\n` : `schema version ${r.from} → ${r.to} (${store.location})\n`);
        },
        { migrate: false },
      );
    });
  db.command('verify')
    .description('recompute every balance from the ledger entries and every parcel journal\'s projections and deadline facts, check plan versions and the audit hash chain')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      await withRegister(async (store) => {
        const r = await verifyStore(store.db, { facts: storedFactsCheck(store.db, store.now()) });
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else {
          for (const l of r.lines) process.stdout.write(`${l}\n`);
          for (const p of r.problems) process.stdout.write(`PROBLEM ${p}\n`);
          process.stdout.write(r.ok ? 'verify: ok\n' : `verify: ${r.problems.length} problem(s)\n`);
        }
        if (!r.ok) exit(1);
      });
    });
  db.command('backup')
    .argument('<file>', 'backup file to write (portable JSON Lines with a sha256 checksum)')
    .description('back up the register (SQLite: online backup; PostgreSQL: consistent export); restorable into either database')
    .option('--json', 'JSON output')
    .action(async (file: string, o: { json?: boolean }) => {
      await withRegister(async (store) => {
        const r = await backupStore(store, file);
        if (o.json) process.stdout.write(`${JSON.stringify({ file, rows: r.rows, sha256: r.sha256 })}\n`);
        else process.stdout.write(`backup: ${r.rows} rows → ${file} (sha256 ${r.sha256})\n`);
      });
    });
  db.command('restore')
    .argument('<file>', 'backup file written by `landplan db backup`')
    .option('--force', 'replace a non-empty database')
    .option('--json', 'JSON output')
    .description('restore a backup (checksum checked first; all or nothing)')
    .action(async (file: string, o: { force?: boolean; json?: boolean }) => {
      await withRegister(async (store) => {
        const r = await restoreStore(store, file, { force: o.force ?? false });
        const v = await verifyStore(store.db, { facts: storedFactsCheck(store.db, store.now()) });
        if (o.json) process.stdout.write(`${JSON.stringify({ file, rows: r.rows, verify: { ok: v.ok, problems: v.problems } })}\n`);
        else process.stdout.write(`restore: ${r.rows} rows from ${file}; verify: ${v.ok ? 'ok' : `${v.problems.length} problem(s)`}\n`);
        if (!v.ok) exit(1);
      });
    });
}
