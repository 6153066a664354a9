// PostgreSQL (pg-core) mirror of src/db/schema/fees.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// The fee-item review (行政事业性收费清理, task 5.1): fee items as charged today, one review per fee per campaign,
// the executive meeting's decision batches, and the published catalogue versions with their entries (immutable).
import { pgTable, text, bigint, jsonb, boolean, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import type { FeeBasis } from '../schema/fees.js';
import { units } from './units.js';
import { campaigns } from './campaigns.js';

export type { FeeBasis };

/** A fee as charged today. Money is integer fen; a standard is fixed (amount_fen) or a range (min_fen..max_fen). */
export const feeItems = pgTable(
  'fee_items',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    /** The fee's id in another system (an agency's or a platform's): a second natural key, unique when set (issue 12.14). */
    externalId: text('external_id'),
    name: text('name').notNull(),
    collectingUnitId: text('collecting_unit_id')
      .notNull()
      .references(() => units.id),
    category: text('category').notNull(),
    basisLevel: text('basis_level').notNull(),
    bases: jsonb('bases').notNull().$type<FeeBasis[]>(),
    fundManagement: text('fund_management'),
    affectsEnterprises: boolean('affects_enterprises').notNull().default(false),
    standardKind: text('standard_kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    minFen: bigint('min_fen', { mode: 'number' }),
    maxFen: bigint('max_fen', { mode: 'number' }),
    per: text('per').notNull(),
    currentChargeFen: bigint('current_charge_fen', { mode: 'number' }),
    annualVolume: bigint('annual_volume', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('fee_items_code').on(t.code),
    uniqueIndex('fee_items_external_id').on(t.externalId),
    index('fee_items_unit_code').on(t.collectingUnitId, t.code, t.id),
    index('fee_items_category_code').on(t.category, t.code, t.id),
    index('fee_items_basis_code').on(t.basisLevel, t.code, t.id),
    index('fee_items_unit_name').on(t.collectingUnitId, t.name),
    index('fee_items_updated').on(t.updatedAt, t.id),
  ],
);

/** The executive meeting's decisions (常务会议审定), one row per batch. */
export const feeDecisions = pgTable('fee_decisions', {
  id: text('id').primaryKey(),
  meetingNumber: text('meeting_number').notNull(),
  meetingDate: text('meeting_date').notNull(),
  reviewCount: integer('review_count').notNull(),
  apiKeyId: text('api_key_id'),
  createdAt: text('created_at').notNull(),
});

/** One review of one fee in one campaign: declaration → finance and price opinions (F4) → decision (frozen figures). */
export const feeReviews = pgTable(
  'fee_reviews',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    feeItemId: text('fee_item_id')
      .notNull()
      .references(() => feeItems.id),
    /** The reviewed fee's code (项目编码) when the review was created: with the campaign it names the review (issue 12.14). */
    code: text('code'),
    /** The review's id in another system: unique when set. */
    externalId: text('external_id'),
    /** The collecting unit at declaration (for object-level authorisation without a join). */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status').notNull().default('declared'),
    keptAsNecessary: boolean('kept_as_necessary'),
    necessityJustification: text('necessity_justification'),
    declarationNote: text('declaration_note'),
    financeVerdict: text('finance_verdict'),
    financeText: text('finance_text'),
    financeApiKeyId: text('finance_api_key_id'),
    financeAt: text('finance_at'),
    priceVerdict: text('price_verdict'),
    priceText: text('price_text'),
    priceApiKeyId: text('price_api_key_id'),
    priceAt: text('price_at'),
    decisionId: text('decision_id').references(() => feeDecisions.id),
    outcome: text('outcome'),
    /** The fee's standard, charge and volume as they stood when decided: the figures of the summary and catalogue. */
    decidedStandard: jsonb('decided_standard').$type<Record<string, unknown>>(),
    approvedStandardFen: bigint('approved_standard_fen', { mode: 'number' }),
    decidedCurrentChargeFen: bigint('decided_current_charge_fen', { mode: 'number' }),
    decidedAnnualVolume: bigint('decided_annual_volume', { mode: 'number' }),
    decidedAt: text('decided_at'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('fee_reviews_fee_campaign').on(t.feeItemId, t.campaignId),
    index('fee_reviews_campaign').on(t.campaignId, t.id),
    index('fee_reviews_campaign_status').on(t.campaignId, t.status, t.id),
    index('fee_reviews_unit').on(t.unitId, t.campaignId, t.id),
    index('fee_reviews_status').on(t.status, t.id),
    index('fee_reviews_decision').on(t.decisionId),
    index('fee_reviews_updated').on(t.updatedAt, t.id),
    index('fee_reviews_code').on(t.code, t.id),
    uniqueIndex('fee_reviews_external_id').on(t.externalId),
  ],
);

/** A published catalogue version (向社会公布的收费目录). Never changes once written (a trigger refuses UPDATE/DELETE). */
export const feeCatalogues = pgTable(
  'fee_catalogues',
  {
    version: integer('version').primaryKey(),
    publishedOn: text('published_on').notNull(),
    documentNumber: text('document_number').notNull(),
    retainedCount: integer('retained_count').notNull(),
    cancelledCount: integer('cancelled_count').notNull(),
    apiKeyId: text('api_key_id'),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [uniqueIndex('fee_catalogues_document').on(t.documentNumber)],
);

/** The fees of a catalogue version as published: retained ones with their approved standard, and the cancelled ones. */
export const feeCatalogueEntries = pgTable(
  'fee_catalogue_entries',
  {
    catalogueVersion: integer('catalogue_version')
      .notNull()
      .references(() => feeCatalogues.version),
    feeItemId: text('fee_item_id')
      .notNull()
      .references(() => feeItems.id),
    reviewId: text('review_id')
      .notNull()
      .references(() => feeReviews.id),
    status: text('status').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unitId: text('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    unitCreditCode: text('unit_credit_code'),
    category: text('category').notNull(),
    basisLevel: text('basis_level').notNull(),
    bases: jsonb('bases').notNull().$type<FeeBasis[]>(),
    standardKind: text('standard_kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    minFen: bigint('min_fen', { mode: 'number' }),
    maxFen: bigint('max_fen', { mode: 'number' }),
    per: text('per').notNull(),
    approvedStandardFen: bigint('approved_standard_fen', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.catalogueVersion, t.feeItemId] }),
    uniqueIndex('fee_catalogue_entries_code').on(t.catalogueVersion, t.code),
    index('fee_catalogue_entries_status_code').on(t.catalogueVersion, t.status, t.code, t.feeItemId),
    index('fee_catalogue_entries_unit_code').on(t.catalogueVersion, t.status, t.unitId, t.code, t.feeItemId),
  ],
);
