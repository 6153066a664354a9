// Rate limits (API.md 21), one in-memory LRU store (O(1) per request) with three kinds of bucket:
// - a verified API key (the actor set by the auth hook, which runs first): RATE_LIMIT_MAX per window;
// - the client's address for everything else — /v1/public, /docs, and every request whose key is missing, unknown,
//   forged or revoked, so failed authentications count and a made-up key never opens a fresh bucket: RATE_LIMIT_PUBLIC_MAX;
// - the health probes (config.probe) of an address: a bucket of their own, so an orchestrator's /healthz and /readyz
//   never spend, nor are refused by, the public budget of the address they share with clients: RATE_LIMIT_MAX.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config.js';

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

async function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  await app.register(rateLimit, {
    global: true,
    max: (_request, key) => (key.startsWith('ip:') ? config.RATE_LIMIT_PUBLIC_MAX : config.RATE_LIMIT_MAX),
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    enableDraftSpec: true,
    keyGenerator: rateLimitBucket,
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Rate limit exceeded; retry in ${context.after}` }),
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['auth'] });
