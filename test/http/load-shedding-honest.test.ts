import { HistogramDelaySampler } from '../../src/http/load-shedding.js';
import { appsClosedAfterEach } from '../helpers/apps.js';

const makeApp = appsClosedAfterEach();

describe('load shedding answers (issue 21.2)', () => {
  test('the 503 OVERLOADED carries RateLimit-Limit, -Remaining and -Reset like every other answer', async () => {
    let delay = 0;
    const t = await makeApp({ config: { MAX_EVENT_LOOP_DELAY_MS: 100 }, eventLoopDelay: { delayMs: () => delay } });
    delay = 250;
    const res = await t.client(t.admin).get('/v1/units');
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('OVERLOADED');
    expect(res.headers['ratelimit-limit']).toMatch(/^\d+$/);
    expect(res.headers['ratelimit-remaining']).toMatch(/^\d+$/);
    expect(res.headers['ratelimit-reset']).toMatch(/^\d+$/);
    const anonymous = await t.client().get('/v1/public/units');
    expect(anonymous.statusCode).toBe(503);
    expect(anonymous.headers['ratelimit-limit']).toMatch(/^\d+$/);
  });

  test('a CORS preflight while shedding gets 503 problem+json', async () => {
    let delay = 0;
    const t = await makeApp({ config: { MAX_EVENT_LOOP_DELAY_MS: 100 }, eventLoopDelay: { delayMs: () => delay } });
    delay = 250;
    const res = await t.app.inject({ method: 'OPTIONS', url: '/v1/units', headers: { origin: 'https://x.example', 'access-control-request-method': 'GET' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('OVERLOADED');
    expect(res.headers['retry-after']).toBe('10');
  });
});
