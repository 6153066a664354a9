import { makeApp, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

/** Every text value stored anywhere in the database (all tables, all columns). */
function everyStoredText(): string {
  const db = t.app.deps.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
  const parts: string[] = [];
  for (const { name } of tables) {
    for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
      for (const v of Object.values(row)) if (typeof v === 'string') parts.push(v);
    }
  }
  return parts.join('\n');
}

describe('POST /v1/api-keys with an Idempotency-Key (secrets are never stored)', () => {
  const body = () => ({ name: '南宁市政务平台同步', unitId: t.unit['gx-450100'], roles: ['reader'] });

  test('when a key is created with an Idempotency-Key, then its secret is nowhere in the database, only the hash', async () => {
    const res = await t.client(t.admin).post('/v1/api-keys', body(), { 'idempotency-key': 'key-create-1' });
    expect(res.statusCode).toBe(201);
    const { secret } = res.json() as { secret: string };
    const secretPart = /^xn_[0-9a-f]{16}_(.+)$/.exec(secret)![1];
    const stored = everyStoredText();
    expect(stored).not.toContain(secretPart);
    expect(t.app.deps.sqlite.prepare('SELECT count(*) n FROM idempotency_keys').get()).toEqual({ n: 1 });
    // The key works, so it was stored (as its hash).
    expect((await t.client(secret).get('/v1/units')).statusCode).toBe(200);
  });

  test('when the creation is replayed, then 201 with Idempotent-Replayed: true, the same key and no secret, and no second key', async () => {
    const c = t.client(t.admin);
    const first = await c.post('/v1/api-keys', body(), { 'idempotency-key': 'key-create-2' });
    const replay = await c.post('/v1/api-keys', body(), { 'idempotency-key': 'key-create-2' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['cache-control']).toBe('no-store');
    const replayed = replay.json() as Record<string, unknown>;
    expect(replayed).toEqual({ key: first.json().key });
    expect(replay.body).not.toContain(first.json().secret);
    const n = t.app.deps.sqlite.prepare('SELECT count(*) n FROM api_keys WHERE name = ?').get('南宁市政务平台同步');
    expect(n).toEqual({ n: 1 });
  });
});

describe('GET /v1/me', () => {
  test('when any key asks who it is, then its id, unit and roles come back (no store), and without a key 401', async () => {
    const t = await makeApp();
    try {
      const reader = t.key(['reader', 'inspector'], t.unit['gx-czt']);
      const res = await t.client(reader).get('/v1/me');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const me = res.json();
      expect(me).toEqual({ keyId: expect.any(String), unitId: t.unit['gx-czt'], roles: expect.arrayContaining(['reader', 'inspector']) });
      expect(me.roles).toHaveLength(2);
      const listed = (await t.client(t.admin).get(`/v1/api-keys/${me.keyId}`)).json();
      expect(listed.unitId).toBe(t.unit['gx-czt']);
      expect((await t.client().get('/v1/me')).statusCode).toBe(401);
      await t.client(t.admin).post(`/v1/api-keys/${me.keyId}:revoke`);
      expect((await t.client(reader).get('/v1/me')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
