// PostgreSQL (pg-core) mirror of src/db/schema/publicity.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Publicity (舆论宣传, the plan's (五)加强舆论宣传): good practices, advanced collectives and individuals, and exposed
// typical cases with their handling and accountability. Owned by modules/publicity.
import { pgTable, text, jsonb, integer, index } from 'drizzle-orm/pg-core';
import type { Accountability, PublicityLinks, MediaRecord } from '../schema/publicity.js';
import { units } from './units.js';
import { campaigns } from './campaigns.js';

export type { Accountability, PublicityLinks, MediaRecord };

export const publicityRecords = pgTable(
  'publicity_records',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id').references(() => campaigns.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    unitId: text('unit_id').references(() => units.id),
    personName: text('person_name'),
    personPosition: text('person_position'),
    /** Private: never on the public route. */
    personContact: text('person_contact'),
    personIdNumber: text('person_id_number'),
    internalNotes: text('internal_notes'),
    handling: text('handling'),
    accountability: jsonb('accountability').$type<Accountability[]>().notNull(),
    links: jsonb('links').$type<PublicityLinks>().notNull(),
    media: jsonb('media').$type<MediaRecord[]>().notNull(),
    status: text('status').notNull().default('draft'),
    approvedAt: text('approved_at'),
    approveReason: text('approve_reason'),
    publishedAt: text('published_at'),
    publishReason: text('publish_reason'),
    withdrawnAt: text('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('publicity_status').on(t.status, t.publishedAt, t.id),
    index('publicity_unit').on(t.unitId, t.kind, t.status),
  ],
);
