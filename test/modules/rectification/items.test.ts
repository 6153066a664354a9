import { eventsOf, type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { createCampaignRow, createItem, itemBody } from './helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

describe('rectification items: create, read, change', () => {
  test('when an admin creates an item without a code, then 201 with a generated ZG code, Location, ETag and an audit event', async () => {
    const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { coUnitIds: [t.unit['gx-bb']] }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ code: 'ZG-2027-000001', status: 'not_started', progress: 0, overdue: false, childrenCount: 0, coUnitIds: [t.unit['gx-bb']], version: 1 });
    expect(res.headers.location).toBe(`/v1/rectification-items/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(eventsOf(t.app, body.id).map((e) => e.action)).toEqual(['create']);
    const second = await createItem(t, campaignId);
    expect(second.code).toBe('ZG-2027-000002');
  });

  test('when codes ZG-2027-… were given explicitly (by create, import or rows written before the counter), then repeated and concurrent creates never reuse a code and keep the format', async () => {
    await createItem(t, campaignId, { code: 'ZG-2027-000002' });
    const imp = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, { items: [{ code: 'ZG-2027-000005', title: '导入事项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' }] }, { 'idempotency-key': 'codes-1' });
    expect(imp.statusCode).toBe(200);
    // A row with a code the counter never saw (written by hand, or before the counter existed).
    const row = t.app.deps.sqlite.prepare("SELECT * FROM rectification_items WHERE code = 'ZG-2027-000005'").get() as Record<string, unknown>;
    t.app.deps.sqlite
      .prepare('INSERT INTO rectification_items (id, seq, code, campaign_id, title, lead_unit_id, deadline, created_at, updated_at) VALUES (?, (SELECT max(seq) + 1 FROM rectification_items), ?, ?, ?, ?, ?, ?, ?)')
      .run('01900000-0000-7000-8000-00000000abcd', 'ZG-2027-000009', campaignId, '旧事项', row.lead_unit_id, '2027-06-30', row.created_at, row.updated_at);
    const sequential = [];
    for (let i = 0; i < 6; i++) sequential.push((await createItem(t, campaignId)).code);
    const concurrent = (await Promise.all(Array.from({ length: 12 }, () => t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId))))).map((r) => {
      expect(r.statusCode).toBe(201);
      return r.json().code as string;
    });
    const generated = [...sequential, ...concurrent];
    for (const c of generated) expect(c).toMatch(/^ZG-2027-\d{6}$/);
    const all = (t.app.deps.sqlite.prepare('SELECT code FROM rectification_items').all() as Array<{ code: string }>).map((r) => r.code);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(3 + generated.length);
    expect(generated.filter((c) => ['ZG-2027-000002', 'ZG-2027-000005', 'ZG-2027-000009'].includes(c))).toEqual([]);
  });

  test('when the year has passed 999,999 codes (seven-digit codes stored by hand or import), then a create skips every taken code', async () => {
    // The counter stands at 999,999; codes 1,000,000 and 1,000,001 are already stored (e.g. imported). The old loop
    // skipped taken codes; the one-statement counter only looked at six-digit codes and answered a clash (bench, issue 13).
    await createItem(t, campaignId, { code: 'ZG-2027-1000000' });
    await createItem(t, campaignId, { code: 'ZG-2027-1000001' });
    t.app.deps.sqlite.prepare('INSERT INTO rectification_code_counters (year, last) VALUES (2027, 999999) ON CONFLICT (year) DO UPDATE SET last = 999999').run();
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId));
      expect(res.statusCode).toBe(201);
      codes.push(res.json().code as string);
    }
    expect(codes).toEqual(['ZG-2027-1000002', 'ZG-2027-1000003', 'ZG-2027-1000004']);
  });

  test('when a derived field is sent, then 400 says it is read-only', async () => {
    const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { progress: 50 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/progress', detail: "'progress' is read-only and cannot be written" });
  });

  test('when the code is taken, then 409 ALREADY_EXISTS', async () => {
    await createItem(t, campaignId, { code: 'X-1' });
    const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { code: 'X-1' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALREADY_EXISTS');
  });

  test('when the lead unit does not exist, then 400 points at leadUnitId', async () => {
    const res = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { leadUnitId: '01900000-0000-7000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/leadUnitId');
  });

  test('when an agency key creates an item another agency leads, then 403', async () => {
    const key = t.key(['unit_editor'], t.unit['gx-czt']);
    const res = await t.client(key).post('/v1/rectification-items', itemBody(t, campaignId));
    expect(res.statusCode).toBe(403);
  });

  test('when there is no API key, then 401', async () => {
    expect((await t.client().get('/v1/rectification-items')).statusCode).toBe(401);
  });

  test('when an item is linked to problems of its campaign, then problemIds come back; another campaign’s problem is a 400', async () => {
    const now = t.clock.now().toISOString();
    const { problems } = await import('../../../src/db/schema/index.js');
    const pid = '01900000-0000-7000-8000-0000000000a1';
    const other = createCampaignRow(t, 2028);
    const pid2 = '01900000-0000-7000-8000-0000000000a2';
    for (const [id, c] of [[pid, campaignId], [pid2, other]]) {
      t.app.deps.db.insert(problems).values({ id, campaignId: c, unitId: t.unit['gx-fzb'], dimension: 'efficiency', category: 'approval', source: 'self', channel: 'forum', description: '审批环节多', createdAt: now, updatedAt: now }).run();
    }
    const item = await createItem(t, campaignId, { problemIds: [pid] });
    expect(item.problemIds).toEqual([pid]);
    const bad = await t.client(t.admin).post('/v1/rectification-items', itemBody(t, campaignId, { problemIds: [pid2] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/problemIds/0');
  });

  test('when GET is repeated with If-None-Match, then 304', async () => {
    const item = await createItem(t, campaignId);
    const first = await t.client(t.admin).get(`/v1/rectification-items/${item.id}`);
    expect(first.statusCode).toBe(200);
    const again = await t.client(t.admin).get(`/v1/rectification-items/${item.id}`, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  test('when PATCH has no If-Match, then 428; with a stale one, then 412', async () => {
    const item = await createItem(t, campaignId);
    expect((await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { title: '新标题' })).statusCode).toBe(428);
    const ok = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { title: '新标题' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { title: '又一个' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
  });

  test('when the deadline changes without a reason, then 400; with one, the reason is in the audit event', async () => {
    const item = await createItem(t, campaignId);
    const no = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { deadline: '2027-07-31' }, { 'if-match': '"1"' });
    expect(no.statusCode).toBe(400);
    expect(no.json().errors[0].pointer).toBe('/reason');
    const yes = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { deadline: '2027-07-31', reason: '常务会议推迟审定' }, { 'if-match': '"1"' });
    expect(yes.statusCode).toBe(200);
    expect(yes.json().deadline).toBe('2027-07-31');
    const ev = eventsOf(t.app, item.id).pop()!;
    expect(ev).toMatchObject({ action: 'update', reason: '常务会议推迟审定' });
  });

  test('when the lead agency’s editor changes the deadline, then 403; other fields are fine', async () => {
    const item = await createItem(t, campaignId);
    const key = t.key(['unit_editor'], t.unit['gx-fzb']);
    const res = await t.client(key).patch(`/v1/rectification-items/${item.id}`, { deadline: '2027-07-31', reason: 'x' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(403);
    const ok = await t.client(key).patch(`/v1/rectification-items/${item.id}`, { responsibleLeader: '张三' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
  });

  test('when the lead agency changes, then the old lead no longer sees it and the new one does', async () => {
    const item = await createItem(t, campaignId);
    const res = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { leadUnitId: t.unit['gx-bb'], reason: '职责调整' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).get(`/v1/rectification-items/${item.id}`)).statusCode).toBe(404);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-bb'])).get(`/v1/rectification-items/${item.id}`)).statusCode).toBe(200);
  });

  test('when an admin deletes a not_started item, then 204 and it is gone; an in_progress one is 409', async () => {
    const a = await createItem(t, campaignId);
    const del = await t.client(t.admin).delete(`/v1/rectification-items/${a.id}`, { 'if-match': '"1"' });
    expect(del.statusCode).toBe(204);
    expect((await t.client(t.admin).get(`/v1/rectification-items/${a.id}`)).statusCode).toBe(404);
    expect(eventsOf(t.app, a.id).map((e) => e.action)).toEqual(['create', 'delete']);
    const b = await createItem(t, campaignId);
    await t.client(t.admin).post(`/v1/rectification-items/${b.id}:start`);
    const no = await t.client(t.admin).delete(`/v1/rectification-items/${b.id}`, { 'if-match': '"2"' });
    expect(no.statusCode).toBe(409);
    expect((await t.client(t.admin).delete(`/v1/rectification-items/${b.id}`)).statusCode).toBe(428);
    const editor = t.key(['unit_editor'], t.unit['gx-fzb']);
    expect((await t.client(editor).delete(`/v1/rectification-items/${b.id}`, { 'if-match': '"2"' })).statusCode).toBe(403);
  });
});
