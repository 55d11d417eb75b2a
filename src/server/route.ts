/**
 * One way to declare a route: method, URL, who may call it, zod schemas for params, query, body
 * and response, and a handler. The same declaration validates requests, (optionally) checks
 * responses, enforces roles and CSRF, and feeds the OpenAPI document, so they cannot drift.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Bilingual, Lang } from '../domain/finding.js';
import type { Access } from './auth/roles.js';
import type { Session, SessionUser } from './auth/sessions.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  readonly user: SessionUser | undefined;
  readonly session: Session | undefined;
  readonly lang: Lang;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** Answer with another success status than the route's default (e.g. 200 for a replayed write). */
  setStatus(status: 200 | 201): void;
}

export interface RouteDef<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** Fastify syntax: `/api/plans/:planId`. */
  readonly url: string;
  readonly tag: string;
  readonly summary: Bilingual;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response: R;
  readonly status?: 200 | 201;
  /** Requests per window per client IP (login). */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** Bytes, when the app's default body limit does not fit this route. */
  readonly bodyLimit?: number;
  readonly handler: (ctx: RouteContext<Infer<B>, Infer<Q>, Infer<P>>) => Promise<z.input<R>>;
}

/** A route with its types erased, as the registry holds it. */
export interface AnyRoute {
  readonly method: HttpMethod;
  readonly url: string;
  readonly tag: string;
  readonly summary: Bilingual;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  readonly status?: 200 | 201;
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  readonly bodyLimit?: number;
  readonly handler: (ctx: RouteContext<unknown, unknown, unknown>) => Promise<unknown>;
}

export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(def: RouteDef<B, Q, P, R>): AnyRoute {
  return def as unknown as AnyRoute;
}

export function isWrite(r: Pick<AnyRoute, 'method'>): boolean {
  return r.method !== 'GET';
}
