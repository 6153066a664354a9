// "Nothing is written" made checkable (issue 17): a digest of every row of every table, so a test compares the whole
// database before and after a refused request instead of counting one table.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface TableState {
  rows: number;
  digest: string;
}

/**
 * Every ordinary table (the FTS index's shadow tables included, sqlite_* excluded) with its row count and a digest of
 * its rows in rowid order. `except` leaves out tables a refused request may legitimately touch (say, the stored
 * response of an Idempotency-Key).
 */
export function dbState(sqlite: Database.Database, except: readonly string[] = []): Record<string, TableState> {
  const tables = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string; sql: string | null }>;
  const out: Record<string, TableState> = {};
  for (const { name, sql } of tables) {
    if (except.includes(name) || /CREATE VIRTUAL TABLE/i.test(sql ?? '')) continue;
    const withoutRowid = /WITHOUT ROWID/i.test(sql ?? '');
    const rows = sqlite.prepare(`SELECT * FROM "${name}"${withoutRowid ? '' : ' ORDER BY rowid'}`).raw().all() as unknown[][];
    const h = createHash('sha1');
    for (const r of rows) h.update(JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)));
    out[name] = { rows: rows.length, digest: h.digest('hex') };
  }
  return out;
}

/** The number of rows of one table. */
export const countRows = (sqlite: Database.Database, table: string): number =>
  (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
