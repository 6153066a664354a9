// The in-memory cache of verified API keys (issue 13): a hit costs no look-up; a revocation takes effect at once in
// the process that made it and within one second (of the injected clock) in another sharing the database.
import { makeApp, type TestContext } from '../helpers/app.js';
import { secondAppOn } from '../helpers/apps.js';
import { createVerifiedKeys, generateKeySecret, type KeyRecord } from '../../src/http/auth.js';
import { fixedClock } from '../../src/lib/clock.js';

describe('the verified-key cache, in isolation', () => {
  const setup = () => {
    const { prefix, token, hash } = generateKeySecret();
    const rec: KeyRecord = { id: 'k1', secretHash: hash, unitId: 'u1', roles: ['reader'], revokedAt: null };
    const calls = { lookup: 0, lastChange: 0 };
    let sequence = 7;
    const clock = fixedClock('2027-03-01T02:00:00Z');
    const keys = createVerifiedKeys({
      lookup: { byPrefix: (p) => (calls.lookup++, p === prefix ? rec : undefined) },
      clock,
      lastChange: () => (calls.lastChange++, sequence),
    });
    return { keys, token, prefix, rec, calls, clock, move: () => sequence++ };
  };

  test('when a key is verified twice, then the database is asked once, and the roles are one shared Set', () => {
    const { keys, token, calls } = setup();
    const a = keys.verify(token);
    const b = keys.verify(token);
    expect(a).toEqual({ id: 'k1', unitId: 'u1', roles: new Set(['reader']) });
    expect(b).toBe(a);
    expect(calls.lookup).toBe(1);
  });

  test('when tokens are forged, malformed or revoked, then null and nothing is cached', () => {
    const { keys, token, prefix, rec, calls } = setup();
    expect(keys.verify(token.slice(0, -4) + 'AAAA')).toBeNull();
    expect(keys.verify(`xn_${'0'.repeat(16)}_${'A'.repeat(43)}`)).toBeNull();
    expect(keys.verify('nonsense')).toBeNull();
    rec.revokedAt = '2027-03-01T01:00:00Z';
    expect(keys.verify(token)).toBeNull();
    expect(keys.size()).toBe(0);
    rec.revokedAt = null;
    expect(keys.verify(token)).not.toBeNull();
    expect(prefix).toHaveLength(16);
    expect(calls.lookup).toBe(4); // forged, unknown prefix, revoked, live: the malformed one never reaches the database
  });

  test('when the change feed moves, then the cache is dropped only once the clock has moved on a second', () => {
    const { keys, token, calls, clock, move } = setup();
    keys.verify(token);
    const asked = calls.lastChange;
    move();
    clock.set('2027-03-01T02:00:00.999Z');
    keys.verify(token);
    expect(calls.lastChange).toBe(asked); // not read within the second
    expect(calls.lookup).toBe(1);
    clock.set('2027-03-01T02:00:01.000Z');
    keys.verify(token);
    expect(calls.lastChange).toBe(asked + 1);
    expect(calls.lookup).toBe(2); // dropped, looked up again
    clock.set('2027-03-01T02:00:02.500Z');
    keys.verify(token);
    expect(calls.lookup).toBe(2); // the feed did not move: kept
  });

  test('when invalidated, then the next verification asks the database again', () => {
    const { keys, token, calls } = setup();
    keys.verify(token);
    keys.invalidate();
    expect(keys.size()).toBe(0);
    keys.verify(token);
    expect(calls.lookup).toBe(2);
  });

  test('when the cache is full, then it starts over instead of growing', () => {
    const clock = fixedClock('2027-03-01T02:00:00Z');
    const recs = new Map<string, KeyRecord>();
    const tokens = Array.from({ length: 5 }, (_, i) => {
      const g = generateKeySecret();
      recs.set(g.prefix, { id: `k${i}`, secretHash: g.hash, unitId: 'u', roles: [], revokedAt: null });
      return g.token;
    });
    const keys = createVerifiedKeys({ lookup: { byPrefix: (p) => recs.get(p) }, clock, lastChange: () => 0, maxEntries: 3 });
    for (const tk of tokens) expect(keys.verify(tk)).not.toBeNull();
    expect(keys.size()).toBeLessThanOrEqual(3);
  });
});

describe('the verified-key cache in the app', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  test('when a key in use is revoked in this process, then its next request is 401', async () => {
    const created = (await t.client(t.admin).post('/v1/api-keys', { name: 'x', unitId: t.unit.gx, roles: ['reader'] })).json();
    expect((await t.client(created.secret).get('/v1/units')).statusCode).toBe(200);
    expect(t.app.deps.verifiedKeys.size()).toBeGreaterThan(0);
    expect((await t.client(t.admin).post(`/v1/api-keys/${created.key.id}:revoke`)).statusCode).toBe(200);
    expect((await t.client(created.secret).get('/v1/units')).statusCode).toBe(401);
  });

  test('when a key in use is revoked by another instance on the same database, then it works until a second has passed, then 401', async () => {
    const other = await secondAppOn(t);
    try {
      const created = (await t.client(t.admin).post('/v1/api-keys', { name: 'x', unitId: t.unit.gx, roles: ['reader'] })).json();
      const viaOther = () => other.app.inject({ method: 'GET', url: '/v1/units', headers: { authorization: `Bearer ${created.secret}` } });
      expect((await viaOther()).statusCode).toBe(200);
      expect((await t.client(t.admin).post(`/v1/api-keys/${created.key.id}:revoke`)).statusCode).toBe(200);
      expect((await t.client(created.secret).get('/v1/units')).statusCode).toBe(401);
      // The other instance still holds the key it verified...
      expect((await viaOther()).statusCode).toBe(200);
      other.clock.set(new Date(other.clock.now().getTime() + 999));
      expect((await viaOther()).statusCode).toBe(200);
      // ...until its clock has moved on a second: it sees the change feed moved and drops its cache.
      other.clock.set(new Date(other.clock.now().getTime() + 1));
      expect((await viaOther()).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
