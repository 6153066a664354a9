// Fastify type augmentations shared by the plugins and modules.
import type { Actor } from './auth.js';
import type { Deps } from '../deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
  interface FastifyRequest {
    actor: Actor;
    /**
     * What later hooks need of a JSON body's text, taken while parsing it: the text itself is not kept (a
     * 100,000-row import's is ~60 MB in the heap). `hash`: the Idempotency-Key request hash over the bytes sent
     * (POST with the header only); `mayHoldDisallowed`: whether the parsed body must be searched for refused characters.
     */
    jsonText?: { hash: string | undefined; mayHoldDisallowed: boolean };
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
