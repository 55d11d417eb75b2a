import { createContext, useContext } from 'react';

export type Role = 'admin' | 'editor' | 'reviewer' | 'approver' | 'viewer';
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
