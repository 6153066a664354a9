// The contract (API.md 24–25): @fastify/swagger builds OpenAPI 3.1 from the route schemas; shared schemas become
// named components. One transform adds what every operation shares: request-id and rate-limit headers, Retry-After
// on 409/429/503, Location on every 201, Idempotent-Replayed on what a replay can answer, integer formats and the
// default bearer security (public routes declare security: []).
import type { FastifyInstance } from 'fastify';
import { named } from './plugin-name.js';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { PROBLEM_CONTENT_TYPE, problemDescriptions } from './errors.js';
import { BODY_OPTIONAL } from './route-conventions.js';

export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

const commonHeaders: Json = {
  XRequestId: { description: 'The request id (echoes a valid X-Request-Id, or a generated one).', schema: { type: 'string', maxLength: 128 } },
  RateLimitLimit: { description: 'Requests allowed in the current window.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 } },
  RateLimitRemaining: { description: 'Requests left in the current window.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 } },
  RateLimitReset: { description: 'Seconds until the window resets.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 } },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 } },
  Location: {
    description: 'The path of the created resource on this server (sent with every 201; a replay repeats it).',
    schema: { type: 'string', format: 'uri-reference', maxLength: 2000 },
  },
  Allow: {
    description: 'The methods the path serves (RFC 9110 10.2.1): HEAD with GET, and OPTIONS.',
    schema: { type: 'string', maxLength: 100, pattern: '^[A-Z]+(, [A-Z]+)*$' },
  },
  IdempotentReplayed: {
    description:
      '`true` when this answer is the stored response to an earlier POST with the same Idempotency-Key and payload (a replay, API.md 16): nothing was done again. Absent otherwise.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Access-Control-Allow-Origin': {
    description: 'CORS: `*` on /v1/public routes; on other routes the request Origin when it is listed in CORS_ORIGINS (absent otherwise).',
    schema: { type: 'string', maxLength: 2000 },
  },
};

/** Length bounds implied by a string format (API.md 7), stated in the document so linters and clients see them. */
const FORMAT_MAX_LENGTH: Record<string, number> = { date: 10, 'date-time': 35, uuid: 36, uri: 2000, email: 254 };

function addIntegerFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addIntegerFormats);
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.type === 'string' && typeof o.format === 'string' && o.maxLength === undefined && FORMAT_MAX_LENGTH[o.format]) {
    o.maxLength = FORMAT_MAX_LENGTH[o.format];
  }
  if (o.type === 'integer' && o.format === undefined) {
    const max = typeof o.maximum === 'number' ? o.maximum : Infinity;
    const min = typeof o.minimum === 'number' ? o.minimum : -Infinity;
    o.format = max <= 2147483647 && min >= -2147483648 ? 'int32' : 'int64';
  }
  for (const v of Object.values(o)) addIntegerFormats(v);
}

/** Names of the shared error responses (components.responses), one per status. */
const PROBLEM_RESPONSE_NAMES: Record<string, string> = {
  400: 'BadRequest', 401: 'Unauthenticated', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
  412: 'PreconditionFailed', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'Unprocessable', 428: 'PreconditionRequired',
  429: 'RateLimited', 500: 'Internal', 503: 'Unavailable',
};

/**
 * The problem statuses a POST's handler can answer after its Idempotency-Key was claimed, so a replay may repeat them
 * (src/http/idempotency.ts stores every answer below 500). 401 and 429 come before the key is read; 405 never on a POST route.
 */
const REPLAYABLE_PROBLEMS = new Set(['400', '403', '404', '409', '412', '413', '415', '422', '428']);
const replayedHeader = { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } };

const acceptsIdempotencyKey = (op: Json): boolean =>
  ((op.parameters ?? []) as Json[]).some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');

