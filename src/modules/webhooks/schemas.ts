// Webhook subscriptions (Standard Webhooks push of the change feed): the resource, its writes, deliveries and metrics.
import { Type, type Static } from 'typebox';
import { idSchema as Id } from '../../lib/ids.js';
import { stringEnum } from '../../lib/enums.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { Text } from '../../http/text-schema.js';

// The filters name the change feed's own entities and actions (src/db/event-kinds.ts: one list for the feed, its union
// and the webhooks), so a new kind of event can be subscribed to as soon as it is written.
import { EventEntityEnum as WebhookEntityEnum, EventActionEnum as WebhookActionEnum } from '../../db/event-kinds.js';
export { WebhookEntityEnum, WebhookActionEnum };

const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  format: 'uri',
  description: 'Where events are POSTed: https://, or http:// only to an address in WEBHOOK_ALLOWED_NETWORKS. Loopback, link-local, private and metadata addresses are refused unless allowlisted; never redirected.',
});
const Description = Text({ maxLength: 500, description: 'What the subscription is for, e.g. 南宁市政务服务平台.' });
const Entities = Type.Union([Type.Array(WebhookEntityEnum.ref({ description: 'An entity.' }), { minItems: 1, maxItems: 32, uniqueItems: true }), Type.Null()], {
  description: 'Deliver only events of these entities; null for every entity but api_key (API-key events go only to subscriptions that list api_key).',
});
const Actions = Type.Union([Type.Array(WebhookActionEnum.ref({ description: 'An action.' }), { minItems: 1, maxItems: 64, uniqueItems: true }), Type.Null()], {
  description: 'Deliver only events with these actions; null for every action.',
});
const IncludeSnapshot = Type.Boolean({ description: 'Add the event’s `after` representation as data.after (for platforms that cannot call back); omitted, with data.afterOmitted, when the payload would pass 20 KB.' });
const Instant = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const WebhookSubscriptionSchema = Type.Object(
  {
    id: Id('The subscription’s id.'),
    unitId: Id('The agency whose platform receives the events; its inspector and reader keys may read the subscription.'),
    url: Url,
    description: Type.Union([Description, Type.Null()], { description: 'What the subscription is for.' }),
    entities: Entities,
    actions: Actions,
    includeSnapshot: IncludeSnapshot,
    enabled: Type.Boolean({ description: 'Whether events are delivered. The service disables a subscription on 410 Gone or after its retries (event webhook_subscription.disabled).' }),
    disabledReason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: 'Why the service disabled it; null while enabled or when disabled by :disable.' }),
    previousSecretExpiresAt: Instant('During a secret rotation: until when the previous secret still signs (both signatures are sent); null otherwise.'),
    version: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The row version (the ETag).' }),
    createdAt: Type.String({ format: 'date-time', description: 'When it was created (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', description: 'When its settings last changed (UTC).' }),
  },
  { $id: 'WebhookSubscription', description: 'A receiver of the change feed by Standard Webhooks (v1). Never carries the secret.' },
);
export type WebhookSubscription = Static<typeof WebhookSubscriptionSchema>;

export const SecretField = Type.String({
  maxLength: 100,
  pattern: '^whsec_[A-Za-z0-9+/=]+$',
  description: 'The signing secret (`whsec_` + base64 of 32 random bytes) for the receiver’s Standard Webhooks verifier. Shown only in this response (never in a replay of it); store it now.',
});

export const CreatedWebhookSubscriptionSchema = Type.Object(
  {
    subscription: Type.Ref('WebhookSubscription'),
    secret: Type.Optional(SecretField),
  },
  { $id: 'WebhookSubscriptionWithSecret', description: 'A subscription with its new secret, shown once (absent when an Idempotency-Key replays the response).' },
);

export const CreateWebhookSubscriptionSchema = Type.Object(
  {
    url: Url,
    description: Type.Optional(Description),
    unitId: Type.Optional(Id('The agency whose platform receives the events (default: the admin key’s).')),
    entities: Type.Optional(Entities),
    actions: Type.Optional(Actions),
    includeSnapshot: Type.Optional(IncludeSnapshot),
    enabled: Type.Optional(Type.Boolean({ description: 'Start delivering at once (default true).' })),
    startAfter: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Literal('now')], {
        description: 'Deliver events with a sequence greater than this (0 backfills the whole feed), or "now" (default): only events after the subscription’s own creation.',
      }),
    ),
  },
  { $id: 'CreateWebhookSubscription', additionalProperties: false, description: 'A new subscription.' },
);
export type CreateWebhookSubscription = Static<typeof CreateWebhookSubscriptionSchema>;

