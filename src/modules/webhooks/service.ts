// Webhook-subscription use cases: admin creates, changes, enables/disables, rotates the secret and replays; the
// feed's reader roles (inspector, reader) read their own agency's subscriptions and deliveries (404 for others').
import type { EventActionOf } from '../../db/event-kinds.js';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { type Actor, isAdmin, requireRole } from '../../http/auth.js';
import { fieldError, invalidTransition, notFound } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { units } from '../../db/schema/index.js';
import type { Tx } from '../../db/client.js';
import { createWebhookRepository, type DeliveryRow, type SubscriptionRow } from './repository.js';
import { newSecret } from './rules.js';
import type { WebhookWorker } from './worker.js';
import { toSubscription } from './representation.js';
import { audienceOf, subscriptionAudience } from '../events/visibility.js';
import type { CreateWebhookSubscription, Delivery, DeliveryQuery, SubscriptionQuery, UpdateWebhookSubscription, WebhookSubscription } from './schemas.js';

export { toSubscription };

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  subscriptionId: r.subscriptionId,
  sequence: r.sequence,
  webhookId: r.webhookId,
  type: r.type,
  kind: r.kind,
  attempt: r.attempt,
  attemptedAt: r.attemptedAt,
  statusCode: r.statusCode,
  durationMs: r.durationMs,
  succeeded: r.succeeded,
  error: r.error,
  nextAttemptAt: r.nextAttemptAt,
});

export const DEFAULT_OVERLAP_SECONDS = 86_400;

