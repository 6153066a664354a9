// Publicity (舆论宣传, the plan's (五)加强舆论宣传): good practices, advanced collectives and individuals, and exposed
// typical cases with their handling and accountability. Owned by modules/publicity.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { units } from './units.js';
import { campaigns } from './campaigns.js';

export interface Accountability {
  kind: string;
  decidedBy: string;
  documentNumber: string | null;
  decidedOn: string;
}
export interface PublicityLinks {
  findingIds: string[];
  problemIds: string[];
  itemIds: string[];
  inspectionIds: string[];
}
export interface MediaRecord {
  name: string;
  publishedOn: string;
  url: string | null;
}

export const publicityRecords = sqliteTable(
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
    accountability: text('accountability', { mode: 'json' }).$type<Accountability[]>().notNull(),
    links: text('links', { mode: 'json' }).$type<PublicityLinks>().notNull(),
    media: text('media', { mode: 'json' }).$type<MediaRecord[]>().notNull(),
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
