/**
 * Server-side sessions. The browser holds only an opaque random token in an HTTP-only cookie;
 * each session carries its own CSRF token, which the client echoes in `x-csrf-token` on every
 * write (the token is also readable in the `lp_csrf` cookie: double submit). Sessions live in
 * memory and expire after `ttlMs` of inactivity; a restart logs everyone out.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from './roles.js';

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Where each role applies: a jurisdiction code, or null for every jurisdiction. */
  readonly grants: readonly Grant[];
}

export interface Grant {
  readonly role: Role;
  readonly jurisdictionCode: string | null;
}

export interface Session {
  readonly token: string;
  readonly csrfToken: string;
  readonly user: SessionUser;
  lastSeen: number;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(
    private readonly ttlMs = 8 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  create(user: SessionUser): Session {
    this.sweep();
    const s: Session = { token: randomToken(), csrfToken: randomToken(), user, lastSeen: this.now() };
    this.sessions.set(s.token, s);
    return s;
  }

  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (this.now() - s.lastSeen > this.ttlMs) {
      this.sessions.delete(token);
      return undefined;
    }
    s.lastSeen = this.now();
    return s;
  }

  destroy(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (t - s.lastSeen > this.ttlMs) this.sessions.delete(k);
  }
}
