// The per-request floor (issue 13): hooks a request does not need are not on its route.
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

/** The hook kinds printRoutes lists under a route (`(preHandler)`, `(onSend)`…), for one method. */
function hookKindsOf(method: string, url: string): string[] {
  const lines = t.app.printRoutes({ commonPrefix: false, includeHooks: true, method }).split('\n');
  const at = lines.findIndex((l) => l.includes(`${url} (${method})`));
  expect(at).toBeGreaterThanOrEqual(0);
  const kinds: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const m = /• \((\w+)\)/.exec(line);
    if (!m) break;
    kinds.push(m[1]);
  }
  return kinds;
}

describe('the hooks of a route', () => {
  test('when a route is a GET, then the Idempotency-Key hooks (preHandler, onSend, onResponse) are not on it; a POST has them', () => {
    expect(hookKindsOf('GET', '/v1/units')).toEqual(['onRequest', 'preParsing', 'preValidation']);
    expect(hookKindsOf('POST', '/v1/units')).toEqual(expect.arrayContaining(['preHandler', 'onSend', 'onResponse']));
  });

  test('when a GET carries an Idempotency-Key, then it is answered as without one', async () => {
    const res = await t.client(t.admin).get('/v1/units', { 'idempotency-key': 'not checked on a GET' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});
