import { makeApp, type TestContext } from '../helpers/app.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { issueBootstrapKey, seedIfEmpty } from '../../src/seed.js';
import { EVENT_KINDS } from '../../src/db/event-kinds.js';

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
    expect(next).toEqual({ items: [], lastSequence: feed.lastSequence, instanceId: feed.instanceId });
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

  test('when the feed is filtered by an unknown entity, then 400 naming the accepted kinds; a known one filters (issue 12.11)', async () => {
    const c = t.client(t.admin);
    const bad = await c.get('/v1/events?entity=units');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ in: 'query', pointer: '/entity' });
    expect(bad.json().errors[0].detail).toContain('rectification_item');
    const units = (await c.get('/v1/events?entity=unit&pageSize=500')).json();
    expect(units.items.length).toBeGreaterThan(10);
    expect(new Set(units.items.map((e: { entity: string }) => e.entity))).toEqual(new Set(['unit']));
    const creates = (await c.get('/v1/events?entity=unit&action=create&pageSize=500')).json();
    expect(creates.items.length).toBe(units.items.length);
    expect((await c.get('/v1/events?action=updated')).statusCode).toBe(400);
  });

  test('when after is beyond the last sequence (a restored database), then 400 with the last sequence and the instance id (issue 12.17)', async () => {
    const c = t.client(t.admin);
    const last = (t.app.deps.sqlite.prepare('SELECT max(sequence) s FROM events').get() as { s: number }).s;
    expect((await c.get(`/v1/events?after=${last}`)).statusCode).toBe(200);
    const res = await c.get(`/v1/events?after=${last + 1}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'query', pointer: '/after' }] });
    expect(res.json().detail).toContain(`last sequence of this database (${last}`);
  });

  test('when pages are read, then each carries the database instance id: the same after a restart, another for another database (issue 12.17)', async () => {
    const c = t.client(t.admin);
    const first = (await c.get('/v1/events?pageSize=2')).json();
    expect(first.instanceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const second = (await c.get(`/v1/events?pageSize=2&pageToken=${first.nextPageToken}`)).json();
    expect(second.instanceId).toBe(first.instanceId);

    const shared = openDatabase(':memory:');
    const a = await buildApp({ config: testConfig({ SEED: 'default' }), database: shared, logger: false });
    const b = await buildApp({ config: testConfig({ SEED: 'default' }), database: shared, logger: false });
    try {
      seedIfEmpty(a.deps);
      const key = issueBootstrapKey(a.deps)!;
      const idOf = async (app: typeof a) =>
        (await app.inject({ method: 'GET', url: '/v1/events?pageSize=1', headers: { authorization: `Bearer ${key}` } })).json().instanceId as string;
      expect(await idOf(a)).toBe(await idOf(b));
      expect(await idOf(a)).not.toBe(first.instanceId);
    } finally {
      await a.close();
      await b.close();
      shared.close();
    }
  });

  test('when a reader or an inspector reads the feed, then api_key events are left out; admin sees them (issue 12.17)', async () => {
    const reader = t.client(t.key(['reader'], t.unit['gx-czt']));
    const inspector = t.client(t.key(['inspector'], t.unit.gx));
    const all = (await t.client(t.admin).get('/v1/events?pageSize=500')).json();
    expect(all.items.some((e: { entity: string }) => e.entity === 'api_key')).toBe(true);
    for (const c of [reader, inspector]) {
      const page = (await c.get('/v1/events?pageSize=500')).json();
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.filter((e: { entity: string }) => e.entity === 'api_key')).toEqual([]);
      const asked = await c.get('/v1/events?entity=api_key');
      expect(asked.statusCode).toBe(403);
    }
  });

  test('when events are written, then each entity and action is one the contract lists, and the Event component is a union switched on entity, then action (issues 12.11, 21.5)', async () => {
    const doc = t.app.swagger() as { components: { schemas: Record<string, any> } };
    const event = doc.components.schemas.Event;
    const variants = event.anyOf as Array<{ properties: { entity: { enum: [string] }; action: { enum: string[] } } }>;
    const entityOf = (v: (typeof variants)[number]) => v.properties.entity.enum[0];
    expect([...new Set(variants.map(entityOf))].sort()).toEqual(Object.keys(EVENT_KINDS).sort());
    // An entity's variants split its actions: each action in exactly one variant, so (entity, action) picks the shape.
    for (const [entity, kind] of Object.entries(EVENT_KINDS)) {
      expect([entity, variants.filter((v) => entityOf(v) === entity).flatMap((v) => v.properties.action.enum).sort()]).toEqual([entity, [...kind.actions].sort()]);
    }
    const unit = variants.find((v) => v.properties.entity.enum[0] === 'unit') as any;
    expect(unit.properties.after.anyOf[0]).toEqual({ $ref: '#/components/schemas/Unit' });
    const written = t.app.deps.sqlite.prepare('SELECT DISTINCT entity, action FROM events').all() as Array<{ entity: string; action: string }>;
    for (const { entity, action } of written) {
      expect([entity, action, (EVENT_KINDS as Record<string, { actions: readonly string[] }>)[entity]?.actions.includes(action)]).toEqual([entity, action, true]);
    }
  });
});

describe('the change feed media type (issue 21.5)', () => {
  test('when the feed is read, then its Content-Type is application/json; charset=utf-8', async () => {
    const res = await t.client(t.admin).get('/v1/events?pageSize=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});
