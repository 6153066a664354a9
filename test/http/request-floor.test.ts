// The per-request floor (issue 13): hooks a request does not need are not on its route.
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

/** The hooks printRoutes lists under a route (`• (onSend) ["onSend()"]`…), for one method: kind → function names. */
function hooksOf(method: string, url: string): Map<string, string[]> {
  const lines = t.app.printRoutes({ commonPrefix: false, includeHooks: true, method }).split('\n');
  const at = lines.findIndex((l) => l.includes(`${url} (${method})`));
  expect(at).toBeGreaterThanOrEqual(0);
  const hooks = new Map<string, string[]>();
  for (const line of lines.slice(at + 1)) {
    const m = /• \((\w+)\) (\[.*\])/.exec(line);
    if (!m) break;
    hooks.set(m[1], JSON.parse(m[2]) as string[]);
  }
  return hooks;
}
const hookKindsOf = (method: string, url: string) => [...hooksOf(method, url).keys()];

describe('the hooks of a route', () => {
  test('when a route is a GET, then the Idempotency-Key hooks (preHandler, onSend, onResponse) are not on it; a POST has them', () => {
    expect(hookKindsOf('GET', '/v1/units')).toEqual(['onRequest', 'preParsing', 'preValidation']);
    expect(hookKindsOf('POST', '/v1/units')).toEqual(expect.arrayContaining(['preHandler', 'onSend', 'onResponse']));
  });

  test('when a route is an :import, then it alone carries the collection after large imports (an onResponse hook)', () => {
    // The Idempotency-Key hook and the collection; a POST that is not an import: the Idempotency-Key hook only.
    expect(hooksOf('POST', '/v1/findings:import').get('onResponse')).toEqual(['onResponse()', 'endBlocking()', 'collectAfter()']);
    // The known-blocking section of honest load shedding (issue 21.2.1) opens on the import routes only.
    expect(hooksOf('POST', '/v1/findings:import').get('onRequest')).toContain('beginBlocking()');
    expect(hooksOf('POST', '/v1/units').get('onRequest') ?? []).not.toContain('beginBlocking()');
    expect(hooksOf('POST', '/v1/units').get('onResponse')).toEqual(['onResponse()']);
  });

  test('when a GET carries an Idempotency-Key, then it is answered as without one', async () => {
    const res = await t.client(t.admin).get('/v1/units', { 'idempotency-key': 'not checked on a GET' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});
