// Shared set-up for the approval-cleanup tests: keys per role, item and review builders.
import { createCampaignRow, type TestContext } from '../../helpers/app.js';

export interface Fx {
  campaignId: string;
  /** unit_editor of 自治区财政厅 (the items' agency). */
  editor: string;
  /** unit_editor of another agency (自治区物价局). */
  otherEditor: string;
  legal: string;
  exec: string;
  reader: string;
  czt: string;
  wjj: string;
}

export function setUp(t: TestContext): Fx {
  const czt = t.unit['gx-czt'];
  const wjj = t.unit['gx-wjj'];
  return {
    campaignId: createCampaignRow(t),
    editor: t.key(['unit_editor'], czt),
    otherEditor: t.key(['unit_editor'], wjj),
    legal: t.key(['legal_reviewer'], t.unit['gx-fzb']),
    exec: t.key(['executive_secretary'], t.unit.gx),
    reader: t.key(['reader'], t.unit.gx),
    czt,
    wjj,
  };
}

let seq = 0;
export async function newItem(t: TestContext, fx: Fx, over: Record<string, unknown> = {}) {
  seq++;
  const res = await t.client(t.admin).post('/v1/approval-items', {
    code: `CZT-${String(seq).padStart(4, '0')}`,
    name: `测试审批事项${seq}`,
    implementingUnitId: fx.czt,
    kind: 'licence',
    bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十二条' }],
    siblingProvinces: 'commonly_set',
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`item: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function newReview(t: TestContext, fx: Fx, itemId: string, over: Record<string, unknown> = {}) {
  const res = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId, disposition: 'retain', rationale: '仍有必要', ...over });
  if (res.statusCode !== 201) throw new Error(`review: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Drives a review through submit and legal review (agree unless `legal` says otherwise). */
export async function toLegallyReviewed(t: TestContext, fx: Fx, reviewId: string, legal: Record<string, unknown> = { verdict: 'agree', opinion: '同意' }) {
  const s = await t.client(fx.editor).post(`/v1/approval-reviews/${reviewId}:submit`);
  if (s.statusCode !== 200) throw new Error(`submit: ${s.statusCode} ${s.body}`);
  const l = await t.client(fx.legal).post(`/v1/approval-reviews/${reviewId}:legalReview`, legal);
  if (l.statusCode !== 200) throw new Error(`legal: ${l.statusCode} ${l.body}`);
  return l.json();
}
