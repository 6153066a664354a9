// buildApp(options): opens (or takes) the database, registers the cross-cutting plugins, then the modules. Never listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { openDatabase, type Database_ } from './db/client.js';
import { createAudit, getOrCreateSetting } from './db/audit.js';
import { createIdempotencyStore } from './db/idempotency-store.js';
import { systemClock, type Clock } from './lib/clock.js';
import { allEnums } from './lib/enums.js';
import type { Deps } from './deps.js';
import './http/types.js';
import errors, { AppError } from './http/errors.js';
import requestId, { genReqId } from './http/request-id.js';
import auth from './http/auth.js';
import idempotency from './http/idempotency.js';
import openapi from './http/openapi.js';
import { installCompilers } from './http/validation.js';
import { PageTokens } from './http/pagination.js';
import { modules } from './modules/index.js';
import { createApiKeyRepository } from './modules/api-keys/repository.js';
import { createWebhookWorker, type WorkerOptions } from './modules/webhooks/worker.js';

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** An already open database (tests share one between app instances); otherwise DATABASE_PATH is opened. */
  database?: Database_;
  /** Pino options override (tests pass false). */
  logger?: boolean | object;
  /** Webhook worker options (scheduler, jitter source, lease identity). */
  webhooks?: WorkerOptions;
}

export function loggerOptions(config: Config): object | boolean {
  if (config.LOG_LEVEL === 'silent') return false;
  return {
    level: config.LOG_LEVEL,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'secret', '*.secret', '*.contact', '*.phone', '*.email'],
      censor: '[redacted]',
    },
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'pid,hostname' } } } : {}),
  };
}

function trustProxy(value: string): boolean | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.DATABASE_PATH);
  const ownsDatabase = !options.database;

  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    genReqId,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxy(config.TRUST_PROXY),
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installCompilers(app);

  const pageKey = getOrCreateSetting(database.db, 'page_token_key', () => randomBytes(32).toString('hex'));
  const deps: Deps = {
    config,
    db: database.db,
    sqlite: database.sqlite,
    clock,
    audit: createAudit(database.db, clock),
    pageTokens: new PageTokens(Buffer.from(pageKey, 'hex')),
  };
  app.decorate('deps', deps);
  // The webhook delivery worker: started by server.ts (WEBHOOK_WORKER), driven by runOnce() in tests; on close it
  // stops taking deliveries and gives in-flight ones half the shutdown grace before abandoning them.
  const webhooks = createWebhookWorker(deps, { log: app.log, ...options.webhooks });
  app.decorate('webhooks', webhooks);
  app.addHook('onClose', async () => {
    await webhooks.stop(Math.floor(config.SHUTDOWN_GRACE_MS / 2));
    if (ownsDatabase) database.close();
  });

  await app.register(requestId);
  await app.register(errors);
  for (const e of allEnums()) app.addSchema(e.schema);
  for (const m of modules) for (const s of m.schemas ?? []) app.addSchema(s);

  // Public routes document `security: []`; every POST documents Idempotency-Key.
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    if (route.config?.public && schema.security === undefined) schema.security = [];
    if (route.method === 'POST' && route.url.startsWith('/v1/')) {
      const headers = (schema.headers ?? { type: 'object', properties: {} }) as { properties: Record<string, unknown>; required?: string[] };
      schema.headers = {
        ...headers,
        properties: {
          ...headers.properties,
          'idempotency-key': {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description: route.config?.idempotencyRequired
              ? 'Required: a unique key per logical request; a retry with the same key and the same payload bytes replays the first response (24 h).'
              : 'Optional: a unique key per logical request; a retry with the same key and the same payload bytes replays the first response (24 h).',
          },
        },
      };
    }
  });

  await app.register(openapi, { docs: config.DOCS });
  await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const allowedOrigins = new Set(config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean));
  await app.register(cors, {
    delegator: (request, callback) => {
      const isPublic = (request as { routeOptions?: { config?: { public?: boolean }; url?: string } }).routeOptions?.url?.startsWith('/v1/public/');
      const origin = request.headers.origin;
      callback(null, {
        origin: isPublic ? '*' : origin !== undefined && allowedOrigins.has(origin) ? origin : false,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
        exposedHeaders: ['etag', 'location', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
        maxAge: 600,
      });
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: (request) => (request.routeOptions.config?.public ? config.RATE_LIMIT_PUBLIC_MAX : config.RATE_LIMIT_MAX),
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    enableDraftSpec: true,
    keyGenerator: (request) => {
      const h = request.headers.authorization;
      const m = h ? /^Bearer xn_([0-9a-f]{16})_/i.exec(h) : null;
      return m ? `key:${m[1]}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Rate limit exceeded; retry in ${context.after}` }),
  });
  if (config.MAX_EVENT_LOOP_DELAY_MS > 0) {
    // Start-up (schema compilation) blocks the loop once; that sample must not shed the first requests, so the
    // check only applies from two sample intervals after ready.
    const sampleInterval = 500;
    let sheddingFrom = Infinity;
    app.addHook('onReady', async () => {
      sheddingFrom = Date.now() + 2 * sampleInterval + 100;
    });
    await app.register(underPressure, {
      maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
      sampleInterval,
      retryAfter: 10,
      pressureHandler: async () => {
        if (Date.now() >= sheddingFrom) throw new AppError('OVERLOADED', 'The service is under pressure; retry later', { headers: { 'retry-after': '10' } });
      },
    });
  }
  const keys = createApiKeyRepository(database.db, database.sqlite);
  await app.register(auth, { lookup: keys.lookup });
  await app.register(idempotency, { store: createIdempotencyStore(database.db), clock });

  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Fastify's own JSON parser (prototype poisoning refused), keeping the text it parsed: the Idempotency-Key hash
  // covers the bytes sent instead of stringifying a parsed 20 MB import a second time.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });

  for (const m of modules) await app.register(m.routes);
  return app;
}
