/**
 * Demo accounts, one per role, created with the demo data (never without it). Their passwords
 * are printed by `landplan serve`: they exist to let a newcomer look around, not to protect data.
 */
import type { Store } from '../store/database.js';
import { createUser, getUserByUsername } from '../services/register.js';
import { hashPassword } from '../services/accounts.js';
import { ROLE_NAMES, ROLES, type Role } from './auth/roles.js';

export interface DemoAccount {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = ROLES.map((role) => ({ username: role, password: `${role}-demo-2026`, role }));

/** Creates the demo accounts that do not exist yet; returns the accounts list. */
export async function ensureDemoAccounts(store: Store): Promise<readonly DemoAccount[]> {
  for (const a of DEMO_ACCOUNTS) {
    if (await getUserByUsername(store.db, a.username)) continue;
    await createUser(
      store,
      { username: a.username, displayName: `${ROLE_NAMES[a.role].zh}（演示）`, passwordHash: await hashPassword(a.password), roles: [{ role: a.role, jurisdictionCode: null }] },
      'landplan serve (demo)',
    );
  }
  return DEMO_ACCOUNTS;
}
