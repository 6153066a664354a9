// The feature modules, in registration and seeding order.
import type { ModuleDefinition } from './types.js';
import { unitsModule } from './units/index.js';
import { apiKeysModule } from './api-keys/index.js';
import { eventsModule } from './events/index.js';
import { metaModule } from './meta/index.js';
import { healthModule } from './health/index.js';
import { campaignsModule } from './campaigns/index.js';
import { rectificationModule } from './rectification/index.js';
import { approvalCleanupModule } from './approval-cleanup/index.js';
import { feeReviewModule } from './fee-review/index.js';
import { supervisionModule } from './supervision/index.js';
import { publicityModule } from './publicity/index.js';
import { webhooksModule } from './webhooks/index.js';
import { opinionsModule } from './opinions/index.js';

export const modules: ModuleDefinition[] = [
  healthModule,
  metaModule,
  unitsModule,
  apiKeysModule,
  eventsModule,
  campaignsModule,
  rectificationModule,
  approvalCleanupModule,
  feeReviewModule,
  supervisionModule,
  publicityModule,
  webhooksModule,
  opinionsModule,
];
