// lazy(): a statement is prepared on its first use, once, and used exactly as the statement itself.
import Database from 'better-sqlite3';
import { lazy } from '../../src/db/lazy.js';

test('when nothing uses the statement, then it is never prepared; on first use it is prepared once and its methods keep their receiver', () => {
  const sqlite = new Database(':memory:');
  let prepared = 0;
  const statement = lazy(() => {
    prepared++;
    return sqlite.prepare('SELECT ? + 1 AS n');
  });
  expect(prepared).toBe(0);
  expect(statement.get(1)).toEqual({ n: 2 });
  const { get } = statement;
  expect(get(41)).toEqual({ n: 42 });
  expect(statement.reader).toBe(true);
  expect(prepared).toBe(1);
  sqlite.close();
});

test('when preparing fails, then the error reaches the first use and the next use tries again', () => {
  let tries = 0;
  const statement = lazy<{ run(): number }>(() => {
    if (++tries === 1) throw new Error('no such table: later');
    return { run: () => 7 };
  });
  expect(() => statement.run()).toThrow('no such table');
  expect(statement.run()).toBe(7);
  expect(tries).toBe(2);
});
