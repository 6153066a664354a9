// One error path (RFC 9457 problem+json): domain code throws AppError with a stable code; one handler writes the body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Type, type Static } from 'typebox';
import { allowedMethods, holdsAction, installMethodRegistry } from './methods.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The stable error codes of the contract (API.md 8): never renamed within v1. */
export const ErrorCodes = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  INVALID_PAGE_TOKEN: { status: 400, title: 'The page token is not valid for this request' },
  UNAUTHENTICATED: { status: 401, title: 'A valid API key is required' },
  FORBIDDEN: { status: 403, title: 'The API key’s roles do not allow this operation' },
  NOT_FOUND: { status: 404, title: 'The resource does not exist' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The method is not allowed on this resource' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  ALREADY_EXISTS: { status: 409, title: 'A resource with this natural key already exists' },
  INVALID_STATE_TRANSITION: { status: 409, title: 'The action is not allowed in the resource’s current state' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  PRECONDITION_FAILED: { status: 412, title: 'The resource has changed since the given ETag' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'A path segment is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content type is not supported' },
  RULE_VIOLATION: { status: 422, title: 'The request breaks a rule of the campaign plan' },
  IMPORT_INVALID: { status: 422, title: 'Some rows of the import are not valid; nothing was written' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used with another payload' },
  PRECONDITION_REQUIRED: { status: 428, title: 'This request needs an If-Match header' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request line or headers are too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  OVERLOADED: { status: 503, title: 'The service is overloaded; retry later' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ProblemDetail {
  /** Where: body, query, path, header; or a row of an import. */
  in?: 'body' | 'query' | 'path' | 'header' | 'row';
  /** A JSON pointer into that part of the request (for imports: into the row). */
  pointer: string;
  detail: string;
  row?: number;
  code?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: ProblemDetail[];
  readonly headers?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
  constructor(code: ErrorCode, detail: string, options: { errors?: ProblemDetail[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {}) {
    super(detail);
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extra = options.extra;
  }
}

export const notFound = (what: string, id?: string) => new AppError('NOT_FOUND', id ? `${what} ${id} does not exist` : `${what} does not exist`);
export const forbidden = (detail = 'Your API key’s roles do not allow this operation') => new AppError('FORBIDDEN', detail);
export const invalidTransition = (detail: string) => new AppError('INVALID_STATE_TRANSITION', detail);
export const validation = (detail: string, errors: ProblemDetail[]) => new AppError('VALIDATION_FAILED', detail, { errors });
export const fieldError = (pointer: string, detail: string, where: ProblemDetail['in'] = 'body') =>
  new AppError('VALIDATION_FAILED', detail, { errors: [{ in: where, pointer, detail }] });
/**
 * 405 METHOD_NOT_ALLOWED for this request's method on its path, with the `Allow` the router gives (src/http/methods.ts):
 * the one answer of an unknown method on a known path and of a documented refusal route.
 */
export function methodNotAllowed(request: FastifyRequest, detail?: string, allow = allowedMethods(request.server, request.url) ?? ['OPTIONS']): AppError {
  const path = pathOf(request.url, 200);
  return new AppError('METHOD_NOT_ALLOWED', detail ?? `${request.method} is not allowed on ${path}; it allows ${allow.join(', ')}`, { headers: { allow: allow.join(', ') } });
}

export const ruleViolation = (detail: string, errors?: ProblemDetail[]) => new AppError('RULE_VIOLATION', detail, { errors });

const typeUri = (code: string) => `urn:xiaoneng:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A stable URI per problem kind (urn:xiaoneng:problem:<code in kebab case>).', maxLength: 200 }),
    title: Type.String({ description: 'A short summary of the problem kind.', maxLength: 200 }),
    status: Type.Integer({ description: 'The HTTP status code.', minimum: 400, maximum: 599 }),
    detail: Type.String({ description: 'What went wrong with this request, in words.', maxLength: 4000 }),
    instance: Type.Optional(
      Type.String({ description: 'The request path that produced the problem (absent when the request could not be read: malformed HTTP, oversized headers).', maxLength: 2000 }),
    ),
    code: Type.String({ description: 'The stable machine-readable error code (UPPER_SNAKE), part of the contract.', maxLength: 64 }),
    requestId: Type.String({ description: 'The request id, as echoed in X-Request-Id; quote it when reporting.', maxLength: 128 }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.Optional(Type.String({ description: 'Where the error is: body, query, path, header, or row (an import row).', maxLength: 16 })),
          pointer: Type.String({ description: 'A JSON pointer into that part of the request (for an import row: into the row).', maxLength: 500 }),
          detail: Type.String({ description: 'What is wrong there.', maxLength: 2000 }),
          row: Type.Optional(Type.Integer({ description: 'For imports: the row as Excel shows it for csv/xlsx (the header is row 1), the 1-based item index for JSON.', minimum: 1, maximum: 10_000_000 })),
          code: Type.Optional(Type.String({ description: 'For imports and rules: a stable code for this error (imports: see ImportReport for the vocabulary).', maxLength: 64 })),
        }),
        { description: 'Each invalid field or row, with a pointer.', maxItems: 10000 },
      ),
    ),
    rows: Type.Optional(Type.Integer({ description: 'For imports: how many rows were checked.', minimum: 0, maximum: 10_000_000 })),
    badRows: Type.Optional(Type.Integer({ description: 'For imports: how many rows are not valid (errors lists at most 1000).', minimum: 0, maximum: 10_000_000 })),
    accepted: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'For 415: the media types the operation accepts.' })),
    expected: Type.Optional(Type.String({ description: 'Where a check character or value was wrong: the expected one.', maxLength: 100 })),
    ruleId: Type.Optional(Type.String({ description: 'For rule violations: the plan’s rule id (A1–A6, F1–F5).', maxLength: 16 })),
    resourceId: Type.Optional(Type.String({ description: 'For conflicts: the id of the resource involved.', maxLength: 100 })),
  },
  {
    $id: 'Problem',
    description: 'An RFC 9457 problem detail. `code` is stable; `errors` carry JSON pointers for validation and import failures.',
  },
);
export type Problem = Static<typeof ProblemSchema>;

export const problemDescriptions: Record<number, string> = {
  400: 'The request is not valid (VALIDATION_FAILED, INVALID_PAGE_TOKEN).',
  401: 'No valid API key (UNAUTHENTICATED).',
  403: 'The key’s roles do not allow this operation (FORBIDDEN).',
  404: 'The resource does not exist or is outside the key’s agency (NOT_FOUND).',
  405: 'The method is not allowed (METHOD_NOT_ALLOWED).',
  408: 'The request was not received in time (REQUEST_TIMEOUT).',
  409: 'Conflict: duplicate natural key (ALREADY_EXISTS), illegal state transition (INVALID_STATE_TRANSITION, CONFLICT), or a request with the same Idempotency-Key still in flight (IDEMPOTENCY_IN_FLIGHT, with Retry-After).',
  412: 'The If-Match ETag is stale (PRECONDITION_FAILED).',
  413: 'The body is too large (PAYLOAD_TOO_LARGE).',
  414: 'A path segment is too long (URI_TOO_LONG).',
  415: 'The content type is not supported (UNSUPPORTED_MEDIA_TYPE).',
  422: 'The request breaks a rule (RULE_VIOLATION), an import row is invalid (IMPORT_INVALID), or an Idempotency-Key was reused with another payload (IDEMPOTENCY_KEY_REUSED).',
  428: 'If-Match is required (PRECONDITION_REQUIRED).',
  429: 'Rate limit exceeded (RATE_LIMITED); see Retry-After.',
  431: 'The request line or headers are too large (HEADERS_TOO_LARGE).',
  500: 'Internal error (INTERNAL); the log holds the details under the request id.',
  503: 'Overloaded or not ready; see Retry-After.',
};

/**
 * Response declarations for the given error statuses, all problem+json (API.md 8). 400 (every operation refuses unknown
 * query parameters and control characters), 429 and 500 are always added.
 */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, unknown> = {};
  for (const s of [...new Set([...statuses, 400, 429, 500])].sort()) {
    out[s] = {
      description: problemDescriptions[s] ?? 'Problem',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } },
    };
  }
  return out;
}

/** Fields clients may never send (derived or server-assigned); named in the 400 as read-only. */
const READ_ONLY_FIELDS = new Set([
  'id', 'version', 'createdAt', 'updatedAt', 'progress', 'overdue', 'completedAt', 'completedOnTime', 'childrenCount',
  'findings', 'status', 'sequence', 'approvedStandardFen', 'recommendedOutcome',
]);

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function pointerFrom(e: AjvError): string {
  const base = e.instancePath || '';
  if (e.keyword === 'additionalProperties') return `${base}/${String(e.params.additionalProperty)}`;
  if (e.keyword === 'required') return `${base}/${String(e.params.missingProperty)}`;
  return base || '/';
}

function detailFrom(e: AjvError, pointer: string): string {
  const field = pointer.split('/').pop() ?? '';
  if (e.keyword === 'additionalProperties') {
    return READ_ONLY_FIELDS.has(field) ? `'${field}' is read-only and cannot be written` : `'${field}' is not a known field`;
  }
  if (e.keyword === 'required') return `'${field}' is required`;
  // A hand-written validator may leave out allowedValues: its own message then (the error handler must never throw).
  if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) return `must be one of: ${e.params.allowedValues.join(', ')}`;
  return e.message ?? 'is not valid';
}

const partOf: Record<string, ProblemDetail['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** The path of a request URL, cut to what a problem body may carry. */
const pathOf = (url: string, max = 2000) => {
  const path = url.split('?')[0];
  return path.length > max ? `${path.slice(0, max - 1)}…` : path;
};

function problemOf(code: ErrorCode, detail: string, requestId: string, instance: string | undefined, extra: Partial<Problem> = {}): Problem {
  const { status, title } = ErrorCodes[code];
  return { type: typeUri(code), title, status, detail, ...(instance === undefined ? {} : { instance }), code, requestId, ...extra };
}

export function problemBody(request: FastifyRequest, code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return problemOf(code, detail, String(request.id), pathOf(request.url), extra);
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}) {
  return reply.code(problem.status).headers({ 'x-request-id': problem.requestId, ...headers }).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify's `frameworkErrors`: the errors its router raises before any route or hook runs (a URL that is not valid
 * percent-encoding, a path parameter over maxParamLength), as problem+json like every other error.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, problemBody(request, 'URI_TOO_LONG', 'A path segment is longer than 200 characters'));
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    const detail = 'The URL is not valid percent-encoded UTF-8';
    return sendProblem(reply, problemBody(request, 'VALIDATION_FAILED', detail, { errors: [{ in: 'path', pointer: '/', detail }] }));
  }
  request.log.error({ err: error }, 'router error');
  return sendProblem(reply, problemBody(request, 'INTERNAL', 'An internal error occurred; quote the request id when reporting it'));
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (malformed, headers or request line over the
 * limit, too slow). There is no request object yet, so the id is new and there is no `instance`; the connection closes.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const [code, detail]: [ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'The request line and headers exceed 16 KB']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'The request was not received in time']
        : ['VALIDATION_FAILED', 'The request is not valid HTTP/1.1'];
  const problem = problemOf(code, detail, requestId, undefined);
  this.log.debug({ err, reqId: requestId }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

function errorsPlugin(app: FastifyInstance) {
  app.addSchema(ProblemSchema);

  // Requests that arrive while the server drains (on a kept-alive connection) are refused as problem+json; Fastify's own
  // 503 (return503OnClosing) is plain JSON.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!closing) return done();
    done(new AppError('NOT_READY', 'The service is shutting down; retry shortly', { headers: { connection: 'close', 'retry-after': '5' } }));
  });

  installMethodRegistry(app);
  // A known path asked with a method it has no route for is a 405 with Allow (RFC 9110 15.5.6); only an unknown path is a 404.
  const noRoute = (request: FastifyRequest): AppError => {
    const allow = allowedMethods(app, request.url);
    return allow ? methodNotAllowed(request, undefined, allow) : new AppError('NOT_FOUND', `No route ${request.method} ${pathOf(request.url, 200)}`);
  };
  app.setNotFoundHandler((request, reply) => {
    const e = noRoute(request);
    return sendProblem(reply, problemBody(request, e.code, e.message), e.headers);
  });
  // `GET /v1/campaigns/{id}:start` reaches the route of `/:campaignId` only because a parameter takes any text: an id
  // never holds a colon, so this is the action's path asked with a method it does not have (405), or no path (404).
  app.addHook('onRequest', (request, _reply, done) => done(holdsAction(request.params) ? noRoute(request) : undefined));

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      const extra: Partial<Problem> = { ...(err.errors ? { errors: err.errors } : {}), ...(err.extra ?? {}) };
      return sendProblem(reply, problemBody(request, err.code, err.message, extra), err.headers);
    }
    const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fe.validation) {
      const where = partOf[fe.validationContext ?? 'body'] ?? 'body';
      const errors = fe.validation.map((e) => {
        const pointer = pointerFrom(e);
        return { in: where, pointer, detail: detailFrom(e, pointer) };
      });
      const first = errors[0];
      return sendProblem(reply, problemBody(request, 'VALIDATION_FAILED', `${where} ${first.pointer}: ${first.detail}`, { errors }));
    }
    const status = fe.statusCode ?? 500;
    if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, problemBody(request, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit of this route'));
    }
    if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const content = ((request.routeOptions?.schema?.body ?? {}) as { content?: Record<string, unknown> }).content;
      const accepted = content ? Object.keys(content) : ['application/json'];
      return sendProblem(reply, problemBody(request, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported here; send one of: ${accepted.join(', ')}`, { accepted } as Partial<Problem>));
    }
    if (status === 429) {
      return sendProblem(reply, problemBody(request, 'RATE_LIMITED', 'Rate limit exceeded; retry after the time in Retry-After'));
    }
    if (status === 503) {
      return sendProblem(reply, problemBody(request, 'OVERLOADED', 'The service is under pressure; retry later'), { 'retry-after': '10' });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, empty body, bad content length.
      return sendProblem(reply, problemBody(request, 'VALIDATION_FAILED', fe.message));
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, problemBody(request, 'INTERNAL', 'An internal error occurred; quote the request id when reporting it'));
  });
}

export default fp(errorsPlugin, { name: 'errors', fastify: '5.x' });
