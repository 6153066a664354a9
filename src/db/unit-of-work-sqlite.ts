// The unit of work on SQLite (issue 23; the interface and the guard: unit-of-work.ts, the reasons: docs/data-layer.md).
//
// better-sqlite3 is synchronous and refuses an async transaction function, and drizzle's async transaction on it
// silently leaves the transaction at the first await. So the unit opens the transaction itself: it holds the one write
// connection exclusively (an in-process FIFO lock), sends BEGIN IMMEDIATE (the write lock is taken before anything is
// read, so another process on the same file waits at BEGIN within busy_timeout instead of failing later with
// SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot help), awaits the work, and commits or rolls back.
//
// Reads that are not part of a write go to read-only connections beside it: with WAL each read transaction sees the
// last commit, never an open write, and never waits for one. A read holds its connection for its duration (its
// statements share one snapshot); `readers` bounds how many run at once. An in-memory database cannot have a second
// connection, so there reads take the write lock too (they still see only committed data).
import Database from 'better-sqlite3';
import { AsyncLock, Claim, CommitHooks, assertClaimed, runClaimed, type ReadOptions, type ReadTx, type UnitOfWork, type WriteTx } from './unit-of-work.js';

export interface SqliteUnitOfWorkOptions<TDb> {
  /** The write connection, opened and migrated (WAL). The unit of work owns it from now on. */
  connection: Database.Database;
  /** The database file for the read connections; ':memory:' (or omitted) reads through the write connection. */
  path?: string;
  /** Read connections (default 2): reads running at once beyond that wait for a free one. */
  readers?: number;
  /** The query handle (drizzle) over a connection; called once per connection. */
  wrap(connection: Database.Database): TDb;
  /** Where a failing afterCommit hook is reported (default: console.error). */
  report?: (error: unknown) => void;
}

/** The statement methods that run SQL; the others (columns, bind, raw, pluck…) only configure the statement. */
const RUNS = new Set(['run', 'get', 'all', 'iterate']);
const CONNECTION_RUNS = new Set(['exec', 'pragma', 'transaction', 'backup', 'serialize', 'function', 'aggregate', 'loadExtension']);

/**
 * `connection` as only its holding unit may use it: every statement prepared through it, and every direct call that
 * runs SQL, first checks (assertClaimed) that the caller runs inside the open unit holding the connection.
 */
export function guardConnection(connection: Database.Database): Database.Database {
  const statements = new WeakMap<object, object>();
  const guardStatement = <S extends object>(statement: S, sql: string): S => {
    const known = statements.get(statement);
    if (known) return known as S;
    const proxy = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        if (RUNS.has(key as string)) {
          return (...args: unknown[]) => {
            assertClaimed(connection, sql);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        // raw(), pluck(), expand(), bind()… return the statement itself: keep handing out the guarded one.
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          return out === target ? proxy : out;
        };
      },
    });
    statements.set(statement, proxy);
    return proxy;
  };
  return new Proxy(connection, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'prepare') return (sql: string) => guardStatement(target.prepare(sql), sql);
      if (CONNECTION_RUNS.has(key as string)) {
        return (...args: unknown[]) => {
          assertClaimed(connection, `${String(key)}(${typeof args[0] === 'string' ? args[0] : ''})`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

interface Reader<TDb> {
  connection: Database.Database;
  guarded: Database.Database;
  db: TDb;
}

export function sqliteUnitOfWork<TDb>(options: SqliteUnitOfWorkOptions<TDb>): UnitOfWork<TDb> & { readonly writeLock: AsyncLock } {
  const report = options.report ?? ((e: unknown) => console.error('afterCommit hook failed', e));
  const writer = options.connection;
  const guardedWriter = guardConnection(writer);
  const writeDb = options.wrap(guardedWriter);
  const writeLock = new AsyncLock();
  const memory = !options.path || options.path === ':memory:' || options.path.startsWith('file::memory:');
  const readers: Array<Reader<TDb>> = [];
  const free: Array<Reader<TDb>> = [];
  const waiting: Array<(r: Reader<TDb>) => void> = [];
  if (!memory) {
    for (let i = 0; i < Math.max(1, options.readers ?? 2); i++) {
      const connection = new Database(options.path!, { readonly: true, fileMustExist: true });
      connection.pragma('busy_timeout = 5000');
      connection.pragma('cache_size = -16384');
      const guarded = guardConnection(connection);
      const reader = { connection, guarded, db: options.wrap(guarded) };
      readers.push(reader);
      free.push(reader);
    }
  }
  let closed = false;
  let running = 0;
  let drained: (() => void) | undefined;
  const enter = () => {
    if (closed) throw new Error('unit of work: the database is closed');
    running++;
  };
  const leave = () => {
    if (--running === 0) drained?.();
  };

  /** Runs `work` holding `connection` (claimed), inside BEGIN … COMMIT, ROLLBACK when it throws. */
  async function inTransaction<T>(connection: Database.Database, begin: string, work: (claim: Claim) => Promise<T>, hooks?: CommitHooks): Promise<T> {
    const claim = new Claim(connection);
    try {
      return await runClaimed(claim, async () => {
        connection.exec(begin);
        try {
          const result = await work(claim);
          await hooks?.runBefore();
          connection.exec('COMMIT');
          return result;
        } catch (e) {
          // SQLite may have rolled back already (a failed COMMIT, some I/O errors): then there is nothing to undo.
          if (connection.inTransaction) connection.exec('ROLLBACK');
          throw e;
        }
      });
    } finally {
      claim.open = false;
    }
  }

  const write = async <T>(work: (tx: WriteTx<TDb>) => Promise<T> | T): Promise<T> => {
    enter();
    try {
      const release = await writeLock.acquire();
      const hooks = new CommitHooks();
      let result: T;
      try {
        result = await inTransaction(writer, 'BEGIN IMMEDIATE', async () => work({ db: writeDb, dialect: 'sqlite', beforeCommit: hooks.beforeCommit, afterCommit: hooks.afterCommit }), hooks);
      } finally {
        release();
      }
      await hooks.runAfter(report);
      return result;
    } finally {
      leave();
    }
  };

  const takeReader = (): Promise<Reader<TDb>> => {
    const r = free.pop();
    return r ? Promise.resolve(r) : new Promise((resolve) => waiting.push(resolve));
  };
  const giveBack = (r: Reader<TDb>) => {
    const next = waiting.shift();
    if (next) next(r);
    else free.push(r);
  };

  const read = async <T>(work: (tx: ReadTx<TDb>) => Promise<T> | T, _options?: ReadOptions): Promise<T> => {
    enter();
    try {
      if (memory) {
        const release = await writeLock.acquire();
        try {
          return await inTransaction(writer, 'BEGIN', async () => work({ db: writeDb, dialect: 'sqlite' }));
        } finally {
          release();
        }
      }
      const reader = await takeReader();
      try {
        return await inTransaction(reader.connection, 'BEGIN', async () => work({ db: reader.db, dialect: 'sqlite' }));
      } finally {
        giveBack(reader);
      }
    } finally {
      leave();
    }
  };

  return {
    dialect: 'sqlite',
    writeLock,
    write,
    read,
    async close() {
      if (closed) return;
      closed = true;
      if (running) await new Promise<void>((resolve) => (drained = resolve));
      for (const r of readers) r.connection.close();
      if (writer.open) writer.close();
    },
  };
}
