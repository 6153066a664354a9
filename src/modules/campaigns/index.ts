// The campaigns module: campaigns and phases (工作步骤), every agency's phase reports, compliance, problems found (查摆问题).
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { campaignSchemas } from './schemas.js';
import { seedCampaigns } from './seed.js';

export const campaignsModule: ModuleDefinition = { name: 'campaigns', routes, schemas: campaignSchemas, seed: seedCampaigns };
