/** Every subcommand of `landplan`, in the order `--help` lists them. */
import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerCheckOverlay } from './check-overlay.js';
import { registerImport } from './import.js';
import { registerDb } from './db.js';
import { registerDemo } from './demo.js';
import { registerServe } from './serve.js';
import { registerPlan } from './plan.js';
import { registerSupply } from './supply.js';
import { registerIdleScan } from './idle-scan.js';
import { registerRules } from './rules.js';
import { registerPlanExport } from './plan-export.js';
import { registerPipeline } from './pipeline.js';
import { registerUser } from './user.js';
import { registerJurisdictions } from './jurisdictions.js';
import { registerReport } from './report.js';

/** Adds one subcommand; `exit` raises the process exit code (the highest code wins). */
export type CommandRegistrar = (program: Command, exit: (code: number) => void) => void;

export const COMMANDS: readonly CommandRegistrar[] = [registerAudit, registerDb, registerDemo, registerServe, registerImport, registerCheckOverlay, registerPlan, registerPlanExport, registerRules, registerSupply, registerIdleScan, registerPipeline, registerUser, registerJurisdictions, registerReport];
