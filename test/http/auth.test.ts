import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('authentication and roles (API.md 19–20)', () => {
  test('when no key is sent, then 401 with WWW-Authenticate', async () => {
    const res = await t.client().get('/v1/units');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="xiaoneng"/);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  test('when a wrong secret is sent for a real prefix, then 401', async () => {
    const forged = t.admin.slice(0, -4) + 'AAAA';
    expect((await t.client(forged).get('/v1/units')).statusCode).toBe(401);
  });

  test('when a unit_editor changes a unit or lists API keys, then 403', async () => {
    const editor = t.key(['unit_editor'], t.unit['gx-czt']);
    const c = t.client(editor);
    expect((await c.get('/v1/units')).statusCode).toBe(200);
    const patch = await c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: 'x' }, { 'if-match': '"1"' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('FORBIDDEN');
    expect((await c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: 'x' })).statusCode).toBe(403);
    expect((await c.get('/v1/api-keys')).statusCode).toBe(403);
  });

  test('when a reader writes anything, then 403 and nothing is written', async () => {
    const reader = t.key(['reader'], t.unit.gx);
    const c = t.client(reader);
    const before = (t.app.deps.sqlite.prepare('SELECT count(*) n FROM events').get() as { n: number }).n;
    expect((await c.post('/v1/units', { name: 'x', kind: 'county', level: 'county', divisionCode: '450103' })).statusCode).toBe(403);
    expect((await c.patch(`/v1/units/${t.unit.gx}`, { name: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(403);
    expect((await c.post('/v1/api-keys', { name: 'x', unitId: t.unit.gx, roles: ['admin'] })).statusCode).toBe(403);
    expect((t.app.deps.sqlite.prepare('SELECT count(*) n FROM events').get() as { n: number }).n).toBe(before);
  });

  test('when an admin creates a key, then the secret is shown once and only a hash is stored', async () => {
    const res = await t.client(t.admin).post('/v1/api-keys', { name: '南宁市平台', unitId: t.unit['gx-450100'], roles: ['reader'] });
    expect(res.statusCode).toBe(201);
    const { key, secret } = res.json();
    expect(secret).toMatch(/^xn_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect((await t.client(secret).get('/v1/units')).statusCode).toBe(200);
    const got = await t.client(t.admin).get(`/v1/api-keys/${key.id}`);
    expect(got.json()).not.toHaveProperty('secret');
    const stored = JSON.stringify(t.app.deps.sqlite.prepare('SELECT * FROM api_keys WHERE id = ?').get(key.id));
    expect(stored).not.toContain(secret.split('_')[2]);
  });

  test('when a key is revoked, then it gets 401, and revoking again is 409', async () => {
    const created = (await t.client(t.admin).post('/v1/api-keys', { name: 'x', unitId: t.unit.gx, roles: ['reader'] })).json();
    const revoke = await t.client(t.admin).post(`/v1/api-keys/${created.key.id}:revoke`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).toBe(t.clock.now().toISOString());
    expect((await t.client(created.secret).get('/v1/units')).statusCode).toBe(401);
    expect((await t.client(t.admin).post(`/v1/api-keys/${created.key.id}:revoke`)).json().code).toBe('INVALID_STATE_TRANSITION');
    const live = (await t.client(t.admin).get('/v1/api-keys?pageSize=500')).json().items.map((k: { id: string }) => k.id);
    expect(live).not.toContain(created.key.id);
  });

  test('when a key is created for a unit that does not exist, then 400', async () => {
    const res = await t.client(t.admin).post('/v1/api-keys', { name: 'x', unitId: '01900000-0000-7000-8000-000000000000', roles: ['reader'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/unitId');
  });
});

describe('WWW-Authenticate (RFC 6750 3.1, issue 21.5)', () => {
  test('when no credentials are sent, then Bearer realm without an error code; a bad token, then error="invalid_token"', async () => {
    const t = await makeApp();
    try {
      const none = await t.app.inject({ method: 'GET', url: '/v1/units' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="xiaoneng"');
      const bad = await t.app.inject({ method: 'GET', url: '/v1/units', headers: { authorization: 'Bearer nope' } });
      expect(bad.statusCode).toBe(401);
      expect(bad.headers['www-authenticate']).toBe('Bearer realm="xiaoneng", error="invalid_token"');
    } finally {
      await t.close();
    }
  });
});
