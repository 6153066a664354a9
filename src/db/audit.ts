// Writes audit events (API.md 18) inside the caller's transaction; the events table is also the change feed.
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { events, settings } from './schema/index.js';
import type { Actor } from '../lib/actor.js';
import type { Clock } from '../lib/clock.js';
import type { EventActionOf, EventEntity } from './event-kinds.js';
import { lazy } from './lazy.js';

interface AuditEventOf<E extends EventEntity> {
  entity: E;
  entityId: string;
  /** One of the entity's actions (src/db/event-kinds.ts): the feed's contract lists them. */
  action: EventActionOf<E>;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** The agency the change concerns; defaults to the actor's. */
  unitId?: string | null;
}

/** An event the audit writer accepts: an entity of EVENT_KINDS with one of its actions. */
export type AuditEvent = { [E in EventEntity]: AuditEventOf<E> }[EventEntity];

export type Audit = { record(actor: Actor, e: AuditEvent): number };

export function createAudit(db: Db, clock: Clock): Audit {
  const insert = lazy(() => db
    .insert(events)
    .values({
      occurredAt: sql.placeholder('occurredAt'),
      apiKeyId: sql.placeholder('apiKeyId'),
      unitId: sql.placeholder('unitId'),
      requestId: sql.placeholder('requestId'),
      entity: sql.placeholder('entity'),
      entityId: sql.placeholder('entityId'),
      action: sql.placeholder('action'),
      before: sql.placeholder('before'),
      after: sql.placeholder('after'),
      reason: sql.placeholder('reason'),
    })
    .returning({ sequence: events.sequence })
    .prepare());
  return {
    /** Must be called inside the mutation's db.transaction(); returns the event's sequence. */
    record(actor, e) {
      const row = insert.get({
        occurredAt: clock.now().toISOString(),
        apiKeyId: actor.apiKeyId,
        unitId: e.unitId !== undefined ? e.unitId : actor.unitId,
        requestId: actor.requestId,
        entity: e.entity,
        entityId: e.entityId,
        action: e.action,
        before: e.before ?? null,
        after: e.after ?? null,
        reason: e.reason ?? null,
      });
      return row!.sequence;
    },
  };
}

/** A service-generated secret kept in the settings table, created on first use. */
export function getOrCreateSetting(db: Db, key: string, make: () => string): string {
  return db.transaction((tx) => {
    const row = tx.select().from(settings).where(eq(settings.key, key)).get();
    if (row) return row.value;
    const value = make();
    tx.insert(settings).values({ key, value }).run();
    return value;
  });
}

export function getSetting(db: Db, key: string): string | undefined {
  return db.select().from(settings).where(eq(settings.key, key)).get()?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}
