// API-key queries; the by-prefix lookup runs on every authenticated request, so it is prepared.
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';
import type { KeyLookup } from '../../http/auth.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function createApiKeyRepository(db: Db) {
  const byPrefix = db.select().from(apiKeys).where(eq(apiKeys.prefix, sql.placeholder('prefix'))).prepare();
  const byId = db.select().from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))).prepare();
  const lookup: KeyLookup = { byPrefix: (prefix) => byPrefix.get({ prefix }) };
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
