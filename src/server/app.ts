/**
 * The Fastify app. `buildApp` wires security (helmet with a self-only CSP, HTTP-only session
 * cookie, CSRF on every write, rate-limited login, a body limit), the routes, the OpenAPI
 * document and, when a built web app is given, the static files with an SPA fallback.
 * Tests call `buildApp(...)` and `app.inject`; `landplan serve` calls it and listens.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { ConflictError, InputError } from '../services/register.js';
import { RefusedError } from '../store/errors.js';
import { ApiError, errorBody, statusOf, zodDetails, type ErrorCode } from './errors.js';
import { requestLang } from './i18n.js';
import { allows } from './auth/roles.js';
import { memorySessions, SessionStore, storeSessions, type Session, type SessionLimits } from './auth/sessions.js';
import { isWrite, type AnyRoute } from './route.js';
import { openApiDocument } from './openapi.js';
import { allRoutes } from './routes/index.js';
import type { ServerDeps } from './deps.js';
import { csrfOk, sameOrigin, SESSION_COOKIE } from './auth/cookies.js';

export interface AppOptions {
  readonly deps: ServerDeps;
  /** Folder of the built web app (web/dist); omitted = API only. */
  readonly webRoot?: string;
  /**
   * Fastify's pino logger: true (info to stdout), options (level, stream), or false (tests only:
   * `landplan serve` always logs). Every request error is logged with its request id.
   */
  readonly logger?: boolean | { readonly level?: string; readonly stream?: { write(line: string): void } };
  /** Parse every response with its schema (tests); off in production for speed. */
  readonly validateResponses?: boolean;
  /** Bytes; default 2 MiB (a plan text is ~20 KB). */
  readonly bodyLimit?: number;
  readonly loginRateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /**
   * Served over HTTPS (directly or behind a TLS-terminating proxy): cookies are marked Secure and
   * HSTS is sent (one year). Off for plain HTTP on an intranet host, where both would break it.
   */
  readonly secureCookies?: boolean;
  /**
   * Behind a reverse proxy: which proxies to believe for the client address (X-Forwarded-For) and
   * host — true (any), a hop count, or addresses / CIDRs ("127.0.0.1,10.0.0.0/8"). Off by default:
   * the login limit per client is keyed to the connecting address.
   */
  readonly trustProxy?: boolean | number | string;
  readonly sessions?: SessionStore;
  /** Idle and absolute session lifetimes (defaults 2 h and 12 h). */
  readonly sessionLimits?: SessionLimits;
  readonly version?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    lpSession?: Session;
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === undefined ? false : opts.logger === true ? { level: 'info' } : opts.logger === false ? false : { level: opts.logger.level ?? 'info', ...(opts.logger.stream ? { stream: opts.logger.stream } : {}) },
    // A random id per request, logged with every line about it and returned in `x-request-id`.
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024,
    trustProxy: trustProxyOption(opts.trustProxy),
  });
  const sessions = opts.sessions ?? new SessionStore(opts.deps.store ? storeSessions(opts.deps.store) : memorySessions(), opts.deps.users, opts.sessionLimits);
  guardJsonDepth(app);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd's CSS-in-JS inserts <style> elements and React sets style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only under HTTPS: on a plain-HTTP intranet host it would lock browsers out.
    hsts: opts.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new ApiError('rate-limited'),
  });

  const send = (reply: FastifyReply, request: FastifyRequest, code: ErrorCode, err?: ApiError): void => {
    const lang = requestLang(request.query, request.headers['accept-language']);
    void reply
      .code(statusOf(code))
      .type('application/json; charset=utf-8')
      .send(errorBody(code, lang, err?.text, err?.details, request.id));
  };

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) return send(reply, request, error.code, error);
    if (error instanceof InputError) {
      const lang = requestLang(request.query, request.headers['accept-language']);
      return send(reply, request, 'validation', new ApiError('validation', undefined, [{ path: error.field, message: lang === 'en' ? error.en : error.zh }]));
    }
    if (error instanceof RefusedError) {
      // The plan's life refuses a move: 403 when the role may not, else 409 naming the reason's code.
      if (error.code === 'wrong-role') return send(reply, request, 'forbidden', new ApiError('forbidden', { zh: error.zh, en: error.en }, [{ path: 'reason', message: error.code }]));
      return send(reply, request, 'transition-refused', new ApiError('transition-refused', { zh: error.zh, en: error.en }, [{ path: 'reason', message: error.code }]));
    }
    if (error instanceof ConflictError) return send(reply, request, 'conflict', new ApiError('conflict', { zh: error.message, en: error.message }));
    const e = error as { code?: string; statusCode?: number };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return send(reply, request, 'payload-too-large');
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) return send(reply, request, 'unsupported-media-type');
    if (e.statusCode === 429) return send(reply, request, 'rate-limited');
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return send(reply, request, 'validation');
    // A bug or an outage: the stack goes to the log under the request id, never to the client.
    request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    return send(reply, request, 'internal');
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode }, 'request refused');
  });

  // Server-Timing: the time spent inside the app, so a client (or the bench) can tell server
  // work from network and scheduling delays.
  const started = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    started.set(request, performance.now());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    const t0 = started.get(request);
    if (t0 !== undefined) void reply.header('server-timing', `app;dur=${(performance.now() - t0).toFixed(2)}`);
    return payload;
  });

  const registry: AnyRoute[] = [];
  for (const r of allRoutes(opts.deps, sessions, { secureCookies: opts.secureCookies ?? false, loginRateLimit: opts.loginRateLimit })) {
    registry.push(r);
    mount(app, r, sessions, opts.validateResponses ?? false);
  }

  const doc = openApiDocument(registry, opts.version ?? '0.1.0');
  app.get('/api/openapi.json', async (_req, reply) => reply.type('application/json; charset=utf-8').send(doc));
  app.decorate('lpRoutes', registry);

  const webRoot = opts.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        void res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') return send(reply, request, 'not-found');
    // Client-side routes (/dashboard, /plan …) get the app shell.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    lpRoutes: readonly AnyRoute[];
  }
}

