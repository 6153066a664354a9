// The SQLite unit of work (issue 23 §2): one write connection held exclusively, BEGIN IMMEDIATE, reads on their own
// connections, and no statement of another request ever runs inside an open transaction. No clock or timer decides an
// outcome here: every interleaving is forced with promises the test resolves itself.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { sqliteUnitOfWork } from '../../src/db/unit-of-work-sqlite.js';
import { StrayStatementError, type UnitOfWork } from '../../src/db/unit-of-work.js';

type Db = BetterSQLite3Database;
let dir: string;
let path: string;
let uow: UnitOfWork<Db> & { writeLock: { queued: number } };

function open(file: string): Database.Database {
  const c = new Database(file);
  c.pragma('journal_mode = WAL');
  c.pragma('busy_timeout = 5000');
  return c;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uow-'));
  path = join(dir, 'db.sqlite');
  const c = open(path);
  c.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  uow = sqliteUnitOfWork<Db>({ connection: c, path, wrap: (conn) => drizzle(conn) });
});
afterEach(async () => {
  await uow.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (db: Db, body: string) => db.run(sql`INSERT INTO notes (body) VALUES (${body})`);
const bodies = (db: Db) => db.all<{ body: string }>(sql`SELECT body FROM notes ORDER BY id`).map((r) => r.body);
/** The StrayStatementError `run` throws (drizzle wraps a driver's error as the cause of its own), or what else it threw. */
function strayOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e instanceof StrayStatementError ? e : ((e as { cause?: unknown }).cause ?? e);
  }
  return 'nothing was thrown';
}
/** A promise and the function that settles it: the test decides when a unit goes on. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

test('when a write unit resolves, then its writes are committed and a later read sees them', async () => {
  const result = await uow.write(async (tx) => {
    insert(tx.db, 'a');
    await Promise.resolve();
    insert(tx.db, 'b');
    return 'done';
  });
  expect(result).toBe('done');
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['a', 'b']);
});

test('when a write unit throws after writing, then nothing of it is kept and the error reaches the caller', async () => {
  await expect(
    uow.write(async (tx) => {
      insert(tx.db, 'lost');
      await Promise.resolve();
      throw new Error('refused');
    }),
  ).rejects.toThrow('refused');
  expect(await uow.read((tx) => bodies(tx.db))).toEqual([]);
});

test('when a second write starts while the first awaits, then it waits for the first to commit (one unit at a time)', async () => {
  const g = gate();
  const order: string[] = [];
  const first = uow.write(async (tx) => {
    order.push('first begins');
    insert(tx.db, 'first');
    await g.wait;
    order.push('first ends');
  });
  const second = uow.write(async (tx) => {
    order.push('second begins');
    insert(tx.db, 'second');
  });
  await new Promise((r) => setImmediate(r));
  expect(order).toEqual(['first begins']);
  expect(uow.writeLock.queued).toBe(2);
  g.open();
  await Promise.all([first, second]);
  expect(order).toEqual(['first begins', 'first ends', 'second begins']);
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['first', 'second']);
});

test('when a read runs while a write is open, then it neither waits for it nor sees its uncommitted rows', async () => {
  await uow.write((tx) => insert(tx.db, 'committed'));
  const g = gate();
  const writing = uow.write(async (tx) => {
    insert(tx.db, 'open');
    await g.wait;
  });
  await new Promise((r) => setImmediate(r));
  // The write is still open (the gate is shut): the read answers from the last commit.
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['committed']);
  g.open();
  await writing;
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['committed', 'open']);
});

test('when another request runs a statement on the write connection while a unit is open, then it is refused and the unit is not touched', async () => {
  const g = gate();
  let leaked: Db | undefined;
  const writing = uow.write(async (tx) => {
    leaked = tx.db;
    insert(tx.db, 'mine');
    await g.wait;
  });
  await new Promise((r) => setImmediate(r));
  // Another async context (as another request would be) holding the handle cannot write into the open transaction.
  const stray = strayOf(() => insert(leaked!, 'stray'));
  const strayRead = strayOf(() => bodies(leaked!));
  g.open();
  await writing;
  expect(stray).toBeInstanceOf(StrayStatementError);
  expect(strayRead).toMatchObject({ message: expect.stringMatching(/outside any unit of work/) });
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['mine']);
  // After its unit, the handle is dead too: nothing runs in autocommit behind the lock's back.
  expect(strayOf(() => insert(leaked!, 'late'))).toBeInstanceOf(StrayStatementError);
});

test('when work started inside a unit runs a statement after the unit ended, then it is refused as a kept tx', async () => {
  let late: Promise<unknown> | undefined;
  const g = gate();
  await uow.write(async (tx) => {
    late = g.wait.then(() => strayOf(() => insert(tx.db, 'after the end')));
  });
  g.open();
  expect(await late).toMatchObject({ name: 'StrayStatementError', message: expect.stringMatching(/whose unit of work has ended/) });
  expect(await uow.read((tx) => bodies(tx.db))).toEqual([]);
});

test('when hooks are registered, then beforeCommit writes inside the transaction, afterCommit runs after COMMIT only, and a failing beforeCommit rolls back', async () => {
  const seen: string[] = [];
  await uow.write(async (tx) => {
    insert(tx.db, 'row');
    tx.beforeCommit(() => insert(tx.db, 'event'));
    tx.afterCommit(() => seen.push('after commit'));
  });
  expect(seen).toEqual(['after commit']);
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['row', 'event']);

  await expect(
    uow.write(async (tx) => {
      insert(tx.db, 'doomed');
      tx.beforeCommit(() => {
        throw new Error('feed refused');
      });
      tx.afterCommit(() => seen.push('never'));
    }),
  ).rejects.toThrow('feed refused');
  expect(seen).toEqual(['after commit']);
  expect(await uow.read((tx) => bodies(tx.db))).toEqual(['row', 'event']);
});

test('when an afterCommit hook fails, then the commit stands, the next hooks run and the failure is reported', async () => {
  const reported: unknown[] = [];
  const c = open(join(dir, 'other.sqlite'));
  c.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const other = sqliteUnitOfWork<Db>({ connection: c, path: join(dir, 'other.sqlite'), wrap: (conn) => drizzle(conn), report: (e) => reported.push(e) });
  const ran: string[] = [];
  await other.write((tx) => {
    insert(tx.db, 'kept');
    tx.afterCommit(() => {
      throw new Error('webhook wake-up failed');
    });
    tx.afterCommit(() => ran.push('second hook'));
  });
  expect(ran).toEqual(['second hook']);
  expect(reported).toEqual([expect.objectContaining({ message: 'webhook wake-up failed' })]);
  expect(await other.read((tx) => bodies(tx.db))).toEqual(['kept']);
  await other.close();
});

test('when the database is in memory, then reads take the write lock and still see only committed rows', async () => {
  const memory = sqliteUnitOfWork<Db>({ connection: new Database(':memory:'), wrap: (conn) => drizzle(conn) });
  await memory.write((tx) => tx.db.run(sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`));
  const g = gate();
  const writing = memory.write(async (tx) => {
    insert(tx.db, 'open');
    await g.wait;
  });
  let read: string[] | undefined;
  const reading = memory.read((tx) => (read = bodies(tx.db)));
  await new Promise((r) => setImmediate(r));
  expect(read).toBeUndefined();
  g.open();
  await Promise.all([writing, reading]);
  expect(read).toEqual(['open']);
  await memory.close();
});

test('when close is called while a unit runs, then the unit finishes first and later units are refused', async () => {
  const g = gate();
  const writing = uow.write(async (tx) => {
    await g.wait;
    insert(tx.db, 'finished');
  });
  await new Promise((r) => setImmediate(r));
  const closing = uow.close();
  await expect(uow.write(() => undefined)).rejects.toThrow(/closed/);
  g.open();
  await writing;
  await closing;
  const check = new Database(path, { readonly: true });
  expect(check.prepare('SELECT body FROM notes').pluck().all()).toEqual(['finished']);
  check.close();
});

test('when two processes write one file at once through their units, then every write lands and none fails with "database is locked"', () => {
  // Each child: 1,000 units that read the counter and write it back plus one row (read-then-write, the pattern that made
  // deferred transactions fail with SQLITE_BUSY_SNAPSHOT), 4 of them in flight at once.
  const child = `
    import Database from 'better-sqlite3';
    import { drizzle } from 'drizzle-orm/better-sqlite3';
    import { sql } from 'drizzle-orm';
    import { sqliteUnitOfWork } from './src/db/unit-of-work-sqlite.ts';
    const c = new Database(process.argv[2]); c.pragma('journal_mode = WAL'); c.pragma('busy_timeout = 5000');
    const uow = sqliteUnitOfWork({ connection: c, path: process.argv[2], wrap: (x) => drizzle(x) });
    // A barrier: both children start writing only once both are ready (files in the database's folder).
    const fs = await import('node:fs');
    fs.writeFileSync(process.argv[2] + '.ready-' + process.pid, '');
    const dir = (await import('node:path')).dirname(process.argv[2]);
    while (fs.readdirSync(dir).filter((f) => f.includes('.ready-')).length < 2) await new Promise((r) => setTimeout(r, 5));
    let errors = 0;
    const one = () => uow.write(async (tx) => {
      const n = tx.db.get(sql\`SELECT n FROM counter\`).n;
      await Promise.resolve();
      tx.db.run(sql\`UPDATE counter SET n = \${n + 1}\`);
      tx.db.run(sql\`INSERT INTO notes (body) VALUES (\${process.pid})\`);
    }).catch((e) => { errors++; console.error(e.message); });
    const lanes = Array.from({ length: 4 }, async () => { for (let i = 0; i < 250; i++) await one(); });
    await Promise.all(lanes);
    await uow.close();
    console.log(JSON.stringify({ errors }));
  `;
  const setup = open(path);
  setup.exec('CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)');
  setup.close();
  const script = join(process.cwd(), `uow-child-${process.pid}.tmp.mts`);
  writeFileSync(script, child);
  try {
    const run = () => spawnSync('bash', ['-c', `node --import tsx ${script} ${path} & node --import tsx ${script} ${path} & wait`], { encoding: 'utf8', timeout: 120_000 });
    const res = run();
    const outcomes = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { errors: number });
    expect({ outcomes, stderr: res.stderr.split('\n').filter((l) => /locked|busy/i.test(l)) }).toEqual({ outcomes: [{ errors: 0 }, { errors: 0 }], stderr: [] });
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT n FROM counter').pluck().get()).toBe(2000);
    expect(check.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000);
    check.close();
  } finally {
    rmSync(script, { force: true });
  }
}, 150_000);

