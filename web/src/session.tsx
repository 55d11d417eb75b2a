import { createContext, useContext } from 'react';

import { ROLES, type Role } from '../../src/domain/access.js';

export { ROLES, type Role };
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export interface SessionCtx {
  readonly user: User | null;
  setUser(u: User | null): void;
}

export const SessionContext = createContext<SessionCtx>({ user: null, setUser: () => undefined });

export function useSession(): SessionCtx {
  return useContext(SessionContext);
}

export function hasRole(user: User | null, roles: readonly Role[]): boolean {
  return user !== null && user.roles.some((r) => roles.includes(r));
}
