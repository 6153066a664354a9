// Memory back after a large import (issue 13.5): once the answer to an import of at least COLLECT_AFTER_ROWS rows
// has been sent, one full collection runs on the next turn of the event loop. The import itself holds the loop for
// seconds (one synchronous transaction); the collection costs tens of milliseconds more and returns the hundreds of
// megabytes the import promoted to V8's old space, which an idle process would otherwise keep (src/lib/gc.ts).
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Rows from which an import's memory is collected once it has answered (a 5,000-row import promotes ~10 MB). */
export const COLLECT_AFTER_ROWS = 5_000;

const ROWS = Symbol('importRows');

/** Marks the request as an import of `rows` rows (readImportBody does, for every register). */
export function markImport(request: FastifyRequest, rows: number): void {
  (request as unknown as Record<symbol, number>)[ROWS] = rows;
}

/** Rows between two collections while an import runs (eachImportRow): at ~1 KB promoted per row, ~25 MB of garbage. */
export const COLLECT_EVERY_ROWS = 25_000;

export interface ImportMemoryOptions {
  /** A full collection (src/lib/gc.ts). */
  collect: () => void;
  /** Rows between two collections during an import (default COLLECT_EVERY_ROWS). */
  everyRows?: number;
  /** Told when an import starts and when it has answered (load shedding discards the delay it causes, issue 21.2.1). */
  knownBlocking?: { beginKnownBlocking?(): void; endKnownBlocking?(): void };
}

/** How an import paces its collections: a full collection every `everyRows` rows (read or written). */
export interface ImportPace {
  collect: () => void;
  everyRows: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    importPace: ImportPace;
  }
}

/** How eachImportRow paces the collections of this request's import. */
export function importPace(request: FastifyRequest): ImportPace | undefined {
  return request.server.importPace;
}

export default fp(
  async function importMemory(app: FastifyInstance, opts: ImportMemoryOptions) {
    app.decorate('importPace', { collect: opts.collect, everyRows: opts.everyRows ?? COLLECT_EVERY_ROWS });
    let pending = false;
    const collectAfter = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const rows = (request as unknown as Record<symbol, number | undefined>)[ROWS];
      // Two large imports answered in the same turn share one collection.
      if (rows !== undefined && rows >= COLLECT_AFTER_ROWS && !pending) {
        pending = true;
        setImmediate(() => {
          pending = false;
          opts.collect();
        });
      }
      done();
    };
    const blocking = opts.knownBlocking;
    const BLOCKING = Symbol('knownBlocking');
    const beginBlocking = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      (request as unknown as Record<symbol, boolean>)[BLOCKING] = true;
      blocking?.beginKnownBlocking?.();
      done();
    };
    const endBlocking = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      // Only an import that began (one shed or refused by an earlier hook never did).
      if ((request as unknown as Record<symbol, boolean>)[BLOCKING]) blocking?.endKnownBlocking?.();
      done();
    };
    // On the :import routes only: every other route keeps its per-request floor without this hook (issue 13.2).
    app.addHook('onRoute', (route) => {
      if (!route.url.endsWith(':import')) return;
      route.onRequest = [...(route.onRequest ? [route.onRequest].flat() : []), beginBlocking] as typeof route.onRequest;
      route.onResponse = [...(route.onResponse ? [route.onResponse].flat() : []), endBlocking, collectAfter] as typeof route.onResponse;
    });
  },
  { name: 'import-memory' },
);
