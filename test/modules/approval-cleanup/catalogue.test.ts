// The catalogue: create, read, change, object-level access and the A6 re-creation check.
import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { newItem, newReview, setUp, toLegallyReviewed, type Fx } from './fixtures.js';

let t: TestContext;
let fx: Fx;
beforeEach(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterEach(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  code: 'GX-CZT-001',
  name: '政府采购代理机构资格认定',
  kind: 'licence',
  bases: [{ level: 'law', title: '《中华人民共和国政府采购法》', article: '第十九条' }],
  ...over,
});

describe('approval items', () => {
  test('when an admin adds an item, then 201 with Location, ETag, defaults and an audit event', async () => {
    const res = await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: fx.czt }));
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(res.headers.location).toBe(`/v1/approval-items/${item.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(item).toMatchObject({ code: 'GX-CZT-001', status: 'active', siblingProvinces: 'unknown', statutoryLevel: null, bases: [{ level: 'law', role: 'setting', article: '第十九条' }] });
    expect(eventsOf(t.app, item.id).map((e) => e.action)).toEqual(['create']);
  });

  test('when a unit_editor adds an item of its own agency, then 201; of another agency, then 403', async () => {
    expect((await t.client(fx.editor).post('/v1/approval-items', body({ implementingUnitId: fx.czt }))).statusCode).toBe(201);
    const res = await t.client(fx.editor).post('/v1/approval-items', body({ code: 'X-2', implementingUnitId: fx.wjj }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  test('when a reader adds an item, then 403; without a key, then 401', async () => {
    expect((await t.client(fx.reader).post('/v1/approval-items', body({ implementingUnitId: fx.czt }))).statusCode).toBe(403);
    const anon = await t.client().post('/v1/approval-items', body({ implementingUnitId: fx.czt }));
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toBe('Bearer realm="xiaoneng"');
    expect(anon.json().code).toBe('UNAUTHENTICATED');
  });

  test('when the code is taken, then 409 ALREADY_EXISTS naming the item', async () => {
    const first = (await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: fx.czt }))).json();
    const res = await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: fx.czt, name: '另一个' }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_EXISTS', resourceId: first.id });
  });

  test('when the body has status or an unknown field or a bad basis level, then 400 names it', async () => {
    const ro = await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: fx.czt, status: 'cancelled' }));
    expect(ro.statusCode).toBe(400);
    expect(ro.json().errors[0]).toMatchObject({ pointer: '/status', detail: "'status' is read-only and cannot be written" });
    const lvl = await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: fx.czt, bases: [{ level: 'decree', title: 'x' }] }));
    expect(lvl.statusCode).toBe(400);
    expect(lvl.json().errors[0].pointer).toBe('/bases/0/level');
  });

  test('when the agency does not exist, then 400 on implementingUnitId', async () => {
    const res = await t.client(t.admin).post('/v1/approval-items', body({ implementingUnitId: '01900000-0000-7000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/implementingUnitId');
  });

  test('when another agency’s key reads an item, then 404 and the list leaves it out; a legal_reviewer sees it', async () => {
    const item = await newItem(t, fx);
    expect((await t.client(fx.otherEditor).get(`/v1/approval-items/${item.id}`)).statusCode).toBe(404);
    expect((await t.client(fx.otherEditor).get('/v1/approval-items')).json().items).toEqual([]);
    expect((await t.client(fx.otherEditor).get(`/v1/approval-items?implementingUnitId=${fx.czt}`)).json().items).toEqual([]);
    expect((await t.client(fx.editor).get('/v1/approval-items')).json().items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    expect((await t.client(fx.legal).get(`/v1/approval-items/${item.id}`)).statusCode).toBe(200);
  });

  test('when the list is filtered and sorted by code desc and paged, then every item comes once', async () => {
    for (let i = 0; i < 5; i++) await newItem(t, fx, { kind: i % 2 ? 'licence' : 'non_licence' });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await t.client(t.admin).get(`/v1/approval-items?status=active&orderBy=code%20desc&pageSize=2${token ? `&pageToken=${token}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((i: { code: string }) => i.code));
      token = res.json().nextPageToken;
    } while (token);
    expect(seen).toHaveLength(5);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await t.client(t.admin).get('/v1/approval-items?kind=non_licence')).json().items).toHaveLength(3);
    expect((await t.client(t.admin).get('/v1/approval-items?colour=red')).statusCode).toBe(400);
    expect((await t.client(t.admin).get('/v1/approval-items?orderBy=name')).statusCode).toBe(400);
  });

  test('when PATCH has no If-Match, then 428; a stale one, then 412; the current one, then 200 with version 2', async () => {
    const item = await newItem(t, fx);
    const url = `/v1/approval-items/${item.id}`;
    expect((await t.client(fx.editor).patch(url, { remarks: '备注' })).statusCode).toBe(428);
    expect((await t.client(fx.editor).patch(url, { remarks: '备注' }, { 'if-match': '"9"' })).statusCode).toBe(412);
    const ok = await t.client(fx.editor).patch(url, { remarks: '备注' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ remarks: '备注', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    expect(eventsOf(t.app, item.id).map((e) => e.action)).toEqual(['create', 'update']);
    expect((await t.client(fx.otherEditor).patch(url, { remarks: 'x' }, { 'if-match': '"2"' })).statusCode).toBe(404);
    expect((await t.client(fx.reader).patch(url, { remarks: 'x' }, { 'if-match': '"2"' })).statusCode).toBe(403);
  });

  test('when GET is repeated with If-None-Match, then 304', async () => {
    const item = await newItem(t, fx);
    const again = await t.client(t.admin).get(`/v1/approval-items/${item.id}`, { 'if-none-match': '"1"' });
    expect(again.statusCode).toBe(304);
  });
});

describe('A6: no re-creation of a cancelled approval as filing (变相审批)', () => {
  async function cancelled() {
    const item = await newItem(t, fx, { name: '建筑企业资质审批', kind: 'non_licence', bases: [] });
    const review = await newReview(t, fx, item.id, { disposition: 'cancel' });
    await toLegallyReviewed(t, fx, review.id);
    expect((await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '第1次', meetingDate: '2027-05-10', decisions: [{ reviewId: review.id, disposition: 'cancel' }] })).statusCode).toBe(201);
    return item;
  }

  test('when an item named like one decided for cancellation is created for the same agency, then 409 naming A6', async () => {
    const old = await cancelled();
    const res = await t.client(fx.editor).post('/v1/approval-items', body({ code: 'NEW-1', name: '建筑企业资质备案', implementingUnitId: fx.czt }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', ruleId: 'A6', resourceId: old.id });
    // Another agency may have an item of that name.
    expect((await t.client(t.admin).post('/v1/approval-items', body({ code: 'NEW-2', name: '建筑企业资质备案', implementingUnitId: fx.wjj }))).statusCode).toBe(201);
  });

  test('when an admin overrides with a reason, then 201 and the reason is in the audit event; a unit_editor may not override', async () => {
    await cancelled();
    const bad = await t.client(fx.editor).post('/v1/approval-items', body({ code: 'NEW-1', name: '建筑企业资质核准', implementingUnitId: fx.czt, override: { reason: '法律新设' } }));
    expect(bad.statusCode).toBe(403);
    const res = await t.client(t.admin).post('/v1/approval-items', body({ code: 'NEW-1', name: '建筑企业资质核准', implementingUnitId: fx.czt, override: { reason: '《建筑法》修订后新设' } }));
    expect(res.statusCode).toBe(201);
    expect(eventsOf(t.app, res.json().id)[0]).toMatchObject({ action: 'create', reason: '《建筑法》修订后新设' });
  });
});
