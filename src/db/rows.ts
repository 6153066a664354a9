// Hot reads without per-row objects from the driver: better-sqlite3 builds a row object property by property, which
// costs more than the query on a 50-row page of a wide table (measured for the ledger list: 475 µs as objects, 257 µs
// as arrays, 62 µs for the same rows' ids; issue 7). rowMapper selects a table's columns in order, reads them as
// arrays (`statement.raw(true)`) and turns each array into the table's select type with one compiled object literal,
// decoding what drizzle's mapping would decode (booleans, JSON text).
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';

export interface RowMapper<T> {
  /** The column list, qualified by table name, in the order map() reads: `"t"."a", "t"."b", …`. */
  select: string;
  map(values: unknown[]): T;
  /**
   * Reads a statement's rows as arrays for map(), after checking that it returns exactly these columns in this
   * order (a query built elsewhere, e.g. by drizzle's select of the table): a mismatch throws instead of mapping
   * values to the wrong fields.
   */
  prepared(statement: Database.Statement): Database.Statement;
}

/** Decoders by drizzle column type; a table with any other type is refused (its values would come out raw). */
const DECODE: Record<string, (v: string) => string> = {
  SQLiteText: (v) => v,
  SQLiteInteger: (v) => v,
  SQLiteReal: (v) => v,
  SQLiteBoolean: (v) => `(${v} === null ? null : ${v} === 1)`,
  SQLiteTextJson: (v) => `(${v} === null ? null : JSON.parse(${v}))`,
};

export function rowMapper<TTable extends Table>(table: TTable): RowMapper<TTable['$inferSelect']> {
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const fields = columns.map(([key, col], i) => {
    const decode = DECODE[col.columnType];
    if (!decode) throw new Error(`rowMapper: ${name}.${col.name} has column type ${col.columnType}, which it cannot decode`);
    return `${JSON.stringify(key)}: ${decode(`a[${i}]`)}`;
  });
  // One object literal: every row gets the same hidden class, built in one step.
  const map = new Function('a', `return { ${fields.join(', ')} };`) as (values: unknown[]) => TTable['$inferSelect'];
  const names = columns.map(([, col]) => col.name);
  const prepared = (statement: Database.Statement) => {
    const got = statement.columns().map((c) => c.name);
    if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
      throw new Error(`rowMapper(${name}): the statement returns ${got.join(', ')}; expected ${names.join(', ')}`);
    }
    return statement.raw(true);
  };
  return { select: names.map((n) => `"${name}"."${n}"`).join(', '), map, prepared };
}
