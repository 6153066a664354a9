// Campaigns (活动) and the problems found in them (查摆问题). Owned by modules/campaigns; other modules reference ids.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { units } from './units.js';

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    template: text('template'),
    regionUnitId: text('region_unit_id')
      .notNull()
      .references(() => units.id),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    status: text('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('campaigns_year').on(t.year, t.id)],
);

export const problems = sqliteTable(
  'problems',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    dimension: text('dimension').notNull(),
    category: text('category').notNull(),
    source: text('source').notNull(),
    channel: text('channel').notNull(),
    description: text('description').notNull(),
    causeAnalysis: text('cause_analysis'),
    status: text('status').notNull().default('open'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('problems_campaign_unit').on(t.campaignId, t.unitId, t.id), index('problems_unit').on(t.unitId, t.id)],
);
