// Opens the SQLite database (WAL, foreign keys, busy timeout), wraps it in drizzle and applies the committed migrations.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema/index.js';
import { projectPath } from '../lib/paths.js';

export type Db = BetterSQLite3Database<typeof schema>;
/** A transaction handle; services pass it to repositories so one use case is one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = projectPath('migrations');

export interface Database_ {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

export interface OpenOptions {
  /**
   * A serialized database (`sqlite.serialize()` of an open one) to open in memory instead of `path`: tests migrate one
   * template per worker and give every app a copy (migrating cost each test app ~tens of ms; issue 22). The pragmas
   * below are per connection and applied the same. The image must be of a migrated database: the migrator is not run on
   * it (reading and hashing the migration files alone cost ~4 ms an app).
   */
  image?: Buffer;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database_ {
  if (!options.image && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = options.image ? new Database(options.image) : new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted content (erased contact details) is overwritten with zeros, not left in freed pages of the file (issue 21).
  sqlite.pragma('secure_delete = ON');
  // 16 MB of page cache (the OS caches the file below it): with the sorter's buffer, sized from it, this bounds
  // SQLite's share of the RSS under load. The bench's stats pair peaked at 298–328 MB with 64 MB, 290–298 MB with
  // 32 MB and 239 MB with 16 MB, at the same throughput for every scenario (issue 7).
  sqlite.pragma('cache_size = -16384');
  // temp_store stays at its default (files): a GROUP BY over a 1M-item campaign sorts ~1M rows, which in memory
  // added ~140 MB to the RSS and was slower (907 vs 742 ms) than SQLite's own spill to temporary files (issue 7).
  const db = drizzle(sqlite, { schema });
  if (!options.image) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    sqlite,
    db,
    close() {
      if (sqlite.open) {
        try {
          sqlite.pragma('optimize');
        } finally {
          sqlite.close();
        }
      }
    },
  };
}

/** True when every committed migration has been applied (readiness). */
export function migrationsApplied(sqlite: Database.Database, expected: number): boolean {
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n >= expected;
}
