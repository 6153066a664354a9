import { makeApp, eventsOf, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('ETag / If-Match (API.md 14)', () => {
  test('when PATCH has no If-Match, then 428 and nothing changes', async () => {
    const res = await t.client(t.admin).patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政' });
    expect(res.statusCode).toBe(428);
    expect(res.json().code).toBe('PRECONDITION_REQUIRED');
    expect(eventsOf(t.app, t.unit['gx-czt']).map((e) => e.action)).toEqual(['create']);
  });

  test('when If-Match is stale, then 412 and nothing changes', async () => {
    const c = t.client(t.admin);
    const first = await c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政' }, { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政厅' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
    expect((await c.get(`/v1/units/${t.unit['gx-czt']}`)).json().shortName).toBe('财政');
  });

  test('when two writes hold the same ETag, then exactly one succeeds', async () => {
    const c = t.client(t.admin);
    const results = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((s) => c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: s }, { 'if-match': '"1"' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412, 412]);
    expect(eventsOf(t.app, t.unit['gx-czt']).filter((e) => e.action === 'update')).toHaveLength(1);
  });

  test('when If-Match is not a quoted version, then 412', async () => {
    const res = await t.client(t.admin).patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政' }, { 'if-match': 'W/"1"' });
    expect(res.statusCode).toBe(412);
  });

  test('when If-Match is a bare version (If-Match: 1), then 412 whose detail says ETags are quoted, and nothing changes', async () => {
    const res = await t.client(t.admin).patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政' }, { 'if-match': '1' });
    expect(res.statusCode).toBe(412);
    expect(res.json().code).toBe('PRECONDITION_FAILED');
    expect(res.json().detail).toContain('ETags are quoted: send If-Match: "1"');
    expect(eventsOf(t.app, t.unit['gx-czt']).map((e) => e.action)).toEqual(['create']);
  });
});
