// buildApp(options): opens (or takes) the database, registers the cross-cutting plugins, then the modules. Never listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { openDatabase, type Database_ } from './db/client.js';
import { createAudit, getOrCreateSetting } from './db/audit.js';
import { createIdempotencyStore } from './db/idempotency-store.js';
import { systemClock, type Clock } from './lib/clock.js';
import { allEnums } from './lib/enums.js';
import type { Deps } from './deps.js';
import './http/types.js';
import errors, { clientErrorHandler, frameworkErrors } from './http/errors.js';
import requestId, { genReqId, registerPreflightRoute } from './http/request-id.js';
import { ServiceLogController, requestSerializer, type LogDestination } from './http/logging.js';
import auth from './http/auth.js';
import rateLimit from './http/rate-limit.js';
import idempotency, { requestHash } from './http/idempotency.js';
import { jsonTextMayHoldDisallowed } from './lib/text.js';
import { readJsonItems } from './http/json-items.js';
import openapi from './http/openapi.js';
import loadShedding, { HistogramDelaySampler, type EventLoopDelaySource } from './http/load-shedding.js';
import { installCompilers, refuseDisallowedText } from './http/validation.js';
import { EmptyActionBodySchema, installRouteConventions } from './http/route-conventions.js';
import { PageTokens } from './http/pagination.js';
import { registerSheetParsers } from './http/tabular/index.js';
import importMemory, { type ImportMemoryOptions } from './http/import-memory.js';
import { named } from './http/plugin-name.js';
import { fullCollection } from './lib/gc.js';
import { ImportReportSchema } from './http/tabular/schemas.js';
import { modules } from './modules/index.js';
import { createVerifiedKeysOn } from './modules/api-keys/repository.js';
import { createWebhookWorker, type WorkerOptions } from './modules/webhooks/worker.js';

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** An already open database (tests share one between app instances); otherwise DATABASE_PATH is opened. */
  database?: Database_;
  /** Whether closing the app closes `database` too (an opened copy handed over, as the test helper's); default false. */
  ownsDatabase?: boolean;
  /** Pino options override (tests pass false). */
  logger?: boolean | object;
  /** Where load shedding reads the event-loop delay (tests pass a fake); default: a histogram sampled every 500 ms from ready. */
  eventLoopDelay?: EventLoopDelaySource;
  /** Webhook worker options (scheduler, jitter source, lease identity). */
  webhooks?: WorkerOptions;
  /** The full collections of large imports (src/http/import-memory.ts; tests count the calls); default: V8's (src/lib/gc.ts). */
  importMemory?: Partial<ImportMemoryOptions>;
}