export const UpdateWebhookSubscriptionSchema = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Type.Union([Description, Type.Null()], { description: 'What the subscription is for; null clears it.' })),
    entities: Type.Optional(Entities),
    actions: Type.Optional(Actions),
    includeSnapshot: Type.Optional(IncludeSnapshot),
  },
  { $id: 'UpdateWebhookSubscription', additionalProperties: false, minProperties: 1, description: 'Settings to change (enabled, secret and cursor change through actions).' },
);
export type UpdateWebhookSubscription = Static<typeof UpdateWebhookSubscriptionSchema>;

export const RotateSecretSchema = Type.Object(
  {
    overlapSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'How long the old secret keeps signing beside the new one, in seconds (default 86400; 0 ends it now), at most 7 days.' }),
    ),
  },
  { additionalProperties: false, description: 'A secret rotation.' },
);
export const ReplaySchema = Type.Object(
  {
    fromSequence: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Deliver again, in order, every matching event from this sequence on (at most the newest sequence + 1).' }),
  },
  { additionalProperties: false, description: 'Where to restart delivery.' },
);

export const DeliverySchema = Type.Object(
  {
    id: Id('The attempt’s id.'),
    subscriptionId: Id('The subscription.'),
    sequence: Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], { description: 'The feed event delivered; null for a webhook.test message.' }),
    webhookId: Type.String({ maxLength: 64, description: 'The webhook-id header: the same on every attempt of one event (the receiver’s idempotency key).' }),
    type: Type.String({ maxLength: 140, description: 'The payload type, <entity>.<action> or webhook.test.' }),
    kind: stringEnum(['event', 'test', 'redeliver'], { description: 'event (the worker, in order), test (:test) or redeliver (:redeliver).' }),
    attempt: Type.Integer({ minimum: 1, maximum: 1000, description: 'The attempt number of this event for this subscription.' }),
    attemptedAt: Type.String({ format: 'date-time', description: 'When the attempt was made (UTC).' }),
    statusCode: Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.Null()], { description: 'The receiver’s status; null when there was no answer.' }),
    durationMs: Type.Integer({ minimum: 0, maximum: 3_600_000, description: 'How long the attempt took.' }),
    succeeded: Type.Boolean({ description: 'A 2xx within 10 s.' }),
    error: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'Why it failed (refused target, timeout, status); null on success.' }),
    nextAttemptAt: Instant('When the event is tried again; null after a success, for tests and redeliveries, or when the subscription was disabled.'),
  },
  { $id: 'WebhookDelivery', description: 'One delivery attempt.' },
);
export type Delivery = Static<typeof DeliverySchema>;

export const SubscriptionMetricsSchema = Type.Object(
  {
    subscriptionId: Id('The subscription.'),
    url: Url,
    enabled: Type.Boolean({ description: 'Whether events are delivered.' }),
    cursor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The last sequence delivered with a 2xx (or passed over by the filters).' }),
    lag: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The newest sequence minus the cursor.' }),
    lastSuccessAt: Instant('When an event was last delivered with a 2xx.'),
    consecutiveFailures: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Failed attempts since the last success.' }),
    nextAttemptAt: Instant('When the failing head event is tried again; null when not failing.'),
  },
  { description: 'The delivery state of one subscription.' },
);

export const WebhookMetricsSchema = Type.Object(
  {
    newestSequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The newest sequence of the feed.' }),
    subscriptions: Type.Array(SubscriptionMetricsSchema, { maxItems: 10_000, description: 'Every subscription, by id (a report, not a paged collection).' }),
  },
  { description: 'What an operator needs to see of the push: lag, last success and failures per subscription.' },
);

export const SubscriptionQuerySchema = Type.Object(
  {
    unitId: Type.Optional(Id('Only subscriptions of this agency.')),
    enabled: Type.Optional(Type.Boolean({ description: 'Only enabled (true) or disabled (false) subscriptions.' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type SubscriptionQuery = Static<typeof SubscriptionQuerySchema>;
export const DeliveryQuerySchema = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type DeliveryQuery = Static<typeof DeliveryQuerySchema>;

export const SubscriptionPageSchema = PageOf(Type.Ref('WebhookSubscription'), 'A page of webhook subscriptions.');
export const DeliveryPageSchema = PageOf(Type.Ref('WebhookDelivery'), 'A page of delivery attempts, newest first.');
export const SubscriptionParams = Type.Object({ subscriptionId: Id('The subscription’s id.') });
export const DeliveryParams = Type.Object({ subscriptionId: Id('The subscription’s id.'), deliveryId: Id('The delivery attempt’s id.') });
