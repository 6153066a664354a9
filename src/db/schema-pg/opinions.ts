// PostgreSQL (pg-core) mirror of src/db/schema/opinions.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Opinions and complaints (意见建议, 广泛听取意见) handled as work orders like the 12345 hotline's, the submitters' contact
// details kept apart (personal data), and the working-day calendar (法定节假日 and 调休) their deadlines count on.
// Owned by modules/opinions.
import { pgTable, text, jsonb, boolean, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './units.js';

export const opinions = pgTable(
  'opinions',
  {
    id: text('id').primaryKey(),
    /** The tracking number given to the submitter, YJ-{year}-{sequence}. */
    number: text('number').notNull(),
    /** A hotline platform's ticket number (12345 工单号): importing the same ticket again updates this row. */
    externalId: text('external_id'),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    /** The agency the opinion is about (optional on public intake: the office routes it). */
    unitId: text('unit_id').references(() => units.id),
    category: text('category'),
    text: text('text').notNull(),
    place: text('place'),
    occurredOn: text('occurred_on'),
    submitterKind: text('submitter_kind').notNull(),
    anonymous: boolean('anonymous').notNull(),
    /** Whether opinion_contacts holds details for it (false when anonymous or erased after the retention). */
    hasContact: boolean('has_contact').notNull().default(false),
    status: text('status').notNull(),
    /** 主办 and 协办 units of the current assignment (派单). */
    leadUnitId: text('lead_unit_id').references(() => units.id),
    coUnitIds: jsonb('co_unit_ids').$type<string[]>().notNull().default([]),
    /** The office routes it (派单) by the end of this day: one working day after receipt, or after a return (退单). */
    routeDueOn: text('route_due_on'),
    routedOn: text('routed_on'),
    /** 签收 is due by the end of this day (one working day after routing). */
    acceptDueOn: text('accept_due_on'),
    acceptedOn: text('accepted_on'),
    /** The handling deadline (办理时限), counted in working days from acceptance (or from re-opening). */
    deadline: text('deadline'),
    extensionUntil: text('extension_until'),
    extensionReason: text('extension_reason'),
    actionsTaken: text('actions_taken'),
    publicAnswer: text('public_answer'),
    internalNote: text('internal_note'),
    answeredAt: text('answered_at'),
    answeredOnTime: boolean('answered_on_time'),
    /** Whether any step went past its due date (counted in the statistics even after it is answered). */
    everOverdue: boolean('ever_overdue').notNull().default(false),
    rating: text('rating'),
    ratedAt: text('rated_at'),
    ratingSource: text('rating_source'),
    revisitNote: text('revisit_note'),
    reopenCount: integer('reopen_count').notNull().default(0),
    returnCount: integer('return_count').notNull().default(0),
    remindCount: integer('remind_count').notNull().default(0),
    lastRemindedOn: text('last_reminded_on'),
    closedAt: text('closed_at'),
    problemId: text('problem_id'),
    rectificationItemId: text('rectification_item_id'),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    /** SHA-256 of the secret query code shown once to the submitter. */
    queryCodeHash: text('query_code_hash'),
    /** HMAC of the submitting address (never the address) and SHA-256 of the normalized text: duplicate detection. */
    addressHash: text('address_hash'),
    textHash: text('text_hash').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('opinions_number').on(t.number),
    uniqueIndex('opinions_external_id').on(t.externalId),
    index('opinions_created').on(t.createdAt, t.id),
    index('opinions_status').on(t.status, t.createdAt, t.id),
    index('opinions_lead').on(t.leadUnitId, t.status, t.createdAt, t.id),
    index('opinions_unit').on(t.unitId, t.createdAt, t.id),
    index('opinions_duplicate').on(t.addressHash, t.textHash, t.createdAt),
  ],
);

/** Which units may see an opinion: the concerned agency and every unit of the current assignment (主办, 协办). */
export const opinionUnits = pgTable(
  'opinion_units',
  {
    opinionId: text('opinion_id')
      .notNull()
      .references(() => opinions.id, { onDelete: 'cascade' }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
  },
  (t) => [uniqueIndex('opinion_units_pk').on(t.opinionId, t.unitId), index('opinion_units_unit').on(t.unitId, t.opinionId)],
);

/** The submitter's identity and contact details (个人信息), stored apart from the opinion; erased after the retention. */
export const opinionContacts = pgTable('opinion_contacts', {
  opinionId: text('opinion_id')
    .primaryKey()
    .references(() => opinions.id, { onDelete: 'cascade' }),
  name: text('name'),
  phone: text('phone'),
  email: text('email'),
  address: text('address'),
  erasedAt: text('erased_at'),
});

/** The next sequence of tracking numbers YJ-{year}-{seq}, per year. */
export const opinionNumberCounters = pgTable('opinion_number_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * A year of the working-day calendar as edited by the office: replaces the shipped schedule of that year
 * (src/seed/work-calendar.json). days: holidays (休) and adjusted working days (调休上班).
 */
export const workCalendarYears = pgTable('work_calendar_years', {
  year: integer('year').primaryKey(),
  days: jsonb('days').$type<Array<{ date: string; kind: string; name: string }>>().notNull(),
  source: text('source'),
  version: integer('version').notNull().default(1),
  updatedAt: text('updated_at').notNull(),
});
