/**
 * landplan command line. Every subcommand lives in commands/ and is listed in commands/index.ts.
 * `run` returns the exit code instead of exiting, so tests can call it in-process.
 * Exit codes: 0 fine · 1 findings of severity error · 2 unusable input or a refusal the user can
 * act on (one line, never a stack) · 3 an internal error (a bug or an outage: one line and a hint,
 * the stack with LANDPLAN_DEBUG=1).
 */
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { UserError, userErrorOf } from './user-error.js';

export async function run(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('landplan')
    .description('国有建设用地供应计划: audit, compile, record and supervise state-owned construction land supply plans')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await commandsFor(argv)) register(program, (code) => (exitCode = Math.max(exitCode, code)));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    const user = e instanceof UserError ? e : userErrorOf(e);
    if (user) {
      process.stderr.write(`landplan: ${user.message.split('\n')[0]}\n`);
      return user.exitCode;
    }
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (process.env.LANDPLAN_DEBUG === '1') process.stderr.write(`landplan: 内部错误 / internal error\n${e instanceof Error ? (e.stack ?? msg) : msg}\n`);
    else process.stderr.write(`landplan: 内部错误 / internal error: ${msg.split('\n')[0]}\n  (LANDPLAN_DEBUG=1 显示详细信息 / shows the details; please report it)\n`);
    return 3;
  }
  return exitCode;
}
