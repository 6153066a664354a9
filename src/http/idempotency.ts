// Idempotency-Key on every POST (API.md 16): the same key and payload (the bytes sent, hashed) replays the stored response; another payload
// is a 422; a retry while the first is still running is a 409. Scoped to the API key, kept 24 hours. An in-flight record
// names the process that claimed it; one whose owner died (kill -9) or that is older than IN_FLIGHT_MAX_MS is abandoned.
import { createHash } from 'node:crypto';
import { addressHash } from '../lib/address-hash.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.js';
import type { IdempotencyStore } from '../db/idempotency-store.js';
import type { Clock } from '../lib/clock.js';
import { ownerIsGone, thisOwner } from '../lib/instance.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * The longest a request may hold its key in flight: past this, the record counts as abandoned even when its owner
 * cannot be checked (another host). Well above the longest import the body limit allows (50 MB, about a minute).
 */
export const IN_FLIGHT_MAX_MS = 15 * 60 * 1000;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'content-disposition', 'location', 'etag', 'cache-control'];

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { apiKeyId: string; key: string };
  }
}

/** The request hash of an Idempotency-Key record: method, URL and the body's bytes as sent (text, or a sheet's bytes). */
export function requestHash(method: string, url: string, body: string | Buffer): string {
  return createHash('sha256').update(method).update('\0').update(url).update('\0').update(body).digest('hex');
}

function hashRequest(request: FastifyRequest): string {
  if (request.jsonText?.hash !== undefined) return request.jsonText.hash;
  const body = request.body;
  return requestHash(request.method, request.url, typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null));
}

/** The response text to keep: a JSON object without the route's omitted fields (the secret of a new API key). */
function withoutFields(payload: string, omit: readonly string[] | undefined): string {
  if (!omit?.length) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return payload;
  const kept = { ...(parsed as Record<string, unknown>) };
  for (const f of omit) delete kept[f];
  return JSON.stringify(kept);
}

/** The scope of a keyless (public) request: an HMAC-SHA-256 of the address under the server's generated key. */
export function addressScope(scopeKey: Buffer, ip: string): string {
  return `ip:${addressHash(scopeKey, ip, 32)}`;
}

function idempotencyPlugin(app: FastifyInstance, opts: { store: IdempotencyStore; clock: Clock; scopeKey: Buffer }) {
  const { store, clock, scopeKey } = opts;

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined) {
      if (request.routeOptions.config?.idempotencyRequired) {
        throw new AppError('VALIDATION_FAILED', 'This operation needs an Idempotency-Key header', {
          errors: [{ in: 'header', pointer: '/idempotency-key', detail: 'is required on this operation' }],
        });
      }
      return;
    }
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        errors: [{ in: 'header', pointer: '/idempotency-key', detail: 'must be 1 to 255 visible ASCII characters' }],
      });
    }
    // Keyless (public) requests are scoped to a keyed hash of the address: the address itself is personal data, never stored.
    const apiKeyId = request.actor?.apiKeyId ?? addressScope(scopeKey, request.ip);
    const now = clock.now();
    const hash = hashRequest(request);
    const inFlightSince = new Date(now.getTime() - IN_FLIGHT_MAX_MS).toISOString();
    const existing = store.claim(apiKeyId, key, {
      requestHash: hash,
      now: now.toISOString(),
      owner: thisOwner(),
      expiresBefore: new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString(),
      // A kill -9 leaves the record in flight: an owner that is gone, or a claim older than the bound, frees the key.
      abandoned: (r) => r.createdAt < inFlightSince || ownerIsGone({ host: r.ownerHost, pid: r.ownerPid, instance: r.ownerInstance }),
    });
    if (!existing) {
      request.idempotency = { apiKeyId, key };
      return;
    }
    if (existing.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with another payload; use a new key for a new request');
    }
    if (existing.state === 'in_flight') {
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', 'The first request with this Idempotency-Key is still being processed; retry shortly', {
        headers: { 'retry-after': '1' },
      });
    }
    const headers = JSON.parse(existing.headers ?? '{}') as Record<string, string>;
    reply.code(existing.statusCode ?? 200).headers(headers).header('idempotent-replayed', 'true');
    return reply.send(existing.body ?? '');
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const idem = request.idempotency;
    if (!idem) return payload;
    request.idempotency = undefined;
    // A string (JSON, a CSV result sheet) or a Buffer (an xlsx result sheet) is kept; a stream cannot be replayed.
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      store.release(idem.apiKeyId, idem.key);
      return payload;
    }
    const headers: Record<string, unknown> = {};
    for (const h of REPLAYED_HEADERS) {
      const v = reply.getHeader(h);
      if (v !== undefined) headers[h] = v;
    }
    store.complete(idem.apiKeyId, idem.key, reply.statusCode, headers, typeof payload === 'string' ? withoutFields(payload, request.routeOptions.config?.idempotencyOmit) : payload);
    return payload;
  };

  // A request that dies before onSend (client gone) frees its key for a retry.
  const onResponse = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.idempotency) store.release(request.idempotency.apiKeyId, request.idempotency.key);
    done();
  };

  // Only POST takes an Idempotency-Key: the hooks are the POST routes' own, so a GET runs none of them (issue 13).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    if (methods.length > 1) throw new Error(`idempotency: route ${route.url} mixes POST with other methods; its hooks would run for all of them`);
    route.preHandler = [preHandler, ...toArray(route.preHandler)];
    route.onSend = [onSend, ...toArray(route.onSend)] as typeof route.onSend;
    route.onResponse = [onResponse, ...toArray(route.onResponse)] as typeof route.onResponse;
  });

  const timer = setInterval(() => store.purge(new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS).toISOString()), 60 * 60 * 1000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

const toArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['auth'] });
