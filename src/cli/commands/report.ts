/**
 * Upward reporting (上报):
 *   landplan report key [--key FILE] [--json]                 the county's public key (generates the key pair on first use)
 *   landplan report export --out F [--county C] [--key FILE] [--json]   the signed bundle
 *   landplan report trust COUNTY PUBLIC_KEY                   at the province: register a county's key
 *   landplan report import F [--json]                         at the province: verify and apply a bundle
 *   landplan report status [--json]                           at the province: who reported, when
 * Over a connection (PostgreSQL logical replication; README "Upward reporting over a connection"):
 *   landplan report publish                                   at the county (its register in schema county_CODE)
 *   landplan report subscribe --schema S --publisher CONNINFO at the province
 *   landplan report pull --schema S [--json]                  at the province: replay the replica into the national tables
 *   landplan report unsubscribe --schema S
 * And the monthly supervision report (report-monthly.ts):
 *   landplan report monthly --month YYYY-MM --out F.xlsx [--jurisdiction CODE] [--json]
 * Exit 1 when a bundle is refused (the message names the first bad line), 2 on other unusable input.
 */
import type { Command } from 'commander';
import { defaultKeyPath, dropSubscription, exportReport, importReport, publishRegister, pullReplica, reportKey, reportStatus, subscribeCounty, trustCounty, type ImportOutcome } from '../../services/report.js';
import { optionsFromEnv } from '../../store/database.js';
import { UserError } from '../user-error.js';
import { BundleError } from '../../store/report/verify.js';
import { withRegister } from './db.js';
import { addMonthlyReport } from './report-monthly.js';

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

