// A prepared insert of a whole row, for the writes an import repeats per row (built once: a drizzle query built per row
// cost more than the row's SQL).
import { getTableColumns, sql, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { lazy } from './lazy.js';

/**
 * Every column is a bare placeholder and the row is encoded here, column by column, as drizzle encodes literal values:
 * JSON and boolean columns through their column, null kept null. (drizzle's own column placeholders encode null too:
 * a nullable boolean column would store 0, i.e. false, where the row says null.)
 */
export function preparedInsert<T extends SQLiteTable>(db: Db, table: T) {
  const columns = Object.entries(getTableColumns(table));
  const statement = lazy(() => db
    .insert(table)
    .values(Object.fromEntries(columns.map(([key]) => [key, sql`${sql.placeholder(key)}`])) as never)
    .returning()
    .prepare());
  const encode = (row: InferSelectModel<T>) => {
    const values: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const v = (row as Record<string, unknown>)[key];
      values[key] = v === null || v === undefined ? null : column.mapToDriverValue(v);
    }
    return values;
  };
  return {
    /** Inserts the row; returns it as stored (decoded by drizzle). */
    get: (row: InferSelectModel<T>): InferSelectModel<T> => statement.get(encode(row)) as InferSelectModel<T>,
    run: (row: InferSelectModel<T>): void => void statement.run(encode(row)),
  };
}
