/**
 * `landplan user add|passwd|disable|grant|list` — accounts of the register (LANDPLAN_DATABASE_URL
 * or LANDPLAN_DATA_DIR). The first administrator of a new register:
 *
 *   landplan user add alice --role admin --display-name "张三"       (prints a generated password once)
 *   printf '%s\n' "$PW" | landplan user add bob --role editor@653130 --password-stdin
 *
 * A password comes from standard input (`--password-stdin`, first line) or is generated (20
 * characters) and printed once; it is never an argument (it would show in the process list and the
 * shell history). Changing a password, grants or disabling ends the user's sessions.
 */
import type { Command } from 'commander';
import { ROLE_NAMES } from '../../domain/access.js';
import { addAccount, changeGrant, changePassword, generatePassword, grantText, listAccounts, parseGrant, setAccountDisabled, type Account } from '../../services/accounts.js';
import { withRegister } from './db.js';
import { UserError } from '../user-error.js';

interface PasswordOptions {
  passwordStdin?: boolean;
  json?: boolean;
  actor?: string;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(c);
    size += c.length;
    if (size > 4096 || c.includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new UserError('--password-stdin: 标准输入中没有密码 / no password on standard input');
  return line;
}

/** The password to set and whether it was generated (then it is printed once). */
async function passwordFrom(o: PasswordOptions, username: string): Promise<{ password: string; generated: boolean }> {
  if (o.passwordStdin) return { password: await readStdinLine(), generated: false };
  return { password: generatePassword(username), generated: true };
}

function show(a: Account): string {
  const grants = a.grants.length ? a.grants.map(grantText).join(', ') : '(无角色 / no role)';
  return `${a.username.padEnd(16)} ${a.displayName.padEnd(12)} ${grants}${a.disabled ? '  [停用 disabled]' : ''}${a.locked ? '  [锁定 locked]' : ''}`;
}

function out(o: PasswordOptions, json: unknown, text: string): void {
  process.stdout.write(o.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

const actorOf = (o: PasswordOptions): string => o.actor ?? process.env.USER ?? 'cli';

export function registerUser(program: Command, _exit: (code: number) => void): void {
  const user = program.command('user').description('accounts: add, change password, disable, grant roles, list');
  const collect = (v: string, prev: string[]) => [...prev, v];
  user
    .command('add')
    .argument('<username>', '2–64 letters, digits or _.@-')
    .option('--role <role[@code]>', 'role, optionally for one jurisdiction: admin, editor@653130 … (repeatable)', collect, [])
    .option('--display-name <name>', 'name shown in the app (default: the username)')
    .option('--password-stdin', 'read the password from the first line of standard input (else one is generated and printed once)')
    .option('--actor <user>', 'who adds it, for the audit log')
    .option('--json', 'JSON output')
    .description('add an account; the first administrator: landplan user add NAME --role admin')
    .action(async (username: string, o: PasswordOptions & { role: string[]; displayName?: string }) => {
      const grants = o.role.map((r, i) => parseGrant(r, `--role[${i}]`));
      const { password, generated } = await passwordFrom(o, username);
      const a = await withRegister((store) => addAccount(store, { username, ...(o.displayName ? { displayName: o.displayName } : {}), password, grants }, actorOf(o)));
      out(o, { user: a, ...(generated ? { password } : {}) }, `已添加 / added: ${show(a)}${generated ? `\n初始密码（仅显示一次） / initial password (shown once): ${password}` : ''}`);
    });
  user
    .command('passwd')
    .argument('<username>')
    .option('--password-stdin', 'read the new password from standard input (else one is generated and printed once)')
    .option('--actor <user>', 'who changes it, for the audit log')
    .option('--json', 'JSON output')
    .description("set a user's password; their sessions end")
    .action(async (username: string, o: PasswordOptions) => {
      const { password, generated } = await passwordFrom(o, username);
      await withRegister((store) => changePassword(store, username, password, actorOf(o)));
      out(o, { username, passwordChanged: true, ...(generated ? { password } : {}) }, `已修改密码 / password changed: ${username}${generated ? `\n新密码（仅显示一次） / new password (shown once): ${password}` : ''}`);
    });
  user
    .command('disable')
    .argument('<username>')
    .option('--enable', 'enable the account again instead')
    .option('--actor <user>', 'who changes it, for the audit log')
    .option('--json', 'JSON output')
    .description('disable an account (its sessions end at once), or --enable it')
    .action(async (username: string, o: PasswordOptions & { enable?: boolean }) => {
      const a = await withRegister((store) => setAccountDisabled(store, username, !o.enable, actorOf(o)));
      out(o, { user: a }, `${o.enable ? '已启用 / enabled' : '已停用 / disabled'}: ${show(a)}`);
    });
  user
    .command('grant')
    .argument('<username>')
    .argument('<role[@code]>', 'e.g. editor@653130, or viewer for every jurisdiction')
    .option('--revoke', 'remove the grant instead')
    .option('--actor <user>', 'who changes it, for the audit log')
    .option('--json', 'JSON output')
    .description('grant a role (for one jurisdiction, or all), or --revoke it; the user logs in again')
    .action(async (username: string, role: string, o: PasswordOptions & { revoke?: boolean }) => {
      const g = parseGrant(role, 'role');
      const a = await withRegister((store) => changeGrant(store, username, g, o.revoke ?? false, actorOf(o)));
      out(o, { user: a }, `${o.revoke ? '已撤销 / revoked' : '已授予 / granted'} ${grantText(g)} (${ROLE_NAMES[g.role].zh}): ${show(a)}`);
    });
  user
    .command('list')
    .option('--json', 'JSON output')
    .description('list accounts with their roles')
    .action(async (o: PasswordOptions) => {
      const list = await withRegister((store) => listAccounts(store.db));
      if (o.json) process.stdout.write(`${JSON.stringify({ users: list })}\n`);
      else process.stdout.write(list.length ? `${list.map(show).join('\n')}\n` : '没有账号；先运行 landplan user add NAME --role admin / no accounts yet: run landplan user add NAME --role admin\n');
    });
}
