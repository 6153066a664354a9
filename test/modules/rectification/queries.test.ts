import { makeApp, type TestContext } from '../../helpers/app.js';
import { capturePlans, expectNoFullScan, queryPlan } from '../../helpers/query-plan.js';
import { createCampaignRow, createItem } from './helpers.js';
import { createItemRepository } from '../../../src/modules/rectification/repository.js';

let t: TestContext;
let campaignId: string;
beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
});
afterEach(() => t.close());

const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

describe('visibility (API.md 20)', () => {
  test('when an agency key asks for an item it is not involved in, then 404 and it is absent from lists', async () => {
    const mine = await createItem(t, campaignId, { leadUnitId: t.unit['gx-czt'], title: '清理收费' });
    const other = await createItem(t, campaignId);
    const key = t.key(['unit_editor'], t.unit['gx-czt']);
    const res = await t.client(key).get(`/v1/rectification-items/${other.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(ids(await t.client(key).get('/v1/rectification-items'))).toEqual([mine.id]);
    expect((await t.client(key).get(`/v1/rectification-items/${other.id}/history`)).statusCode).toBe(404);
    expect((await t.client(key).patch(`/v1/rectification-items/${other.id}`, { title: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
  });

  test('when an agency leads a child, then it sees the parent too; a reader sees everything', async () => {
    const parent = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const br = await t.client(t.admin).post(`/v1/rectification-items/${parent.id}:breakdown`, { unitIds: [t.unit['gx-450100']] });
    const child = br.json().items[0].id;
    await createItem(t, campaignId);
    const city = t.key(['unit_editor'], t.unit['gx-450100']);
    expect((await t.client(city).get(`/v1/rectification-items/${parent.id}`)).statusCode).toBe(200);
    expect(ids(await t.client(city).get('/v1/rectification-items?orderBy=code')).sort()).toEqual([parent.id, child].sort());
    const reader = t.key(['reader'], t.unit['gx-czt']);
    expect(ids(await t.client(reader).get('/v1/rectification-items'))).toHaveLength(3);
  });
});

describe('filters, order and pages', () => {
  test('when the same filter shape comes again with other values, then the answer follows the new values (one statement per shape, values bound per call)', async () => {
    const bb = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'], title: '规范会议活动', deadline: '2027-04-30' });
    const czt = await createItem(t, campaignId, { leadUnitId: t.unit['gx-czt'], title: '清理收费项目', deadline: '2027-05-31' });
    const czt2 = await createItem(t, campaignId, { leadUnitId: t.unit['gx-czt'], title: '公开收费目录', deadline: '2027-06-30' });
    const get = async (qs: string) => ids(await t.client(t.admin).get(`/v1/rectification-items?${qs}`));
    expect(await get(`involvesUnitId=${t.unit['gx-bb']}&status=not_started`)).toEqual([bb.id]);
    expect(await get(`involvesUnitId=${t.unit['gx-czt']}&status=not_started`)).toEqual([czt.id, czt2.id]);
    expect(await get(`involvesUnitId=${t.unit['gx-czt']}&status=in_progress`)).toEqual([]);
    expect(await get(`q=${encodeURIComponent('会议活动')}`)).toEqual([bb.id]);
    expect(await get(`q=${encodeURIComponent('收费项目')}`)).toEqual([czt.id]);
    expect(await get(`q=${encodeURIComponent('收费')}`)).toEqual([czt.id, czt2.id]);
    expect(await get(`q=${encodeURIComponent('会议')}`)).toEqual([bb.id]);
    const first = (await t.client(t.admin).get(`/v1/rectification-items?leadUnitId=${t.unit['gx-czt']}&pageSize=1`)).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([czt.id]);
    expect(await get(`leadUnitId=${t.unit['gx-czt']}&pageSize=1&pageToken=${first.nextPageToken}`)).toEqual([czt2.id]);
    const mine = t.key(['unit_editor'], t.unit['gx-bb']);
    const theirs = t.key(['unit_editor'], t.unit['gx-czt']);
    expect(ids(await t.client(mine).get('/v1/rectification-items'))).toEqual([bb.id]);
    expect(ids(await t.client(theirs).get('/v1/rectification-items'))).toEqual([czt.id, czt2.id]);
  });

  test('when filtering by involvesUnitId, then lead, co and participant items come back', async () => {
    const a = await createItem(t, campaignId, { leadUnitId: t.unit['gx-bb'] });
    const b = await createItem(t, campaignId, { coUnitIds: [t.unit['gx-bb']] });
    const c = await createItem(t, campaignId, { participantUnitIds: [t.unit['gx-bb']] });
    await createItem(t, campaignId);
    const res = await t.client(t.admin).get(`/v1/rectification-items?involvesUnitId=${t.unit['gx-bb']}&orderBy=code`);
    expect(ids(res)).toEqual([a.id, b.id, c.id]);
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?leadUnitId=${t.unit['gx-bb']}`))).toEqual([a.id]);
  });

  test('when filtering by task, due dates, topLevel and parentId, then only matching items', async () => {
    const a = await createItem(t, campaignId, { taskCode: '5.1', deadline: '2027-05-31' });
    const b = await createItem(t, campaignId, { taskCode: '3.3', deadline: '2027-08-31' });
    const br = await t.client(t.admin).post(`/v1/rectification-items/${b.id}:breakdown`, { unitIds: [t.unit['gx-450100']] });
    const child = br.json().items[0].id;
    expect(ids(await t.client(t.admin).get('/v1/rectification-items?taskCode=5.1'))).toEqual([a.id]);
    expect(ids(await t.client(t.admin).get('/v1/rectification-items?dueBefore=2027-06-30'))).toEqual([a.id]);
    expect(ids(await t.client(t.admin).get('/v1/rectification-items?dueAfter=2027-06-30&topLevel=true'))).toEqual([b.id]);
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?parentId=${b.id}`))).toEqual([child]);
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?campaignId=${campaignId}&status=not_started&orderBy=deadline desc`))).toEqual([b.id, child, a.id].sort((x, y) => (x === a.id ? 1 : y === a.id ? -1 : x < y ? 1 : -1)));
  });

  test('when walking pages of 2, then every item comes once; a token reused with other filters is a 400', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await createItem(t, campaignId, { deadline: `2027-0${i + 4}-15` })).id);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await t.client(t.admin).get(`/v1/rectification-items?pageSize=2${token ? `&pageToken=${token}` : ''}`);
      seen.push(...ids(res));
      token = res.json().nextPageToken;
      if (token) {
        const bad = await t.client(t.admin).get(`/v1/rectification-items?pageSize=2&status=completed&pageToken=${token}`);
        expect(bad.statusCode).toBe(400);
      }
    } while (token);
    expect(seen).toEqual(made);
  });

  test('when an unknown parameter or sort field is sent, then 400', async () => {
    expect((await t.client(t.admin).get('/v1/rectification-items?colour=red')).statusCode).toBe(400);
    expect((await t.client(t.admin).get('/v1/rectification-items?orderBy=title')).statusCode).toBe(400);
  });
});

