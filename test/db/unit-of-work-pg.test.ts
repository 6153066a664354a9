// The PostgreSQL unit of work (issue 23 §2) against a real server (test/helpers/pg.ts: TEST_DATABASE_URL or the local
// default; skipped, saying so, only when neither answers and TEST_DATABASE_URL is unset). Its own database, dropped after.
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { pgUnitOfWork } from '../../src/db/unit-of-work-pg.js';
import { StrayStatementError, type UnitOfWork } from '../../src/db/unit-of-work.js';
import { createTestDatabase, describeIfPg, type TestDatabase } from '../helpers/pg.js';

type Db = NodePgDatabase;

describeIfPg('PostgreSQL unit of work', () => {
  let uow: UnitOfWork<Db>;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 8 });
    uow = pgUnitOfWork<Db>({ pool, wrap: (client) => drizzle(client) });
    await uow.write((tx) => tx.db.execute(sql`CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL); CREATE TABLE items (id int PRIMARY KEY, version int NOT NULL); CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL)`));
  });
  afterAll(async () => {
    await uow?.close();
    await database?.drop();
  });
  beforeEach(() => uow.write((tx) => tx.db.execute(sql`TRUNCATE notes, items, counters`)));

  const insert = (db: Db, body: string) => db.execute(sql`INSERT INTO notes (body) VALUES (${body})`);
  const bodies = async (db: Db) => (await db.execute<{ body: string }>(sql`SELECT body FROM notes ORDER BY id`)).rows.map((r) => r.body);
  function gate(): { wait: Promise<void>; open: () => void } {
    let open!: () => void;
    const wait = new Promise<void>((resolve) => (open = resolve));
    return { wait, open };
  }

  test('when a write unit resolves, then it is committed; when it throws, nothing of it is kept', async () => {
    await uow.write(async (tx) => {
      await insert(tx.db, 'a');
      await insert(tx.db, 'b');
    });
    await expect(
      uow.write(async (tx) => {
        await insert(tx.db, 'lost');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await uow.read((tx) => bodies(tx.db))).toEqual(['a', 'b']);
  });

  test('when a read runs while a write is open, then it neither waits for it nor sees its rows', async () => {
    const g = gate();
    const entered = gate();
    const writing = uow.write(async (tx) => {
      await insert(tx.db, 'open');
      entered.open();
      await g.wait;
    });
    await entered.wait;
    try {
      expect(await uow.read((tx) => bodies(tx.db))).toEqual([]);
      expect(await uow.read((tx) => bodies(tx.db), { snapshot: true })).toEqual([]);
    } finally {
      g.open();
    }
    await writing;
    expect(await uow.read((tx) => bodies(tx.db))).toEqual(['open']);
  });

  test('when a tx is used after its unit ended, then the statement is refused instead of running on a pooled connection', async () => {
    let kept: Db | undefined;
    await uow.write(async (tx) => {
      kept = tx.db;
      await insert(tx.db, 'mine');
    });
    const error = await insert(kept!, 'stray').then(
      () => 'ran',
      (e: { cause?: unknown }) => (e instanceof StrayStatementError ? e : e.cause),
    );
    expect(error).toBeInstanceOf(StrayStatementError);
    expect(await uow.read((tx) => bodies(tx.db))).toEqual(['mine']);
  });

  test('when beforeCommit fails, then the unit rolls back and afterCommit does not run; when it succeeds, afterCommit runs after COMMIT', async () => {
    const seen: string[] = [];
    await uow.write(async (tx) => {
      await insert(tx.db, 'row');
      tx.beforeCommit(() => insert(tx.db, 'event'));
      tx.afterCommit(async () => seen.push(`after: ${(await uow.read((r) => bodies(r.db))).join()}`));
    });
    await expect(
      uow.write(async (tx) => {
        await insert(tx.db, 'doomed');
        tx.beforeCommit(() => Promise.reject(new Error('feed refused')));
        tx.afterCommit(() => seen.push('never'));
      }),
    ).rejects.toThrow('feed refused');
    expect(seen).toEqual(['after: row,event']);
    expect(await uow.read((tx) => bodies(tx.db))).toEqual(['row', 'event']);
  });

  test('when 20 units update one row with the same expected version at once, then exactly one wins (READ COMMITTED + conditional update)', async () => {
    await uow.write((tx) => tx.db.execute(sql`INSERT INTO items VALUES (1, 1)`));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => uow.write(async (tx) => (await tx.db.execute(sql`UPDATE items SET version = version + 1 WHERE id = 1 AND version = 1`)).rowCount)),
    );
    expect(results.filter((n) => n === 1)).toHaveLength(1);
    expect((await uow.read((tx) => tx.db.execute<{ version: number }>(sql`SELECT version FROM items WHERE id = 1`))).rows[0].version).toBe(2);
  });

  test('when 50 units take the next number of one counter at once, then no number is handed out twice', async () => {
    await uow.write((tx) => tx.db.execute(sql`INSERT INTO counters VALUES ('ledger', 0)`));
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () => uow.write(async (tx) => (await tx.db.execute<{ n: number }>(sql`UPDATE counters SET n = n + 1 WHERE name = 'ledger' RETURNING n`)).rows[0].n)),
    );
    expect(new Set(numbers).size).toBe(50);
    expect(Math.max(...numbers)).toBe(50);
  });
});
