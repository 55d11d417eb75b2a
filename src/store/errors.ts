/**
 * Errors the register raises. Each names what the user can act on; the CLI prints the message as
 * one line (zh-CN first, English after " / ").
 */

/** Bad input: names the field (e.g. "cells[3].area") and says what was expected. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${field}: ${zh} / ${en}`);
    this.name = 'InputError';
  }
}

/** The database was written by a newer landplan than this one. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `数据库结构版本 ${found} 高于本程序支持的版本 ${supported}，请升级 landplan / ` +
        `the database schema version ${found} was written by a newer landplan (this one supports up to ${supported}); upgrade landplan`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Something the register refuses to do in its current state (e.g. record against a superseded version). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * A move the plan's life refuses (domain/plan/lifecycle.ts `checkTransition`): wrong state, wrong
 * role, a missing field, out of its dates, an open objection … `code` is stable (API 409, CLI exit 1).
 */
export class RefusedError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'RefusedError';
  }
}
