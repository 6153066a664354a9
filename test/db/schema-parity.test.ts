// The pg-core schema (src/db/schema-pg) mirrors the sqlite-core one (src/db/schema) table for table (issue 23): same
// exported tables, columns (name, kind of value, NOT NULL, default, primary, unique), primary keys, unique constraints,
// indexes and foreign keys, read from drizzle's getTableConfig of each. Engine-neutral: no database is opened.
// Below, tsc checks that every table's select and insert row types are the same TypeScript types on both engines.
import { is, type InferInsertModel, type InferSelectModel, type Table } from 'drizzle-orm';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import * as lite from '../../src/db/schema/index.js';
import * as pgs from '../../src/db/schema-pg/index.js';

// ---- types: identical row types, so repositories can be written once over both (tsc compiles this) ----
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type TableKeys<M> = { [K in keyof M]: M[K] extends Table ? K : never }[keyof M];
/**
 * SQLite's INTEGER PRIMARY KEY is the rowid, filled by the engine when an insert leaves it out, so drizzle makes it
 * optional on insert; PostgreSQL has no such column. The service always sets these (max + 1, or the year), so on
 * PostgreSQL they are plain integer keys and the insert types differ by that optionality only.
 */
const ROWID_KEYS = { feeCatalogues: 'version', opinionNumberCounters: 'year', rectificationCodeCounters: 'year', workCalendarYears: 'year' } as const;
type RowidKey<K> = K extends keyof typeof ROWID_KEYS ? (typeof ROWID_KEYS)[K] : never;
type Optionality<T> = { [P in keyof T]-?: {} extends Pick<T, P> ? 'optional' : 'required' };
type LiteInsert<K extends keyof typeof lite> = InferInsertModel<Extract<(typeof lite)[K], Table>>;
type PgInsert<K extends keyof typeof pgs> = InferInsertModel<Extract<(typeof pgs)[K], Table>>;
type Same<K extends TableKeys<typeof lite> & TableKeys<typeof pgs>> = {
  select: Equal<InferSelectModel<(typeof lite)[K]>, InferSelectModel<(typeof pgs)[K]>>;
  /** Same value types, and the same optional keys but for SQLite's rowid. */
  insert: [Equal<Required<LiteInsert<K>>, Required<PgInsert<K>>>, Equal<Omit<Optionality<LiteInsert<K>>, RowidKey<K>>, Omit<Optionality<PgInsert<K>>, RowidKey<K>>>] extends [true, true]
    ? true
    : false;
};
/** A table whose row types differ is named in tsc's error on this declaration. */
type RowTypes = { [K in TableKeys<typeof lite> & TableKeys<typeof pgs>]: Same<K> };
export const rowTypesAgree: { [K in keyof RowTypes]: { select: true; insert: true } } = null as unknown as RowTypes;
export const sameTables: [Equal<TableKeys<typeof lite>, TableKeys<typeof pgs>>] = [true];

// ---- structure: what each engine's config says, in one neutral shape ----
type AnyColumn = { name: string; columnType: string; autoIncrement?: boolean; notNull: boolean; hasDefault: boolean; primary: boolean; isUnique: boolean; uniqueName?: string; default?: unknown; dataType: string };
type AnyIndexColumn = { name?: string };
interface Config {
  name: string;
  columns: AnyColumn[];
  primaryKeys: Array<{ getName(): string; columns: AnyColumn[] }>;
  uniqueConstraints: Array<{ getName(): string | undefined; columns: AnyColumn[] }>;
  indexes: Array<{ config: { name?: string; unique: boolean; columns: unknown[]; where?: unknown } }>;
  foreignKeys: Array<{ getName(): string; onDelete?: string; onUpdate?: string; reference(): { columns: AnyColumn[]; foreignColumns: AnyColumn[]; foreignTable: Table } }>;
}

/** SQLite's rowid alias (see ROWID_KEYS): a default of the engine's, not of the schema's. */
const isRowid = (c: AnyColumn): boolean => c.columnType === 'SQLiteInteger' && c.primary && c.autoIncrement !== true;
const tableName = (t: Table): string => (t as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')];
const names = (cols: AnyColumn[]): string[] => cols.map((c) => c.name);

/** A table as both engines must agree on it. Defaults: the value, or that there is one (a serial, a SQL expression). */
export function describeTable(config: Config) {
  const byName = <T extends { name: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.name.localeCompare(b.name));
  return {
    name: config.name,
    columns: byName(
      config.columns.map((c) => ({
        name: c.name,
        dataType: c.dataType,
        notNull: c.notNull,
        hasDefault: c.hasDefault && !isRowid(c),
        default: c.default === undefined || (typeof c.default === 'object' && c.default !== null && !Array.isArray(c.default)) ? c.hasDefault && !isRowid(c) : c.default,
        primary: c.primary,
        unique: c.isUnique ? (c.uniqueName ?? true) : false,
      })),
    ),
    primaryKeys: byName(config.primaryKeys.map((k) => ({ name: k.getName(), columns: names(k.columns) }))),
    uniqueConstraints: byName(config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', columns: names(u.columns) }))),
    indexes: byName(
      config.indexes.map((i) => ({
        name: i.config.name ?? '',
        unique: i.config.unique,
        partial: i.config.where !== undefined,
        columns: i.config.columns.map((c) => (c as AnyIndexColumn).name ?? '(expression)'),
      })),
    ),
    foreignKeys: byName(
      config.foreignKeys.map((f) => {
        const r = f.reference();
        // SQLite leaves the action unset where PostgreSQL says 'no action': the same rule.
        return { name: f.getName(), columns: names(r.columns), target: tableName(r.foreignTable), targetColumns: names(r.foreignColumns), onDelete: f.onDelete ?? 'no action', onUpdate: f.onUpdate ?? 'no action' };
      }),
    ),
  };
}

const sqliteTables = Object.fromEntries(Object.entries(lite).filter(([, v]) => is(v, SQLiteTable))) as Record<string, SQLiteTable>;
const pgTables = Object.fromEntries(Object.entries(pgs).filter(([, v]) => is(v, PgTable))) as Record<string, PgTable>;

describe('the PostgreSQL schema mirrors the SQLite one', () => {
  it('exports the same tables under the same names', () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(sqliteTables).length).toBeGreaterThan(30);
  });

  it('has rowid keys (an engine default PostgreSQL lacks) exactly where ROWID_KEYS says', () => {
    const rowids = Object.entries(sqliteTables).flatMap(([key, t]) =>
      (sqliteConfig(t).columns as unknown as AnyColumn[]).filter(isRowid).map((c) => `${key}.${c.name}`),
    );
    expect(rowids.sort()).toEqual(Object.entries(ROWID_KEYS).map(([key, col]) => `${key}.${col}`).sort());
  });

  it.each(Object.keys(sqliteTables).sort())('%s: same columns, keys, unique constraints, indexes and foreign keys', (key) => {
    const pgTable = pgTables[key];
    expect(pgTable).toBeDefined();
    expect(describeTable(pgConfig(pgTable) as unknown as Config)).toEqual(describeTable(sqliteConfig(sqliteTables[key]) as unknown as Config));
  });
});
