// Operator CLI for API keys: npm run key -- create --unit <id|externalId> --role admin [--role reader] [--name "..."]
//                            npm run key -- revoke <keyId>
import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createAudit, getOrCreateSetting } from '../src/db/audit.js';
import { systemClock } from '../src/lib/clock.js';
import { PageTokens } from '../src/http/pagination.js';
import { RoleEnum, systemActor, type Role } from '../src/http/auth.js';
import { createApiKeyService } from '../src/modules/api-keys/service.js';
import { units } from '../src/db/schema/index.js';
import { AppError } from '../src/http/errors.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { unit: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' } },
});
const usage = 'usage: npm run key -- create --unit <unit id or externalId> --role <role> [--role <role>...] [--name <text>]\n       npm run key -- revoke <keyId>';

const config = loadConfig();
const database = openDatabase(config.DATABASE_PATH);
const deps = {
  config,
  db: database.db,
  sqlite: database.sqlite,
  clock: systemClock,
  audit: createAudit(database.db, systemClock),
  pageTokens: new PageTokens(Buffer.from(getOrCreateSetting(database.db, 'page_token_key', () => '00'), 'hex')),
};
const service = createApiKeyService(deps);
try {
  const [command, arg] = positionals;
  if (command === 'create') {
    const roles = (values.role ?? []) as Role[];
    const bad = roles.filter((r) => !RoleEnum.values.includes(r));
    if (!values.unit || roles.length === 0 || bad.length) {
      console.error(bad.length ? `unknown role(s): ${bad.join(', ')}; roles are ${RoleEnum.values.join(', ')}` : usage);
      process.exit(2);
    }
    const unit = database.db.select().from(units).where(or(eq(units.id, values.unit), eq(units.externalId, values.unit))).get();
    if (!unit) {
      console.error(`no unit with id or externalId ${values.unit}`);
      process.exit(2);
    }
    const { key, secret } = service.create(systemActor(), { name: values.name ?? `operator key (${roles.join(', ')})`, unitId: unit.id, roles });
    console.log(`created key ${key.id} for ${unit.name} with roles ${roles.join(', ')}; the secret (shown once):\n${secret}`);
  } else if (command === 'revoke' && arg) {
    const key = service.revoke(systemActor(), arg);
    console.log(`revoked key ${key.id} at ${key.revokedAt}`);
  } else {
    console.error(usage);
    process.exit(2);
  }
} catch (err) {
  console.error(err instanceof AppError ? `${err.code}: ${err.message}` : err);
  process.exit(1);
} finally {
  database.close();
}
