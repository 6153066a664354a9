// PostgreSQL (pg-core) mirror of src/db/schema/rectification.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// The rectification ledger (整改台账): items, the agencies involved in them, links to problems found, progress reports,
// and public commitments (公开承诺). Owned by modules/rectification. Sized for 1,000,000 items and 3,000,000 reports.
import { pgTable, text, doublePrecision, jsonb, boolean, integer, index, uniqueIndex, primaryKey, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { campaigns, problems } from './campaigns.js';

export const rectificationItems = pgTable(
  'rectification_items',
  {
    id: text('id').primaryKey(),
    /** A stable integer per row: the rowid of the full-text index (rowids of tables without INTEGER PRIMARY KEY may change on VACUUM). */
    seq: integer('seq').notNull(),
    code: text('code').notNull(),
    externalId: text('external_id'),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    taskCode: text('task_code'),
    title: text('title').notNull(),
    description: text('description'),
    leadUnitId: text('lead_unit_id')
      .notNull()
      .references(() => units.id),
    responsibleLeader: text('responsible_leader'),
    deadline: text('deadline').notNull(),
    deadlineText: text('deadline_text'),
    parentId: text('parent_id').references((): AnyPgColumn => rectificationItems.id),
    weight: doublePrecision('weight').notNull().default(1),
    expectedResult: text('expected_result'),
    actualResult: text('actual_result'),
    status: text('status').notNull().default('not_started'),
    /** Derived (lead's latest report, or the roll-up of the children), maintained by the service in the writing transaction. */
    progress: doublePrecision('progress').notNull().default(0),
    /** The lead agency's latest report's completed work (最新进展), for lists and exports. */
    latestProgressText: text('latest_progress_text'),
    latestReportedOn: text('latest_reported_on'),
    submittedAt: text('submitted_at'),
    completedAt: text('completed_at'),
    completedOnTime: boolean('completed_on_time'),
    childrenCount: integer('children_count').notNull().default(0),
    /**
     * Copies of the item's links, as sorted JSON arrays: the co-operating agencies (配合单位), the participating agencies
     * (参与单位) and the problems found (查摆问题) it fixes. The link tables below stay the source for filters and
     * visibility; these copies are written in the same transaction, so a page or a point read is one statement (issue 7).
     */
    coUnitIds: jsonb('co_unit_ids').$type<string[]>().notNull().default([]),
    participantUnitIds: jsonb('participant_unit_ids').$type<string[]>().notNull().default([]),
    problemIds: jsonb('problem_ids').$type<string[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('rectification_items_seq').on(t.seq),
    uniqueIndex('rectification_items_code').on(t.code),
    uniqueIndex('rectification_items_external_id').on(t.externalId),
    index('rectification_items_deadline').on(t.deadline, t.id),
    index('rectification_items_updated').on(t.updatedAt, t.id),
    index('rectification_items_status').on(t.status, t.deadline, t.id),
    index('rectification_items_lead').on(t.leadUnitId, t.status, t.deadline, t.id),
    index('rectification_items_parent').on(t.parentId, t.leadUnitId),
    index('rectification_items_campaign_task').on(t.campaignId, t.taskCode, t.deadline, t.id),
    index('rectification_items_stats').on(t.campaignId, t.leadUnitId, t.status, t.deadline, t.progress, t.completedOnTime),
  ],
);

/**
 * Every agency involved in an item with its role (lead 牵头 / co 配合 / participant 参与): drives involvesUnitId and
 * agency visibility. status and deadline are copies of the item's, kept in step by the service, so
 * "involvesUnitId + status + overdue" is one index range.
 */
export const rectificationItemUnits = pgTable(
  'rectification_item_units',
  {
    itemId: text('item_id')
      .notNull()
      .references(() => rectificationItems.id, { onDelete: 'cascade' }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    status: text('status').notNull(),
    deadline: text('deadline').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.unitId] }), index('rectification_item_units_unit').on(t.unitId, t.status, t.deadline, t.itemId)],
);

export const rectificationItemProblems = pgTable(
  'rectification_item_problems',
  {
    itemId: text('item_id')
      .notNull()
      .references(() => rectificationItems.id, { onDelete: 'cascade' }),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.problemId] }), index('rectification_item_problems_problem').on(t.problemId, t.itemId)],
);

export const progressReports = pgTable(
  'progress_reports',
  {
    id: text('id').primaryKey(),
    itemId: text('item_id')
      .notNull()
      .references(() => rectificationItems.id, { onDelete: 'cascade' }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    reportedOn: text('reported_on').notNull(),
    percent: doublePrecision('percent').notNull(),
    completedWork: text('completed_work').notNull(),
    nextSteps: text('next_steps'),
    issues: text('issues'),
    supportNeeded: text('support_needed'),
    apiKeyId: text('api_key_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('progress_reports_item').on(t.itemId, t.id), index('progress_reports_item_unit').on(t.itemId, t.unitId, t.reportedOn, t.id)],
);

/** The next number of generated item codes ZG-{year}-{seq}, per year. */
export const rectificationCodeCounters = pgTable('rectification_code_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** Public commitments (公开承诺, task 1): per agency (published in the media) or per post (published inside the agency). */
export const commitments = pgTable(
  'commitments',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    level: text('level').notNull(),
    postTitle: text('post_title'),
    items: jsonb('items').notNull().$type<Array<{ content: string; dueDate: string | null }>>(),
    channel: text('channel').notNull(),
    mediaName: text('media_name'),
    url: text('url'),
    publishedOn: text('published_on'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('commitments_campaign_unit').on(t.campaignId, t.unitId, t.level, t.publishedOn),
    index('commitments_unit').on(t.unitId, t.id),
    index('commitments_campaign').on(t.campaignId, t.id),
  ],
);
