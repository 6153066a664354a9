// Operator CLI for API keys on the server's database: `npm run key -- --help` (see scripts/key-cli.ts).
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database_ } from '../src/db/client.js';
import { createAudit, getOrCreateSetting } from '../src/db/audit.js';
import { systemClock } from '../src/lib/clock.js';
import { PageTokens } from '../src/http/pagination.js';
import type { Deps } from '../src/deps.js';
import { runKeyCli } from './key-cli.js';
import { createVerifiedKeysOn } from '../src/modules/api-keys/repository.js';

let database: Database_ | undefined;
const open = (): Deps => {
  const config = loadConfig();
  database = openDatabase(config.DATABASE_PATH);
  return {
    config,
    db: database.db,
    sqlite: database.sqlite,
    clock: systemClock,
    audit: createAudit(database.db, systemClock),
    pageTokens: new PageTokens(Buffer.from(getOrCreateSetting(database.db, 'page_token_key', () => '00'), 'hex')),
    verifiedKeys: createVerifiedKeysOn(database.db, database.sqlite, systemClock),
  };
};
try {
  process.exitCode = runKeyCli(process.argv.slice(2), open, { out: (l) => console.log(l), err: (l) => console.error(l) });
} finally {
  database?.close();
}
