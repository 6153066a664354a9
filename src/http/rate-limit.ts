// Rate limits (API.md 21, 23), fixed windows counted in memory by one synchronous hook (O(1) per request, no promise;
// issue 13: @fastify/rate-limit spent four awaits and three promises per request on the same LRU arithmetic), with
// three kinds of bucket:
// - a verified API key (the actor set by the auth hook, which runs first): RATE_LIMIT_MAX per window;
// - the client's address for everything else — /v1/public, /docs, and every request whose key is missing, unknown,
//   forged or revoked, so failed authentications count and a made-up key never opens a fresh bucket: RATE_LIMIT_PUBLIC_MAX;
// - the health probes (config.probe) of an address: a bucket of their own, so an orchestrator's /healthz and /readyz
//   never spend, nor are refused by, the public budget of the address they share with clients: RATE_LIMIT_MAX.
// A route may set its own budget (config.rateLimit: the public opinion submission), counted apart from the rest.
// Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds); a 429 also Retry-After.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

/**
 * The address a bucket is kept for: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 — one host usually holds
 * a whole /64, so counting single IPv6 addresses would let it rotate through fresh buckets.
 */
export function addressOf(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const address = ipaddr.IPv6.parse(ip);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  const parts = address.parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `${new ipaddr.IPv6(parts).toString()}/64`;
}

export function rateLimitBucket(request: FastifyRequest): string {
  if (request.routeOptions.config?.probe) return `probe:${addressOf(request.ip)}`;
  const keyId = request.actor?.apiKeyId;
  return keyId ? `key:${keyId}` : `ip:${addressOf(request.ip)}`;
}

interface Window {
  count: number;
  /** When the window ends (ms since the epoch). */
  endsAt: number;
}

/**
 * Fixed windows per bucket, each starting at the bucket's first request. The Map's order is the order windows
 * started (a new window is deleted and set again, so it moves to the end): expired windows are always at the front and
 * are swept from there, a few per request. Beyond `maxBuckets` live windows the oldest are dropped (a flood of fresh
 * addresses costs memory up to that bound, never more).
 */
export class FixedWindows {
  private readonly windows = new Map<string, Window>();
  constructor(
    private readonly windowMs: number,
    private readonly maxBuckets = 100_000,
  ) {}

  /** Counts one request of the bucket at `now`; returns the window it was counted in. */
  hit(bucket: string, now: number): Window {
    let w = this.windows.get(bucket);
    if (w === undefined || w.endsAt <= now) {
      if (w !== undefined) this.windows.delete(bucket);
      this.sweep(now);
      w = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(bucket, w);
    }
    w.count++;
    return w;
  }

  size(): number {
    return this.windows.size;
  }

  private sweep(now: number) {
    let n = 0;
    for (const [bucket, w] of this.windows) {
      if (w.endsAt > now && this.windows.size < this.maxBuckets) break;
      this.windows.delete(bucket);
      if (++n >= 8 && this.windows.size < this.maxBuckets) break;
    }
  }
}

function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  const shared = new FixedWindows(config.RATE_LIMIT_WINDOW_MS);
  // Routes with a budget of their own (config.rateLimit), by route.
  const own = new Map<string, { windows: FixedWindows; max: number }>();
  app.addHook('onRoute', (route) => {
    const rl = route.config?.rateLimit;
    if (rl) own.set(`${route.method}:${route.url}`, { windows: new FixedWindows(rl.timeWindow), max: rl.max });
  });
  // Application-level, registered after auth: runs after the key is verified. CORS preflights are not counted (as
  // before: a browser sends one per URL it calls, and answering them costs nothing).
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.corsPreflight) return done();
    const bucket = rateLimitBucket(request);
    const now = Date.now();
    const route = request.routeOptions.config?.rateLimit ? own.get(`${request.routeOptions.method}:${request.routeOptions.url}`) : undefined;
    const max = route ? route.max : bucket.charCodeAt(0) === 105 /* 'i' of ip: */ ? config.RATE_LIMIT_PUBLIC_MAX : config.RATE_LIMIT_MAX;
    const w = (route ? route.windows : shared).hit(bucket, now);
    const reset = String(Math.ceil((w.endsAt - now) / 1000));
    reply.header('ratelimit-limit', String(max));
    if (w.count > max) {
      reply.header('ratelimit-remaining', '0');
      reply.header('ratelimit-reset', reset);
      reply.header('retry-after', reset);
      return done(new AppError('RATE_LIMITED', 'Rate limit exceeded; retry after the time in Retry-After'));
    }
    reply.header('ratelimit-remaining', String(max - w.count));
    reply.header('ratelimit-reset', reset);
    done();
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['auth'] });
