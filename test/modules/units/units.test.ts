import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
// One app for the file (issue 22): each test creates its own data and asserts only on what it created.
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

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
    // A unit has no numeric field, so the number goes to a fee item's annualVolume (Ajv runs without coerceTypes for every body).
    const fee = { code: 'GXSF-COERCE', name: '证照工本费', collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national', bases: [{ documentNumber: '财综〔2004〕5号' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' } };
    const before = dbState(t.app.deps.sqlite);
    const res = await t.client(t.admin).post('/v1/fee-items', { ...fee, annualVolume: '3' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'body', pointer: '/annualVolume' }] });
    expect(dbState(t.app.deps.sqlite)).toEqual(before);
    // The same body with the number as a number is accepted, so the string alone was refused.
    const ok = await t.client(t.admin).post('/v1/fee-items', { ...fee, annualVolume: 3 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().annualVolume).toBe(3);
    // Nor is a number turned into a string.
    const named = await t.client(t.admin).post('/v1/units', { ...newUnit, name: 12 });
    expect(named.statusCode).toBe(400);
    expect(named.json().errors[0].pointer).toBe('/name');
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
    const city = await t.client(t.admin).get(`/v1/units/${t.unit['gx-450100']}`);
    expect(city.json().parentId).toBe(t.unit.gx);
    const before = dbState(t.app.deps.sqlite);
    const res = await t.client(t.admin).patch(`/v1/units/${t.unit.gx}`, { parentId: t.unit['gx-450100'] }, { 'if-match': region.headers.etag as string });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/parentId');
    // Re-read: the region is still the root and the city still under it, both at the same version; no row or event written.
    const regionAfter = await t.client(t.admin).get(`/v1/units/${t.unit.gx}`);
    expect(regionAfter.json()).toEqual(region.json());
    expect(regionAfter.json().parentId).toBeNull();
    expect(regionAfter.headers.etag).toBe(region.headers.etag);
    expect((await t.client(t.admin).get(`/v1/units/${t.unit['gx-450100']}`)).json()).toEqual(city.json());
    expect(dbState(t.app.deps.sqlite)).toEqual(before);
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
