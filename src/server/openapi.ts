/**
 * The OpenAPI 3.0 document, generated from the same zod schemas the routes validate with.
 */
import { z } from 'zod';
import { errorBodySchema } from './errors.js';
import type { AnyRoute } from './route.js';

type Json = Record<string, unknown>;

/** Named schemas (`.meta({id})`) collected as components; every $ref points at them. */
function schemaOf(s: z.ZodType, io: 'input' | 'output', components: Record<string, Json>): Json {
  const raw = JSON.stringify(z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' })).replace(/"#\/(?:definitions|\$defs)\//g, '"#/components/schemas/');
  const j = JSON.parse(raw) as Json;
  delete j.$schema;
  for (const key of ['definitions', '$defs']) {
    const defs = j[key] as Record<string, Json> | undefined;
    if (!defs) continue;
    for (const [name, def] of Object.entries(defs)) components[name] ??= def;
    delete j[key];
  }
  return j;
}

function parametersOf(s: z.ZodType | undefined, where: 'path' | 'query', components: Record<string, Json>): Json[] {
  if (!s) return [];
  const j = schemaOf(s, 'input', components);
  const props = (j.properties ?? {}) as Record<string, Json>;
  const required = new Set((j.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  }));
}

export function openApiDocument(routes: readonly AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const components: Record<string, Json> = {};
  // The error body is a named schema: this registers it under components/schemas/Error.
  schemaOf(errorBodySchema, 'output', components);
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const roles = r.access === 'public' ? 'public (no login)' : `roles: ${r.access.join(', ')}`;
    const op: Json = {
      tags: [r.tag],
      summary: r.summary.zh,
      description: `${r.summary.en}. Access: ${roles}.${r.method !== 'GET' ? ' Writes need the x-csrf-token header.' : ''}`,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parametersOf(r.params, 'path', components), ...parametersOf(r.query, 'query', components)],
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output', components) } } },
        default: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(r.access === 'public' ? { security: [] } : {}),
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input', components) } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'landplan API · 国有建设用地供应计划', version },
    paths,
    components: {
      schemas: { ...components },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lp_session' } },
    },
    security: [{ session: [] }],
  };
}
