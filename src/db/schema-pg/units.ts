// PostgreSQL (pg-core) mirror of src/db/schema/units.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Agencies (单位): the region, its departments, cities and counties, as one tree.
import { pgTable, text, integer, index, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    divisionCode: text('division_code').notNull(),
    creditCode: text('credit_code'),
    parentId: text('parent_id').references((): AnyPgColumn => units.id),
    externalId: text('external_id'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('units_external_id').on(t.externalId),
    uniqueIndex('units_credit_code').on(t.creditCode),
    index('units_level').on(t.level, t.id),
    index('units_parent').on(t.parentId, t.id),
    index('units_division').on(t.divisionCode, t.id),
    index('units_name').on(t.name),
    index('units_updated').on(t.updatedAt, t.id),
  ],
);
