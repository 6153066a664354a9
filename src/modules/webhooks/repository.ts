// Webhook queries: subscriptions, delivery attempts, the head event of a subscription, and the worker lease.
import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db, DbOrTx } from '../../db/client.js';
import { events, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import type { FeedEvent } from './rules.js';
import { hiddenEventsSql, subscriptionAudience, visibleEvents, type Audience } from '../events/visibility.js';
import { lazy } from '../../db/lazy.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function createWebhookRepository(db: Db, sqlite: Database.Database) {
  const byId = lazy(() => db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, sql.placeholder('id'))).prepare());
  // The next events after the cursor that pass the subscription's filters and that the subscription may see (it
  // reads as a reader key of its unit: events/visibility.ts), in order. No entity filter means every entity but
  // api_key: key events reach a platform only when its subscription names api_key.
  const nextFor = (a: Audience) =>
    sqlite.prepare(
      `SELECT sequence, occurred_at AS occurredAt, unit_id AS unitId, entity, entity_id AS entityId, action, after FROM events
       WHERE sequence > @cursor
         AND (@entities IS NULL OR entity IN (SELECT value FROM json_each(@entities)))
         AND (@actions IS NULL OR action IN (SELECT value FROM json_each(@actions)))
         AND NOT coalesce(${
           // Stryker disable next-line StringLiteral: a subscription never sees secret work, so hiddenEventsSql is never null here
           hiddenEventsSql(a) ?? 'false'}, false)
       ORDER BY sequence LIMIT @limit`,
    );
  // Stryker disable next-line ObjectLiteral: equivalent, subscriptionAudience reads a missing entities as null
  const nextPlain = nextFor(subscriptionAudience({ entities: null }));
  const nextWithKeys = nextFor(subscriptionAudience({ entities: ['api_key'] }));
  // The hot path of a delivered event: the attempt recorded and the cursor moved, as raw prepared statements.
  const insertDeliveryRaw = lazy(() => sqlite.prepare(
    `INSERT INTO webhook_deliveries (id, subscription_id, sequence, webhook_id, type, kind, attempt, attempted_at, status_code, duration_ms, succeeded, error, next_attempt_at)
     VALUES (@id, @subscriptionId, @sequence, @webhookId, @type, @kind, @attempt, @attemptedAt, @statusCode, @durationMs, @succeeded, @error, @nextAttemptAt)`,
  ));
  const advance = lazy(() => sqlite.prepare(
    `UPDATE webhook_subscriptions SET cursor = @to, head_attempts = 0, next_attempt_at = NULL, failing_since = NULL, last_success_at = @at, consecutive_failures = 0
     WHERE id = @id AND cursor = @from AND head_attempts = @attempts AND enabled = 1`,
  ));
  const eventBySequence = lazy(() => sqlite.prepare(
    'SELECT sequence, occurred_at AS occurredAt, unit_id AS unitId, entity, entity_id AS entityId, action, after FROM events WHERE sequence = ?',
  ));
  const attemptsAt = lazy(() => sqlite.prepare('SELECT coalesce(max(attempt), 0) FROM webhook_deliveries WHERE subscription_id = ? AND sequence = ?').pluck());
  const newest = lazy(() => sqlite.prepare('SELECT coalesce(max(sequence), 0) AS n FROM events').pluck());
  const takeLease = lazy(() => sqlite.prepare(
    `INSERT INTO worker_leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE worker_leases.holder = excluded.holder OR worker_leases.expires_at <= @now`,
  ));
  const leaseHolder = lazy(() => sqlite.prepare('SELECT holder FROM worker_leases WHERE name = ?').pluck());
  const dropLease = lazy(() => sqlite.prepare('DELETE FROM worker_leases WHERE name = ? AND holder = ?'));
  const toEvent = (r: (Omit<FeedEvent, 'after'> & { after: string | null }) | undefined): FeedEvent | undefined =>
    r
      ? {
          ...r,
          // Stryker disable next-line ConditionalExpression: equivalent, JSON.parse(null) is null (the test only spares a parse)
          after: r.after === null ? null : JSON.parse(r.after),
        }
      : undefined;

  return {
    get: (id: string): SubscriptionRow | undefined => byId.get({ id }),
    insert(tx: DbOrTx, row: SubscriptionRow): void {
      tx.insert(webhookSubscriptions).values(row).run();
    },
    /** A versioned change of settings (bumps the version; unchanged unless the row is still at `version`, when given). */
    update(tx: DbOrTx, id: string, version: number | undefined, set: Partial<SubscriptionRow>, now: string): SubscriptionRow | undefined {
      const where = version === undefined ? eq(webhookSubscriptions.id, id) : and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.version, version));
      return tx
        .update(webhookSubscriptions)
        .set({ ...set, version: sql`${webhookSubscriptions.version} + 1`, updatedAt: now })
        .where(where)
        .returning()
        .get();
    },
    /** Delivery state only (cursor, attempts, schedule): not a change of the resource, so no new version. */
    setState(tx: DbOrTx, id: string, set: Partial<SubscriptionRow>, expectCursor?: number): boolean {
      const where = expectCursor === undefined ? eq(webhookSubscriptions.id, id) : and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.cursor, expectCursor));
      // Stryker disable next-line EqualityOperator: equivalent today, no caller reads the result (worker.ts, service.ts)
      return tx.update(webhookSubscriptions).set(set).where(where).run().changes === 1;
    },
    list(filter: { unitId?: string; enabled?: boolean }, after: string | undefined, limit: number): SubscriptionRow[] {
      const conds: SQL[] = [];
      if (filter.unitId) conds.push(eq(webhookSubscriptions.unitId, filter.unitId));
      if (filter.enabled !== undefined) conds.push(eq(webhookSubscriptions.enabled, filter.enabled));
      if (after) conds.push(gt(webhookSubscriptions.id, after));
      return db.select().from(webhookSubscriptions).where(conds.length ? and(...conds) : undefined).orderBy(asc(webhookSubscriptions.id)).limit(limit + 1).all();
    },
    all: (): SubscriptionRow[] => db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.id)).all(),
    /** Enabled subscriptions whose head is due (never failed, or its next attempt has come). */
    due(now: string): SubscriptionRow[] {
      return db
        .select()
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.enabled, true), sql`(${webhookSubscriptions.nextAttemptAt} IS NULL OR ${webhookSubscriptions.nextAttemptAt} <= ${now})`))
        .orderBy(asc(webhookSubscriptions.id))
        .all();
    },
    /** The first `limit` matching events after the cursor: the head and the ones queued behind it. */
    next(sub: Pick<SubscriptionRow, 'cursor' | 'entities' | 'actions'>, limit: number): FeedEvent[] {
      const next = subscriptionAudience(sub).seesAdminOnly ? nextWithKeys : nextPlain;
      const rows = next.all({ cursor: sub.cursor, limit, entities: sub.entities ? JSON.stringify(sub.entities) : null, actions: sub.actions ? JSON.stringify(sub.actions) : null });
      return rows.map((r) => toEvent(r as never)!);
    },
    /** Records a 2xx attempt and moves the cursor, unless the subscription changed meanwhile (replayed, disabled). */
    delivered(row: DeliveryRow, from: number, attempts: number): boolean {
      return sqlite.transaction(() => {
        insertDeliveryRaw.run({ ...row, succeeded: row.succeeded ? 1 : 0 });
        return advance.run({ id: row.subscriptionId, to: row.sequence, at: row.attemptedAt, from, attempts }).changes === 1;
      })();
    },
    event: (sequence: number): FeedEvent | undefined => toEvent(eventBySequence.get(sequence) as never),
    /** Whether the audience may see the event of this sequence (events/visibility.ts). */
    visibleTo(sequence: number, audience: Audience): boolean {
      return db.select({ s: events.sequence }).from(events).where(and(eq(events.sequence, sequence), visibleEvents(audience))).get() !== undefined;
    },
    newestSequence: (): number => newest.get() as number,
    /** The highest attempt number recorded for one event of a subscription (0 when none). */
    attemptsAt: (subscriptionId: string, sequence: number): number => attemptsAt.get(subscriptionId, sequence) as number,
    insertDelivery(tx: DbOrTx, row: DeliveryRow): void {
      tx.insert(webhookDeliveries).values(row).run();
    },
    delivery(subscriptionId: string, id: string): DeliveryRow | undefined {
      return db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.id, id))).get();
    },
    /** Newest first. */
    deliveries(subscriptionId: string, before: string | undefined, limit: number, audience: Audience): DeliveryRow[] {
      const conds: SQL[] = [eq(webhookDeliveries.subscriptionId, subscriptionId)];
      if (before) conds.push(lt(webhookDeliveries.id, before));
      const visible = visibleEvents(audience);
      // An attempt at an event the reader may not see does not exist for it (none is made now; older rows may be).
      if (visible) conds.push(sql`(${webhookDeliveries.sequence} is null or ${webhookDeliveries.sequence} in (select events.sequence from events where ${visible}))`);
      return db.select().from(webhookDeliveries).where(and(...conds)).orderBy(desc(webhookDeliveries.id)).limit(limit + 1).all();
    },
    /** Takes or renews the lease; true when this holder has it until `expiresAt`. */
    lease(name: string, holder: string, now: string, expiresAt: string): boolean {
      takeLease.run({ name, holder, now, expiresAt });
      return leaseHolder.get(name) === holder;
    },
    releaseLease(name: string, holder: string): void {
      dropLease.run(name, holder);
    },
  };
}
export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
