// Shared setup of the supervision tests: a running campaign, an item of 南宁市, and an inspection in progress.
import { afterEach, beforeEach } from '@jest/globals';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { planCampaign } from '../campaigns/setup.js';

export async function setup(t: TestContext) {
  const nanning = t.unit['gx-450100'];
  const liuzhou = t.unit['gx-450200'];
  const admin = t.client(t.admin);
  const inspector = t.client(t.key(['inspector'], t.unit.gx));
  const campaign = await planCampaign(t, 2027, { startPhases: 1 });
  const item = (await admin.post('/v1/rectification-items', { campaignId: campaign.id, title: '压缩审批时限', leadUnitId: nanning, deadline: '2027-03-20' })).json();
  async function inspection(kind: string, unitIds = [nanning], start = true) {
    const res = await inspector.post('/v1/inspections', {
      campaignId: campaign.id, kind, title: `${kind} 检查`, inspectingBody: '自治区效能办', unitIds, plannedStartOn: '2027-03-02', plannedEndOn: '2027-03-04',
    });
    if (res.statusCode !== 201) throw new Error(`inspection: ${res.body}`);
    if (start) await inspector.post(`/v1/inspections/${res.json().id}:start`);
    return res.json() as { id: string; version: number };
  }
  async function finding(inspectionId: string, body: Record<string, unknown>) {
    const res = await inspector.post(`/v1/inspections/${inspectionId}/findings`, { unitId: nanning, description: '发现问题', ...body });
    if (res.statusCode !== 201) throw new Error(`finding: ${res.body}`);
    return res.json() as { id: string; version: number; status: string };
  }
  return { nanning, liuzhou, admin, inspector, campaign, item, inspection, finding };
}

export type Setup = Awaited<ReturnType<typeof setup>>;

/**
 * A fresh app and `setup` for every test of the file, closed after it, handed to `assign` (the file keeps its own
 * `t` and `s`): the beforeEach/afterEach pair the supervision, publicity and behaviour tests shared.
 */
export function freshSetupEachTest(assign: (t: TestContext, s: Setup) => void, now = '2027-03-01T02:00:00Z'): void {
  let current: TestContext | undefined;
  beforeEach(async () => {
    current = await makeApp({ now });
    assign(current, await setup(current));
  });
  afterEach(async () => current?.close());
}
