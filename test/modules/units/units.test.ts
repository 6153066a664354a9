import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const newUnit = { name: '南宁市青秀区', kind: 'county', level: 'county', divisionCode: '450103' };

describe('units', () => {
  test('when an admin creates a unit, then 201 with Location and ETag, and one audit event', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, parentId: t.unit['gx-450100'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/units/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(body).toMatchObject({ ...newUnit, version: 1, parentId: t.unit['gx-450100'] });
    expect(eventsOf(t.app, body.id).map((e) => e.action)).toEqual(['create']);
  });

  test('when the body has an unknown field, then 400 names it and nothing is written', async () => {
    const before = t.app.deps.sqlite.prepare('SELECT count(*) n FROM units').get();
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'body', pointer: '/colour' }] });
    expect(t.app.deps.sqlite.prepare('SELECT count(*) n FROM units').get()).toEqual(before);
  });

  test('when the body has a read-only field, then 400 says it is read-only', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, version: 7 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/version', detail: "'version' is read-only and cannot be written" });
  });

  test('when a number is sent as a string in a body, then it is not coerced', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, name: 12 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/name');
  });

  test.each([
    ['91350200776049653A', 201],
    ['114500000000000198', 201],
  ])('when the credit code is %s, then it is accepted', async (creditCode, status) => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, creditCode });
    expect(res.statusCode).toBe(status);
  });

  test('when the credit code has a wrong check character, then 400 names the expected one', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, creditCode: '91350200776049653B' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', expected: 'A', errors: [{ pointer: '/creditCode' }] });
    expect(res.json().detail).toContain('should be A');
  });

  test('when the division code is not in GB/T 2260, then 400', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, divisionCode: '459999' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/divisionCode');
  });

  test('when the externalId is taken, then 409 ALREADY_EXISTS', async () => {
    const res = await t.client(t.admin).post('/v1/units', { ...newUnit, externalId: 'gx-450100' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALREADY_EXISTS');
  });

  test('when a unit would become its own ancestor, then 400 and the tree is unchanged', async () => {
    const region = await t.client(t.admin).get(`/v1/units/${t.unit.gx}`);
    const res = await t.client(t.admin).patch(`/v1/units/${t.unit.gx}`, { parentId: t.unit['gx-450100'] }, { 'if-match': region.headers.etag as string });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/parentId');
  });

  test('when filtering by level=city, then the 14 cities come back', async () => {
    const res = await t.client(t.admin).get('/v1/units?level=city&pageSize=100');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(14);
    expect(res.json().nextPageToken).toBeUndefined();
  });

  test('when searching q=财政, then 自治区财政厅 is found', async () => {
    const res = await t.client(t.admin).get(`/v1/units?q=${encodeURIComponent('财政')}`);
    expect(res.json().items.map((u: { name: string }) => u.name)).toEqual(['自治区财政厅']);
  });

  test('when GET is repeated with If-None-Match, then 304', async () => {
    const first = await t.client(t.admin).get(`/v1/units/${t.unit.gx}`);
    const again = await t.client(t.admin).get(`/v1/units/${t.unit.gx}`, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  test('when a unit does not exist, then 404 problem', async () => {
    const res = await t.client(t.admin).get('/v1/units/01900000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
