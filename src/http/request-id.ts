// The headers every response carries, set by one synchronous onRequest hook from objects computed once (issue 13):
// - X-Request-Id (API.md 22): a valid incoming X-Request-Id is kept, otherwise a random UUID is made; every response
//   echoes it. (Random v4, not v7: request ids need no order, and crypto.randomUUID costs a fraction of a UUIDv7.)
// - security headers for a JSON API (README "Security headers": which, and why not helmet's whole set);
// - CORS: `/v1/public/*` is open to any origin (`*`); everything else only to CORS_ORIGINS, echoing the origin with
//   `Vary: Origin` (the Vary only when there is an allow-list: without one the answer never depends on the Origin).
//   Preflights (OPTIONS with Access-Control-Request-Method) answer 204 from the same precomputed headers.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RawRequestDefaultExpression } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { allowedMethods } from './methods.js';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

export function genReqId(req: RawRequestDefaultExpression): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && VALID.test(given) ? given : randomUUID();
}

/**
 * The security headers of every response. /docs replaces the CSP with the one its page needs (http/openapi.ts docsCsp: @fastify/swagger-ui's
 * staticCSP). A JSON body is never rendered as a document: `default-src 'none'` lets nothing load or run, and
 * `frame-ancestors 'none'` forbids framing (what X-Frame-Options did, in every current browser).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
});

export const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
export const CORS_ALLOWED_HEADERS = 'authorization, content-type, if-match, if-none-match, idempotency-key, x-request-id';
export const CORS_EXPOSED_HEADERS = 'etag, location, idempotent-replayed, x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset';
const CORS_MAX_AGE = '600';

const isPublicPath = (url: string): boolean => url.startsWith('/v1/public/');

function responseHeadersPlugin(app: FastifyInstance, opts: { corsOrigins: string }) {
  const allowed = new Set(opts.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean));
  const security = Object.entries(SECURITY_HEADERS);
  // Any origin: the same two headers on every public answer (a shared cache may serve it to any origin).
  const publicCors: Array<[string, string]> = [
    ['access-control-allow-origin', '*'],
    ['access-control-expose-headers', CORS_EXPOSED_HEADERS],
  ];
  const preflight: Array<[string, string]> = [
    ['access-control-allow-methods', CORS_METHODS],
    ['access-control-allow-headers', CORS_ALLOWED_HEADERS],
    ['access-control-max-age', CORS_MAX_AGE],
  ];
  const varyOrigin = allowed.size > 0;

  app.decorateRequest('corsPreflight', false);
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply.header('x-request-id', request.id);
    for (let i = 0; i < security.length; i++) reply.header(security[i][0], security[i][1]);
    const isPreflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    // A preflight reaches the catch-all OPTIONS route below: decide by the path asked for, not the route matched.
    const isPublic = isPublicPath(isPreflight ? request.url : (request.routeOptions.url ?? ''));
    const origin = request.headers.origin;
    let allowOrigin = false;
    if (isPublic) {
      for (let i = 0; i < publicCors.length; i++) reply.header(publicCors[i][0], publicCors[i][1]);
      allowOrigin = true;
    } else {
      if (varyOrigin) reply.header('vary', 'Origin');
      if (origin !== undefined && allowed.has(origin)) {
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
        allowOrigin = true;
      }
    }
    if (isPreflight && origin !== undefined) {
      request.corsPreflight = true;
      if (allowOrigin) for (let i = 0; i < preflight.length; i++) reply.header(preflight[i][0], preflight[i][1]);
    }
    done();
  });
}

/**
 * Preflights: 204 with the headers above (none when the origin is not allowed: the browser then refuses). Any other
 * OPTIONS request is answered as RFC 9110 9.3.7 asks: 204 with the path's Allow (src/http/methods.ts), or a 404 on a
 * path no route knows. Registered by app.ts after the errors plugin (issue 21.2): a route
 * keeps the error handler of when it was added, so added here, before setErrorHandler, a preflight refused by a hook
 * (503 OVERLOADED while shedding) got Fastify's plain JSON instead of problem+json.
 */
export function registerPreflightRoute(app: FastifyInstance): void {
  app.options('*', { schema: { hide: true }, config: { public: true } }, (request, reply) => {
    if (!request.corsPreflight) {
      const allow = allowedMethods(app, request.url);
      if (!allow) return reply.callNotFound();
      return reply.code(204).header('allow', allow.join(', ')).header('content-length', '0').send();
    }
    reply.code(204).header('content-length', '0').send();
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** An OPTIONS request with Origin and Access-Control-Request-Method (answered by the catch-all OPTIONS route). */
    corsPreflight: boolean;
  }
}

export default fp(responseHeadersPlugin, { name: 'request-id' });
