// PostgreSQL (pg-core) mirror of src/db/schema/webhooks.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Webhook subscriptions (Standard Webhooks push of the change feed), every delivery attempt, and the worker's lease.
import { pgTable, text, bigint, jsonb, boolean, integer, index } from 'drizzle-orm/pg-core';
import { units } from './units.js';

/**
 * One receiver of the change feed. `cursor` is the last sequence delivered with a 2xx (or skipped by the filters):
 * the worker delivers the first matching event after it, and advances it only after a 2xx, so a crash redelivers.
 * The signing secrets are kept as sent (HMAC needs them) and never leave the server after creation/rotation.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    /** The agency whose platform receives the events (readers of that agency see the subscription). */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    url: text('url').notNull(),
    description: text('description'),
    entities: jsonb('entities').$type<string[] | null>(),
    actions: jsonb('actions').$type<string[] | null>(),
    includeSnapshot: boolean('include_snapshot').notNull(),
    enabled: boolean('enabled').notNull(),
    disabledReason: text('disabled_reason'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: text('previous_secret_expires_at'),
    cursor: bigint('cursor', { mode: 'number' }).notNull(),
    /** Attempts made at the head event since its last success (0 = the head has not failed). */
    headAttempts: integer('head_attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    failingSince: text('failing_since'),
    lastSuccessAt: text('last_success_at'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('webhook_subscriptions_unit').on(t.unitId, t.id)],
);

/** Every attempt to deliver (events, tests, redeliveries), newest last by id (UUIDv7). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    /** The feed event delivered; null for a `webhook.test` message. */
    sequence: bigint('sequence', { mode: 'number' }),
    webhookId: text('webhook_id').notNull(),
    type: text('type').notNull(),
    kind: text('kind', { enum: ['event', 'test', 'redeliver'] }).notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: text('attempted_at').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    succeeded: boolean('succeeded').notNull(),
    error: text('error'),
    nextAttemptAt: text('next_attempt_at'),
  },
  (t) => [index('webhook_deliveries_subscription').on(t.subscriptionId, t.id)],
);

/** Leases of singleton workers: the holder works until `expires_at`, renewing it; another process takes it only after. */
export const workerLeases = pgTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});
