/**
 * landplan command line. Every subcommand lives in commands/ and is listed in commands/index.ts.
 * `run` returns the exit code instead of exiting, so tests can call it in-process.
 * Exit codes: 0 fine · 1 findings of severity error · 2 unusable input (one line, never a stack).
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { UserError } from './user-error.js';

export async function run(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('landplan')
    .description('国有建设用地供应计划: audit, compile, record and supervise state-owned construction land supply plans')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program, (code) => (exitCode = Math.max(exitCode, code)));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`landplan: ${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`landplan: ${msg.split('\n')[0]}\n`);
    return 2;
  }
  return exitCode;
}
