// Shared steps of the campaigns tests: a campaign from the plan template, started, with its phases.
import type { TestContext } from '../../helpers/app.js';

export interface PlanCampaign {
  id: string;
  phases: Array<{ id: string; number: number; startsOn: string; endsOn: string; status: string }>;
}

export async function planCampaign(t: TestContext, year = 2027, options: { start?: boolean; startPhases?: number } = {}): Promise<PlanCampaign> {
  const admin = t.client(t.admin);
  const created = await admin.post('/v1/campaigns', { template: 'work-style-efficiency', year });
  if (created.statusCode !== 201) throw new Error(`create campaign: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  if (options.start !== false) {
    const s = await admin.post(`/v1/campaigns/${id}:start`);
    if (s.statusCode !== 200) throw new Error(`start campaign: ${s.body}`);
  }
  const phases = (await admin.get(`/v1/campaigns/${id}/phases`)).json().items as PlanCampaign['phases'];
  for (let n = 1; n <= (options.startPhases ?? 0); n++) {
    if (n > 1) await admin.post(`/v1/phases/${phases[n - 2].id}:complete`);
    const r = await admin.post(`/v1/phases/${phases[n - 1].id}:start`);
    if (r.statusCode !== 200) throw new Error(`start phase ${n}: ${r.body}`);
  }
  return { id, phases };
}

export const report = {
  meetingsHeld: 3,
  participants: 120,
  discussionsHeld: 2,
  opinionsCollected: 45,
  summary: '召开动员大会，组织开展大讨论。',
  attachments: [{ title: '动员大会讲话', url: 'https://example.gov.cn/a.pdf' }],
};