function mount(app: FastifyInstance, r: AnyRoute, sessions: SessionStore, validateResponses: boolean): void {
  app.route({
    method: r.method,
    url: r.url,
    ...(r.rateLimit ? { config: { rateLimit: { max: r.rateLimit.max, timeWindow: r.rateLimit.timeWindowMs } } } : {}),
    ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
    handler: async (request, reply) => {
      const lang = requestLang(request.query, request.headers['accept-language']);
      const session = await sessions.get(request.cookies[SESSION_COOKIE]);
      if (!allows(r.access, session?.user.roles)) throw new ApiError(session ? 'forbidden' : 'unauthenticated');
      // Two lines against cross-site writes: the browser's own word on where the request comes
      // from (Sec-Fetch-Site, Origin), then the CSRF token.
      if (isWrite(r) && (!sameOrigin(request) || !csrfOk(request, session))) throw new ApiError('csrf');
      const parse = (schema: AnyRoute['body'], value: unknown, where: string): unknown => {
        if (!schema) return undefined;
        const res = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
        if (!res.success) throw new ApiError('validation', undefined, zodDetails(res.error.issues, lang, where));
        return res.data;
      };
      refuseUnsafeInput(request, lang);
      const params = parse(r.params, request.params, 'params');
      const query = parse(r.query, stripLang(request.query), 'query');
      const body = parse(r.body, request.body, 'body');
      let status: number = r.status ?? 200;
      const out = await r.handler({ body, query, params, user: session?.user, session, lang, request, reply, setStatus: (s) => (status = s) });
      if (validateResponses) {
        const res = r.response.safeParse(out);
        if (!res.success) throw new Error(`response of ${r.method} ${r.url} does not match its schema: ${res.error.message}`);
      }
      if (reply.sent) return reply;
      return reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(out));
    },
  });
}

/** AppOptions.trustProxy as Fastify takes it (a hop count becomes "trust the n nearest"). */
function trustProxyOption(v: boolean | number | string | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return (_address, hop) => hop < v;
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}

/** Deeper JSON than any request of ours needs (a MultiPolygon is 5 levels inside a supply). */
export const MAX_JSON_DEPTH = 24;

/** Fastify's JSON parser (prototype-poisoning safe), refusing bodies nested deeper than MAX_JSON_DEPTH. */
function guardJsonDepth(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      if (depthExceeds(value, MAX_JSON_DEPTH)) {
        return done(new ApiError('validation', { zh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`, en: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }), undefined);
      }
      done(null, value);
    });
  });
}

function depthExceeds(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d >= max) return true;
    for (const c of Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
  return false;
}

/**
 * A NUL character never reaches the database (PostgreSQL refuses it in text with an error that
 * would surface as a 500): any string in the URL, the query or the body holding one is refused
 * with 400 naming where.
 */
function refuseUnsafeInput(request: FastifyRequest, lang: 'zh' | 'en'): void {
  const at = nulPath(request.params, 'params') ?? nulPath(request.query, 'query') ?? nulPath(request.body, 'body');
  if (at !== undefined) throw new ApiError('validation', undefined, [{ path: at, message: lang === 'en' ? 'contains a NUL character (U+0000)' : '含有空字符（U+0000）' }]);
}

function nulPath(v: unknown, path: string): string | undefined {
  const stack: [unknown, string][] = [[v, path]];
  while (stack.length) {
    const [x, p] = stack.pop()!;
    if (typeof x === 'string') {
      if (x.includes('\u0000')) return p;
    } else if (x && typeof x === 'object') {
      for (const [k, c] of Object.entries(x)) {
        if (k.includes('\u0000')) return `${p}.(key)`;
        stack.push([c, `${p}.${k}`]);
      }
    }
  }
  return undefined;
}

/** `lang` is a global query parameter, not part of each route's schema. */
function stripLang(query: unknown): unknown {
  if (typeof query !== 'object' || query === null || !('lang' in query)) return query;
  const { lang: _lang, ...rest } = query as Record<string, unknown>;
  return rest;
}
