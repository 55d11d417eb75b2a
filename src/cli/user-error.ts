/**
 * Errors the user can act on: printed as one line, with an exit code (2 by default). Anything else
 * that escapes a command is an internal error (exit 3, see main.ts).
 */
import { ConflictError, InputError, SchemaTooNewError } from '../store/errors.js';
import { StoreOpenError } from '../store/database.js';
import { RuleSetError } from '../domain/rule-set.js';
import { GeoFormatError } from '../geo/formats/errors.js';
import { CrsError } from '../geo/crs.js';
import { PlanTextError } from '../services/compile-plan-from-text.js';
import { UnreadableDocument } from '../audit/read.js';

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** File-system errors that name a path the user gave or configured. */
const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EROFS', 'EEXIST', 'EMFILE']);
/** Connection failures: the database the user configured is not reachable or refuses them. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '28P01', '28000', '3D000']);

/** The error as a one-line user error when it is one the user can act on, else undefined. */
export function userErrorOf(e: unknown): UserError | undefined {
  if (e instanceof InputError || e instanceof SchemaTooNewError || e instanceof ConflictError || e instanceof StoreOpenError) return new UserError(e.message);
  if (e instanceof RuleSetError || e instanceof GeoFormatError || e instanceof CrsError || e instanceof PlanTextError || e instanceof UnreadableDocument) return new UserError(e.message);
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && FILE_ERRORS.has(code)) return new UserError((e as Error).message);
  if (typeof code === 'string' && CONNECT_ERRORS.has(code)) return new UserError(`无法连接数据库 / cannot connect to the database: ${(e as Error).message}`);
  return undefined;
}
