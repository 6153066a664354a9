// API-key queries; the by-prefix lookup runs on every authenticated request, so it is prepared.
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';
import { createVerifiedKeys, type KeyLookup, type KeyRecord, type VerifiedKeys } from '../../http/auth.js';
import type { Clock } from '../../lib/clock.js';
import type Database from 'better-sqlite3';
import { lazy } from '../../db/lazy.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function createApiKeyRepository(db: Db, sqlite: Database.Database) {
  const byId = lazy(() => db.select().from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))).prepare());
  // Runs on every authenticated request: a raw statement, without drizzle's row mapping.
  const authByPrefix = lazy(() => sqlite.prepare('SELECT id, secret_hash AS secretHash, unit_id AS unitId, roles, revoked_at AS revokedAt FROM api_keys WHERE prefix = ?'));
  const lookup: KeyLookup = {
    byPrefix: (prefix) => {
      const row = authByPrefix.get(prefix) as (Omit<KeyRecord, 'roles'> & { roles: string }) | undefined;
      return row ? { ...row, roles: JSON.parse(row.roles) as string[] } : undefined;
    },
  };
  return {
    lookup,
    get: (id: string): ApiKeyRow | undefined => byId.get({ id }),
    insert(tx: DbOrTx, row: ApiKeyRow) {
      tx.insert(apiKeys).values(row).run();
    },
    revoke(tx: DbOrTx, id: string, at: string): ApiKeyRow | undefined {
      return tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning().get();
    },
    count: (): number => db.select({ n: sql<number>`count(*)` }).from(apiKeys).get()!.n,
    list(filter: { unitId?: string; includeRevoked?: boolean }, after: string | undefined, limit: number): ApiKeyRow[] {
      const conds: SQL[] = [];
      if (filter.unitId) conds.push(eq(apiKeys.unitId, filter.unitId));
      if (!filter.includeRevoked) conds.push(isNull(apiKeys.revokedAt));
      if (after) conds.push(gt(apiKeys.id, after));
      return db.select().from(apiKeys).where(conds.length ? and(...conds) : undefined).orderBy(asc(apiKeys.id)).limit(limit + 1).all();
    },
  };
}

/**
 * The process's cache of verified keys on this database. Its cross-process check reads the change feed's last
 * sequence: max() of the INTEGER PRIMARY KEY is one seek to the table's last row, whatever the feed's length.
 */
export function createVerifiedKeysOn(db: Db, sqlite: Database.Database, clock: Clock): VerifiedKeys {
  const last = lazy(() => sqlite.prepare('SELECT max(sequence) FROM events').pluck());
  return createVerifiedKeys({ lookup: createApiKeyRepository(db, sqlite).lookup, clock, lastChange: () => (last.get() as number | null) ?? 0 });
}
