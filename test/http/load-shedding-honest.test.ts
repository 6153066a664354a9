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

describe('honest shedding: the delay of a known-blocking import is not overload (issue 21.2.1)', () => {
  const fakeHistogram = () => {
    const h = { mean: 0, reset: () => void (h.mean = 0) };
    return h;
  };

  test('a window spanning a known-blocking section is discarded, and the next window starts clean', () => {
    const h = fakeHistogram();
    const sampler = new HistogramDelaySampler(h);
    sampler.beginKnownBlocking();
    h.mean = 2398e6; // the import holds the loop ~2.4 s
    expect(sampler.sample()).toBe(0); // a sample taken between the import's handler and its answer
    h.mean = 2398e6;
    sampler.endKnownBlocking();
    expect(sampler.sample()).toBe(0);
    h.mean = 310e6; // real lag after the import is measured as before
    expect(sampler.sample()).toBe(300);
  });

  test('right after an import answers, the next request is not shed; the import route marks the section', async () => {
    const h = fakeHistogram();
    let begins = 0;
    let ends = 0;
    class Spy extends HistogramDelaySampler {
      override beginKnownBlocking() {
        begins++;
        super.beginKnownBlocking();
        h.mean = 2398e6; // the import's own synchronous work, seen by the histogram
      }
      override endKnownBlocking() {
        ends++;
        super.endKnownBlocking();
      }
    }
    const sampler = new Spy(h, 1e9);
    const t = await makeApp({ config: { MAX_EVENT_LOOP_DELAY_MS: 100 }, eventLoopDelay: sampler });
    await t.client(t.admin).post('/v1/fee-items:import', { items: [] }, { 'idempotency-key': 'honest-1' });
    expect([begins, ends]).toEqual([1, 1]);
    sampler.sample(); // the sampler's next tick after the import
    const res = await t.client(t.admin).get('/v1/units');
    expect(res.statusCode).toBe(200);
    expect((await t.client(t.admin).get('/v1/units')).statusCode).toBe(200);
    // A plain route does not mark anything.
    expect([begins, ends]).toEqual([1, 1]);
  });
});
