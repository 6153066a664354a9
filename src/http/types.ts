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
    /** POST that refuses to run without an Idempotency-Key (imports). */
    idempotencyRequired?: boolean;
    /** Rewrites the response body before it is stored for Idempotency-Key replays (drops secrets shown once). */
    idempotencyRedact?: (body: string) => string;
  }
}
export {};
