// PostgreSQL (pg-core) mirror of src/db/schema/approvals.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// The approval-item cleanup (行政审批事项清理): the catalogue, one review per item per campaign, the executive
// meeting's decision batches and the public announcements. Owned by modules/approval-cleanup.
import { pgTable, text, jsonb, integer, index, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ApprovalBasisJson } from '../schema/approvals.js';
import { units } from './units.js';
import { campaigns } from './campaigns.js';

export type { ApprovalBasisJson };

/** The catalogue (行政审批事项目录): `code` is the natural key; status changes only through announcements. */
export const approvalItems = pgTable(
  'approval_items',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    /** The item's id in another system (an agency's or a platform's): a second natural key, unique when set (issue 12.14). */
    externalId: text('external_id'),
    name: text('name').notNull(),
    implementingUnitId: text('implementing_unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').notNull(),
    bases: jsonb('bases').notNull().$type<ApprovalBasisJson[]>(),
    siblingProvinces: text('sibling_provinces').notNull().default('unknown'),
    statutoryLevel: text('statutory_level'),
    mainlyImplementedAt: text('mainly_implemented_at'),
    remarks: text('remarks'),
    status: text('status').notNull().default('active'),
    mergedIntoId: text('merged_into_id').references((): AnyPgColumn => approvalItems.id),
    delegatedTo: text('delegated_to'),
    receivingBody: text('receiving_body'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('approval_items_code').on(t.code),
    uniqueIndex('approval_items_external_id').on(t.externalId),
    index('approval_items_unit').on(t.implementingUnitId, t.id),
    index('approval_items_unit_status_name').on(t.implementingUnitId, t.status, t.name),
    index('approval_items_status').on(t.status, t.id),
    index('approval_items_status_code').on(t.status, t.code),
    index('approval_items_kind').on(t.kind, t.id),
    index('approval_items_merged_into').on(t.mergedIntoId),
    index('approval_items_updated').on(t.updatedAt, t.id),
  ],
);

/** The executive meeting's decision batches (自治区人民政府常务会议审定). */
export const approvalDecisionBatches = pgTable(
  'approval_decision_batches',
  {
    id: text('id').primaryKey(),
    meetingNumber: text('meeting_number').notNull(),
    meetingDate: text('meeting_date').notNull(),
    decisionCount: integer('decision_count').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('approval_decision_batches_meeting').on(t.meetingDate, t.id)],
);

/** Announcements to the public (向社会公布). */
export const approvalAnnouncements = pgTable(
  'approval_announcements',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    documentNumber: text('document_number').notNull(),
    publishedOn: text('published_on').notNull(),
    campaignId: text('campaign_id').references(() => campaigns.id),
    reviewCount: integer('review_count').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('approval_announcements_published').on(t.publishedOn, t.id)],
);

/**
 * A cleanup review: the agency's proposal, the legal office's review, the executive decision, the announcement and
 * the follow-up, for one item in one campaign. `unitId` is the item's implementing agency (object-level access).
 */
export const approvalReviews = pgTable(
  'approval_reviews',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    itemId: text('item_id')
      .notNull()
      .references(() => approvalItems.id),
    /** The reviewed item's code (事项编码) when the review was created: with the campaign it names the review (issue 12.14). */
    code: text('code'),
    /** The review's id in another system: unique when set. */
    externalId: text('external_id'),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    stage: text('stage').notNull().default('draft'),
    disposition: text('disposition').notNull(),
    delegateTo: text('delegate_to'),
    receivingBody: text('receiving_body'),
    mergeIntoItemId: text('merge_into_item_id').references(() => approvalItems.id),
    rationale: text('rationale').notNull(),
    justification: text('justification'),
    returnReason: text('return_reason'),
    submittedAt: text('submitted_at'),
    legalVerdict: text('legal_verdict'),
    legalOpinion: text('legal_opinion'),
    legalDisposition: text('legal_disposition'),
    legalDelegateTo: text('legal_delegate_to'),
    legalReceivingBody: text('legal_receiving_body'),
    legalMergeIntoItemId: text('legal_merge_into_item_id').references(() => approvalItems.id),
    overrideReason: text('override_reason'),
    overrideRules: jsonb('override_rules').$type<string[]>(),
    legalReviewedAt: text('legal_reviewed_at'),
    decisionBatchId: text('decision_batch_id').references(() => approvalDecisionBatches.id),
    decidedDisposition: text('decided_disposition'),
    decidedDelegateTo: text('decided_delegate_to'),
    decidedReceivingBody: text('decided_receiving_body'),
    decidedMergeIntoItemId: text('decided_merge_into_item_id').references(() => approvalItems.id),
    announcementId: text('announcement_id').references(() => approvalAnnouncements.id),
    followUp: jsonb('follow_up').$type<Record<string, unknown>>(),
    followUpAt: text('follow_up_at'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('approval_reviews_item_campaign').on(t.itemId, t.campaignId),
    index('approval_reviews_campaign').on(t.campaignId, t.id),
    index('approval_reviews_campaign_stage').on(t.campaignId, t.stage, t.id),
    index('approval_reviews_campaign_unit').on(t.campaignId, t.unitId, t.id),
    index('approval_reviews_unit').on(t.unitId, t.id),
    index('approval_reviews_stage').on(t.stage, t.id),
    index('approval_reviews_disposition').on(t.disposition, t.id),
    index('approval_reviews_batch').on(t.decisionBatchId),
    index('approval_reviews_announcement').on(t.announcementId, t.id),
    index('approval_reviews_merge_target').on(t.decidedMergeIntoItemId),
    index('approval_reviews_updated').on(t.updatedAt, t.id),
    index('approval_reviews_code').on(t.code, t.id),
    uniqueIndex('approval_reviews_external_id').on(t.externalId),
  ],
);
