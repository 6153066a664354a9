// The unit of work on PostgreSQL (issue 23; the interface and the guard: unit-of-work.ts, the reasons:
// docs/data-layer.md). Each unit takes its own connection from the pool, so units never share a transaction; the
// guard still refuses a statement on a unit's connection from outside it (a `tx` kept after its unit would otherwise
// run inside whichever unit holds that pooled connection next).
//
// Isolation: READ COMMITTED, the server's default, with the row locks and conditional updates each use case states
// (UPDATE … WHERE version = $n, counters by UPDATE … RETURNING, idempotency claims by INSERT … ON CONFLICT DO NOTHING,
// SELECT … FOR UPDATE where a use case reads a row it then changes). SERIALIZABLE would turn every conflict into an
// abort that every use case must retry, and an import (one long transaction) would abort whenever anything it read
// changed; the service's guarantees are already written as conditional statements, which READ COMMITTED keeps.
// Reads run without a transaction (each statement sees the latest commit) unless they ask for one snapshot
// (REPEATABLE READ READ ONLY: a page and its total agree).
import type { Pool, PoolClient } from 'pg';
import { Claim, CommitHooks, assertClaimed, runClaimed, type ReadOptions, type ReadTx, type UnitOfWork, type WriteTx } from './unit-of-work.js';

export interface PgUnitOfWorkOptions<TDb> {
  pool: Pool;
  /** The query handle (drizzle) over one pooled connection; called once per connection the pool opens. */
  wrap(client: PoolClient): TDb;
  /** Where a failing afterCommit hook is reported (default: console.error). */
  report?: (error: unknown) => void;
}

const GUARDED = Symbol('xiaoneng.guarded');

/** The connection's `query` checks, on every call, that it runs inside the unit that holds the connection. */
function guardClient(client: PoolClient): void {
  const c = client as PoolClient & { [GUARDED]?: true };
  if (c[GUARDED]) return;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string } | undefined;
    assertClaimed(client, typeof first === 'string' ? first : (first?.text ?? 'a query'));
    return query(...args);
  };
  c[GUARDED] = true;
}

export function pgUnitOfWork<TDb>(options: PgUnitOfWorkOptions<TDb>): UnitOfWork<TDb> {
  const { pool } = options;
  const report = options.report ?? ((e: unknown) => console.error('afterCommit hook failed', e));
  const handles = new WeakMap<PoolClient, TDb>();
  let closed = false;
  let running = 0;
  let drained: (() => void) | undefined;

  const handleOf = (client: PoolClient): TDb => {
    let db = handles.get(client);
    if (!db) {
      guardClient(client);
      db = options.wrap(client);
      handles.set(client, db);
    }
    return db;
  };

  /** Runs `work` on a pooled connection it holds (claimed); `begin` opens a transaction, or none when undefined. */
  async function onConnection<T>(begin: string | undefined, work: (db: TDb) => Promise<T>, hooks?: CommitHooks): Promise<T> {
    if (closed) throw new Error('unit of work: the database is closed');
    running++;
    let client: PoolClient | undefined;
    let claim: Claim | undefined;
    let broken: Error | undefined;
    try {
      const c = (client = await pool.connect());
      const db = handleOf(c);
      claim = new Claim(c);
      return await runClaimed(claim, async () => {
        if (!begin) return work(db);
        await c.query(begin);
        try {
          const result = await work(db);
          await hooks?.runBefore();
          await c.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await c.query('ROLLBACK');
          } catch (rollback) {
            // The connection is gone or unusable: it must not go back to the pool.
            broken = rollback as Error;
          }
          throw e;
        }
      });
    } finally {
      if (claim) claim.open = false;
      client?.release(broken);
      if (--running === 0) drained?.();
    }
  }

  return {
    dialect: 'postgres',
    async write<T>(work: (tx: WriteTx<TDb>) => Promise<T> | T): Promise<T> {
      const hooks = new CommitHooks();
      const result = await onConnection('BEGIN', async (db) => work({ db, dialect: 'postgres', beforeCommit: hooks.beforeCommit, afterCommit: hooks.afterCommit }), hooks);
      await hooks.runAfter(report);
      return result;
    },
    read<T>(work: (tx: ReadTx<TDb>) => Promise<T> | T, readOptions?: ReadOptions): Promise<T> {
      return onConnection(readOptions?.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : undefined, async (db) => work({ db, dialect: 'postgres' }));
    },
    async close() {
      if (closed) return;
      closed = true;
      if (running) await new Promise<void>((resolve) => (drained = resolve));
      await pool.end();
    },
  };
}
