// Which change-feed events a reader may see: the one definition used by every channel that carries events (the feed
// GET /v1/events, the webhook worker, the deliveries list, :replay, :redeliver, :test, the webhook metrics).
// Hidden from a non-privileged reader (a reader key, or a webhook subscription, which reads as a reader key of its
// unit): every event of a planned or running unannounced inspection (明察暗访) and of its findings, until it
// concludes (then they show, and its conclude, deliver_conclusion and finding deliver events carry everything);
// api_key events are for admin keys only (a subscription gets them only when its admin listed api_key).
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, isAdmin, type Actor } from '../../http/auth.js';
import { ADMIN_ONLY_ENTITIES } from '../../db/event-kinds.js';

export interface Audience {
  /** Sees the events of unannounced inspections before their conclusion (admin and inspector keys). */
  seesSecretWork: boolean;
  /** Sees api_key events (admin keys; a subscription that lists api_key). */
  seesAdminOnly: boolean;
}

export const audienceOf = (actor: Actor): Audience => ({ seesSecretWork: hasRole(actor, 'admin', 'inspector'), seesAdminOnly: isAdmin(actor) });

/** A webhook subscription reads as a non-privileged reader key of its unit (its admin may opt in to api_key events). */
export const subscriptionAudience = (sub: { entities: readonly string[] | null }): Audience => ({
  seesSecretWork: false,
  seesAdminOnly: sub.entities?.includes('api_key') ?? false,
});

/** The ids of inspections that are secret now (unannounced and not concluded). */
export const SECRET_INSPECTION_IDS = `select id from inspections where kind = 'unannounced' and status <> 'concluded'`;

/**
 * The SQL (over the `events` table, by that name) true for the events the audience must not see; null when it sees
 * them all. Plain text without parameters, for raw prepared statements; `hiddenEvents` wraps it for drizzle.
 */
export function hiddenEventsSql(a: Audience): string | null {
  const parts: string[] = [];
  if (!a.seesSecretWork) {
    parts.push(
      `(events.entity = 'inspection' and events.entity_id in (${SECRET_INSPECTION_IDS}))`,
      `(events.entity = 'inspection_finding' and events.entity_id in (select f.id from inspection_findings f where f.inspection_id in (${SECRET_INSPECTION_IDS})))`,
    );
  }
  if (!a.seesAdminOnly) parts.push(`events.entity in (${ADMIN_ONLY_ENTITIES.map((e) => `'${e}'`).join(', ')})`);
  return parts.length ? `(${parts.join(' or ')})` : null;
}

/** The condition on `events` rows the audience may see (undefined: all). */
export function visibleEvents(a: Audience): SQL | undefined {
  const hidden = hiddenEventsSql(a);
  return hidden ? sql.raw(`not ${hidden}`) : undefined;
}

/** Whether one event (by sequence) is hidden from the audience, for a raw better-sqlite3 handle. */
export function hiddenEventSequenceSql(a: Audience): string | null {
  const hidden = hiddenEventsSql(a);
  return hidden ? `exists (select 1 from events where events.sequence = @sequence and ${hidden})` : null;
}
