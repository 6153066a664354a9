// PostgreSQL for tests (issue 23): the server at TEST_DATABASE_URL, else the development default (127.0.0.1:5432,
// trust authentication, user postgres). `describeIfPg` runs a block when the server answers and skips it, saying so,
// when it does not and TEST_DATABASE_URL is unset; with TEST_DATABASE_URL set the block always runs (and fails
// without a server), so CI cannot pass without PostgreSQL. `createTestDatabase` gives a test a fresh, empty database.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const pgAvailable: boolean = process.env.TEST_DATABASE_URL !== undefined || (await answers(PG_ADMIN_URL));

const skipReason = `skipped: no PostgreSQL server answers at ${PG_ADMIN_URL.replace(/\/\/[^@/]*@/, '//')} and TEST_DATABASE_URL is unset`;

export const describeIfPg = (name: string, fn: () => void): void => {
  if (pgAvailable) return describe(name, fn);
  // Said once per block, in the test output and on stderr: a skip is never silent.
  console.warn(`${name}: ${skipReason}`);
  describe.skip(`${name} (${skipReason})`, fn);
};

/** The URL of `base` with another database name. */
export function withDatabase(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database (closing whatever connections are still open to it). */
  drop(): Promise<void>;
}

/** CREATE DATABASE xiaoneng_t_<random> on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `xiaoneng_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(PG_ADMIN_URL, name),
    drop: async () => {
      await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
