// EXPLAIN QUERY PLAN guards (issues 7 and 17): a documented list filter or sort must not read a large table, or one
// of its indexes, from end to end. The plans are those of the code's own statements: `capturePlans` records every
// statement the code prepares and runs (through better-sqlite3's prepare), with the values it binds.
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

export interface CapturedStatement {
  sql: string;
  /** The arguments of the run (positional values or one object of named values). */
  args: unknown[];
  plan: string[];
}

const RUNNERS = ['all', 'get', 'run', 'iterate'] as const;

/**
 * Instruments `sqlite.prepare` until `stop()`: every statement prepared meanwhile records, each time it runs, its SQL,
 * the values bound and the plan SQLite makes for exactly that (EXPLAIN QUERY PLAN of the same text with the same
 * values). Statements prepared before (a repository's hot statements) are captured by creating the repository after.
 */
export function startCapture(sqlite: Database.Database): { statements: CapturedStatement[]; stop(): CapturedStatement[] } {
  const statements: CapturedStatement[] = [];
  const prepare = sqlite.prepare;
  const explain = (source: string, args: unknown[]) =>
    ((prepare.call(sqlite, `EXPLAIN QUERY PLAN ${source}`) as Database.Statement<unknown[]>).all(...args) as Array<{ detail: string }>).map((r) => r.detail);
  sqlite.prepare = function (source: string) {
    const stmt = prepare.call(sqlite, source);
    for (const name of RUNNERS) {
      const run = (stmt[name] as (...a: unknown[]) => unknown).bind(stmt);
      Object.defineProperty(stmt, name, {
        configurable: true,
        value: (...args: unknown[]) => {
          if (/^\s*(SELECT|WITH)\b/i.test(source)) statements.push({ sql: source, args, plan: explain(source, args) });
          return run(...args);
        },
      });
    }
    return stmt;
  } as typeof sqlite.prepare;
  return {
    statements,
    stop() {
      sqlite.prepare = prepare;
      return statements;
    },
  };
}

/** The statements `fn` runs (see startCapture). */
export function capturePlans(sqlite: Database.Database, fn: () => void): CapturedStatement[] {
  const c = startCapture(sqlite);
  try {
    fn();
  } finally {
    c.stop();
  }
  return c.statements;
}

/** The statements an async `fn` (an HTTP request through app.inject) runs. */
export async function capturePlansOf(sqlite: Database.Database, fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const c = startCapture(sqlite);
  try {
    await fn();
  } finally {
    c.stop();
  }
  return c.statements;
}

/** The captured statements that read `table` (by name, quoted or not). */
export const reading = (statements: CapturedStatement[], table: string): CapturedStatement[] =>
  statements.filter((s) => new RegExp(`(from|join)\\s+"?${table}"?(\\s|$)`, 'i').test(s.sql));

/**
 * Fails when the plan reads one of `tables` from end to end: "SCAN t" (the table) or "SCAN t USING [COVERING] INDEX i"
 * (a whole index, in order, with no equality or range on its leading columns). A filtered list must SEARCH its large
 * table (an equality or a range on an index's leading columns); only an unfiltered page may walk an index in order,
 * since LIMIT stops it after one page.
 */
export function expectNoFullScan(sqlite: Database.Database, query: ToSql | { sql: string; params: unknown[] } | string[], tables: string[], options: { allowIndexWalk?: boolean } = {}): void {
  const plan = Array.isArray(query) ? query : queryPlan(sqlite, query);
  for (const line of plan) {
    for (const t of tables) {
      const table = new RegExp(`^SCAN ${t}( AS \\w+)?$`);
      const walk = new RegExp(`^SCAN ${t}( AS \\w+)? USING (COVERING )?INDEX `);
      if (table.test(line.trim())) throw new Error(`Full table scan of ${t}:\n${plan.join('\n')}`);
      if (!options.allowIndexWalk && walk.test(line.trim())) throw new Error(`Whole-index walk of ${t} (no equality or range on the index's leading columns):\n${plan.join('\n')}`);
    }
  }
}
