// Publicity (舆论宣传): draft → approved → published → withdrawn, who sees what, and the public route without personal data.
import { describe, expect, test } from '@jest/globals';
import { eventsOf, type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from '../supervision/fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const PRIVATE = ['13912345678', '45010219900101123X', '线索来源：匿名举报'];
const individual = (over: Record<string, unknown> = {}) => ({
  kind: 'advanced_individual', title: '优秀窗口服务标兵', summary: '窗口服务热情高效。', unitId: s.nanning, personName: '李某某', personPosition: '窗口负责人',
  personContact: PRIVATE[0], personIdNumber: PRIVATE[1], internalNotes: PRIVATE[2], media: [{ name: '南宁日报', publishedOn: '2027-03-02', url: 'https://example.gov.cn/x' }], ...over,
});

async function publish(body: Record<string, unknown>) {
  const r = (await s.inspector.post('/v1/publicity', body)).json();
  await s.admin.post(`/v1/publicity/${r.id}:approve`);
  return (await s.admin.post(`/v1/publicity/${r.id}:publish`, { reason: '领导小组审定' })).json();
}

describe('publicity records', () => {
  test('the lifecycle is admin’s; agency keys see only their published records and never the private fields; the feed and exports carry none of them', async () => {
    const draft = await s.inspector.post('/v1/publicity', individual());
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id;
    expect(draft.json()).toMatchObject({ status: 'draft', personContact: PRIVATE[0] });
    expect((await s.admin.post(`/v1/publicity/${id}:publish`, { reason: 'x' })).json().code).toBe('INVALID_STATE_TRANSITION');
    expect((await s.inspector.post(`/v1/publicity/${id}:approve`)).statusCode).toBe(403);
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    expect((await editor.get(`/v1/publicity/${id}`)).statusCode).toBe(404);
    expect((await s.inspector.patch(`/v1/publicity/${id}`, { title: '改' })).statusCode).toBe(428);
    expect((await s.inspector.patch(`/v1/publicity/${id}`, { title: '优秀窗口服务标兵（修订）' }, { 'if-match': '"1"' })).json().version).toBe(2);
    expect((await s.admin.post(`/v1/publicity/${id}:approve`)).json().status).toBe('approved');
    expect((await s.inspector.patch(`/v1/publicity/${id}`, { title: '再改' }, { 'if-match': '"3"' })).statusCode).toBe(409);
    expect((await s.admin.post(`/v1/publicity/${id}:publish`, { reason: '领导小组审定' })).json()).toMatchObject({ status: 'published', publishReason: '领导小组审定' });
    const seen = await editor.get(`/v1/publicity/${id}`);
    expect(seen.json()).toMatchObject({ status: 'published', personContact: null, personIdNumber: null, internalNotes: null });
    const reader = t.client(t.key(['reader'], t.unit.gx));
    const exported = await reader.get('/v1/publicity:export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('优秀窗口服务标兵（修订）');
    const readerBody = (await reader.get('/v1/publicity')).body + (await reader.get('/v1/events?entity=publicity_record')).body + exported.body + (await s.admin.get('/v1/publicity:export?format=csv')).body;
    for (const p of PRIVATE) expect(readerBody).not.toContain(p);
    expect(eventsOf(t.app, id).map((e) => e.action)).toEqual(['create', 'update', 'approve', 'publish']);
    expect((await s.admin.post(`/v1/publicity/${id}:withdraw`, { reason: '信息有误' })).json()).toMatchObject({ status: 'withdrawn', withdrawReason: '信息有误' });
    expect((await t.client().get('/v1/public/publicity')).json().items).toEqual([]);
  });

  test('when an exposed case is drafted without handling or accountability, then the draft is saved, and approving it is a 422 naming both; nothing changes', async () => {
    const draft = await s.inspector.post('/v1/publicity', { kind: 'exposed_case', title: '曝光', summary: 's', unitId: s.nanning });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id;
    expect(draft.json()).toMatchObject({ status: 'draft', handling: null, accountability: [] });
    const refused = await s.admin.post(`/v1/publicity/${id}:approve`, { reason: '同意' });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'RULE_VIOLATION' });
    expect(refused.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/handling', '/accountability']);
    expect(refused.json().detail).toContain('查处情况');
    expect((await s.admin.get(`/v1/publicity/${id}`)).json()).toMatchObject({ status: 'draft', version: 1, approvedAt: null, approveReason: null });
    expect(eventsOf(t.app, id).map((e) => e.action)).toEqual(['create']);
    // Only the accountability still missing: named alone.
    await s.inspector.patch(`/v1/publicity/${id}`, { handling: '立案调查' }, { 'if-match': '"1"' });
    expect((await s.admin.post(`/v1/publicity/${id}:approve`)).json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/accountability']);
    await s.inspector.patch(`/v1/publicity/${id}`, { accountability: [{ kind: '通报批评', decidedBy: '南宁市纪委', documentNumber: null, decidedOn: '2027-03-01' }] }, { 'if-match': '"2"' });
    expect((await s.admin.post(`/v1/publicity/${id}:approve`)).json()).toMatchObject({ status: 'approved' });
  });

  test('when admin approves with a reason, then the reason is kept on the record and in the feed event; without one, approval still works and keeps null', async () => {
    const a = (await s.inspector.post('/v1/publicity', individual())).json();
    const approved = await s.admin.post(`/v1/publicity/${a.id}:approve`, { reason: '经领导小组审核同意' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approveReason: '经领导小组审核同意' });
    expect(eventsOf(t.app, a.id).find((e) => e.action === 'approve')?.reason).toBe('经领导小组审核同意');
    const b = (await s.inspector.post('/v1/publicity', individual({ title: '另一名标兵' }))).json();
    expect((await s.admin.post(`/v1/publicity/${b.id}:approve`)).json()).toMatchObject({ status: 'approved', approveReason: null });
    expect((await s.admin.post(`/v1/publicity/${b.id}:approve`, { reason: '' })).statusCode).toBe(400);
  });

  test('422 for a commendation linked to a formalism finding; nothing written', async () => {
    const spot = await s.inspection('spot_check');
    const bad = await s.finding(spot.id, { rating: 'formalism', dueOn: '2027-03-31' });
    const wrongLink = await s.inspector.post('/v1/publicity', { kind: 'good_practice', title: '好做法', summary: 's', unitId: s.nanning, links: { findingIds: [bad.id] } });
    expect(wrongLink.statusCode).toBe(422);
    expect((await s.inspector.post('/v1/publicity', individual({ personIdNumber: '123' }))).statusCode).toBe(400);
    expect((t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM publicity_records').get() as { n: number }).n).toBe(0);
  });

  test('the public route: no key, only published records, by kind and unit, paged, ETag and 304, only the public fields', async () => {
    const a = await publish(individual());
    const b = await publish({ kind: 'exposed_case', title: '柳州某局推诿扯皮被曝光', summary: '群众反映强烈。', unitId: s.liuzhou, personName: '王某', personIdNumber: PRIVATE[1], internalNotes: PRIVATE[2], handling: '立案调查', accountability: [{ kind: '行政记过', decidedBy: '柳州市监察局', documentNumber: null, decidedOn: '2027-03-01' }] });
    await s.inspector.post('/v1/publicity', individual({ title: '草稿' }));
    const pub = t.client();
    const all = await pub.get('/v1/public/publicity?pageSize=1');
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((r: { id: string }) => r.id)).toEqual([b.id]);
    const next = await pub.get(`/v1/public/publicity?pageSize=1&pageToken=${all.json().nextPageToken}`);
    expect(next.json().items.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect(next.json().nextPageToken).toBeUndefined();
    expect(Object.keys(next.json().items[0]).sort()).toEqual(['accountability', 'handling', 'id', 'kind', 'media', 'personName', 'personPosition', 'publishedAt', 'summary', 'title', 'unitId', 'unitName']);
    expect((await pub.get('/v1/public/publicity?kind=exposed_case')).json().items.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expect((await pub.get(`/v1/public/publicity?unitId=${s.nanning}`)).json().items.map((r: { id: string }) => r.id)).toEqual([a.id]);
    const full = await pub.get('/v1/public/publicity');
    for (const p of PRIVATE) expect(full.body).not.toContain(p);
    expect(full.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await pub.get('/v1/public/publicity', { 'if-none-match': full.headers.etag as string })).statusCode).toBe(304);
    await s.admin.post(`/v1/publicity/${a.id}:withdraw`, { reason: '撤回' });
    expect((await pub.get('/v1/public/publicity', { 'if-none-match': full.headers.etag as string })).statusCode).toBe(200);
    expect((await pub.get('/v1/public/publicity?pageToken=abc.def')).json().code).toBe('INVALID_PAGE_TOKEN');
  });
});