describe('full-text search', () => {
  test('when searching 审批 (2 characters), then items whose title contains 行政审批 are found', async () => {
    const a = await createItem(t, campaignId, { title: '减少行政审批事项', description: '再次清理' });
    await createItem(t, campaignId, { title: '清理行政事业性收费', description: '收费目录' });
    const res = await t.client(t.admin).get(`/v1/rectification-items?q=${encodeURIComponent('审批')}`);
    expect(ids(res)).toEqual([a.id]);
  });

  test('when searching 3 or more characters, then the trigram index finds title and description matches, also after an update', async () => {
    const a = await createItem(t, campaignId, { title: '减少行政审批事项', description: '区直各部门先进行自查' });
    const b = await createItem(t, campaignId, { title: '规范审批行为', description: '不允许把备案、核准变成变相审批' });
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?q=${encodeURIComponent('行政审批')}`))).toEqual([a.id]);
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?q=${encodeURIComponent('变相审批')}&orderBy=code`))).toEqual([b.id]);
    await t.client(t.admin).patch(`/v1/rectification-items/${b.id}`, { title: '规范行政审批行为' }, { 'if-match': '"1"' });
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?q=${encodeURIComponent('行政审批')}&orderBy=code`))).toEqual([a.id, b.id]);
    expect(ids(await t.client(t.admin).get(`/v1/rectification-items?q=${encodeURIComponent('"审批"')}`))).toEqual([]);
  });
});

describe('statistics', () => {
  test('when grouped by lead unit, status or task, then totals, completed, overdue and average progress per group', async () => {
    const lead = t.key(['unit_editor'], t.unit['gx-fzb']);
    const a = await createItem(t, campaignId, { deadline: '2027-03-31' });
    await createItem(t, campaignId, { deadline: '2027-02-28' });
    await createItem(t, campaignId, { leadUnitId: t.unit['gx-czt'], taskCode: '5.1' });
    await t.client(lead).post(`/v1/rectification-items/${a.id}:start`);
    await t.client(lead).post(`/v1/rectification-items/${a.id}/progress`, { percent: 100, completedWork: '完成' });
    await t.client(lead).post(`/v1/rectification-items/${a.id}:submit`, { actualResult: '成效' });
    await t.client(t.admin).post(`/v1/rectification-items/${a.id}:accept`, {});
    const byLead = await t.client(t.admin).get(`/v1/rectification-items/stats?campaignId=${campaignId}&groupBy=leadUnit`);
    expect(byLead.statusCode).toBe(200);
    const fzb = byLead.json().groups.find((g: { key: string }) => g.key === t.unit['gx-fzb']);
    expect(fzb).toMatchObject({ label: '自治区法制办', total: 2, completed: 1, completedOnTime: 1, overdue: 1, averageProgress: 50 });
    expect(byLead.json().totals).toMatchObject({ total: 3, completed: 1, overdue: 1 });
    const byStatus = await t.client(t.admin).get(`/v1/rectification-items/stats?groupBy=status`);
    expect(byStatus.json().groups.map((g: { key: string; total: number }) => [g.key, g.total])).toEqual([['completed', 1], ['not_started', 2]]);
    const byTask = await t.client(t.admin).get(`/v1/rectification-items/stats?groupBy=taskCode`);
    expect(byTask.json().groups.map((g: { key: string }) => g.key)).toEqual(['3.1', '5.1']);
    expect((await t.client(t.admin).get('/v1/rectification-items/stats?groupBy=colour')).statusCode).toBe(400);
  });

  test('when stats are asked again, then the cached figures follow every write (cache keyed by the change feed)', async () => {
    const url = `/v1/rectification-items/stats?campaignId=${campaignId}&groupBy=status`;
    await createItem(t, campaignId, { deadline: '2027-03-31' });
    const first = (await t.client(t.admin).get(url)).json();
    expect((await t.client(t.admin).get(url)).json()).toEqual(first);
    expect(first.totals.total).toBe(1);
    const b = await createItem(t, campaignId, { deadline: '2027-02-28' });
    expect((await t.client(t.admin).get(url)).json().totals).toMatchObject({ total: 2, overdue: 1 });
    await t.client(t.admin).post(`/v1/rectification-items/${b.id}:cancel`, { reason: '重复' });
    expect((await t.client(t.admin).get(url)).json().groups.map((g: { key: string }) => g.key)).toEqual(['cancelled', 'not_started']);
    // The clock moving past a deadline changes "overdue" without a write: the day is part of the key.
    t.clock.set('2027-04-01T00:00:00Z');
    expect((await t.client(t.admin).get(url)).json().totals.overdue).toBe(1);
  });
});

describe('query plans (issue 7: no full scan of the large tables)', () => {
  const today = '2027-07-01';
  const order = { field: 'deadline' as const, desc: false };
  const U = '01900000-0000-7000-8000-000000000001';
  const C = '01900000-0000-7000-8000-000000000002';
  const cases: Array<[string, Record<string, unknown>, 'deadline' | 'updatedAt' | 'code']> = [
    ['involvesUnitId + status + overdue', { involvesUnitId: U, status: 'in_progress', overdue: true }, 'deadline'],
    ['involvesUnitId', { involvesUnitId: U }, 'updatedAt'],
    ['leadUnitId + status', { leadUnitId: U, status: 'in_progress' }, 'deadline'],
    ['status', { status: 'in_progress' }, 'deadline'],
    ['overdue', { overdue: true }, 'deadline'],
    ['campaignId + taskCode', { campaignId: C, taskCode: '3.1' }, 'deadline'],
    ['parentId', { parentId: U }, 'code'],
    ['dueBefore / dueAfter', { dueBefore: '2027-06-30', dueAfter: '2027-05-01' }, 'deadline'],
    ['q (trigram)', { q: '行政审批' }, 'deadline'],
    ['dueBefore, orderBy updatedAt', { dueBefore: '2027-06-30' }, 'updatedAt'],
    ['overdue, orderBy updatedAt', { overdue: true }, 'updatedAt'],
    ['no filter, orderBy deadline', {}, 'deadline'],
    ['no filter, orderBy updatedAt', {}, 'updatedAt'],
    ['no filter, orderBy code', {}, 'code'],
  ];
  test.each(cases)('when listing by %s, then no full scan of the items tables', (name, filter, field) => {
    // The statement listRows prepares and runs for the list route, captured with its bound values.
    const statements = capturePlans(t.app.deps.sqlite, () => {
      createItemRepository(t.app.deps.db, t.app.deps.sqlite).listRows(filter as never, today, null, { ...order, field }, undefined, 51);
    });
    expect(statements).toHaveLength(1);
    // Only an unfiltered page may walk an index in order (LIMIT stops it after one page); a filter must search.
    expectNoFullScan(t.app.deps.sqlite, statements[0].plan, ['rectification_items', 'rectification_item_units'], { allowIndexWalk: name.startsWith('no filter') });
  });

  test('when an agency key lists, then the visibility scope uses the involvement index', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    const q = repo.listQuery({ status: 'in_progress' } as never, today, U, order, undefined, 51);
    const plan = queryPlan(t.app.deps.sqlite, q);
    expect(plan.join('\n')).toMatch(/rectification_item_units_unit/);
  });

  test('when the involvesUnitId + status + overdue list runs, then it is driven by the involvement index', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    const plan = queryPlan(t.app.deps.sqlite, repo.listQuery({ involvesUnitId: U, status: 'in_progress', overdue: true } as never, today, null, order, undefined, 51));
    expect(plan.join('\n')).toMatch(/SEARCH rectification_item_units USING COVERING INDEX rectification_item_units_unit \(unit_id=\? AND status=\? AND deadline<\?\)/);
    // The items are then read by primary key, never by walking a broad status or deadline index, and the page comes
    // in the involvement index's (deadline, item_id) order: no sort of every match (issue 7).
    expect(plan.join('\n')).toMatch(/SEARCH rectification_items USING INDEX sqlite_autoindex_rectification_items_1 \(id=\?\)/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  test('when progress reports are listed or the lead’s latest is read, then an index is used', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    expectNoFullScan(t.app.deps.sqlite, repo.reportsQuery(U, undefined, 51), ['progress_reports']);
    expectNoFullScan(t.app.deps.sqlite, repo.statsQuery('leadUnit', C, undefined, today, null), ['rectification_items']);
  });
});
