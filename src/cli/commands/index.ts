/**
 * Every subcommand of `landplan`, in the order `--help` lists them, each loaded only when needed:
 * `landplan supervise` does not load the document renderers, the spreadsheet writer or the web
 * server (loading every command costs about 2 s on a 2-core server). `names` are the top-level
 * commands a module registers (test/cli/commands.test.ts checks them against the modules).
 */
import type { Command } from 'commander';

/** Adds one subcommand; `exit` raises the process exit code (the highest code wins). */
export type CommandRegistrar = (program: Command, exit: (code: number) => void) => void;

export interface CommandModule {
  readonly names: readonly string[];
  readonly load: () => Promise<CommandRegistrar>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['audit'], load: async () => (await import('./audit.js')).registerAudit },
  { names: ['db'], load: async () => (await import('./db.js')).registerDb },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServe },
  { names: ['import'], load: async () => (await import('./import.js')).registerImport },
  { names: ['check-overlay'], load: async () => (await import('./check-overlay.js')).registerCheckOverlay },
  { names: ['plan'], load: async () => (await import('./plan.js')).registerPlan },
  { names: ['plan'], load: async () => (await import('./plan-export.js')).registerPlanExport },
  { names: ['rules'], load: async () => (await import('./rules.js')).registerRules },
  { names: ['supply'], load: async () => (await import('./supply.js')).registerSupply },
  { names: ['idle-scan'], load: async () => (await import('./idle-scan.js')).registerIdleScan },
  { names: ['pipeline', 'supervise'], load: async () => (await import('./pipeline.js')).registerPipeline },
  { names: ['user'], load: async () => (await import('./user.js')).registerUser },
  { names: ['jurisdictions'], load: async () => (await import('./jurisdictions.js')).registerJurisdictions },
  { names: ['report'], load: async () => (await import('./report.js')).registerReport },
];

/** The registrars for a command line: those of its command, or all of them (help, an unknown command). */
export async function commandsFor(argv: readonly string[]): Promise<CommandRegistrar[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const mine = COMMAND_MODULES.filter((m) => name !== undefined && m.names.includes(name));
  return Promise.all((mine.length ? mine : COMMAND_MODULES).map((m) => m.load()));
}

/** Every registrar, in help order. */
export function allCommands(): Promise<CommandRegistrar[]> {
  return Promise.all(COMMAND_MODULES.map((m) => m.load()));
}
