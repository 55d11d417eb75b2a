/**
 * What the HTTP layer needs from the layers below it. `wire.ts` builds these from the store and
 * the services; tests may build them over an in-memory database. A capability left undefined is
 * not served (its routes are not registered), rather than faked.
 */
import type { Grant, Role } from '../domain/access.js';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Where each role applies (null: every jurisdiction); absent = everywhere. */
  readonly grants?: readonly Grant[];
  /** argon2 encoded hash; null = the account cannot log in. */
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  /** ISO instant until which logins are refused (too many failures), or null. */
  readonly lockedUntil?: string | null;
}

export interface UserDirectory {
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** Counts a login attempt for the per-account lockout; absent = no lockout (an app without a register). */
  recordLogin?(id: string, ok: boolean): Promise<void>;
}
