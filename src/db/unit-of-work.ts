// The unit of work (issue 23): every use case is `await uow.write(async (tx) => …)` or `await uow.read(async (tx) => …)`
// and its repositories take `tx`; nothing else holds a connection. One interface, one implementation per engine:
// unit-of-work-sqlite.ts (one write connection held exclusively through an in-process lock, BEGIN IMMEDIATE, read
// connections beside it) and unit-of-work-pg.ts (a pooled connection per unit, BEGIN … COMMIT at READ COMMITTED).
//
// The guard. A transaction is a connection's state, not a value: on SQLite every unit shares the one write connection,
// so a statement of another request that ran on it while a unit awaited would silently join that unit's transaction
// (and be rolled back with it, or commit what it never meant to). Every connection a unit owns is therefore wrapped so
// that each statement checks, through AsyncLocalStorage, that it runs inside the unit that holds the connection, and
// that this unit is still open. A stray statement (another request's, or a `tx` kept after its unit ended) throws
// StrayStatementError instead of running. docs/data-layer.md says why each choice was made.
import { AsyncLocalStorage } from 'node:async_hooks';

export type Dialect = 'sqlite' | 'postgres';

/** What a read use case gets: a connection's query handle (drizzle) and which engine serves it. */
export interface ReadTx<TDb> {
  readonly db: TDb;
  readonly dialect: Dialect;
}

/** What a write use case gets: one open transaction on one connection, and hooks around its COMMIT. */
export interface WriteTx<TDb> extends ReadTx<TDb> {
  /**
   * Runs inside the transaction just before COMMIT, in the order registered: the change feed writes its events here
   * (on PostgreSQL under the feed lock, so the feed's order is the order of the commits). An error rolls back.
   */
  beforeCommit(hook: () => unknown): void;
  /** Runs once COMMIT has succeeded (never after a rollback), in order, outside the unit; an error is reported, not thrown. */
  afterCommit(hook: () => unknown): void;
}

export interface ReadOptions {
  /**
   * One snapshot for every statement of the read (a page and its total, a record and its history). Without it each
   * statement sees the latest commit. On SQLite every read is a snapshot (it costs nothing there).
   */
  snapshot?: boolean;
}

export interface UnitOfWork<TDb> {
  readonly dialect: Dialect;
  /** A write use case: one transaction, committed when `work` resolves and rolled back when it throws. */
  write<T>(work: (tx: WriteTx<TDb>) => Promise<T> | T): Promise<T>;
  /** A read use case: never sees an open transaction's writes and never waits for one to end. */
  read<T>(work: (tx: ReadTx<TDb>) => Promise<T> | T, options?: ReadOptions): Promise<T>;
  /** Waits for the units under way, then closes every connection; later calls are refused. */
  close(): Promise<void>;
}

/** A statement that ran on a unit's connection from outside the unit (another request, or after the unit ended). */
export class StrayStatementError extends Error {
  constructor(what: string) {
    super(`unit of work: ${what}`);
    this.name = 'StrayStatementError';
  }
}

/** One unit's claim on a connection: open until the unit commits or rolls back. */
export class Claim {
  open = true;
  constructor(readonly connection: object) {}
}

const claims = new AsyncLocalStorage<Claim>();

/** Runs `work` as the holder of `claim` (every statement it starts, awaited or not, carries the claim). */
export function runClaimed<T>(claim: Claim, work: () => T): T {
  return claims.run(claim, work);
}

/** Throws unless the caller runs inside the open unit that holds `connection`. */
export function assertClaimed(connection: object, statement: string): void {
  const claim = claims.getStore();
  if (claim?.connection === connection && claim.open) return;
  const sql = statement.length > 80 ? `${statement.slice(0, 77)}...` : statement;
  if (!claim) throw new StrayStatementError(`a statement ran on a unit's connection outside any unit of work: ${sql}`);
  if (!claim.open) throw new StrayStatementError(`a statement ran on a connection whose unit of work has ended (a tx kept after its unit): ${sql}`);
  throw new StrayStatementError(`a statement of one unit of work ran on another unit's connection: ${sql}`);
}

/**
 * A FIFO async mutex: `acquire()` resolves, in call order, with the function that releases it. On SQLite it is what
 * makes the one write connection exclusive to one unit at a time within the process (another process waits on
 * SQLite's own lock at BEGIN IMMEDIATE, bounded by busy_timeout).
 */
export class AsyncLock {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** How many units hold or wait for the lock (for metrics and tests). */
  get queued(): number {
    return this.held;
  }

  async acquire(): Promise<() => void> {
    this.held++;
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => turn);
    await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      release();
    };
  }
}

/** The hooks of one write unit, run by the engine around its COMMIT. */
export class CommitHooks {
  private readonly before: Array<() => unknown> = [];
  private readonly after: Array<() => unknown> = [];

  beforeCommit = (hook: () => unknown): void => void this.before.push(hook);
  afterCommit = (hook: () => unknown): void => void this.after.push(hook);

  /** Inside the transaction; hooks may register more hooks (they run too). */
  async runBefore(): Promise<void> {
    for (let i = 0; i < this.before.length; i++) await this.before[i]();
  }

  /** After COMMIT: every hook runs even when one fails; failures go to `report`. */
  async runAfter(report: (error: unknown) => void): Promise<void> {
    for (const hook of this.after) {
      try {
        await hook();
      } catch (e) {
        report(e);
      }
    }
  }
}
