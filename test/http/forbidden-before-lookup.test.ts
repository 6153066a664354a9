// Issue 11, "decide and document": a role that may not act on an object answers 403 before the object is looked up.
// That reveals nothing only if an id that does not exist (or that the key's agency cannot see) gets exactly the same
// 403: same status and body but for requestId and instance. Checked for every such action.
import { makeApp, createCampaignRow, type TestContext } from '../helpers/app.js';
import { createItem } from '../modules/rectification/helpers.js';
import { setUp, newItem, newReview } from '../modules/approval-cleanup/fixtures.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const MISSING = '01900000-0000-7000-8000-00000000dead';

type Send = (id: string) => Promise<{ statusCode: number; json(): unknown }>;

async function expectSame403(send: Send, existingId: string) {
  const existing = await send(existingId);
  const missing = await send(MISSING);
  expect(existing.statusCode).toBe(403);
  expect(missing.statusCode).toBe(403);
  const strip = (b: unknown) => {
    const { requestId: _r, instance: _i, ...rest } = b as Record<string, unknown>;
    return rest;
  };
  expect(strip(missing.json())).toEqual(strip(existing.json()));
  expect((existing.json() as { code: string }).code).toBe('FORBIDDEN');
}

describe('rectification items', () => {
  test.each([
    ['DELETE', (id: string, key: string) => t.client(key).delete(`/v1/rectification-items/${id}`, { 'if-match': '"1"' })],
    [':accept', (id: string, key: string) => t.client(key).post(`/v1/rectification-items/${id}:accept`, { comment: '同意销号' })],
    [':reject', (id: string, key: string) => t.client(key).post(`/v1/rectification-items/${id}:reject`, { reason: '材料不全' })],
    [':cancel', (id: string, key: string) => t.client(key).post(`/v1/rectification-items/${id}:cancel`, { reason: '重复录入' })],
  ])('when a role that may not %s names an existing or a missing item, then the same 403', async (_name, call) => {
    const item = await createItem(t, createCampaignRow(t));
    const leadEditor = t.key(['unit_editor'], t.unit['gx-fzb']); // its own agency's item: may see, may not do this
    const otherEditor = t.key(['unit_editor'], t.unit['gx-450100']); // cannot even see the item
    const reader = t.key(['reader'], t.unit.gx);
    for (const key of [leadEditor, otherEditor, reader]) await expectSame403((id) => call(id, key), item.id);
  });
});

describe('approval reviews', () => {
  test.each([
    [':return', (id: string, key: string) => t.client(key).post(`/v1/approval-reviews/${id}:return`, { reason: '依据不足' })],
    [':legalReview', (id: string, key: string) => t.client(key).post(`/v1/approval-reviews/${id}:legalReview`, { verdict: 'agree', opinion: '同意' })],
  ])('when a role that may not %s names an existing or a missing review, then the same 403', async (_name, call) => {
    const fx = setUp(t);
    const review = await newReview(t, fx, (await newItem(t, fx)).id);
    await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    for (const key of [fx.editor, fx.otherEditor, fx.reader]) await expectSame403((id) => call(id, key), review.id);
  });
});

describe('fee reviews', () => {
  test.each(['financeOpinion', 'priceOpinion'])('when a role that may not give the %s names an existing or a missing review, then the same 403', async (verb) => {
    const campaignId = createCampaignRow(t);
    const editor = t.key(['unit_editor'], t.unit['gx-mzt']);
    const fee = await t.client(editor).post('/v1/fee-items', {
      code: 'GXSF-0001', name: '测试收费', collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national',
      bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布取消和停止征收的行政事业性收费项目的通知' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' },
    });
    expect(fee.statusCode).toBe(201);
    const review = await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.json().id });
    expect(review.statusCode).toBe(201);
    const otherEditor = t.key(['unit_editor'], t.unit['gx-450100']);
    const wrongReviewer = t.key([verb === 'financeOpinion' ? 'price_reviewer' : 'finance_reviewer'], t.unit['gx-wjj']);
    for (const key of [editor, otherEditor, wrongReviewer]) {
      await expectSame403((id) => t.client(key).post(`/v1/fee-reviews/${id}:${verb}`, { verdict: 'retain', text: '同意' }), review.json().id);
    }
  });
});
