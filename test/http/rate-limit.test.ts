// The rate limiter keys on a verified API key; requests without one (missing, unknown, forged or revoked keys) count
// against the client's address with the public budget, 401s included; health probes have a budget of their own
// (issue 11, defect 7).
import { randomBytes } from 'node:crypto';
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
afterEach(async () => {
  // The pure unit test at the end builds no app.
  if (t) await t.close();
  t = undefined as unknown as TestContext;
});

/** A well-formed token that no key has: a fresh prefix and secret each call. */
const unknownToken = () => `xn_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const PUBLIC = '/v1/public/approval-catalogue';

async function statuses(n: number, send: () => Promise<{ statusCode: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).statusCode);
  return out;
}

describe('rate limit keyed on verified keys (issue 11, defect 7)', () => {
  test('when the address is limited on /v1/public, then requests carrying made-up keys are limited too (not a fresh bucket each)', async () => {
    t = await makeApp({ config: { RATE_LIMIT_PUBLIC_MAX: 3 } });
    const anon = await statuses(3, () => t.client().get(PUBLIC));
    expect(anon.every((s) => s !== 429)).toBe(true);
    expect(await statuses(3, () => t.client(unknownToken()).get(PUBLIC))).toEqual([429, 429, 429]);
    expect(await statuses(2, () => t.client(unknownToken()).get('/v1/units'))).toEqual([429, 429]);
  });

  test('when forged tokens reuse a real key’s prefix, then they count against the address, not against that key', async () => {
    t = await makeApp({ config: { RATE_LIMIT_MAX: 3, RATE_LIMIT_PUBLIC_MAX: 100 } });
    const forged = t.admin.slice(0, -4) + 'AAAA';
    expect(await statuses(5, () => t.client(forged).get('/v1/units'))).toEqual([401, 401, 401, 401, 401]);
    expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
  });

  test('when a verified key is used, then its own budget applies and the address budget is not spent', async () => {
    t = await makeApp({ config: { RATE_LIMIT_MAX: 5, RATE_LIMIT_PUBLIC_MAX: 2 } });
    const res = await statuses(5, () => t.client(t.admin).get('/v1/units'));
    expect(res).toEqual([200, 200, 200, 200, 200]);
    expect((await t.client(t.admin).get('/v1/units')).headers['ratelimit-limit']).toBe('5');
    expect(await statuses(2, () => t.client().get(PUBLIC))).toEqual([200, 200]);
  });

  test('when credentials are stuffed (no key, unknown keys, wrong secrets), then 401s count and the address gets 429', async () => {
    t = await makeApp({ config: { RATE_LIMIT_PUBLIC_MAX: 4 } });
    const forged = t.admin.slice(0, -4) + 'AAAA';
    const sends = [() => t.client().get('/v1/units'), () => t.client(unknownToken()).get('/v1/units'), () => t.client(forged).get('/v1/units'), () => t.client('garbage').get('/v1/units')];
    const got: number[] = [];
    for (let i = 0; i < 8; i++) got.push((await sends[i % 4]()).statusCode);
    expect(got).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    const limited = await t.client().get('/v1/units');
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // A real key is not locked out by the stuffing from its address.
    expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
  });

  test('when the address has spent its public budget, then /healthz and /readyz still answer 200', async () => {
    t = await makeApp({ config: { RATE_LIMIT_PUBLIC_MAX: 2 } });
    await statuses(3, () => t.client().get(PUBLIC));
    expect((await t.client().get(PUBLIC)).statusCode).toBe(429);
    expect((await t.client().get('/healthz')).statusCode).toBe(200);
    expect((await t.client().get('/readyz')).statusCode).toBe(200);
  });

  test('when probes call often, then they do not spend the public budget of their address', async () => {
    t = await makeApp({ config: { RATE_LIMIT_PUBLIC_MAX: 2 } });
    await statuses(4, () => t.client().get('/healthz'));
    expect(await statuses(2, () => t.client().get(PUBLIC))).toEqual([200, 200]);
  });
});

describe('the address of a bucket', () => {
  test('when addresses are IPv4, IPv4-mapped or IPv6, then IPv4 counts per address and IPv6 per /64', async () => {
    const { addressOf } = await import('../../src/http/rate-limit.js');
    expect(addressOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressOf('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressOf('2001:0db8:0000:0001:ffff:ffff:ffff:fffe')).toBe('2001:db8:0:1::/64');
    expect(addressOf('2001:db8::1')).toBe('2001:db8::/64');
    expect(addressOf('::1')).toBe('::/64');
    expect(addressOf('fe80::1%eth0')).toBe('fe80::/64');
    expect(addressOf('2001:db8:0:1:aaaa::1')).toBe(addressOf('2001:db8:0:1:bbbb::2'));
  });
});
