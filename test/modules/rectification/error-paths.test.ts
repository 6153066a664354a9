// Refusals of the ledger service the main tests leave out (issue 17, item 4): changing a closed item, deleting a parent,
// breaking down a cancelled item, an unknown progress report. Each asserts status, body and that nothing was written.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';
import { createCampaignRow, createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
});
afterEach(() => t.close());

const url = (id: string, rest = '') => `/v1/rectification-items/${id}${rest}`;
const state = () => dbState(t.app.deps.sqlite, ['idempotency_keys']);

test('when a cancelled item is patched, then 409 CONFLICT and nothing is written', async () => {
  const item = await createItem(t, campaignId);
  expect((await t.client(t.admin).post(url(item.id, ':cancel'), { reason: '任务调整' })).statusCode).toBe(200);
  const before = state();
  const res = await t.client(t.admin).patch(url(item.id), { title: '新标题' }, { 'if-match': '"2"' });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'CONFLICT' });
  expect(res.json().detail).toContain('cancelled');
  expect(state()).toEqual(before);
});

test('when a parent with children is deleted, then 409 names the children and nothing is written', async () => {
  const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
  expect((await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100']] })).statusCode).toBe(200);
  const version = (await t.client(t.admin).get(url(parent.id))).json().version as number;
  const before = state();
  const res = await t.client(t.admin).delete(url(parent.id), { 'if-match': `"${version}"` });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'CONFLICT' });
  expect(res.json().detail).toContain('1 children');
  expect(state()).toEqual(before);
});

test('when a cancelled item is broken down, then 409 INVALID_STATE_TRANSITION and no child is created', async () => {
  const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
  expect((await t.client(t.admin).post(url(parent.id, ':cancel'), { reason: '任务调整' })).statusCode).toBe(200);
  const before = state();
  const res = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100']] });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(state()).toEqual(before);
});

test('when an unknown progress report of a visible item is read, then 404', async () => {
  const item = await createItem(t, campaignId);
  const res = await t.client(t.admin).get(url(item.id, '/progress/01900000-0000-7000-8000-000000000000'));
  expect(res.statusCode).toBe(404);
  expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  expect(res.json().detail).toContain('Progress report');
});

test('when a not_started child is deleted, then 204, the row and its event are written and the parent counts one child fewer', async () => {
  const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
  const broken = (await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200']] })).json();
  const child = broken.items[0] as { id: string; version: number };
  const res = await t.client(t.admin).delete(url(child.id), { 'if-match': `"${child.version}"` });
  expect(res.statusCode).toBe(204);
  expect(t.app.deps.sqlite.prepare('SELECT count(*) n FROM rectification_items WHERE id = ?').get(child.id)).toEqual({ n: 0 });
  expect((t.app.deps.sqlite.prepare("SELECT action FROM events WHERE entity_id = ? ORDER BY sequence").all(child.id) as Array<{ action: string }>).map((e) => e.action)).toEqual(['breakdown', 'delete']);
  expect((await t.client(t.admin).get(url(parent.id))).json().childrenCount).toBe(1);
});
