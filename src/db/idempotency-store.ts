// Persistence of Idempotency-Key records (API.md 16).
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { idempotencyKeys } from './schema/index.js';

export interface StoredResponse {
  requestHash: string;
  state: 'in_flight' | 'done';
  statusCode: number | null;
  headers: string | null;
  body: string | null;
  createdAt: string;
}

export function createIdempotencyStore(db: Db) {
  const find = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, sql.placeholder('apiKeyId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
    .prepare();
  return {
    /** Claims the key for this request; returns the existing record when another request holds or held it. */
    claim(apiKeyId: string, key: string, requestHash: string, now: string, expiresBefore: string): StoredResponse | null {
      return db.transaction((tx) => {
        const existing = find.get({ apiKeyId, key }) as StoredResponse | undefined;
        if (existing && existing.createdAt >= expiresBefore) return existing;
        if (existing) tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key))).run();
        tx.insert(idempotencyKeys).values({ apiKeyId, key, requestHash, state: 'in_flight', createdAt: now }).run();
        return null;
      });
    },
    complete(apiKeyId: string, key: string, statusCode: number, headers: Record<string, unknown>, body: string): void {
      db.update(idempotencyKeys)
        .set({ state: 'done', statusCode, headers: JSON.stringify(headers), body })
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
