// PostgreSQL (pg-core) mirror of src/db/schema/system.ts, table for table: keep both in step (test/db/schema-parity.test.ts).
// Service-wide tables: settings (generated secrets), idempotency records, and the audit log that is also the change feed.
import { pgTable, text, bigserial, jsonb, integer, index, primaryKey } from 'drizzle-orm/pg-core';

/** Key/value settings the service generates for itself (e.g. the page-token signing key). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Stored responses of POSTs sent with an Idempotency-Key, scoped to the API key, kept 24 hours (API.md 16). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_flight', 'done'] }).notNull(),
    statusCode: integer('status_code'),
    headers: text('headers'),
    body: text('body'),
    /** When the claim was made: the start of the request that holds it (in_flight) or held it (done). */
    createdAt: text('created_at').notNull(),
    /** The process that claimed the key (host, pid, per-start instance id): an in-flight record of a dead owner is abandoned. */
    ownerHost: text('owner_host'),
    ownerPid: integer('owner_pid'),
    ownerInstance: text('owner_instance'),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_keys_created_at').on(t.createdAt)],
);

/**
 * The audit trail (API.md 18): one row per mutation, written in the mutation's transaction.
 * `sequence` is assigned at insert inside SQLite's single writer, so it is commit order: the change feed.
 */
export const events = pgTable(
  'events',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    occurredAt: text('occurred_at').notNull(),
    apiKeyId: text('api_key_id'),
    unitId: text('unit_id'),
    requestId: text('request_id'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [index('events_entity').on(t.entity, t.entityId, t.sequence)],
);
