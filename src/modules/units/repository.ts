// Unit queries (drizzle): point reads are prepared; lists are keyset pages on (sort key, id).
import { registryConditions, type RegistryFilter } from '../../http/registry-filters.js';
import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { units } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { lazy } from '../../db/lazy.js';

export type UnitRow = typeof units.$inferSelect;

export interface UnitFilter extends RegistryFilter {
  level?: string;
  parentId?: string;
  divisionCode?: string;
  q?: string;
}

export function createUnitRepository(db: Db) {
  const byId = lazy(() => db.select().from(units).where(eq(units.id, sql.placeholder('id'))).prepare());
  return {
    get: (id: string): UnitRow | undefined => byId.get({ id }),
    findBy(tx: DbOrTx, field: 'externalId' | 'creditCode', value: string): UnitRow | undefined {
      return tx.select().from(units).where(eq(units[field], value)).get();
    },
    insert(tx: DbOrTx, row: UnitRow): void {
      tx.insert(units).values(row).run();
    },
    /** The atomic versioned write: changes nothing unless the row is still at `version` (when given). */
    update(tx: DbOrTx, id: string, version: number | undefined, set: Partial<UnitRow>, now: string): UnitRow | undefined {
      const where = version === undefined ? eq(units.id, id) : and(eq(units.id, id), eq(units.version, version));
      return tx
        .update(units)
        .set({ ...set, version: sql`${units.version} + 1`, updatedAt: now })
        .where(where)
        .returning()
        .get();
    },
    /** Ids of `id` and all its ancestors, nearest first (for cycle checks). */
    ancestorsOf(tx: DbOrTx, id: string): string[] {
      const rows = tx.all<{ id: string }>(sql`
        WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM units WHERE id = ${id}
          UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 64
        ) SELECT id FROM up ORDER BY depth`);
      return rows.map((r) => r.id);
    },
    count: (): number => db.select({ n: sql<number>`count(*)` }).from(units).get()!.n,
    list(filter: UnitFilter, order: { field: 'createdAt' | 'name'; desc: boolean }, after: Cursor | undefined, limit: number): UnitRow[] {
      const conds: SQL[] = [];
      if (filter.level) conds.push(eq(units.level, filter.level));
      if (filter.parentId) conds.push(eq(units.parentId, filter.parentId));
      if (filter.divisionCode) conds.push(eq(units.divisionCode, filter.divisionCode));
      conds.push(...registryConditions({ externalId: units.externalId, updatedAt: units.updatedAt }, filter));
      if (filter.q) {
        const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conds.push(or(sql`${units.name} LIKE ${pattern} ESCAPE '\\'`, sql`${units.shortName} LIKE ${pattern} ESCAPE '\\'`)!);
      }
      const cmp = order.desc ? lt : gt;
      const dir = order.desc ? desc : asc;
      if (after) {
        if (order.field === 'name') {
          const [name, id] = after as [string, string];
          conds.push(or(cmp(units.name, name), and(eq(units.name, name), cmp(units.id, id)))!);
        } else {
          conds.push(cmp(units.id, String(after[0])));
        }
      }
      const orderCols = order.field === 'name' ? [dir(units.name), dir(units.id)] : [dir(units.id)];
      return db
        .select()
        .from(units)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(...orderCols)
        .limit(limit + 1)
        .all();
    },
  };
}
export type UnitRepository = ReturnType<typeof createUnitRepository>;
