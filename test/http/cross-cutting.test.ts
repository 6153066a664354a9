import { HistogramDelaySampler } from '../../src/http/load-shedding.js';
import { appsClosedAfterEach } from '../helpers/apps.js';

const makeApp = appsClosedAfterEach();

describe('cross-cutting HTTP behaviour', () => {
  test('when a valid X-Request-Id is sent, then it is echoed; otherwise one is generated', async () => {
    const t = await makeApp();
    const a = await t.client(t.admin).get('/v1/units', { 'x-request-id': 'abc-123' });
    expect(a.headers['x-request-id']).toBe('abc-123');
    const b = await t.client(t.admin).get('/v1/units', { 'x-request-id': 'bad id with spaces' });
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await t.client().get('/v1/units', { 'x-request-id': 'abc-456' });
    expect(problem.json().requestId).toBe('abc-456');
  });

  test('when the body is larger than the limit, then 413 problem+json', async () => {
    const t = await makeApp({ config: { BODY_LIMIT_BYTES: 1024 } });
    const res = await t.client(t.admin).post('/v1/units', { name: 'x'.repeat(2000), kind: 'county', level: 'county', divisionCode: '450103' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('when a string exceeds its maxLength, then 400 with a pointer', async () => {
    const t = await makeApp();
    const res = await t.client(t.admin).post('/v1/units', { name: '县'.repeat(101), kind: 'county', level: 'county', divisionCode: '450103' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/name');
  });

  test('when the content type is not supported, then 415', async () => {
    const t = await makeApp();
    const res = await t.app.inject({ method: 'POST', url: '/v1/units', payload: '<x/>', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/xml' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('when the JSON is malformed or a bare array, then 400', async () => {
    const t = await makeApp();
    const bad = await t.app.inject({ method: 'POST', url: '/v1/units', payload: '{"name":', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const arr = await t.client(t.admin).post('/v1/units', [] as unknown as object);
    expect(arr.statusCode).toBe(400);
  });

  test('when the rate limit is exceeded, then 429 with Retry-After and RateLimit headers', async () => {
    const t = await makeApp({ config: { RATE_LIMIT_MAX: 3 } });
    const c = t.client(t.admin);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await c.get('/v1/units');
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // The window is a minute (RATE_LIMIT_WINDOW_MS): the client is told to come back within it, in whole seconds.
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);
    expect(last!.headers['ratelimit-limit']).toBe('3');
    expect(last!.json().code).toBe('RATE_LIMITED');
  });

  test('when any route answers, then security headers are set', async () => {
    const t = await makeApp();
    const res = await t.client(t.admin).get('/v1/units');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  test('when a route does not exist, then 404 problem+json', async () => {
    const t = await makeApp();
    const res = await t.client(t.admin).get('/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', type: 'urn:xiaoneng:problem:not-found', status: 404 });
  });

  test('when the audit write fails, then 500 without internals and the unit is not written either', async () => {
    const t = await makeApp();
    t.app.deps.sqlite.exec('DROP TABLE events');
    const res = await t.client(t.admin).post('/v1/units', { name: '兴宁区', kind: 'county', level: 'county', divisionCode: '450102' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL' });
    expect(res.body).not.toMatch(/events|sqlite|stack/i);
    expect(t.app.deps.sqlite.prepare("SELECT count(*) n FROM units WHERE name = '兴宁区'").get()).toEqual({ n: 0 });
  });

  test('when health and readiness are asked, then both answer without a key', async () => {
    const t = await makeApp();
    expect((await t.client().get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.client().get('/readyz')).json()).toEqual({ status: 'ready' });
  });

  test('when the database is closed, then /readyz says 503 NOT_READY', async () => {
    const t = await makeApp();
    t.app.deps.sqlite.close();
    const res = await t.client().get('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('NOT_READY');
  });
});

describe('load shedding (API.md 23)', () => {
  test('when the event-loop delay is past the limit, then requests get 503 problem+json with Retry-After; below it they pass', async () => {
    let delay = 0;
    const t = await makeApp({ config: { MAX_EVENT_LOOP_DELAY_MS: 100 }, eventLoopDelay: { delayMs: () => delay } });
    try {
      expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
      delay = 250;
      const res = await t.client(t.admin).get('/v1/units');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.json().code).toBe('OVERLOADED');
      delay = 100; // at the limit is not past it
      expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  test('when MAX_EVENT_LOOP_DELAY_MS is 0, then nothing is shed', async () => {
    const t = await makeApp({ config: { MAX_EVENT_LOOP_DELAY_MS: 0 }, eventLoopDelay: { delayMs: () => 1e6 } });
    try {
      expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  test('the histogram sampler reports the window mean less its 10 ms resolution, then starts a new window', () => {
    let resets = 0;
    const histogram = { mean: 0, reset: () => void resets++ };
    const sampler = new HistogramDelaySampler(histogram);
    histogram.mean = 710e6; // ns: the loop was blocked ~700 ms in this window
    expect(sampler.sample()).toBe(700);
    expect(sampler.delayMs()).toBe(700);
    expect(resets).toBe(1);
    histogram.mean = 5e6;
    expect(sampler.sample()).toBe(0);
    histogram.mean = NaN; // no samples in the window
    expect(sampler.sample()).toBe(0);
  });
});
