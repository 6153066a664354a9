// What the server sends, the contract declares (API.md 26, issue 21.5): the headers of a create and of its replay,
// read from the answers themselves and looked up in the operation's declared response.
import { makeApp, type TestContext } from '../helpers/app.js';

type Json = Record<string, any>;
let t: TestContext;
let doc: Json;
beforeAll(async () => {
  t = await makeApp();
  doc = t.app.swagger() as Json;
});
afterAll(() => t.close());

/** The declared header names (lower case) of an operation's response, following a $ref to components.responses. */
function declaredHeaders(path: string, method: string, status: number): string[] {
  const r = doc.paths[path][method].responses[String(status)];
  const res = r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r;
  return Object.keys(res.headers ?? {}).map((h) => h.toLowerCase());
}

const unit = (name: string) => ({ name, kind: 'county', level: 'county', divisionCode: '450103' });

test('when a create is replayed, then Location, ETag and Idempotent-Replayed are declared on its 201', async () => {
  const c = t.client(t.admin);
  const first = await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'declared-1' });
  const replay = await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'declared-1' });
  expect([first.statusCode, replay.statusCode]).toEqual([201, 201]);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  const declared = declaredHeaders('/v1/units', 'post', 201);
  for (const h of ['location', 'etag', 'idempotent-replayed', 'x-request-id']) {
    expect([h, first.headers[h] ?? replay.headers[h]]).toEqual([h, expect.any(String)]);
    expect([h, declared.includes(h)]).toEqual([h, true]);
  }
});

test('when a failed create is replayed, then its problem status and Idempotent-Replayed are declared', async () => {
  const c = t.client(t.admin);
  const bad = { ...unit('兴宁区'), divisionCode: '999999' };
  const first = await c.post('/v1/units', bad, { 'idempotency-key': 'declared-2' });
  const replay = await c.post('/v1/units', bad, { 'idempotency-key': 'declared-2' });
  expect(replay.statusCode).toBe(first.statusCode);
  expect(first.statusCode).toBeGreaterThanOrEqual(400);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(declaredHeaders('/v1/units', 'post', replay.statusCode)).toContain('idempotent-replayed');
});

test('when a key is reused with another payload, then the 422 IDEMPOTENCY_KEY_REUSED is declared on that operation', async () => {
  const c = t.client(t.admin);
  const key = { name: 'sync', unitId: t.unit['gx-czt'], roles: ['reader'] };
  const a = await c.post('/v1/api-keys', key, { 'idempotency-key': 'declared-3' });
  const b = await c.post('/v1/api-keys', { ...key, name: 'sync 2' }, { 'idempotency-key': 'declared-3' });
  expect(a.statusCode).toBe(201);
  expect([b.statusCode, b.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  expect(doc.paths['/v1/api-keys'].post.responses['422']).toEqual({ $ref: '#/components/responses/Unprocessable' });
});