export function registerReport(program: Command, exit: (code: number) => void): void {
  const report = program.command('report').description('upward reporting (上报): a county exports a signed bundle, the province imports it; the monthly supervision report (月报)');
  addMonthlyReport(report);
  report
    .command('key')
    .description('print the county’s public report key (creates the Ed25519 key pair, outside the database, on first use)')
    .option('--key <file>', 'private key file (default LANDPLAN_REPORT_KEY or LANDPLAN_DATA_DIR/report-key.pem)')
    .option('--json', 'JSON output')
    .action((o: { key?: string; json?: boolean }) => {
      const k = reportKey(o.key ?? defaultKeyPath());
      if (o.json) out(JSON.stringify({ publicKey: k.publicKey, keyFile: k.path, created: k.created }));
      else out(`${k.created ? '已生成密钥' : '密钥'} ${k.path}\n公钥（交省级登记）：${k.publicKey}`);
    });
  report
    .command('export')
    .requiredOption('--out <file>', 'bundle file to write')
    .option('--county <code>', 'the county (default: the only county in the register)')
    .option('--key <file>', 'private key file')
    .option('--json', 'JSON output')
    .description('write the county’s signed report bundle: audit log to its head, plans, versions, supplies, parcels …')
    .action(async (o: { out: string; county?: string; key?: string; json?: boolean }) => {
      await withRegister(async (store) => {
        const r = await exportReport(store, { out: o.out, keyPath: o.key ?? defaultKeyPath(), ...(o.county !== undefined ? { county: o.county } : {}) });
        if (o.json) out(JSON.stringify({ file: r.file, county: r.header.county, countyName: r.header.countyName, head: r.header.head, createdAt: r.header.createdAt, rows: r.rows, publicKey: r.key.publicKey, lines: r.trailer.lines }));
        else {
          out(`上报文件 ${r.file}：${r.header.county} ${r.header.countyName}，审计链至第 ${r.header.head.seq} 条，共 ${r.trailer.lines} 行`);
          out(Object.entries(r.rows).map(([t, n]) => `${t} ${n}`).join('，'));
          out(`签名公钥：${r.key.publicKey}`);
        }
      });
    });
  report
    .command('trust')
    .argument('<county>', 'county code')
    .argument('<publicKey>', 'the county’s public key (landplan report key, at the county)')
    .option('--actor <user>', 'who registers it', 'cli')
    .option('--json', 'JSON output')
    .description('at the province: register the key a county signs its reports with')
    .action(async (county: string, publicKey: string, o: { actor: string; json?: boolean }) => {
      await withRegister(async (store) => {
        await trustCounty(store, county, publicKey, o.actor);
        out(o.json ? JSON.stringify({ county, publicKey, trusted: true }) : `已登记 ${county} 的上报公钥`);
      });
    });
  report
    .command('import')
    .argument('<file>', 'a bundle written by landplan report export')
    .option('--json', 'JSON output')
    .description('at the province: verify the signature and the hash chains, then apply what is new (idempotent)')
    .action(async (file: string, o: { json?: boolean }) => {
      await withRegister(async (store) => {
        try {
          printImport(await importReport(store, file, { actor: 'cli' }), o.json);
        } catch (e) {
          if (!(e instanceof BundleError)) throw e;
          if (o.json) out(JSON.stringify({ refused: true, line: e.line, entry: e.entry ?? null, message: { zh: e.zh, en: e.en } }));
          else process.stderr.write(`拒绝导入 ${file}：${e.zh} / refused: ${e.en}\n`);
          exit(1);
        }
      });
    });
  report
    .command('publish')
    .option('--json', 'JSON output')
    .description('at the county (PostgreSQL, wal_level = logical): publish the register’s schema for the province to subscribe to')
    .action(async (o: { json?: boolean }) => {
      const schema = pgSchema();
      await withRegister(async (store) => {
        const r = await publishRegister(store, schema);
        out(o.json ? JSON.stringify({ schema, ...r }) : `已发布 ${r.publication}：${r.tables.join(', ')}`);
      });
    });
  report
    .command('subscribe')
    .requiredOption('--schema <name>', 'the county’s schema (the same name as at the county, e.g. county_653130)')
    .requiredOption('--publisher <conninfo>', 'libpq connection string to the county’s database')
    .option('--json', 'JSON output')
    .description('at the province: create the replica schema and subscribe to the county’s publication')
    .action(async (o: { schema: string; publisher: string; json?: boolean }) => {
      const url = databaseUrl();
      await withRegister(async (store) => {
        const r = await subscribeCounty(store, { databaseUrl: url, schema: o.schema, conninfo: o.publisher });
        out(o.json ? JSON.stringify({ schema: o.schema, ...r }) : `已订阅 ${r.subscription}：${r.tables.join(', ')}；用 landplan report pull --schema ${o.schema} 载入全国表`);
      });
    });
  report
    .command('pull')
    .requiredOption('--schema <name>', 'the county’s replicated schema')
    .option('--json', 'JSON output')
    .description('at the province: replay a county’s replicated schema into the national tables (verified like a file; idempotent)')
    .action(async (o: { schema: string; json?: boolean }) => {
      const url = databaseUrl();
      await withRegister(async (store) => printImport(await pullReplica(store, { databaseUrl: url, schema: o.schema, actor: 'cli' }), o.json));
    });
  report
    .command('unsubscribe')
    .requiredOption('--schema <name>', 'the county’s replicated schema')
    .option('--json', 'JSON output')
    .description('at the province: drop the subscription (the replicated rows and the national tables stay)')
    .action(async (o: { schema: string; json?: boolean }) => {
      await dropSubscription(databaseUrl(), o.schema);
      out(o.json ? JSON.stringify({ schema: o.schema, unsubscribed: true }) : `已取消订阅 ${o.schema}`);
    });
  report
    .command('status')
    .option('--json', 'JSON Lines output')
    .description('at the province: each reporting county, its key and when it last reported')
    .action(async (o: { json?: boolean }) => {
      await withRegister(async (store) => {
        for (const r of await reportStatus(store.db)) out(o.json ? JSON.stringify(r) : `${r.county}\t${r.name}\t审计链 ${r.headSeq}\t上报 ${r.reportedAt ?? '—'}\t导入 ${r.importedAt ?? '—'}\t${r.channel ?? ''}`);
      });
    });
}

function printImport(r: ImportOutcome, json: boolean | undefined): void {
  if (json) {
    out(JSON.stringify(r));
    return;
  }
  const what = r.status === 'applied' ? `已导入（审计链 ${r.previousHeadSeq} → ${r.head.seq}）` : r.status === 'unchanged' ? '与已上报内容相同，未作改动' : `早于已上报内容（第 ${r.head.seq} 条 ≤ ${r.previousHeadSeq}），未作改动`;
  out(`${r.county} ${r.countyName}：${what}`);
  if (r.status === 'applied') out(Object.entries(r.applied).map(([t, n]) => `${t} ${n}`).join('，'));
  out(`上报时间 ${r.reportedAt}，导入时间 ${r.importedAt}`);
}

function databaseUrl(): string {
  const url = optionsFromEnv().databaseUrl;
  if (!url) throw new UserError('逻辑复制需要 PostgreSQL：请设置 LANDPLAN_DATABASE_URL / logical replication needs PostgreSQL: set LANDPLAN_DATABASE_URL');
  return url;
}

function pgSchema(): string {
  databaseUrl();
  const schema = optionsFromEnv().pgSchema;
  if (!schema) throw new UserError('请用 LANDPLAN_DATABASE_SCHEMA 指明县级登记簿所在的模式（如 county_653130） / set LANDPLAN_DATABASE_SCHEMA to the register’s schema, e.g. county_653130');
  return schema;
}
