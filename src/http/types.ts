// Fastify type augmentations shared by the plugins and modules.
import type { Actor } from './auth.js';
import type { Deps } from '../deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
  interface FastifyRequest {
    actor: Actor;
    /** A JSON body's text as received (the Idempotency-Key hash covers it). */
    rawBody?: string;
  }
  interface FastifyContextConfig {
    /** No API key needed (/v1/public, health, docs). */
    public?: boolean;
    /** A health probe (/healthz, /readyz): rate-limited in a bucket of its own, apart from the public budget. */
    probe?: boolean;
    /** A budget of the route's own, counted apart from the shared one (http/rate-limit.ts). */
    rateLimit?: { max: number; timeWindow: number };
    /** POST that refuses to run without an Idempotency-Key (imports). */
    idempotencyRequired?: boolean;
    /** Fields of a JSON response that a stored Idempotency-Key record leaves out (secrets shown once): a replay lacks them. */
    idempotencyOmit?: readonly string[];
  }
}
export {};
