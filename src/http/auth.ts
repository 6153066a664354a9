// Authentication (API.md 19): `Authorization: Bearer xn_<prefix>_<secret>`; only a SHA-256 of the secret is stored
// and compared in constant time. Each key is bound to one unit and a set of roles; routes opt out with config.public.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden } from './errors.js';
import type { Actor, Role } from '../lib/actor.js';
import type { Clock } from '../lib/clock.js';

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

/** A verified key as requests use it: the roles already a Set, shared (read-only) by every request of the key. */
export interface VerifiedKey {
  id: string;
  unitId: string;
  roles: ReadonlySet<Role>;
}

/** Verifies bearer tokens through an in-memory cache of the keys verified so far (issue 13). */
export interface VerifiedKeys {
  /** The live key of a token, or null (malformed, unknown, wrong secret, revoked). */
  verify(token: string): VerifiedKey | null;
  /** Drops every cached key: the api-keys service calls it after a revocation, so this process refuses the key at once. */
  invalidate(): void;
  /** Keys cached now (tests). */
  size(): number;
}

/** How often (by the injected clock) the cache asks the database whether another process changed anything. */
export const KEY_CACHE_RECHECK_MS = 1000;

/**
 * The cache of verified keys, keyed by the SHA-256 of the whole token (the token itself is never kept). A miss runs
 * verifyToken (the prepared by-prefix look-up and the constant-time comparison of the secret's hash) and caches only
 * a live key, so made-up tokens never fill it. A hit compares digests through a Map: what its timing could tell is
 * whether the SHA-256 of the caller's own token equals that of a key already used, which needs the secret.
 *
 * Another process sharing the database file (a second instance, the operator CLI) may revoke a key: at most once per
 * KEY_CACHE_RECHECK_MS of the clock, `lastChange()` (the change feed's last sequence: every key change is an audited
 * event) is read, and the cache is dropped when it moved. A revocation elsewhere takes effect within that second.
 */
export function createVerifiedKeys(options: { lookup: KeyLookup; clock: Clock; lastChange: () => number; maxEntries?: number }): VerifiedKeys {
  const { lookup, clock, lastChange } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, VerifiedKey>();
  let seen = lastChange();
  let checkedAt = clock.now().getTime();
  const recheck = () => {
    const now = clock.now().getTime();
    // A clock set back (tests) also rechecks.
    if (now - checkedAt < KEY_CACHE_RECHECK_MS && now >= checkedAt) return;
    checkedAt = now;
    const last = lastChange();
    if (last !== seen) {
      seen = last;
      cache.clear();
    }
  };
  return {
    verify(token) {
      recheck();
      const digest = createHash('sha256').update(token).digest('base64');
      const hit = cache.get(digest);
      if (hit) return hit;
      const rec = verifyToken(lookup, token);
      if (!rec) return null;
      const key: VerifiedKey = { id: rec.id, unitId: rec.unitId, roles: new Set(rec.roles as Role[]) };
      // Bounded: a full cache starts over (each live key then costs one look-up again).
      if (cache.size >= maxEntries) cache.clear();
      cache.set(digest, key);
      return key;
    },
    invalidate: () => cache.clear(),
    size: () => cache.size,
  };
}

// RFC 6750 3.1: a request without credentials gets no error code; a bad token gets invalid_token.
const unauthenticated = (detail: string) =>
  new AppError('UNAUTHENTICATED', detail, { headers: { 'www-authenticate': detail === MISSING_KEY ? 'Bearer realm="xiaoneng"' : 'Bearer realm="xiaoneng", error="invalid_token"' } });

const MISSING_KEY = 'Send an API key as Authorization: Bearer <key>';
const BAD_KEY = 'The API key is unknown or revoked';

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
 * Both hooks are synchronous (callback style): no promise per request.
 */
function authPlugin(app: FastifyInstance, opts: { keys: VerifiedKeys }) {
  const { keys } = opts;
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('authFailure', null);
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    // Only /v1 needs a key; health, /docs and /openapi.json are open, and /v1 routes opt out with config.public.
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/v1/') || request.routeOptions.config?.public) return done();
    const header = request.headers.authorization;
    const [scheme, token] = header ? header.split(' ', 2) : [];
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      request.authFailure = MISSING_KEY;
      return done();
    }
    let key: VerifiedKey | null;
    try {
      key = keys.verify(token.trim());
    } catch (err) {
      return done(err as Error);
    }
    if (!key) {
      request.authFailure = BAD_KEY;
      return done();
    }
    request.actor = { apiKeyId: key.id, unitId: key.unitId, roles: key.roles, requestId: String(request.id) };
    done();
  });
  app.addHook('preParsing', (request: FastifyRequest, _reply: FastifyReply, payload, done) => {
    if (request.authFailure) return done(unauthenticated(request.authFailure));
    done(null, payload);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['errors'] });
