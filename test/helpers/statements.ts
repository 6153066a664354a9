// Counts the statements better-sqlite3 prepares while some requests run: the cost of a query built per row, without timing.
import type Database from 'better-sqlite3';

/** Every statement prepared while `run` runs, by SQL text (drizzle's prepared queries were made when the app was built). */
export async function preparedDuring(sqlite: Database.Database, run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = sqlite.prepare;
  sqlite.prepare = ((source: string) => {
    seen.push(source);
    return original.call(sqlite, source);
  }) as typeof sqlite.prepare;
  try {
    await run();
  } finally {
    sqlite.prepare = original;
  }
  return seen;
}