function responseHeaders(status: string): Json {
  return {
    'X-Request-Id': { $ref: '#/components/headers/XRequestId' },
    'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
    'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
    'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
    'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
    // 409: IDEMPOTENCY_IN_FLIGHT says when to retry.
    ...(status === '409' || status === '429' || status === '503' ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
    ...(status === '405' ? { Allow: { $ref: '#/components/headers/Allow' } } : {}),
  };
}

/** A problem response exactly as problemResponses() declares it, so every operation can share one component. */
function isStandardProblem(status: string, res: Json): boolean {
  const content = res.content as Record<string, Json> | undefined;
  const keys = Object.keys(content ?? {});
  return (
    PROBLEM_RESPONSE_NAMES[status] !== undefined &&
    res.description === problemDescriptions[Number(status)] &&
    keys.length === 1 &&
    keys[0] === PROBLEM_CONTENT_TYPE &&
    (content![PROBLEM_CONTENT_TYPE].schema as Json | undefined)?.$ref === '#/components/schemas/Problem'
  );
}

export function finishDocument(doc: Json): Json {
  const components = (doc.components ??= {}) as Json;
  components.headers = { ...(components.headers as Json), ...commonHeaders };
  const sharedResponses = (components.responses ??= {}) as Record<string, Json>;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const schemas = (components.schemas ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    for (const op of Object.values(item)) {
      // A parameter whose schema is a $ref (an enum) gets the description of the component it names.
      for (const p of (op.parameters ?? []) as Json[]) {
        const schema = p.schema as Json | undefined;
        if (p.description || !schema) continue;
        const ref = typeof schema.$ref === 'string' ? schemas[schema.$ref.split('/').pop()!] : undefined;
        const text = (schema.description as string | undefined) ?? (ref?.description as string | undefined);
        if (text) p.description = text;
      }
      // An action whose body may be absent (route-conventions.ts) says so. (The sheet bodies of an :import are
      // documented by the import pipeline itself: sheetBodies in src/http/tabular.)
      const body = op.requestBody as Json | undefined;
      if (op[BODY_OPTIONAL]) {
        if (body) body.required = false;
        delete op[BODY_OPTIONAL];
      }
      const responses = (op.responses ?? {}) as Record<string, Json>;
      const keyed = acceptsIdempotencyKey(op);
      for (const [status, res] of Object.entries(responses)) {
        if (res.$ref) continue;
        if (isStandardProblem(status, res)) {
          const name = PROBLEM_RESPONSE_NAMES[status];
          sharedResponses[name] ??= {
            description: res.description,
            headers: { ...responseHeaders(status), ...(REPLAYABLE_PROBLEMS.has(status) ? replayedHeader : {}) },
            content: res.content,
          };
          responses[status] = { $ref: `#/components/responses/${name}` };
          continue;
        }
        // 204 No Content and 304 Not Modified have no body (RFC 9110 15.3.5, 15.4.5): @fastify/swagger turns a bare
        // `{ description }` into a JSON schema, so the content it makes of one is dropped here.
        if (status === '204' || status === '304') delete res.content;
        const own = { ...(res.headers as Json | undefined) };
        // Every create sends Location (API.md 10): one component, whatever case a route wrote it in.
        if (status === '201') {
          delete own.location;
          own.Location = { $ref: '#/components/headers/Location' };
        }
        const replayable = keyed && Number(status) < 500 && status !== '401' && status !== '429';
        res.headers = { ...own, ...responseHeaders(status), ...(replayable ? replayedHeader : {}) };
      }
    }
  }
  addIntegerFormats(doc);
  return doc;
}

async function openapiPlugin(app: FastifyInstance, opts: { docs: boolean }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xiaoneng (效能) API',
        version: API_VERSION,
        description:
          'The campaign to improve the work style of officials and the efficiency of government offices (转变干部作风、加强机关行政效能建设): ' +
          'phases and phase reports, the rectification ledger (整改台账), the approval-item cleanup (行政审批事项清理), the fee-item review ' +
          '(行政事业性收费清理), and a change feed. Errors are RFC 9457 problem+json with stable codes.',
        contact: { name: '自治区效能建设领导小组办公室' },
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      // Relative: "Try it out" on /docs and generated clients talk to the server that served the document, plain-HTTP
      // `npm start` (http://127.0.0.1:3000) included; clients elsewhere pass their own baseUrl.
      servers: [
        {
          url: '/',
          description: 'The server that serves this document: local (npm start, plain HTTP on http://127.0.0.1:3000) or a production deployment behind TLS.',
          'x-internal': true,
        } as never,
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer xn_<prefix>_<secret>`.' },
        },
      },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'units', description: 'Agencies (单位)' },
        { name: 'api-keys', description: 'API keys and roles' },
        { name: 'events', description: 'The audit trail and change feed' },
        { name: 'meta', description: 'Enum labels' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'campaigns', description: 'Campaigns, phases and phase reports (工作步骤)' },
        { name: 'problems', description: 'Problems found (查摆问题)' },
        { name: 'rectification', description: 'The rectification ledger (整改台账)' },
        { name: 'commitments', description: 'Public commitments (公开承诺)' },
        { name: 'approvals', description: 'The approval-item cleanup (行政审批事项清理)' },
        { name: 'fees', description: 'The fee-item review (行政事业性收费清理)' },
        { name: 'opinions', description: 'Opinions and complaints (意见建议): intake, the 12345-style work order, the working-day calendar' },
        { name: 'public', description: 'Public, keyless, cacheable routes' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transformObject: (documentObject) => finishDocument((documentObject as { openapiObject: Json }).openapiObject) as never,
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  if (opts.docs) await app.register(named('docs', docsPlugin));
}

/**
 * The CSP of the /docs page: @fastify/swagger-ui's staticCSP, except that `upgrade-insecure-requests` is sent only to a
 * request that came over TLS (request.protocol, which honours TRUST_PROXY's X-Forwarded-Proto). On a plain-HTTP host
 * (an intranet `npm start`) the directive would rewrite every asset to https and leave the page blank (issue 21).
 */
export function docsCsp(csp: { script: string[]; style: string[] }, tls: boolean): string {
  return (
    "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; " +
    `object-src 'none'; script-src 'self' ${csp.script.join(' ')}; script-src-attr 'none'; style-src 'self' https: ${csp.style.join(' ')};` +
    (tls ? ' upgrade-insecure-requests;' : '')
  );
}

// Not fastify-plugin: the onSend hook below is scoped to the /docs routes registered in this context.
async function docsPlugin(app: FastifyInstance) {
  const decorated = app as FastifyInstance & { swaggerCSP?: { script: string[]; style: string[] } };
  let plain: string | undefined;
  let tls: string | undefined;
  app.addHook('onSend', (request, reply, _payload, done) => {
    const csp = decorated.swaggerCSP ?? { script: [], style: [] };
    if (request.protocol === 'https') reply.header('content-security-policy', (tls ??= docsCsp(csp, true)));
    else reply.header('content-security-policy', (plain ??= docsCsp(csp, false)));
    done();
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
}

export default fp(openapiPlugin, { name: 'openapi' });
