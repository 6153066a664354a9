// What every route gets from one onRoute hook instead of per-module copies (API.md 16, 19, 24; issue 12.9–10):
// - public routes document `security: []`;
// - unknown query parameters are a 400 on every operation, also those that declare none;
// - every POST documents Idempotency-Key, `required` where the server requires it (imports), and the two problems that
//   header can cause on any POST: 422 IDEMPOTENCY_KEY_REUSED and 409 IDEMPOTENCY_IN_FLIGHT (issue 21.5);
// - an action (`POST …/{id}:verb`) whose body has no required field may be sent with no body or with `{}`: the body
//   defaults to {} before validation and the contract says `requestBody.required: false` (x-body-optional, turned into
//   that by finishDocument); an action without a body schema gets the empty one, so `{"x":1}` is still a 400;
// - a body given as a registered schema (with $id) is replaced by a $ref to it, so the contract names the component
//   instead of inlining a copy.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from './errors.js';

type Json = Record<string, unknown>;

export const EmptyActionBodySchema = Type.Object({}, { $id: 'EmptyActionBody', additionalProperties: false, description: 'No input: send {} or no body at all.' });

export const BODY_OPTIONAL = 'x-body-optional';

const isAction = (route: RouteOptions) => route.method === 'POST' && /\/[^/]*[^:]::[a-zA-Z]+$/.test(route.url) && !route.url.endsWith('::import');

export function installRouteConventions(app: FastifyInstance): void {
  const resolve = (s: Json | undefined): Json | undefined => {
    if (!s) return s;
    if (typeof s.$ref === 'string') return app.getSchema(s.$ref) as Json | undefined;
    return s;
  };
  const defaultEmptyBody = async (request: { body: unknown }) => {
    request.body ??= {};
  };

  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as Json;
    if (route.config?.public && schema.security === undefined) schema.security = [];
    // Unknown query parameters are a 400 like unknown body fields (API.md 13), also on operations that declare none.
    if (route.url.startsWith('/v1/') || route.url === '/healthz' || route.url === '/readyz') {
      const query = schema.querystring as { type?: string; additionalProperties?: unknown } | undefined;
      if (!query) schema.querystring = { type: 'object', properties: {}, additionalProperties: false };
      else if (query.type === 'object' && query.additionalProperties === undefined) query.additionalProperties = false;
    }

    const body = schema.body as Json | undefined;
    if (body && typeof body.$id === 'string' && app.getSchema(body.$id)) schema.body = { $ref: body.$id };

    if (isAction(route)) {
      schema.body ??= { $ref: 'EmptyActionBody' };
      const resolved = resolve(schema.body as Json);
      const required = (resolved?.required as string[] | undefined) ?? [];
      if (resolved?.type === 'object' && required.length === 0) {
        schema[BODY_OPTIONAL] = true;
        const pre = route.preValidation;
        route.preValidation = pre ? [defaultEmptyBody, ...(Array.isArray(pre) ? pre : [pre])] : [defaultEmptyBody];
      }
    }

    if (route.method === 'POST' && route.url.startsWith('/v1/')) {
      const required = Boolean(route.config?.idempotencyRequired);
      const headers = (schema.headers ?? { type: 'object', properties: {} }) as { properties: Json; required?: string[] };
      schema.headers = {
        ...headers,
        properties: {
          ...headers.properties,
          'idempotency-key': {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description: required
              ? 'Required: a unique key per logical request; a retry with the same key and the same payload bytes replays the first response (24 h).'
              : 'Optional: a unique key per logical request; a retry with the same key and the same payload bytes replays the first response (24 h).',
          },
        },
        ...(required ? { required: [...new Set([...(headers.required ?? []), 'idempotency-key'])] } : {}),
      };
      const responses = (schema.response ??= {}) as Record<string, unknown>;
      for (const [status, problem] of Object.entries(problemResponses(409, 422))) responses[status] ??= problem;
    }
  });
}
