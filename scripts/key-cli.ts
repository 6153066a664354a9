// The operator CLI for API keys (scripts/key.ts runs it on the server's database). A lost bootstrap admin key is
// replaced with `npm run key -- create --role admin` (the key is bound to the region, the root unit, by default).
import { parseArgs } from 'node:util';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Deps } from '../src/deps.js';
import { RoleEnum, systemActor, type Role } from '../src/http/auth.js';
import { createApiKeyService } from '../src/modules/api-keys/service.js';
import { units } from '../src/db/schema/index.js';
import { AppError } from '../src/http/errors.js';

export const KEY_USAGE = `usage: npm run key -- <command> [options]

commands:
  create --role <role> [--role <role>...] [--unit <unit id or externalId>] [--name <text>]
         creates a key and prints its secret once. --unit defaults to the region (the root unit), so
         \`npm run key -- create --role admin\` replaces a lost bootstrap admin key.
  revoke <keyId>
         revokes a key (its requests get 401 from then on).

options:
  -h, --help   print this text

roles: ${RoleEnum.values.join(', ')}
The database is DATABASE_PATH (default ./data/xiaoneng.db), as for npm start.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Parses argv and runs the command; returns the exit code (0 ok, 1 failed, 2 usage). `deps` opens the database only when a command needs it. */
export function runKeyCli(argv: string[], deps: () => Deps, io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { unit: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${KEY_USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, arg] = positionals;
  if (values.help || command === 'help') {
    io.out(KEY_USAGE);
    return 0;
  }
  if (command === 'create') {
    const roles = (values.role ?? []) as Role[];
    const bad = roles.filter((r) => !RoleEnum.values.includes(r));
    if (roles.length === 0 || bad.length) {
      io.err(bad.length ? `unknown role(s): ${bad.join(', ')}; roles are ${RoleEnum.values.join(', ')}` : `create needs at least one --role\n\n${KEY_USAGE}`);
      return 2;
    }
    const d = deps();
    const unit = values.unit
      ? d.db.select().from(units).where(or(eq(units.id, values.unit.toLowerCase()), eq(units.externalId, values.unit))).get()
      : d.db.select().from(units).where(and(isNull(units.parentId), eq(units.level, 'region'))).orderBy(units.id).get();
    if (!unit) {
      io.err(values.unit ? `no unit with id or externalId ${values.unit}` : 'the database has no region unit: start the service once (it seeds the region) or pass --unit');
      return 2;
    }
    return guarded(io, () => {
      const { key, secret } = createApiKeyService(d).create(systemActor(), { name: values.name ?? `operator key (${roles.join(', ')})`, unitId: unit.id, roles });
      io.out(`created key ${key.id} for ${unit.name} with roles ${roles.join(', ')}; the secret (shown once):\n${secret}`);
    });
  }
  if (command === 'revoke' && arg) {
    const d = deps();
    return guarded(io, () => {
      const key = createApiKeyService(d).revoke(systemActor(), arg.toLowerCase());
      io.out(`revoked key ${key.id} at ${key.revokedAt}`);
    });
  }
  io.err(KEY_USAGE);
  return 2;
}

function guarded(io: CliIo, run: () => void): number {
  try {
    run();
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
