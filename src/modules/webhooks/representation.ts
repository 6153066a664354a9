// A subscription row as the API shows it (never the secret). Apart from service.ts so that the worker, which the service
// drives, can write the subscription's feed events without importing the service (no import cycle).
import type { SubscriptionRow } from './repository.js';
import type { WebhookSubscription } from './schemas.js';

export const toSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  unitId: r.unitId,
  url: r.url,
  description: r.description,
  entities: (r.entities ?? null) as WebhookSubscription['entities'],
  actions: (r.actions ?? null) as WebhookSubscription['actions'],
  includeSnapshot: r.includeSnapshot,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  previousSecretExpiresAt: r.previousSecretExpiresAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
