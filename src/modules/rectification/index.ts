// The rectification module: the ledger (整改台账) with its progress reports, and public commitments (公开承诺).
import type { ModuleDefinition } from '../types.js';
import { named } from '../../http/plugin-name.js';
import itemRoutes from './routes.js';
import commitmentRoutes from './commitments-routes.js';
import { CreateItemSchema, CreateProgressSchema, ImportRowSchema, ItemSchema, ProgressReportSchema, UpdateItemSchema } from './schemas.js';
import { CommitmentSchema, CreateCommitmentSchema, UpdateCommitmentSchema } from './commitments-schemas.js';
import { seedRectification } from './seed.js';

export { createPlanTasks } from './seed.js';

export const rectificationModule: ModuleDefinition = {
  name: 'rectification',
  routes: async (app) => {
    await app.register(named('rectification-items', itemRoutes));
    await app.register(named('rectification-commitments', commitmentRoutes));
  },
  schemas: [ItemSchema, CreateItemSchema, UpdateItemSchema, ProgressReportSchema, CreateProgressSchema, ImportRowSchema, CommitmentSchema, CreateCommitmentSchema, UpdateCommitmentSchema],
  seed: seedRectification,
};
