// What every module gets from the app: the database, the clock, the audit writer and the page-token signer.
import type Database from 'better-sqlite3';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Audit } from './db/audit.js';
import type { Clock } from './lib/clock.js';
import type { PageTokens } from './http/pagination.js';
import type { VerifiedKeys } from './http/auth.js';

export interface Deps {
  config: Config;
  db: Db;
  sqlite: Database.Database;
  clock: Clock;
  audit: Audit;
  pageTokens: PageTokens;
  /** The in-memory cache of verified API keys (http/auth.ts); the api-keys service invalidates it on revocation. */
  verifiedKeys: VerifiedKeys;
}
