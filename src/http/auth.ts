// Authentication (API.md 19): `Authorization: Bearer xn_<prefix>_<secret>`; only a SHA-256 of the secret is stored
// and compared in constant time. Each key is bound to one unit and a set of roles; routes opt out with config.public.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden } from './errors.js';
import type { Actor, Role } from '../lib/actor.js';

export { RoleEnum, systemActor, hasRole, isAdmin, seesAll, type Actor, type Role } from '../lib/actor.js';

/** Throws 403 unless the actor holds one of the roles (admin holds every role). */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (actor.roles.has('admin')) return;
  if (!roles.some((r) => actor.roles.has(r))) throw forbidden(`This operation needs one of the roles: ${['admin', ...roles].join(', ')}`);
}

const KEY_RE = /^xn_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function generateKeySecret(): { prefix: string; secret: string; token: string; hash: string } {
  const prefix = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secret, token: `xn_${prefix}_${secret}`, hash: hashSecret(secret) };
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface KeyRecord {
  id: string;
  secretHash: string;
  unitId: string;
  roles: string[];
  revokedAt: string | null;
}

export interface KeyLookup {
  byPrefix(prefix: string): KeyRecord | undefined;
}

/** Parses and verifies a bearer token; returns null for anything that is not a live key. */
export function verifyToken(lookup: KeyLookup, token: string): KeyRecord | null {
  const m = KEY_RE.exec(token);
  if (!m) return null;
  const rec = lookup.byPrefix(m[1]);
  // Hash even when the prefix is unknown so timing does not tell which prefixes exist.
  const given = Buffer.from(hashSecret(m[2]), 'hex');
  const stored = Buffer.from(rec?.secretHash ?? '0'.repeat(64), 'hex');
  const same = timingSafeEqual(given, stored);
  if (!rec || !same || rec.revokedAt) return null;
  return rec;
}

const unauthenticated = (detail: string) =>
  new AppError('UNAUTHENTICATED', detail, { headers: { 'www-authenticate': 'Bearer realm="xiaoneng", error="invalid_token"' } });

declare module 'fastify' {
  interface FastifyRequest {
    /** Why a request to a route that needs a key has no actor (answered 401 after the rate limiter counted it). */
    authFailure: string | null;
  }
}

/**
 * The key is verified once per request, in onRequest, so that the rate limiter (a route-level onRequest hook, which
 * Fastify runs after the application-level ones) keys on the verified key, or on the address when there is none.
 * The 401 itself is sent from preParsing: after the limiter has counted the failed attempt, before any body is read.
 */
function authPlugin(app: FastifyInstance, opts: { lookup: KeyLookup }) {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('authFailure', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Only /v1 needs a key; health, /docs and /openapi.json are open, and /v1 routes opt out with config.public.
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/v1/') || request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    const [scheme, token] = header ? header.split(' ', 2) : [];
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      request.authFailure = 'Send an API key as Authorization: Bearer <key>';
      return;
    }
    const rec = verifyToken(opts.lookup, token.trim());
    if (!rec) {
      request.authFailure = 'The API key is unknown or revoked';
      return;
    }
    request.actor = { apiKeyId: rec.id, unitId: rec.unitId, roles: new Set(rec.roles as Role[]), requestId: String(request.id) };
  });
  app.addHook('preParsing', async (request: FastifyRequest) => {
    if (request.authFailure) throw unauthenticated(request.authFailure);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['errors'] });
