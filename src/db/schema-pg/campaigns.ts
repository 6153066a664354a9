// PostgreSQL (pg-core) mirror of src/db/schema/campaigns.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Campaigns (活动), their phases (工作步骤), every agency's phase reports, and the problems found (查摆问题).
// Owned by modules/campaigns; other modules reference campaigns.id and problems.id.
import { pgTable, text, jsonb, boolean, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './units.js';

export const campaigns = pgTable(
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
  (t) => [
    index('campaigns_year').on(t.year, t.id),
    index('campaigns_status').on(t.status, t.id),
    // One campaign per plan template and year (NULL templates, i.e. hand-made campaigns, do not collide).
    uniqueIndex('campaigns_template_year').on(t.template, t.year),
  ],
);

/** The phases of a campaign (动员部署, 查摆问题, 集中整改, ...): data, numbered from 1, run in order. */
export const phases = pgTable(
  'phases',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    windowText: text('window_text'),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    keyTasks: jsonb('key_tasks').notNull().$type<string[]>(),
    status: text('status').notNull().default('pending'),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('phases_campaign_number').on(t.campaignId, t.number), index('phases_campaign_status').on(t.campaignId, t.status)],
);

/** One agency's report on one phase (meetings held, people reached, opinions collected, a summary). */
export const phaseReports = pgTable(
  'phase_reports',
  {
    id: text('id').primaryKey(),
    phaseId: text('phase_id')
      .notNull()
      .references(() => phases.id),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    meetingsHeld: integer('meetings_held').notNull().default(0),
    participants: integer('participants').notNull().default(0),
    discussionsHeld: integer('discussions_held').notNull().default(0),
    opinionsCollected: integer('opinions_collected').notNull().default(0),
    problemsFound: integer('problems_found'),
    summary: text('summary').notNull(),
    attachments: jsonb('attachments').notNull().$type<{ title: string; url: string }[]>(),
    /** When the unit first reported on the phase; `late` compares it with the end of the phase window (Asia/Shanghai). */
    reportedAt: text('reported_at').notNull(),
    late: boolean('late').notNull(),
    /** Sent back by a formalism finding (走过场, 补课): counts as missing in compliance until the unit refiles. */
    redoRequired: boolean('redo_required').notNull().default(false),
    redoReason: text('redo_reason'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('phase_reports_phase_unit').on(t.phaseId, t.unitId),
    index('phase_reports_phase_reported').on(t.phaseId, t.reportedAt, t.id),
    index('phase_reports_unit').on(t.unitId, t.phaseId),
  ],
);

export const problems = pgTable(
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
    statusReason: text('status_reason'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('problems_campaign_unit').on(t.campaignId, t.unitId, t.id),
    index('problems_unit').on(t.unitId, t.id),
    index('problems_campaign').on(t.campaignId, t.id),
    index('problems_category').on(t.category, t.id),
    index('problems_dimension').on(t.dimension, t.id),
    index('problems_source').on(t.source, t.id),
    index('problems_status').on(t.status, t.id),
  ],
);
