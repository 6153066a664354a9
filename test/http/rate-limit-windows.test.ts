// The limiter's store (issue 13): fixed windows in one Map, O(1) per request, bounded; and the headers it sets.
import { FixedWindows } from '../../src/http/rate-limit.js';
import { appsClosedAfterEach } from '../helpers/apps.js';

describe('FixedWindows', () => {
  test('when a bucket is hit, then it counts within its window and starts over once the window has passed', () => {
    const w = new FixedWindows(1000);
    expect(w.hit('a', 10_000)).toEqual({ count: 1, endsAt: 11_000 });
    expect(w.hit('a', 10_999).count).toBe(2);
    expect(w.hit('b', 10_500)).toEqual({ count: 1, endsAt: 11_500 });
    expect(w.hit('a', 11_000)).toEqual({ count: 1, endsAt: 12_000 });
    expect(w.hit('b', 11_499).count).toBe(2);
  });

  test('when windows expire, then new windows sweep them away, so memory follows the live buckets', () => {
    const w = new FixedWindows(1000);
    for (let i = 0; i < 100; i++) w.hit(`old${i}`, 0);
    expect(w.size()).toBe(100);
    for (let i = 0; i < 20; i++) w.hit(`new${i}`, 5000);
    expect(w.size()).toBe(20);
  });

  test('when more buckets are live than the bound, then the oldest windows are dropped', () => {
    const w = new FixedWindows(60_000, 10);
    for (let i = 0; i < 50; i++) w.hit(`b${i}`, i);
    expect(w.size()).toBeLessThanOrEqual(10);
    expect(w.hit('b49', 100).count).toBe(2);
  });
});

describe('the limiter in the app', () => {
  const start = appsClosedAfterEach();

  test('when a key makes requests, then RateLimit-Remaining counts down and RateLimit-Reset is the window in seconds', async () => {
    const t = await start({ config: { RATE_LIMIT_MAX: 5, RATE_LIMIT_WINDOW_MS: 60_000 } });
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await t.client(t.admin).get('/v1/units')).headers);
    expect(got.map((h) => h['ratelimit-remaining'])).toEqual(['4', '3', '2']);
    expect(got.every((h) => h['ratelimit-limit'] === '5' && Number(h['ratelimit-reset']) > 0 && Number(h['ratelimit-reset']) <= 60)).toBe(true);
  });

  test('when browsers send preflights, then they spend no budget', async () => {
    const t = await start({ config: { RATE_LIMIT_PUBLIC_MAX: 2, CORS_ORIGINS: 'https://a.example' } });
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'OPTIONS', url: '/v1/units', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } });
      expect(res.statusCode).toBe(204);
    }
    expect((await t.client().get('/v1/public/approval-catalogue')).headers['ratelimit-remaining']).toBe('1');
  });
});
