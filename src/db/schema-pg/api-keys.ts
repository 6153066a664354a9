// PostgreSQL (pg-core) mirror of src/db/schema/api-keys.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// API keys: only a hash of the secret is stored; each key is bound to one unit and a set of roles.
import { pgTable, text, jsonb, index } from 'drizzle-orm/pg-core';
import { units } from './units.js';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    /** The public lookup part of the key (`xn_<prefix>_<secret>`). */
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    roles: jsonb('roles').notNull().$type<string[]>(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [index('api_keys_unit').on(t.unitId, t.id)],
);
