import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { expectNoFullScan } from '../../helpers/query-plan.js';
import { createCampaignRepository } from '../../../src/modules/campaigns/repository.js';
import { planCampaign, type PlanCampaign } from './setup.js';

let t: TestContext;
let c: PlanCampaign;
beforeEach(async () => {
  t = await makeApp();
  c = await planCampaign(t, 2027, { startPhases: 2 });
});
afterEach(() => t.close());

const countOf = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
const problem = () => ({
  campaignId: c.id,
  dimension: 'efficiency',
  category: 'ef_3',
  source: 'public',
  channel: 'suggestion_box',
  description: '行政审批环节过繁，群众办事要跑多个窗口。',
  causeAnalysis: '内设机构职能交叉，流程未清理。',
});

describe('problems found', () => {
  test('when a unit_editor registers a problem of its own unit, then 201 with Location and ETag, status open, in the change feed', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const res = await editor.post('/v1/problems', problem());
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(res.headers.location).toBe(`/v1/problems/${p.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(p).toMatchObject({ ...problem(), unitId: t.unit['gx-fzb'], status: 'open', statusReason: null, version: 1 });
    const feed = (await t.client(t.admin).get(`/v1/events?entity=problem&entityId=${p.id}`)).json().items;
    expect(feed).toEqual([expect.objectContaining({ action: 'create', unitId: t.unit['gx-fzb'] })]);
  });

  test('when a unit_editor registers a problem for another unit, then 404 and nothing is written', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const res = await editor.post('/v1/problems', { ...problem(), unitId: t.unit['gx-czt'] });
    expect(res.statusCode).toBe(404);
    expect(countOf('problems')).toBe(0);
  });

  test('when a unit_editor edits another unit’s problem, then 404 and nothing is written', async () => {
    const created = (await t.client(t.key(['unit_editor'], t.unit['gx-czt'])).post('/v1/problems', problem())).json();
    const fzb = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const eventsBefore = countOf('events');
    const res = await fzb.patch(`/v1/problems/${created.id}`, { description: '改' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(404);
    expect((await t.client(t.admin).get(`/v1/problems/${created.id}`)).json()).toMatchObject({ description: problem().description, version: 1 });
    expect(countOf('events')).toBe(eventsBefore);
    expect((await fzb.post(`/v1/problems/${created.id}:resolve`, {})).statusCode).toBe(404);
    expect(countOf('events')).toBe(eventsBefore);
  });

  test('when the category does not belong to the dimension, then 400 pointing at /category', async () => {
    const res = await t.client(t.admin).post('/v1/problems', { ...problem(), unitId: t.unit['gx-fzb'], dimension: 'work_style', category: 'ef_1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/category');
  });

  test('when an enum value is unknown or a field read-only, then 400', async () => {
    const admin = t.client(t.admin);
    expect((await admin.post('/v1/problems', { ...problem(), source: 'anonymous' })).json().errors[0].pointer).toBe('/source');
    expect((await admin.post('/v1/problems', { ...problem(), status: 'resolved' })).json().errors[0].detail).toContain('read-only');
    expect(countOf('problems')).toBe(0);
  });

  test('when the campaign does not exist, then 400; when it is closed, then 409', async () => {
    const admin = t.client(t.admin);
    expect((await admin.post('/v1/problems', { ...problem(), campaignId: '01900000-0000-7000-8000-000000000000' })).statusCode).toBe(400);
    await admin.post(`/v1/phases/${c.phases[1].id}:complete`);
    await admin.post(`/v1/campaigns/${c.id}:close`);
    expect((await admin.post('/v1/problems', problem())).statusCode).toBe(409);
  });

  test('when a reader registers a problem, then 403', async () => {
    expect((await t.client(t.key(['reader'], t.unit['gx-fzb'])).post('/v1/problems', problem())).statusCode).toBe(403);
  });

  test('when a problem is PATCHed, then If-Match is required, a stale one is 412, and the change is audited', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const p = (await editor.post('/v1/problems', problem())).json();
    expect((await editor.patch(`/v1/problems/${p.id}`, { causeAnalysis: null })).statusCode).toBe(428);
    expect((await editor.patch(`/v1/problems/${p.id}`, { causeAnalysis: null }, { 'if-match': '"5"' })).statusCode).toBe(412);
    const ok = await editor.patch(`/v1/problems/${p.id}`, { causeAnalysis: null, category: 'ef_2' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ causeAnalysis: null, category: 'ef_2', version: 2 });
    const bad = await editor.patch(`/v1/problems/${p.id}`, { dimension: 'work_style' }, { 'if-match': '"2"' });
    expect(bad.statusCode).toBe(400);
    expect(eventsOf(t.app, p.id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a problem is resolved, dismissed and reopened, then the status follows and illegal moves are 409', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const p = (await editor.post('/v1/problems', problem())).json();
    expect((await editor.post(`/v1/problems/${p.id}:reopen`, { reason: 'x' })).statusCode).toBe(409);
    const resolved = await editor.post(`/v1/problems/${p.id}:resolve`, {});
    expect(resolved.json()).toMatchObject({ status: 'resolved', version: 2 });
    expect((await editor.post(`/v1/problems/${p.id}:dismiss`, { reason: 'x' })).json().code).toBe('INVALID_STATE_TRANSITION');
    expect((await editor.post(`/v1/problems/${p.id}:reopen`, {})).statusCode).toBe(400);
    const reopened = await editor.post(`/v1/problems/${p.id}:reopen`, { reason: '整改不到位' }, { 'if-match': '"2"' });
    expect(reopened.json()).toMatchObject({ status: 'open', statusReason: '整改不到位' });
    const dismissed = await editor.post(`/v1/problems/${p.id}:dismiss`, { reason: '经核实不属实' });
    expect(dismissed.json().status).toBe('dismissed');
    const events = eventsOf(t.app, p.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'resolve', 'reopen', 'dismiss']);
    expect(events[3].reason).toBe('经核实不属实');
  });

  test('when :resolve is sent without a body, then it runs', async () => {
    const p = (await t.client(t.admin).post('/v1/problems', problem())).json();
    const res = await t.app.inject({ method: 'POST', url: `/v1/problems/${p.id}:resolve`, headers: { authorization: `Bearer ${t.admin}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('resolved');
  });

  test('when problems are listed, then filters apply; a unit key sees only its own unit’s, and another unit’s problem is 404', async () => {
    const fzb = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const czt = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    await fzb.post('/v1/problems', problem());
    await fzb.post('/v1/problems', { ...problem(), dimension: 'work_style', category: 'ws_2', source: 'self', channel: 'forum' });
    const other = (await czt.post('/v1/problems', { ...problem(), category: 'ef_1', source: 'leader' })).json();

    const reader = t.client(t.key(['reader'], t.unit.gx));
    expect((await reader.get('/v1/problems')).json().items).toHaveLength(3);
    expect((await reader.get(`/v1/problems?campaignId=${c.id}&dimension=efficiency`)).json().items).toHaveLength(2);
    expect((await reader.get('/v1/problems?category=ws_2')).json().items).toHaveLength(1);
    expect((await reader.get('/v1/problems?source=leader')).json().items).toHaveLength(1);
    expect((await reader.get('/v1/problems?status=open')).json().items).toHaveLength(3);
    expect((await reader.get(`/v1/problems?unitId=${t.unit['gx-czt']}`)).json().items.map((p: { id: string }) => p.id)).toEqual([other.id]);

    const mine = (await fzb.get('/v1/problems')).json().items;
    expect(mine.map((p: { unitId: string }) => p.unitId)).toEqual([t.unit['gx-fzb'], t.unit['gx-fzb']]);
    expect((await fzb.get(`/v1/problems?unitId=${t.unit['gx-czt']}`)).json().items).toEqual([]);
    expect((await fzb.get(`/v1/problems/${other.id}`)).statusCode).toBe(404);

    const p1 = (await reader.get('/v1/problems?pageSize=2&orderBy=createdAt%20desc')).json();
    const p2 = (await reader.get(`/v1/problems?pageSize=2&orderBy=createdAt%20desc&pageToken=${p1.nextPageToken}`)).json();
    expect(p1.items[0].id).toBe(other.id);
    expect([...p1.items, ...p2.items]).toHaveLength(3);
    expect((await reader.get(`/v1/problems?pageSize=2&pageToken=${p1.nextPageToken}`)).statusCode).toBe(400);
    expect((await reader.get('/v1/problems?colour=red')).statusCode).toBe(400);
  });

  test('when every documented problem filter and order is planned, then no full scan of problems', () => {
    const repo = createCampaignRepository(t.app.deps.db);
    const id = '01900000-0000-7000-8000-000000000000';
    const filters = [{}, { campaignId: id }, { unitId: id }, { campaignId: id, unitId: id }, { dimension: 'efficiency' }, { category: 'ws_1' }, { source: 'self' }, { status: 'open' }];
    for (const f of filters) for (const desc of [false, true]) expectNoFullScan(t.app.deps.sqlite, repo.listProblemsQuery(f, { desc }, [id], 50), ['problems']);
  });
});
