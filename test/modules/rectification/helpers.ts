// Shared setup of the ledger tests: an app, a campaign and a quick way to make items.
import { createCampaignRow, type TestContext } from '../../helpers/app.js';

export function itemBody(t: TestContext, campaignId: string, over: Record<string, unknown> = {}) {
  return { campaignId, title: '清理行政审批事项', description: '对各种行政审批事项进行再次清理', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30', taskCode: '3.1', ...over };
}

export async function createItem(t: TestContext, campaignId: string, over: Record<string, unknown> = {}, token = t.admin) {
  const res = await t.client(token).post('/v1/rectification-items', itemBody(t, campaignId, over));
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; code: string; version: number; [k: string]: unknown };
}

export { createCampaignRow };