export function createWebhookService(deps: Deps, worker: WebhookWorker) {
  const { db, audit, clock, pageTokens } = deps;
  const repo = createWebhookRepository(db, deps.sqlite);
  const now = () => clock.now().toISOString();

  function checkUrl(url: string, pointer = '/url') {
    const why = worker.policy.urlRefusal(url);
    if (why) throw fieldError(pointer, `url ${why}`);
  }

  /** The subscription if the actor may read it; 403 for roles that read none, 404 for another agency's. */
  function visible(actor: Actor, id: string): SubscriptionRow {
    requireRole(actor, 'inspector', 'reader');
    const row = repo.get(id);
    if (!row || (!isAdmin(actor) && row.unitId !== actor.unitId)) throw notFound('Webhook subscription', id);
    return row;
  }

  function change(tx: Tx, actor: Actor, before: SubscriptionRow, version: number | undefined, set: Partial<SubscriptionRow>, action: EventActionOf<'webhook_subscription'>, reason?: string): SubscriptionRow {
    const row = repo.update(tx, before.id, version, set, now());
    if (!row) throw preconditionFailed(before.version);
    audit.record(actor, { entity: 'webhook_subscription', entityId: row.id, action, before: toSubscription(before), after: toSubscription(row), unitId: row.unitId, reason: reason ?? null });
    return row;
  }

  function adminGet(actor: Actor, id: string): SubscriptionRow {
    requireRole(actor);
    const row = repo.get(id);
    if (!row) throw notFound('Webhook subscription', id);
    return row;
  }

  return {
    create(actor: Actor, input: CreateWebhookSubscription): { subscription: WebhookSubscription; secret: string } {
      requireRole(actor);
      checkUrl(input.url);
      return db.transaction((tx) => {
        const unitId = input.unitId ?? actor.unitId;
        if (!unitId) throw fieldError('/unitId', 'unitId is required for a key without an agency');
        if (!tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get()) throw fieldError('/unitId', `unit ${unitId} does not exist`);
        const newest = repo.newestSequence();
        // Stryker disable next-line ConditionalExpression: equivalent, the only other startAfter is 'now', and 'now' > a number is false
        if (typeof input.startAfter === 'number' && input.startAfter > newest) {
          throw fieldError('/startAfter', `startAfter ${input.startAfter} is after the newest sequence of the feed (${newest})`);
        }
        const ts = now();
        const secret = newSecret();
        const row: SubscriptionRow = {
          id: newId(),
          unitId,
          url: input.url,
          description: input.description ?? null,
          entities: input.entities ?? null,
          actions: input.actions ?? null,
          includeSnapshot: input.includeSnapshot ?? false,
          enabled: input.enabled ?? true,
          disabledReason: null,
          secret,
          previousSecret: null,
          previousSecretExpiresAt: null,
          cursor: typeof input.startAfter === 'number' ? input.startAfter : 0,
          headAttempts: 0,
          nextAttemptAt: null,
          failingSince: null,
          lastSuccessAt: null,
          consecutiveFailures: 0,
          version: 1,
          createdAt: ts,
          updatedAt: ts,
        };
        repo.insert(tx, row);
        const subscription = toSubscription(row);
        const sequence = audit.record(actor, { entity: 'webhook_subscription', entityId: row.id, action: 'create', after: subscription, unitId });
        // "now": the first event delivered is the one after the subscription's own creation.
        if (input.startAfter === undefined || input.startAfter === 'now') repo.setState(tx, row.id, { cursor: sequence });
        return { subscription, secret };
      });
    },
    get: (actor: Actor, id: string): WebhookSubscription => toSubscription(visible(actor, id)),
    list(actor: Actor, query: SubscriptionQuery) {
      requireRole(actor, 'inspector', 'reader');
      // Readers see their own agency's only: another agency asked for gives an empty page, as if none existed.
      const unitId = isAdmin(actor) ? query.unitId : actor.unitId ?? '';
      const filters = { unitId: query.unitId, enabled: query.enabled };
      const after = pageTokens.decode('webhook-subscriptions', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = !isAdmin(actor) && query.unitId && query.unitId !== actor.unitId ? [] : repo.list({ unitId, enabled: query.enabled }, after?.[0] as string | undefined, limit);
      const page = pageTokens.page('webhook-subscriptions', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map(toSubscription), nextPageToken: page.nextPageToken };
    },
    update(actor: Actor, id: string, version: number | undefined, input: UpdateWebhookSubscription): WebhookSubscription {
      requireRole(actor);
      if (input.url !== undefined) checkUrl(input.url);
      return db.transaction((tx) => {
        const before = adminGet(actor, id);
        const set: Partial<SubscriptionRow> = {};
        // A new URL is tried at once: the failing head's schedule belonged to the old one.
        if (input.url !== undefined && input.url !== before.url) Object.assign(set, { url: input.url, headAttempts: 0, nextAttemptAt: null, failingSince: null });
        if (input.description !== undefined) set.description = input.description;
        if (input.entities !== undefined) set.entities = input.entities;
        if (input.actions !== undefined) set.actions = input.actions;
        if (input.includeSnapshot !== undefined) set.includeSnapshot = input.includeSnapshot;
        return toSubscription(change(tx, actor, before, version, set, 'update'));
      });
    },
    setEnabled(actor: Actor, id: string, version: number | undefined, enabled: boolean): WebhookSubscription {
      return db.transaction((tx) => {
        const before = adminGet(actor, id);
        if (before.enabled === enabled) throw invalidTransition(`webhook subscription ${id} is already ${enabled ? 'enabled' : 'disabled'}`);
        // Enabling starts the head afresh: the next pass tries it at once, on a new retry schedule.
        const set: Partial<SubscriptionRow> = enabled
          ? { enabled: true, disabledReason: null, headAttempts: 0, nextAttemptAt: null, failingSince: null }
          : { enabled: false, disabledReason: null, nextAttemptAt: null };
        return toSubscription(change(tx, actor, before, version, set, enabled ? 'enable' : 'disable'));
      });
    },
    rotateSecret(actor: Actor, id: string, version: number | undefined, overlapSeconds = DEFAULT_OVERLAP_SECONDS): { subscription: WebhookSubscription; secret: string } {
      return db.transaction((tx) => {
        const before = adminGet(actor, id);
        const secret = newSecret();
        const expires = new Date(clock.now().getTime() + overlapSeconds * 1000).toISOString();
        const set: Partial<SubscriptionRow> =
          overlapSeconds > 0 ? { secret, previousSecret: before.secret, previousSecretExpiresAt: expires } : { secret, previousSecret: null, previousSecretExpiresAt: null };
        return { subscription: toSubscription(change(tx, actor, before, version, set, 'rotate_secret')), secret };
      });
    },
    replay(actor: Actor, id: string, version: number | undefined, fromSequence: number): WebhookSubscription {
      return db.transaction((tx) => {
        const before = adminGet(actor, id);
        const newest = repo.newestSequence();
        if (fromSequence > newest + 1) throw fieldError('/fromSequence', `fromSequence ${fromSequence} is after the newest sequence of the feed (${newest}) + 1`);
        const row = change(tx, actor, before, version, {}, 'replay', `from sequence ${fromSequence}`);
        repo.setState(tx, id, { cursor: fromSequence - 1, headAttempts: 0, nextAttemptAt: null, failingSince: null });
        return toSubscription(row);
      });
    },
    deliveries(actor: Actor, id: string, query: DeliveryQuery) {
      visible(actor, id);
      const filters = { subscriptionId: id };
      const before = pageTokens.decode('webhook-deliveries', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const page = pageTokens.page('webhook-deliveries', filters, repo.deliveries(id, before?.[0] as string | undefined, limit, audienceOf(actor)), limit, (r) => [r.id]);
      return { items: page.items.map(toDelivery), nextPageToken: page.nextPageToken };
    },
    async test(actor: Actor, id: string): Promise<Delivery> {
      const sub = adminGet(actor, id);
      return toDelivery(await worker.test(sub));
    },
    async redeliver(actor: Actor, id: string, deliveryId: string): Promise<Delivery> {
      const sub = adminGet(actor, id);
      const d = repo.delivery(id, deliveryId);
      if (!d) throw notFound('Delivery', deliveryId);
      if (d.sequence === null) throw invalidTransition('a webhook.test message is not redelivered; send another with :test');
      const event = repo.event(d.sequence);
      if (!event) throw notFound('Feed event', String(d.sequence));
      // The subscription reads as a reader key of its unit: an event hidden from it is not sent (events/visibility.ts).
      if (!repo.visibleTo(d.sequence, subscriptionAudience(sub))) throw notFound('Feed event', String(d.sequence));
      return toDelivery(await worker.redeliver(sub, event));
    },
    metrics(actor: Actor) {
      requireRole(actor);
      const newest = repo.newestSequence();
      return {
        newestSequence: newest,
        subscriptions: repo.all().map((r) => ({
          subscriptionId: r.id,
          url: r.url,
          enabled: r.enabled,
          cursor: r.cursor,
          lag: Math.max(0, newest - r.cursor),
          lastSuccessAt: r.lastSuccessAt,
          consecutiveFailures: r.consecutiveFailures,
          nextAttemptAt: r.nextAttemptAt,
        })),
      };
    },
  };
}
