// Persistence of Idempotency-Key records (API.md 16).
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { idempotencyKeys } from './schema/index.js';
import type { ProcessOwner } from '../lib/instance.js';
import { lazy } from './lazy.js';

export interface StoredResponse {
  requestHash: string;
  state: 'in_flight' | 'done';
  statusCode: number | null;
  headers: string | null;
  /** Text, or the bytes of a binary response (an xlsx result sheet), kept as a BLOB in the TEXT column as SQLite allows. */
  body: string | Buffer | null;
  createdAt: string;
  ownerHost: string | null;
  ownerPid: number | null;
  ownerInstance: string | null;
}

export interface Claim {
  requestHash: string;
  now: string;
  owner: ProcessOwner;
  /** Records created before this are expired (done or not) and replaced. */
  expiresBefore: string;
  /** Decides whether an in-flight record was abandoned (its owner died, or it is older than the in-flight bound). */
  abandoned(record: StoredResponse): boolean;
}

export function createIdempotencyStore(db: Db) {
  const find = lazy(() => db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, sql.placeholder('apiKeyId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
    .prepare());
  return {
    /**
     * Claims the key for this request, recording this process as the owner; returns the existing record when another
     * live request holds or held it. An expired record, or an in-flight one whose owner is gone (kill -9 mid-import),
     * is replaced. IMMEDIATE: two processes retrying an abandoned key at once cannot both take it.
     */
    claim(apiKeyId: string, key: string, c: Claim): StoredResponse | null {
      return db.transaction(
        (tx) => {
          const existing = find.get({ apiKeyId, key }) as StoredResponse | undefined;
          if (existing && existing.createdAt >= c.expiresBefore && !(existing.state === 'in_flight' && c.abandoned(existing))) return existing;
          if (existing) tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key))).run();
          tx.insert(idempotencyKeys)
            .values({
              apiKeyId,
              key,
              requestHash: c.requestHash,
              state: 'in_flight',
              createdAt: c.now,
              ownerHost: c.owner.host,
              ownerPid: c.owner.pid,
              ownerInstance: c.owner.instance,
            })
            .run();
          return null;
        },
        { behavior: 'immediate' },
      );
    },
    complete(apiKeyId: string, key: string, statusCode: number, headers: Record<string, unknown>, body: string | Buffer): void {
      db.update(idempotencyKeys)
        // drizzle passes a Buffer through unchanged; better-sqlite3 binds it as a BLOB and reads it back as a Buffer.
        .set({ state: 'done', statusCode, headers: JSON.stringify(headers), body: body as string })
        .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)))
        .run();
    },
    release(apiKeyId: string, key: string): void {
      db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key))).run();
    },
    purge(expiresBefore: string): number {
      return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, expiresBefore)).run().changes;
    },
  };
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
