// PostgreSQL (pg-core) mirror of src/db/schema/supervision.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Supervision (督促检查 / 督办催办, the plan's (四)加强督促检查): inspections, the units they inspect, their findings,
// and supervision orders with their replies (反馈) and reminders (催办). Owned by modules/supervision.
import { pgTable, text, jsonb, boolean, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { units } from './units.js';
import { campaigns, phases } from './campaigns.js';
import { opinions } from './opinions.js';

/** An inspection: self_check 单位自查, spot_check 上级抽查, organised 组织检查, unannounced 明察暗访. */
export const inspections = pgTable(
  'inspections',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    phaseId: text('phase_id').references(() => phases.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    inspectingBody: text('inspecting_body').notNull(),
    inspectingUnitId: text('inspecting_unit_id').references(() => units.id),
    /** The inspected units, as a sorted JSON copy of inspection_units (one statement per read). */
    unitIds: jsonb('unit_ids').$type<string[]>().notNull(),
    subjects: jsonb('subjects').$type<Array<{ kind: string; id: string; unitId: string }>>().notNull(),
    team: jsonb('team').$type<string[]>().notNull(),
    methodNotes: text('method_notes'),
    plannedStartOn: text('planned_start_on').notNull(),
    plannedEndOn: text('planned_end_on').notNull(),
    status: text('status').notNull().default('planned'),
    startedAt: text('started_at'),
    concludedAt: text('concluded_at'),
    conclusion: text('conclusion'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('inspections_campaign').on(t.campaignId, t.id), index('inspections_kind_status').on(t.kind, t.status, t.id)],
);

/** The units an inspection inspects; conclusionDeliveredAt records that the conclusion reached the unit. */
export const inspectionUnits = pgTable(
  'inspection_units',
  {
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    conclusionDeliveredAt: text('conclusion_delivered_at'),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.unitId] }), index('inspection_units_unit').on(t.unitId, t.inspectionId)],
);

/** A finding of an inspection on one inspected unit, optionally on one subject, with the plan's rating. */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: text('id').primaryKey(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    externalId: text('external_id'),
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    rating: text('rating').notNull(),
    description: text('description').notNull(),
    requirement: text('requirement'),
    /** The correction / remedy / redo deadline (end of that day, Asia/Shanghai); null for `good`. */
    dueOn: text('due_on'),
    status: text('status').notNull(),
    deliveredAt: text('delivered_at'),
    correction: text('correction'),
    causeAnalysis: text('cause_analysis'),
    remedy: text('remedy'),
    respondedAt: text('responded_at'),
    respondedLate: boolean('responded_late'),
    verifiedAt: text('verified_at'),
    rejectionReason: text('rejection_reason'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('inspection_findings_inspection').on(t.inspectionId, t.id),
    index('inspection_findings_unit').on(t.unitId, t.status, t.dueOn, t.id),
    index('inspection_findings_external').on(t.externalId),
    index('inspection_findings_subject').on(t.subjectKind, t.subjectId),
  ],
);

/** A supervision order (督办): what a unit must do, by when, how to reply. */
export const supervisionOrders = pgTable(
  'supervision_orders',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id').references(() => campaigns.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    itemId: text('item_id'),
    findingId: text('finding_id').references(() => inspectionFindings.id),
    phaseReportId: text('phase_report_id'),
    phaseId: text('phase_id').references(() => phases.id),
    /** The public opinion (意见建议 work order) the order presses on, whose lead or co-operating unit is unitId. */
    opinionId: text('opinion_id').references(() => opinions.id),
    title: text('title').notNull(),
    requirement: text('requirement').notNull(),
    replyMethod: text('reply_method'),
    replyDueOn: text('reply_due_on').notNull(),
    status: text('status').notNull().default('issued'),
    acknowledgedAt: text('acknowledged_at'),
    firstRepliedAt: text('first_replied_at'),
    lastRepliedAt: text('last_replied_at'),
    answeredLate: boolean('answered_late'),
    replyCount: integer('reply_count').notNull().default(0),
    reminderCount: integer('reminder_count').notNull().default(0),
    lastRemindedOn: text('last_reminded_on'),
    escalatedToUnitId: text('escalated_to_unit_id').references(() => units.id),
    closedAt: text('closed_at'),
    closingNote: text('closing_note'),
    returnReason: text('return_reason'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('supervision_orders_unit').on(t.unitId, t.status, t.replyDueOn, t.id),
    index('supervision_orders_status').on(t.status, t.replyDueOn, t.id),
    index('supervision_orders_escalated').on(t.escalatedToUnitId, t.id),
  ],
);

export const supervisionReplies = pgTable(
  'supervision_replies',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => supervisionOrders.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    apiKeyId: text('api_key_id'),
    repliedAt: text('replied_at').notNull(),
  },
  (t) => [index('supervision_replies_order').on(t.orderId, t.id)],
);

/** 催办: a recorded reminder of a missed reply deadline; the second escalates to the unit's parent. */
export const supervisionReminders = pgTable(
  'supervision_reminders',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => supervisionOrders.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    remindedOn: text('reminded_on').notNull(),
    escalatedToUnitId: text('escalated_to_unit_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('supervision_reminders_order').on(t.orderId, t.number)],
);
