// The webhooks module: subscriptions, deliveries and metrics; the worker itself is built by the app (app.webhooks).
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { CreateWebhookSubscriptionSchema, CreatedWebhookSubscriptionSchema, DeliverySchema, UpdateWebhookSubscriptionSchema, WebhookSubscriptionSchema } from './schemas.js';

export const webhooksModule: ModuleDefinition = {
  name: 'webhooks',
  routes,
  schemas: [WebhookSubscriptionSchema, CreatedWebhookSubscriptionSchema, CreateWebhookSubscriptionSchema, UpdateWebhookSubscriptionSchema, DeliverySchema],
};
