// Issue 12.15: ids are accepted in any case (platforms on .NET / SQL Server send upper-case GUIDs) in paths, query
// strings and bodies, and always come back lower-case.
import { makeApp, createCampaignRow, type TestContext } from '../helpers/app.js';

let t: TestContext;
// One app for the file (issue 22): each test creates its own data and asserts only on what it created.
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

const up = (id: string) => id.toUpperCase();

test('when a path id is upper-case, then the resource is found and returned with its lower-case id', async () => {
  const id = t.unit['gx-czt'];
  const res = await t.client(t.admin).get(`/v1/units/${up(id)}`);
  expect(res.statusCode).toBe(200);
  expect(res.json().id).toBe(id);
});

test('when a query filter id is upper-case, then it filters like the lower-case one (and binds the same page tokens)', async () => {
  const c = t.client(t.admin);
  const lower = (await c.get(`/v1/units?parentId=${t.unit.gx}&pageSize=3`)).json();
  const upper = (await c.get(`/v1/units?parentId=${up(t.unit.gx)}&pageSize=3`)).json();
  expect(upper.items.map((u: { id: string }) => u.id)).toEqual(lower.items.map((u: { id: string }) => u.id));
  expect(lower.items.length).toBe(3);
  const next = await c.get(`/v1/units?parentId=${up(t.unit.gx)}&pageSize=3&pageToken=${lower.nextPageToken}`);
  expect(next.statusCode).toBe(200);
});

test('when a body id is upper-case, then it is stored and returned lower-case', async () => {
  const res = await t.client(t.admin).post('/v1/units', { name: '南宁市良庆区', kind: 'county', level: 'county', divisionCode: '450108', parentId: up(t.unit['gx-450100']) });
  expect(res.statusCode).toBe(201);
  expect(res.json().parentId).toBe(t.unit['gx-450100']);
  const row = t.app.deps.sqlite.prepare('SELECT parent_id p FROM units WHERE id = ?').get(res.json().id) as { p: string };
  expect(row.p).toBe(t.unit['gx-450100']);
});

test('when an action path id is upper-case, then the action runs on the resource', async () => {
  const id = '0190abcd-ef01-7000-8000-00000000beef'; // letters, so the case matters
  t.app.deps.sqlite.prepare('UPDATE campaigns SET id = ? WHERE id = ?').run(id, createCampaignRow(t, 2027, 'draft'));
  const res = await t.client(t.admin).post(`/v1/campaigns/${up(id)}:start`);
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ id, status: 'running' });
});

test('when a regex-routed action gets an upper-case id, then it reaches the route (not "No route") with the id lower-cased', async () => {
  const missing = '0190ABCD-0000-7000-8000-00000000ABCD';
  for (const url of [`/v1/approval-reviews/${missing}:submit`, `/v1/fee-reviews/${missing}:financeOpinion`]) {
    const res = await t.client(t.admin).post(url, url.includes('fee') ? { verdict: 'retain', text: '保留' } : undefined);
    expect([url, res.statusCode]).toEqual([url, 404]);
    expect(res.json().detail).not.toContain('No route');
    expect(res.json().detail).toContain(missing.toLowerCase());
  }
});

test('when the feed is filtered by an upper-case entityId, then it finds the lower-case events', async () => {
  const id = t.unit['gx-czt'];
  const page = (await t.client(t.admin).get(`/v1/events?entityId=${up(id)}`)).json();
  expect(page.items.map((e: { entityId: string; action: string }) => [e.entityId, e.action])).toEqual([[id, 'create']]);
});
