import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const unit = (name: string) => ({ name, kind: 'county', level: 'county', divisionCode: '450103' });
const count = () => (t.app.deps.sqlite.prepare("SELECT count(*) n FROM units WHERE level = 'county'").get() as { n: number }).n;

describe('Idempotency-Key (API.md 16)', () => {
  test('when the same key and body are sent twice, then one row and the same response', async () => {
    const c = t.client(t.admin);
    const a = await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'k-1' });
    const b = await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'k-1' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.body).toBe(a.body);
    expect(b.headers.location).toBe(a.headers.location);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(count()).toBe(1);
  });

  test('when the same key comes with another body, then 422 and nothing is written', async () => {
    const c = t.client(t.admin);
    await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'k-2' });
    const b = await c.post('/v1/units', unit('兴宁区'), { 'idempotency-key': 'k-2' });
    expect(b.statusCode).toBe(422);
    expect(b.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(count()).toBe(1);
  });

  test('when a retry sends the same JSON with other whitespace, then it is another payload: the key covers the bytes sent (422)', async () => {
    const c = t.client(t.admin);
    const json = JSON.stringify(unit('青秀区'));
    const headers = { 'idempotency-key': 'k-bytes', 'content-type': 'application/json' };
    expect((await c.post('/v1/units', json, headers)).statusCode).toBe(201);
    expect((await c.post('/v1/units', json, headers)).headers['idempotent-replayed']).toBe('true');
    const b = await c.post('/v1/units', JSON.stringify(unit('青秀区'), null, 2), headers);
    expect(b.statusCode).toBe(422);
    expect(count()).toBe(1);
  });

  test('when a JSON body carries __proto__, then 400 and nothing is written (the parser keeping the text still refuses poisoning)', async () => {
    const res = await t.client(t.admin).post('/v1/units', '{"name":"青秀区","__proto__":{"admin":true}}', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(count()).toBe(0);
  });

  test('when another API key uses the same Idempotency-Key, then it is a separate request', async () => {
    const other = t.key(['admin'], t.unit.gx);
    await t.client(t.admin).post('/v1/units', unit('青秀区'), { 'idempotency-key': 'k-3' });
    const b = await t.client(other).post('/v1/units', unit('兴宁区'), { 'idempotency-key': 'k-3' });
    expect(b.statusCode).toBe(201);
    expect(count()).toBe(2);
  });

  test('when the first request is still in flight, then a retry gets 409', async () => {
    // Simulate the first request still holding the key: its record is back in flight.
    const c = t.client(t.admin);
    const body = unit('青秀区');
    await c.post('/v1/units', body, { 'idempotency-key': 'k-4' });
    t.app.deps.sqlite.prepare("UPDATE idempotency_keys SET state = 'in_flight' WHERE key = 'k-4'").run();
    const retry = await c.post('/v1/units', body, { 'idempotency-key': 'k-4' });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    expect(retry.headers['retry-after']).toBe('1');
  });

  test('when the stored response is older than 24 hours, then the key can be used again', async () => {
    const c = t.client(t.admin);
    await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'k-5' });
    t.clock.set(new Date(t.clock.now().getTime() + 24 * 3600 * 1000 + 1000));
    const again = await c.post('/v1/units', unit('兴宁区'), { 'idempotency-key': 'k-5' });
    expect(again.statusCode).toBe(201);
    expect(count()).toBe(2);
  });

  test('when a request fails validation, then the 400 is replayed for the same payload', async () => {
    const c = t.client(t.admin);
    const a = await c.post('/v1/units', { ...unit('x'), divisionCode: '459999' }, { 'idempotency-key': 'k-6' });
    const b = await c.post('/v1/units', { ...unit('x'), divisionCode: '459999' }, { 'idempotency-key': 'k-6' });
    expect(a.statusCode).toBe(400);
    expect(b.statusCode).toBe(400);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });
});