/** pino options; `destination` (the server's bounded asynchronous stdout, http/logging.ts) when not on a terminal. */
export function loggerOptions(config: Config, destination?: LogDestination): object | boolean {
  if (config.LOG_LEVEL === 'silent') return false;
  return {
    level: config.LOG_LEVEL,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'secret', '*.secret', '*.contact', '*.phone', '*.email'],
      censor: '[redacted]',
    },
    ...(destination
      ? { stream: destination }
      : process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'pid,hostname' } } }
        : {}),
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
  const ownsDatabase = !options.database || options.ownsDatabase === true;

  const logger = options.logger ?? loggerOptions(config);
  // Request lines of the public opinion routes carry an HMAC of the address under this generated key, not the address.
  const logAddressKey = Buffer.from(getOrCreateSetting(database.db, 'log_address_key', () => randomBytes(32).toString('hex')), 'hex');
  const app = Fastify({
    logger: typeof logger === 'object' ? { ...logger, serializers: { req: requestSerializer(logAddressKey), ...(logger as { serializers?: object }).serializers } } : logger,
    logController: new ServiceLogController(),
    genReqId,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxy(config.TRUST_PROXY),
    // Every error, also those raised before routing, is problem+json (http/errors.ts; closing: its onRequest hook).
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installCompilers(app);
  refuseDisallowedText(app);

  const pageKey = getOrCreateSetting(database.db, 'page_token_key', () => randomBytes(32).toString('hex'));
  const deps: Deps = {
    config,
    db: database.db,
    sqlite: database.sqlite,
    clock,
    audit: createAudit(database.db, clock),
    pageTokens: new PageTokens(Buffer.from(pageKey, 'hex')),
    verifiedKeys: createVerifiedKeysOn(database.db, database.sqlite, clock),
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

  // X-Request-Id, the security headers and CORS: one synchronous hook from headers computed here, once.
  await app.register(requestId, { corsOrigins: config.CORS_ORIGINS });
  await app.register(errors);
  registerPreflightRoute(app);
  for (const e of allEnums()) app.addSchema(e.schema);
  app.addSchema(ImportReportSchema);
  for (const m of modules) for (const s of m.schemas ?? []) app.addSchema(s);

  app.addSchema(EmptyActionBodySchema);
  installRouteConventions(app);

  await app.register(openapi, { docs: config.DOCS });
  await app.register(auth, { keys: deps.verifiedKeys });
  // After auth: the limiter keys on the key auth verified (its hook is route-level, so it runs after auth's).
  await app.register(rateLimit, { config });
  const delaySource = options.eventLoopDelay ?? new HistogramDelaySampler();
  // After the limiter (issue 21.2): a shed 503 carries the RateLimit-* headers every answer promises (the request is
  // counted like a refused one, as a 429 is); auth before it is a cached key lookup, cheap under pressure.
  if (config.MAX_EVENT_LOOP_DELAY_MS > 0) {
    await app.register(loadShedding, { maxDelayMs: config.MAX_EVENT_LOOP_DELAY_MS, source: delaySource });
  }
  // Keyless requests are scoped to an HMAC of the address under this generated key (a plain hash of an IPv4 address is reversible by brute force).
  const scopeKey = Buffer.from(getOrCreateSetting(database.db, 'idempotency_scope_key', () => randomBytes(32).toString('hex')), 'hex');
  await app.register(idempotency, { store: createIdempotencyStore(database.db), clock, scopeKey });

  // CSV, TSV, plain text and xlsx bodies reach the import pipeline as bytes (src/http/tabular): it decides the encoding.
  registerSheetParsers(app);
  await app.register(importMemory, { collect: () => fullCollection()(), knownBlocking: config.MAX_EVENT_LOOP_DELAY_MS > 0 ? delaySource : undefined, ...options.importMemory });
  // Fastify's own JSON parser (prototype poisoning refused), on the body's bytes. What later hooks need of the text is
  // taken here: the Idempotency-Key hash covers the bytes sent (instead of stringifying a parsed 20 MB import a second
  // time), and the character check knows whether the parsed body needs searching. An import's {"items": [...]} is
  // parsed item by item from the bytes (src/http/json-items.ts), so a 100,000-row import never holds its whole text
  // next to its rows (issue 13.5); any other body is decoded and parsed whole.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const hash = request.method === 'POST' && request.headers['idempotency-key'] !== undefined ? requestHash(request.method, request.url, bytes) : undefined;
    // An empty body is no body (a client sending Content-Type on a bodiless action): validation decides if one is needed.
    if (bytes.length === 0) {
      request.jsonText = { hash, mayHoldDisallowed: false };
      return done(null, undefined);
    }
    const read = readJsonItems(bytes, (text) => {
      let out: { ok: true; value: unknown } | { ok: false } = { ok: false };
      // The default parser answers synchronously.
      parseJson(request, text, (err, value) => {
        if (!err) out = { ok: true, value };
      });
      return out;
    });
    if (read) {
      request.jsonText = { hash, mayHoldDisallowed: read.mayHoldDisallowed };
      return done(null, { items: read.items });
    }
    const text = bytes.toString('utf8');
    request.jsonText = { hash, mayHoldDisallowed: jsonTextMayHoldDisallowed(text) };
    parseJson(request, text, done);
  });

  for (const m of modules) await app.register(named(m.name, m.routes));
  return app;
}
