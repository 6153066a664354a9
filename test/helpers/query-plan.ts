// EXPLAIN QUERY PLAN guard (issue 7): a documented list filter or sort must not scan a large table in full.
import type Database from 'better-sqlite3';

export interface ToSql {
  toSQL(): { sql: string; params: unknown[] };
}

/** The plan's detail lines, e.g. "SEARCH units USING INDEX units_level (level=?)". */
export function queryPlan(sqlite: Database.Database, query: ToSql | { sql: string; params: unknown[] }): string[] {
  const { sql, params } = 'toSQL' in query ? query.toSQL() : query;
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail);
}

/** Fails when the plan scans one of `tables` without an index ("SCAN t" rather than "SEARCH t USING INDEX" or "SCAN t USING INDEX"). */
export function expectNoFullScan(sqlite: Database.Database, query: ToSql | { sql: string; params: unknown[] }, tables: string[]): void {
  const plan = queryPlan(sqlite, query);
  for (const line of plan) {
    for (const t of tables) {
      const re = new RegExp(`^SCAN ${t}( AS \\w+)?$`);
      if (re.test(line.trim())) throw new Error(`Full table scan of ${t}:\n${plan.join('\n')}`);
    }
  }
}
