// rowMapper: array rows (statement.raw(true)) mapped to a table's select type, decoded as drizzle's mapping would.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { sqliteTable, text, integer, real } from 'drizzle-orm/sqlite-core';
import { eq } from 'drizzle-orm';
import { rowMapper } from '../../src/db/rows.js';

const things = sqliteTable('things', {
  id: text('id').primaryKey(),
  count: integer('count').notNull(),
  share: real('share'),
  done: integer('done', { mode: 'boolean' }),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
});

describe('rowMapper', () => {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE things (id TEXT PRIMARY KEY, count INTEGER NOT NULL, share REAL, done INTEGER, tags TEXT NOT NULL)');
  const db = drizzle(sqlite);
  db.insert(things).values([
    { id: 'a', count: 3, share: 0.5, done: true, tags: ['甲', 'b'] },
    { id: 'b', count: 0, share: null, done: false, tags: [] },
    { id: 'c', count: 1, share: 1, done: null, tags: ['x'] },
  ]).run();
  afterAll(() => sqlite.close());

  test('when rows are read as arrays, then each maps to exactly what drizzle returns for the same row', () => {
    const m = rowMapper(things);
    const rows = (sqlite.prepare(`SELECT ${m.select} FROM things ORDER BY id`).raw(true).all() as unknown[][]).map(m.map);
    expect(rows).toEqual(db.select().from(things).orderBy(things.id).all());
    expect(rows[0]).toEqual({ id: 'a', count: 3, share: 0.5, done: true, tags: ['甲', 'b'] });
    expect(rows[1].done).toBe(false);
    expect(rows[2].done).toBeNull();
    expect(Object.keys(rows[0])).toEqual(Object.keys(db.select().from(things).where(eq(things.id, 'a')).get()!));
  });

  test('when a statement built elsewhere returns the columns in another order or misses one, then prepared() refuses it; the table’s own select passes', () => {
    const m = rowMapper(things);
    expect(() => m.prepared(sqlite.prepare('SELECT count, id, share, done, tags FROM things'))).toThrow(/returns count, id, share, done, tags; expected id, count, share, done, tags/);
    expect(() => m.prepared(sqlite.prepare('SELECT id, count, share, done FROM things'))).toThrow(/expected id, count, share, done, tags/);
    const viaDrizzle = db.select().from(things).where(eq(things.id, 'a')).toSQL();
    const stmt = m.prepared(sqlite.prepare(viaDrizzle.sql));
    expect(m.map(stmt.get(...(viaDrizzle.params as unknown[])) as unknown[])).toEqual({ id: 'a', count: 3, share: 0.5, done: true, tags: ['甲', 'b'] });
  });

  test('when a table has a column type it cannot decode, then it refuses the table instead of returning raw values', () => {
    const stamped = sqliteTable('stamped', { at: integer('at', { mode: 'timestamp' }) });
    expect(() => rowMapper(stamped)).toThrow(/stamped\.at has column type SQLiteTimestamp/);
  });
});
