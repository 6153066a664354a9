// First start of an empty database: the default campaign from the plan template for the campaign year (draft, so the
// campaign office starts it). Units are seeded before; the rectification seeder finds it by (template, year).
import type { SeedContext } from '../types.js';
import { createCampaignService } from './service.js';

export const DEFAULT_TEMPLATE = 'work-style-efficiency';

export function seedCampaigns({ deps, tx, actor, campaignYear }: SeedContext): void {
  const service = createCampaignService(deps);
  if (service.repo.campaignByTemplateYear(tx, DEFAULT_TEMPLATE, campaignYear)) return;
  service.createFromTemplate(tx, actor, DEFAULT_TEMPLATE, campaignYear);
}
