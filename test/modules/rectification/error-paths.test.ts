// Refusals of the ledger service the main tests leave out (issue 17, item 4): changing a closed item, deleting a parent,
// breaking down a cancelled item, an unknown progress report. Each asserts status, body and that nothing was written.
import { type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';
import { createCampaignRow, createItem, itemBody } from './helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

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

// Issue 17, item 4: the remaining reachable branches of rectification/service.ts.
test('when a co-operating unit does not exist, then 400 points at its index and nothing is written', async () => {
  const before = state();
  const unknown = '01900000-0000-7000-8000-000000000000';
  const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { coUnitIds: [t.unit['gx-bb'], unknown] }));
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/coUnitIds/1' }] });
  expect(state()).toEqual(before);
});

test('when an item names no co-operating units and no problems, then 201 with empty lists', async () => {
  const item = await createItem(t, campaignId, { coUnitIds: [], participantUnitIds: [], problemIds: [] });
  expect(item).toMatchObject({ coUnitIds: [], participantUnitIds: [], problemIds: [] });
});

test('when an item is deleted with a stale If-Match, then 412 with the current ETag and nothing is written', async () => {
  const item = await createItem(t, campaignId);
  const before = state();
  const res = await t.client(t.admin).delete(url(item.id), { 'if-match': '"7"' });
  expect(res.statusCode).toBe(412);
  expect(res.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
  expect(state()).toEqual(before);
});

test('when progress is reported on a cancelled item, then 409 INVALID_STATE_TRANSITION and nothing is written', async () => {
  const item = await createItem(t, campaignId);
  expect((await t.client(t.admin).post(url(item.id, ':cancel'), { reason: '任务调整' })).statusCode).toBe(200);
  const before = state();
  const res = await t.client(t.admin).post(url(item.id, '/progress'), { percent: 30, completedWork: '已部署' });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(res.json().detail).toContain('cancelled');
  expect(state()).toEqual(before);
});

test('when progress reports and history are read a page at a time, then each page continues the last and one report reads alone', async () => {
  const item = await createItem(t, campaignId);
  const first = (await t.client(t.admin).post(url(item.id, '/progress'), { percent: 20, completedWork: '已部署' })).json().report;
  const second = (await t.client(t.admin).post(url(item.id, '/progress'), { percent: 40, completedWork: '已梳理' })).json().report;
  const one = await t.client(t.admin).get(url(item.id, `/progress/${first.id}`));
  expect(one.statusCode).toBe(200);
  expect(one.json()).toEqual(first);
  const page1 = (await t.client(t.admin).get(url(item.id, '/progress?pageSize=1'))).json();
  const page2 = (await t.client(t.admin).get(url(item.id, `/progress?pageSize=1&pageToken=${page1.nextPageToken}`))).json();
  expect([...page1.items, ...page2.items].map((r: { id: string }) => r.id).sort()).toEqual([first.id, second.id].sort());
  const h1 = (await t.client(t.admin).get(url(item.id, '/history?pageSize=1'))).json();
  const h2 = (await t.client(t.admin).get(url(item.id, `/history?pageSize=1&pageToken=${h1.nextPageToken}`))).json();
  expect(h2.items).toHaveLength(1);
  expect(h2.items[0].sequence).toBeGreaterThan(h1.items[0].sequence);
});

test('when an agency key asks for stats, then only the items it sees are counted', async () => {
  await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
  await createItem(t, campaignId);
  const key = t.key(['unit_editor'], t.unit['gx-bb']);
  const res = await t.client(key).get(`/v1/rectification-items/stats?campaignId=${campaignId}&groupBy=leadUnit`);
  expect(res.statusCode).toBe(200);
  expect(res.json().totals.total).toBe(1);
  expect((await t.client(t.admin).get(`/v1/rectification-items/stats?campaignId=${campaignId}&groupBy=leadUnit`)).json().totals.total).toBe(2);
  // An item without a task code is counted in a group whose key is null.
  await createItem(t, campaignId, { taskCode: undefined });
  const byTask = (await t.client(t.admin).get(`/v1/rectification-items/stats?campaignId=${campaignId}&groupBy=taskCode`)).json();
  expect(byTask.groups).toEqual([expect.objectContaining({ key: null, label: null, total: 1 }), expect.objectContaining({ key: '3.1', total: 2 })]);
});

test.each([
  ['does not exist', 'unknown'],
  ['belongs to another campaign', 'other-campaign'],
  ['is cancelled', 'cancelled'],
])('when a new item’s parent %s, then 400 at /parentId and nothing is written', async (_what, kind) => {
  let parentId = '01900000-0000-7000-8000-000000000000';
  if (kind === 'other-campaign') parentId = (await createItem(t, createCampaignRow(t, 2028))).id;
  if (kind === 'cancelled') {
    parentId = (await createItem(t, campaignId)).id;
    expect((await t.client(t.admin).post(url(parentId, ':cancel'), { reason: '任务调整' })).statusCode).toBe(200);
  }
  const before = state();
  const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { parentId }));
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/parentId' }] });
  expect(state()).toEqual(before);
});

test('when a new item names an open parent of its campaign, then 201 and the parent counts it', async () => {
  const parent = await createItem(t, campaignId);
  const child = await createItem(t, campaignId, { parentId: parent.id });
  expect(child.parentId).toBe(parent.id);
  expect((await t.client(t.admin).get(url(parent.id))).json().childrenCount).toBe(1);
});

test('when a parent’s only child is cancelled, then the parent’s progress falls back to its own reports', async () => {
  const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
  const child = (await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100']] })).json().items[0] as { id: string };
  expect((await t.client(t.admin).post(url(child.id, '/progress'), { percent: 50, completedWork: '已部署' })).statusCode).toBe(201);
  expect((await t.client(t.admin).get(url(parent.id))).json().progress).toBe(50);
  expect((await t.client(t.admin).post(url(child.id, ':cancel'), { reason: '任务调整' })).statusCode).toBe(200);
  expect((await t.client(t.admin).get(url(parent.id))).json().progress).toBe(0);
});

test('when a parent without task code or description is broken down to a unit without a short name, then the child carries the full name and no task code', async () => {
  const created = await t.client(t.admin).post('/v1/units', { name: '南宁市青秀区人民政府', kind: 'county', level: 'county', divisionCode: '450103' });
  expect(created.statusCode).toBe(201);
  const unit = created.json() as { id: string; name: string; shortName: string | null };
  expect(unit.shortName ?? null).toBeNull();
  const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'], taskCode: undefined, description: undefined });
  const res = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [unit.id] });
  expect(res.statusCode).toBe(200);
  expect(res.json().items[0]).toMatchObject({ title: `${parent.title}（${unit.name}）`, taskCode: null, description: null, leadUnitId: unit.id });
});

test('when the export walks the ledger in batches, then each batch continues after the last row of the one before', async () => {
  const { createItemService } = await import('../../../src/modules/rectification/service.js');
  const { systemActor } = await import('../../../src/http/auth.js');
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) codes.push((await createItem(t, campaignId, { deadline: `2027-06-2${i}` })).code);
  const batches = [...createItemService(t.app.deps).iterate(systemActor(), { campaignId }, 'deadline', 2)];
  expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
  expect(batches.flat().map((r) => r.code)).toEqual(codes);
});
