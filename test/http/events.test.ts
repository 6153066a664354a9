import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('audit events and the change feed (API.md 18)', () => {
  test('when mutations happen, then each appears exactly once in /v1/events, in commit order, with key, unit and request id', async () => {
    const c = t.client(t.admin);
    const start = (await c.get('/v1/events?pageSize=1')).json();
    expect(start.items[0].sequence).toBe(1);
    const base = (t.app.deps.sqlite.prepare('SELECT max(sequence) s FROM events').get() as { s: number }).s;

    const created = await c.post('/v1/units', { name: '兴宁区', kind: 'county', level: 'county', divisionCode: '450102' }, { 'x-request-id': 'req-create-1' });
    const id = created.json().id;
    await c.patch(`/v1/units/${id}`, { shortName: '兴宁' }, { 'if-match': '"1"', 'x-request-id': 'req-update-1' });
    await c.patch(`/v1/units/${id}`, { shortName: '兴宁' }, { 'if-match': '"1"' }); // 412: no event
    await c.post('/v1/units', { name: 'x', kind: 'county', level: 'county', divisionCode: '000000' }); // 400: no event

    const feed = (await c.get(`/v1/events?after=${base}`)).json();
    expect(feed.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([
      ['create', id],
      ['update', id],
    ]);
    const keyId = (t.app.deps.sqlite.prepare("SELECT id FROM api_keys WHERE name = 'test admin'").get() as { id: string }).id;
    expect(feed.items[0]).toMatchObject({ apiKeyId: keyId, unitId: id, requestId: 'req-create-1', entity: 'unit', before: null });
    expect(feed.items[1]).toMatchObject({ requestId: 'req-update-1', before: { shortName: null }, after: { shortName: '兴宁', version: 2 } });
    expect(feed.items[1].sequence).toBeGreaterThan(feed.items[0].sequence);
    expect(feed.lastSequence).toBe(feed.items[1].sequence);

    const next = (await c.get(`/v1/events?after=${feed.lastSequence}`)).json();
    expect(next).toEqual({ items: [], lastSequence: feed.lastSequence });
  });

  test('when the feed is paged, then pages follow each other without gaps or repeats', async () => {
    const c = t.client(t.admin);
    const all: number[] = [];
    let token: string | undefined;
    do {
      const res = (await c.get(`/v1/events?pageSize=4${token ? `&pageToken=${token}` : ''}`)).json();
      all.push(...res.items.map((e: { sequence: number }) => e.sequence));
      token = res.nextPageToken;
    } while (token);
    const total = (t.app.deps.sqlite.prepare('SELECT count(*) n FROM events').get() as { n: number }).n;
    expect(all).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  test('when a unit_editor reads the feed, then 403', async () => {
    const editor = t.key(['unit_editor'], t.unit['gx-czt']);
    expect((await t.client(editor).get('/v1/events')).statusCode).toBe(403);
    const reader = t.key(['reader'], t.unit['gx-czt']);
    expect((await t.client(reader).get('/v1/events')).statusCode).toBe(200);
  });
});
