import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { createCampaignRow, createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
let lead: string;
beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
  lead = t.key(['unit_editor'], t.unit['gx-fzb']);
});
afterEach(() => t.close());

const url = (id: string, rest = '') => `/v1/rectification-items/${id}${rest}`;

describe('overdue (API.md 3: the end of the deadline day in Asia/Shanghai)', () => {
  test('when an item is due 2027-06-30, then it is not overdue at 2027-06-30T15:59:59Z and is overdue at 16:00:00Z', async () => {
    const item = await createItem(t, campaignId, { deadline: '2027-06-30' });
    t.clock.set('2027-06-30T15:59:59Z');
    expect((await t.client(t.admin).get(url(item.id))).json().overdue).toBe(false);
    expect((await t.client(t.admin).get('/v1/rectification-items?overdue=true')).json().items).toHaveLength(0);
    t.clock.set('2027-06-30T16:00:00Z');
    expect((await t.client(t.admin).get(url(item.id))).json().overdue).toBe(true);
    expect((await t.client(t.admin).get('/v1/rectification-items?overdue=true')).json().items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    expect((await t.client(t.admin).get(`/v1/rectification-items?overdue=true&involvesUnitId=${t.unit['gx-fzb']}&status=not_started`)).json().items).toHaveLength(1);
    expect((await t.client(t.admin).get('/v1/rectification-items?overdue=false')).json().items).toHaveLength(0);
  });
});

describe('lifecycle actions', () => {
  async function toPending(id: string) {
    expect((await t.client(lead).post(url(id, ':start'))).statusCode).toBe(200);
    expect((await t.client(lead).post(url(id, '/progress'), { percent: 100, completedWork: '已全部完成' })).statusCode).toBe(201);
    const res = await t.client(lead).post(url(id, ':submit'), { actualResult: '取消审批事项12项' });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  test('when the lead starts an item, then in_progress; starting again is 409 INVALID_STATE_TRANSITION and nothing is written', async () => {
    const item = await createItem(t, campaignId);
    const res = await t.client(lead).post(url(item.id, ':start'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_progress', version: 2 });
    const again = await t.client(lead).post(url(item.id, ':start'));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_STATE_TRANSITION');
    expect(eventsOf(t.app, item.id).map((e) => e.action)).toEqual(['create', 'start']);
  });

  test('when another agency that is a co-operator starts it, then 403', async () => {
    const item = await createItem(t, campaignId, { coUnitIds: [t.unit['gx-bb']] });
    const co = t.key(['unit_editor'], t.unit['gx-bb']);
    expect((await t.client(co).post(url(item.id, ':start'))).statusCode).toBe(403);
  });

  test('when an action is sent with a stale If-Match, then 412', async () => {
    const item = await createItem(t, campaignId);
    expect((await t.client(lead).post(url(item.id, ':start'), {}, { 'if-match': '"9"' })).statusCode).toBe(412);
  });

  test('when submitting without actualResult, then 422 and the item stays in_progress', async () => {
    const item = await createItem(t, campaignId);
    await t.client(lead).post(url(item.id, ':start'));
    await t.client(lead).post(url(item.id, '/progress'), { percent: 100, completedWork: '完成' });
    const res = await t.client(lead).post(url(item.id, ':submit'), {});
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', errors: [{ pointer: '/actualResult' }] });
    expect((await t.client(t.admin).get(url(item.id))).json().status).toBe('in_progress');
  });

  test('when submitting below 100 percent, then 422', async () => {
    const item = await createItem(t, campaignId);
    await t.client(lead).post(url(item.id, ':start'));
    await t.client(lead).post(url(item.id, '/progress'), { percent: 80, completedWork: '大部分完成' });
    const res = await t.client(lead).post(url(item.id, ':submit'), { actualResult: '成效' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toBe('/progress');
  });

  test('when a unit_editor accepts, then 403', async () => {
    const item = await createItem(t, campaignId);
    await toPending(item.id);
    const res = await t.client(lead).post(url(item.id, ':accept'), {});
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  test('when the office accepts, then completed, completedOnTime computed, and the event is in the change feed', async () => {
    const item = await createItem(t, campaignId, { deadline: '2027-06-30' });
    t.clock.set('2027-06-30T10:00:00Z');
    await toPending(item.id);
    t.clock.set('2027-07-05T02:00:00Z');
    const inspector = t.key(['inspector'], t.unit.gx);
    const res = await t.client(inspector).post(url(item.id, ':accept'), { comment: '资料齐全' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', completedOnTime: true, completedAt: '2027-07-05T02:00:00.000Z', overdue: false });
    const feed = await t.client(t.admin).get(`/v1/events?entity=rectification_item&entityId=${item.id}`);
    expect(feed.json().items.map((e: { action: string }) => e.action)).toEqual(['create', 'start', 'report_progress', 'progress', 'submit', 'accept']);
    const history = await t.client(lead).get(url(item.id, '/history'));
    expect(history.statusCode).toBe(200);
    expect(history.json().items.at(-1)).toMatchObject({ action: 'accept', reason: '资料齐全' });
  });

  test('when submitted after the deadline day, then completedOnTime is false', async () => {
    const item = await createItem(t, campaignId, { deadline: '2027-06-30' });
    t.clock.set('2027-06-30T16:00:00Z');
    await toPending(item.id);
    const res = await t.client(t.admin).post(url(item.id, ':accept'), {});
    expect(res.json()).toMatchObject({ status: 'completed', completedOnTime: false });
  });

  test('when the office rejects with a reason, then back to in_progress and the reason is in the history', async () => {
    const item = await createItem(t, campaignId);
    await toPending(item.id);
    const noReason = await t.client(t.admin).post(url(item.id, ':reject'), {});
    expect(noReason.statusCode).toBe(400);
    const res = await t.client(t.admin).post(url(item.id, ':reject'), { reason: '佐证材料不足' });
    expect(res.json().status).toBe('in_progress');
    expect(eventsOf(t.app, item.id).pop()).toMatchObject({ action: 'reject', reason: '佐证材料不足' });
  });

  test('when an inspector cancels, then 403; the admin cancels with a reason; a completed item cannot be cancelled', async () => {
    const item = await createItem(t, campaignId);
    expect((await t.client(t.key(['inspector'], t.unit.gx)).post(url(item.id, ':cancel'), { reason: 'x' })).statusCode).toBe(403);
    const res = await t.client(t.admin).post(url(item.id, ':cancel'), { reason: '并入其他事项' });
    expect(res.json().status).toBe('cancelled');
    expect((await t.client(t.admin).post(url(item.id, ':cancel'), { reason: 'again' })).statusCode).toBe(409);
  });
});

describe('progress and roll-up', () => {
  test('when children are at 100 (weight 1), 50 (weight 1) and one is cancelled, then the parent is at 75', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const br = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200'], t.unit['gx-450300']] });
    expect(br.statusCode).toBe(200);
    const [a, b, c] = br.json().items as { id: string }[];
    await t.client(t.admin).post(url(a.id, '/progress'), { percent: 100, completedWork: '完成' });
    await t.client(t.admin).post(url(b.id, '/progress'), { percent: 50, completedWork: '一半' });
    await t.client(t.admin).post(url(c.id, '/progress'), { percent: 10, completedWork: '刚开始' });
    expect((await t.client(t.admin).get(url(parent.id))).json().progress).toBe(53.3);
    await t.client(t.admin).post(url(c.id, ':cancel'), { reason: '不再适用' });
    const p = await t.client(t.admin).get(url(parent.id));
    expect(p.json()).toMatchObject({ progress: 75, childrenCount: 3 });
  });

  test('when children have weights other than 1, then the parent is Σw·p/Σw, rounded half up to one decimal', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const br = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200'], t.unit['gx-450300']] });
    const [a, b, c] = br.json().items as { id: string; version: number }[];
    // Weights 3, 1 and 0.5; progress 100, 0 and 1: (300 + 0 + 0.5) / 4.5 = 66.777… → 66.8 (an unweighted mean would be 33.7).
    for (const [child, weight] of [[a, 3], [c, 0.5]] as const) {
      const res = await t.client(t.admin).patch(url(child.id), { weight }, { 'if-match': `"${child.version}"` });
      expect(res.json().weight).toBe(weight);
    }
    await t.client(t.admin).post(url(a.id, '/progress'), { percent: 100, completedWork: '完成' });
    await t.client(t.admin).post(url(b.id, '/progress'), { percent: 0, completedWork: '未开始' });
    await t.client(t.admin).post(url(c.id, '/progress'), { percent: 1, completedWork: '刚开始' });
    expect((await t.client(t.admin).get(url(parent.id))).json().progress).toBe(66.8);
    // Cancelling the heavy child leaves (0 + 0.5) / 1.5 = 0.333… → 0.3.
    await t.client(t.admin).post(url(a.id, ':cancel'), { reason: '不再适用' });
    expect((await t.client(t.admin).get(url(parent.id))).json().progress).toBe(0.3);
  });

  test('when a child’s weight changes (PATCH or import), then the parent is recomputed in the same transaction with a new ETag; an unchanged weight leaves it alone', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const br = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200']] });
    const [a, b] = br.json().items as { id: string; code: string }[];
    await t.client(t.admin).post(url(a.id, '/progress'), { percent: 100, completedWork: '完成' });
    await t.client(t.admin).post(url(b.id, '/progress'), { percent: 40, completedWork: '推进中' });
    const before = await t.client(t.admin).get(url(parent.id));
    expect(before.json().progress).toBe(70);
    const progressEvents = () => eventsOf(t.app, parent.id).filter((e) => e.action === 'progress').length;
    const eventsBefore = progressEvents();

    // PATCH: weight 1 → 4 on the child at 100: (400 + 40) / 5 = 88.
    const childA = await t.client(t.admin).get(url(a.id));
    const patched = await t.client(t.admin).patch(url(a.id), { weight: 4 }, { 'if-match': childA.headers.etag as string });
    expect(patched.statusCode).toBe(200);
    const afterPatch = await t.client(t.admin).get(url(parent.id));
    expect(afterPatch.json()).toMatchObject({ progress: 88, version: before.json().version + 1 });
    expect(afterPatch.headers.etag).not.toBe(before.headers.etag);
    expect(progressEvents()).toBe(eventsBefore + 1);

    // The same weight again changes nothing on the parent.
    const again = await t.client(t.admin).patch(url(a.id), { weight: 4, title: '新标题' }, { 'if-match': patched.headers.etag as string });
    expect(again.statusCode).toBe(200);
    expect((await t.client(t.admin).get(url(parent.id))).headers.etag).toBe(afterPatch.headers.etag);

    // Import: weight 1 → 9 on the child at 40, matched by code: (400 + 360) / 13 = 58.46… → 58.5.
    const childB = (await t.client(t.admin).get(url(b.id))).json();
    const row = { code: b.code, title: childB.title, leadUnitId: childB.leadUnitId, deadline: childB.deadline, weight: 9 };
    const imp = await t.client(t.admin).post('/v1/rectification-items:import', { items: [row] }, { 'idempotency-key': 'weight-1' });
    expect(imp.json()).toMatchObject({ created: 0, updated: 1 });
    const afterImport = await t.client(t.admin).get(url(parent.id));
    expect(afterImport.json()).toMatchObject({ progress: 58.5, version: before.json().version + 2 });
    expect(progressEvents()).toBe(eventsBefore + 2);
  });

  test('when a child reports progress, then the parent’s progress and ETag change in the same response cycle', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const br = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200']] });
    const [a] = br.json().items as { id: string }[];
    const before = await t.client(t.admin).get(url(parent.id));
    const city = t.key(['unit_editor'], t.unit['gx-450100']);
    const rep = await t.client(city).post(url(a.id, '/progress'), { percent: 40, completedWork: '已梳理事项', reportedOn: '2027-03-01' });
    expect(rep.statusCode).toBe(201);
    expect(rep.headers.location).toBe(`/v1/rectification-items/${a.id}/progress/${rep.json().report.id}`);
    expect(rep.json().item).toMatchObject({ progress: 40, latestProgress: '已梳理事项' });
    const after = await t.client(t.admin).get(url(parent.id));
    expect(after.json().progress).toBe(20);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(eventsOf(t.app, parent.id).map((e) => e.action)).toContain('progress');
  });

  test('when a co-operating agency reports, then the report is kept but the progress is the lead’s', async () => {
    const item = await createItem(t, campaignId, { coUnitIds: [t.unit['gx-bb']] });
    const co = t.key(['unit_editor'], t.unit['gx-bb']);
    await t.client(lead).post(url(item.id, '/progress'), { percent: 30, completedWork: '牵头单位进展' });
    const res = await t.client(co).post(url(item.id, '/progress'), { percent: 90, completedWork: '配合单位进展' });
    expect(res.statusCode).toBe(201);
    expect(res.json().item.progress).toBe(30);
    const list = await t.client(lead).get(url(item.id, '/progress'));
    expect(list.json().items.map((r: { percent: number }) => r.percent)).toEqual([90, 30]);
  });

  test('when a participant or an uninvolved agency reports, then 403 or 404', async () => {
    const item = await createItem(t, campaignId, { participantUnitIds: [t.unit['gx-jct']] });
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-jct'])).post(url(item.id, '/progress'), { percent: 10, completedWork: 'x' })).statusCode).toBe(403);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-czt'])).post(url(item.id, '/progress'), { percent: 10, completedWork: 'x' })).statusCode).toBe(404);
  });

  test('when a report is dated in the future or the percent is over 100, then 400', async () => {
    const item = await createItem(t, campaignId);
    expect((await t.client(lead).post(url(item.id, '/progress'), { percent: 10, completedWork: 'x', reportedOn: '2027-12-01' })).statusCode).toBe(400);
    expect((await t.client(lead).post(url(item.id, '/progress'), { percent: 101, completedWork: 'x' })).statusCode).toBe(400);
  });

  test('when breakdown is repeated for the same agencies, then no duplicates are created', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const first = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100']] });
    const again = await t.client(t.admin).post(url(parent.id, ':breakdown'), { unitIds: [t.unit['gx-450100'], t.unit['gx-450200']] });
    expect(first.json().created).toBe(1);
    expect(again.json().created).toBe(1);
    expect(again.json().items[0].id).toBe(first.json().items[0].id);
    expect(again.json().items[0]).toMatchObject({ parentId: parent.id, taskCode: '3.1', deadline: '2027-06-30', leadUnitId: t.unit['gx-450100'] });
    expect(again.json().parent.childrenCount).toBe(2);
  });
});
