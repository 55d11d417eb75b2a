/**
 * `landplan serve`: migrate the register and serve the API and the built web app on
 * http://127.0.0.1:8080 (PORT, HOST).
 *
 * The demo (the 巴楚县 2026 plan, generated parcels and supplies, one account per role with a
 * printed password) is loaded only with `--demo` (`npm start` passes it: the README's quick start)
 * or when the SQLite register already is the demo's. Any other register, and every PostgreSQL
 * register, starts as it is — an empty one with no account at all: the first administrator is made
 * with `landplan user add NAME --role admin`. `--demo` is refused on a register holding other data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openStore, optionsFromEnv } from '../../store/database.js';
import { buildApp } from '../../server/app.js';
import { wireDeps } from '../../server/wire.js';
import { ensureDemoAccounts } from '../../server/demo-accounts.js';
import { ROLE_NAMES } from '../../server/auth/roles.js';
import { loadDemoData, registerContent } from '../../services/demo-data.js';
import { listAccounts } from '../../services/accounts.js';
import { demoConstraints, demoLayers } from '../../services/demo-county.js';
import { UserError } from '../user-error.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB_ROOT = `${ROOT}web/dist`;
const DEMO_TEXT = `${ROOT}data/demo/bachu-2026-plan.txt`;

let layerCache: ReturnType<typeof demoLayers> | undefined;
function layers(): ReturnType<typeof demoLayers> {
  layerCache ??= demoLayers();
  return layerCache;
}

/** --trust-proxy / LANDPLAN_TRUST_PROXY: "true", a hop count, or a list of addresses and CIDRs. */
export function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^[0-9A-Fa-f.:/,\s]+$/.test(v)) throw new UserError(`--trust-proxy: 应为 true、跳数或代理地址列表 / must be true, a hop count or proxy addresses, got "${v}"`);
  return v;
}

export function registerServe(program: Command, _exit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the API and the web app; --demo loads the 巴楚县 2026 demo and its accounts')
    .option('--port <port>', 'port (env PORT)', process.env.PORT ?? '8080')
    .option('--host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'load the demo plan, parcels, supplies and one account per role (empty or demo register only)')
    .option('--no-demo', 'do not load the demo, even on the demo register')
    .option('--secure-cookies', 'served over HTTPS (directly or behind a proxy): Secure cookies and HSTS (env LANDPLAN_SECURE_COOKIES=1)')
    .option('--trust-proxy <spec>', 'behind a reverse proxy: "true", a hop count, or proxy addresses/CIDRs "127.0.0.1,10.0.0.0/8" whose X-Forwarded-For is believed (env LANDPLAN_TRUST_PROXY)')
    .action(async (opts: { port: string; host: string; demo?: boolean; secureCookies?: boolean; trustProxy?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`端口无效 / invalid port: ${opts.port}`);
      const secureCookies = opts.secureCookies ?? ['1', 'true'].includes(process.env.LANDPLAN_SECURE_COOKIES ?? '');
      const trustProxy = parseTrustProxy(opts.trustProxy ?? process.env.LANDPLAN_TRUST_PROXY);
      const store = await openStore(optionsFromEnv());
      const demoText = existsSync(DEMO_TEXT) ? readFileSync(DEMO_TEXT, 'utf8') : undefined;
      const content = await registerContent(store);
      if (opts.demo && content === 'other') {
        await store.close();
        throw new UserError(`登记库 ${store.location} 已有非演示数据，不能加载演示数据 / the register ${store.location} holds data that is not the demo's; --demo would mix demo rows into it`);
      }
      // PostgreSQL registers are real deployments: the demo only when asked for.
      const demo = opts.demo ?? (store.dialect === 'sqlite' && content === 'demo');
      let accounts: Awaited<ReturnType<typeof ensureDemoAccounts>> = [];
      if (demo) {
        if (!demoText) throw new UserError(`缺少演示文本 / demo text missing: ${DEMO_TEXT}`);
        const loaded = await loadDemoData(store, demoText);
        process.stdout.write(`${loaded}\n`);
        accounts = await ensureDemoAccounts(store);
      }
      if (!existsSync(`${WEB_ROOT}/index.html`)) process.stderr.write('landplan: web/dist 不存在，仅提供 API；先运行 npm run build:web / web app not built: run `npm run build:web`\n');
      const app = await buildApp({ deps: wireDeps(store, { demoPlanText: demoText, ...(demo ? { constraintLayers: async () => layers(), constraints: demoConstraints } : {}) }), webRoot: WEB_ROOT, logger: { level: process.env.LANDPLAN_LOG_LEVEL ?? 'info' }, secureCookies, trustProxy });
      try {
        await app.listen({ port, host: opts.host });
      } catch (e) {
        await store.close();
        throw new UserError(`无法监听 ${opts.host}:${port} / cannot listen on ${opts.host}:${port}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
      const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
      process.stdout.write(`\nlandplan 已启动 / serving on ${url}\n数据库 / database: ${store.location}\n`);
      if (accounts.length > 0) {
        process.stdout.write('\n演示账号（仅用于演示数据） / demo accounts (demo data only):\n');
        for (const a of accounts) process.stdout.write(`  ${a.username.padEnd(9)} ${a.password.padEnd(20)} ${ROLE_NAMES[a.role].zh} / ${ROLE_NAMES[a.role].en}\n`);
      } else if ((await listAccounts(store.db)).length === 0) {
        process.stdout.write('\n尚无账号：先运行 landplan user add 用户名 --role admin 创建管理员 / no accounts yet: create the first administrator with `landplan user add NAME --role admin`\n');
      }
      const stop = async (): Promise<void> => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
