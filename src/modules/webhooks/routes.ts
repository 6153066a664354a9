// /v1/webhook-subscriptions: push of the change feed by Standard Webhooks. Admin writes; inspector and reader keys
// read their own agency's. Secrets leave the server only in the 201 of the create and the 200 of :rotateSecret.
import { EmptyActionBodySchema } from '../../http/route-conventions.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { refOf } from '../../http/schema-ref.js';
import { IfMatchHeader, etagHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createWebhookService } from './service.js';
import {
  CreateWebhookSubscriptionSchema,
  DeliveryPageSchema,
  DeliveryParams,
  DeliveryQuerySchema,
  ReplaySchema,
  RotateSecretSchema,
  SubscriptionPageSchema,
  SubscriptionParams,
  SubscriptionQuerySchema,
  UpdateWebhookSubscriptionSchema,
  WebhookMetricsSchema,
} from './schemas.js';

const tags = ['webhooks'];
const BASE = '/v1/webhook-subscriptions';
const ONE = `${BASE}/:subscriptionId(^[^:/]+)`;
const subscriptionResponse = (description: string) => versionedResponse('WebhookSubscription', description);
/** No input: the shared component every action without fields names (route-conventions.ts). */
const Empty = EmptyActionBodySchema;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createWebhookService(app.deps, app.webhooks);

  app.post(BASE, {
    // The replay of a response that showed a secret keeps everything but the secret (stored nowhere but the row).
    config: { idempotencyOmit: ['secret'] },
    schema: {
      operationId: 'createWebhookSubscription',
      tags,
      summary: 'Subscribe a platform to the change feed',
      description:
        'Admin only. Returns the signing secret once (`whsec_...`, for a Standard Webhooks verifier). Delivery starts after the subscription’s own creation event, or after `startAfter` to backfill. A target refused by the network policy is a 400.',
      body: refOf(CreateWebhookSubscriptionSchema),
      response: { 201: { description: 'The subscription and its secret.', headers: etagHeader, content: { 'application/json': { schema: Type.Ref('WebhookSubscriptionWithSecret') } } }, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const created = service.create(request.actor, request.body);
      reply.code(201).header('location', `${BASE}/${created.subscription.id}`).header('etag', `"${created.subscription.version}"`).header('cache-control', 'no-store');
      return created;
    },
  });

  app.get(BASE, {
    schema: {
      operationId: 'listWebhookSubscriptions',
      tags,
      summary: 'List webhook subscriptions',
      description: 'Admin: every subscription; inspector and reader keys: their own agency’s. Keyset-paginated by id.',
      querystring: SubscriptionQuerySchema,
      response: { 200: SubscriptionPageSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.get('/v1/webhook-metrics', {
    schema: {
      operationId: 'getWebhookMetrics',
      tags,
      summary: 'Delivery lag and failures per subscription',
      description: 'Admin only. Per subscription: lag (newest sequence minus cursor), last success, consecutive failures, next attempt.',
      response: { 200: WebhookMetricsSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => service.metrics(request.actor),
  });

  app.get(ONE, {
    schema: {
      operationId: 'getWebhookSubscription',
      tags,
      summary: 'Get a webhook subscription',
      description: 'Never returns the secret. If-None-Match gives 304 when unchanged.',
      params: SubscriptionParams,
      response: { 200: subscriptionResponse('The subscription.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.actor, request.params.subscriptionId)),
  });

  app.patch(ONE, {
    schema: {
      operationId: 'updateWebhookSubscription',
      tags,
      summary: 'Change a webhook subscription',
      description: 'Admin only. Needs If-Match with the current ETag (428 without, 412 when stale).',
      params: SubscriptionParams,
      headers: IfMatchHeader,
      body: refOf(UpdateWebhookSubscriptionSchema),
      response: { 200: subscriptionResponse('The changed subscription.'), ...problemResponses(400, 401, 403, 404, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.update(request.actor, request.params.subscriptionId, version, request.body));
    },
  });

  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    app.post(`${ONE}::${verb}`, {
      schema: {
        operationId: `${verb}WebhookSubscription`,
        tags,
        summary: enabled ? 'Enable a webhook subscription' : 'Disable a webhook subscription',
        description: enabled
          ? 'Admin only. Delivery resumes from the cursor (nothing after it was skipped), the head tried at once on a fresh retry schedule. Honours If-Match when sent; 409 when already enabled.'
          : 'Admin only. Stops delivery; the cursor stays, so :enable resumes where it stopped. Honours If-Match when sent; 409 when already disabled.',
        params: SubscriptionParams,
        headers: IfMatchHeader,
        body: Empty,
        response: { 200: subscriptionResponse('The subscription after the action.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        requireRole(request.actor);
        const version = readIfMatch(request, false);
        return withEtag(request, reply, service.setEnabled(request.actor, request.params.subscriptionId, version, enabled));
      },
    });
  }

  app.post(`${ONE}::rotateSecret`, {
    // The replay of a response that showed a secret keeps everything but the secret (stored nowhere but the row).
    config: { idempotencyOmit: ['secret'] },
    schema: {
      operationId: 'rotateWebhookSecret',
      tags,
      summary: 'Rotate the signing secret',
      description:
        'Admin only. Returns the new secret once. Until previousSecretExpiresAt (overlapSeconds, default 24 h) every delivery carries two signatures, the new secret’s and the old one’s, so the receiver can switch at its pace. Honours If-Match when sent.',
      params: SubscriptionParams,
      headers: IfMatchHeader,
      body: RotateSecretSchema,
      response: { 200: { description: 'The subscription and its new secret.', headers: etagHeader, content: { 'application/json': { schema: Type.Ref('WebhookSubscriptionWithSecret') } } }, ...problemResponses(400, 401, 403, 404, 412) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, false);
      const rotated = service.rotateSecret(request.actor, request.params.subscriptionId, version, request.body.overlapSeconds);
      reply.header('etag', `"${rotated.subscription.version}"`).header('cache-control', 'no-store');
      return rotated;
    },
  });

  app.post(`${ONE}::replay`, {
    schema: {
      operationId: 'replayWebhookSubscription',
      tags,
      summary: 'Deliver again from a sequence',
      description: 'Admin only. Moves the cursor back (or forward) so that every matching event from fromSequence on is delivered again, in order, with its usual webhook-id. Honours If-Match when sent.',
      params: SubscriptionParams,
      headers: IfMatchHeader,
      body: ReplaySchema,
      response: { 200: subscriptionResponse('The subscription.'), ...problemResponses(400, 401, 403, 404, 412) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, false);
      return withEtag(request, reply, service.replay(request.actor, request.params.subscriptionId, version, request.body.fromSequence));
    },
  });

  app.post(`${ONE}::test`, {
    schema: {
      operationId: 'testWebhookSubscription',
      tags,
      summary: 'Send a webhook.test message now',
      description: 'Admin only. Sends a signed `webhook.test` message at once (outside the ordered stream, enabled or not) and returns the attempt: the receiver’s status, duration and error.',
      params: SubscriptionParams,
      body: Empty,
      response: { 200: Type.Ref('WebhookDelivery'), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => service.test(request.actor, request.params.subscriptionId),
  });

  app.get(`${ONE}/deliveries`, {
    schema: {
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'List delivery attempts',
      description: 'Every attempt, newest first: event, attempt, status code, duration, error, next attempt.',
      params: SubscriptionParams,
      querystring: DeliveryQuerySchema,
      response: { 200: DeliveryPageSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => service.deliveries(request.actor, request.params.subscriptionId, request.query),
  });

  app.post(`${ONE}/deliveries/:deliveryId(^[^:/]+)::redeliver`, {
    schema: {
      operationId: 'redeliverWebhookDelivery',
      tags,
      summary: 'Send a delivery’s event again now',
      description: 'Admin only. Sends the attempt’s event again at once with the same webhook-id (outside the ordered stream; the cursor does not move) and returns the new attempt. 409 for a webhook.test message.',
      params: DeliveryParams,
      body: Empty,
      response: { 200: Type.Ref('WebhookDelivery'), ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => service.redeliver(request.actor, request.params.subscriptionId, request.params.deliveryId),
  });
};

export default routes;
