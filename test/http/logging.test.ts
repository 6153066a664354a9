// Issue 11, defect 9: search text is personal data (a phone number, an ID-card number): no trace of it in the log,
// whatever the outcome of the request; the route and the parameter names are logged.
import { Writable } from 'node:stream';
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
let output: string;
beforeEach(async () => {
  output = '';
  const capture = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });
  t = await makeApp({ logger: { level: 'trace', stream: capture } });
});
afterEach(() => t.close());

const PHONE = '13987654321';
const ID_CARD = '45010219900307123X';

describe.each([
  ['a phone number', PHONE],
  ['an 18-digit ID-card number', ID_CARD],
])('when searching for %s', (_name, value) => {
  test('then the units list, the ledger, its export and a refused search leave no trace of it in the log', async () => {
    const admin = t.client(t.admin);
    expect((await admin.get(`/v1/units?q=${value}`)).statusCode).toBe(200);
    expect((await admin.get(`/v1/rectification-items?q=${value}&pageSize=5`)).statusCode).toBe(200);
    expect((await admin.get(`/v1/rectification-items:export?format=csv&q=${value}`)).statusCode).toBe(200);
    expect((await admin.get(`/v1/units?q=${value}${'x'.repeat(60)}`)).statusCode).toBe(400); // over maxLength
    expect((await t.client('xn_0123456789abcdef_nope').get(`/v1/units?q=${value}`)).statusCode).toBe(401);
    expect((await admin.get(`/v1/no-such-route?q=${value}`)).statusCode).toBe(404);
    expect((await admin.get(`/v1/units/%E0%A4%A?q=${value}`)).statusCode).toBe(400); // refused before routing
    expect((await admin.get(`/v1/units/${'a'.repeat(201)}?q=${value}`)).statusCode).toBe(414);
    expect(output).toContain('"route":"/v1/units"');
    expect(output).toContain('q=[redacted]');
    expect(output).not.toContain(value);
  });
});

describe('when a citizen uses the public opinion routes (issue 21)', () => {
  test('then their request lines carry a keyed hash of the address, never the address; other routes keep it', async () => {
    const pub = t.client();
    const r = await pub.post('/v1/public/opinions', { kind: 'complaint', text: '办事拖拉，推诿扯皮。', submitterKind: 'public', anonymous: true });
    expect(r.statusCode).toBe(201);
    expect((await pub.get(`/v1/public/opinions/${r.json().number}`, { 'x-query-code': r.json().queryCode })).statusCode).toBe(200);
    expect((await pub.get('/v1/public/opinions/YJ-2026-999999', { 'x-query-code': 'WRONGCODE1' })).statusCode).toBe(404);
    const lines = output.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { req?: { url: string; remoteAddress: string } });
    const citizen = lines.filter((l) => l.req?.url.startsWith('/v1/public/opinions'));
    expect(citizen.length).toBeGreaterThanOrEqual(3);
    for (const l of citizen) expect(l.req!.remoteAddress).toMatch(/^addr:[0-9a-f]{16}$/);
    expect(new Set(citizen.map((l) => l.req!.remoteAddress)).size).toBe(1); // one submitter, one hash
    expect(output.split('\n').filter((l) => l.includes('/v1/public/opinions')).join('\n')).not.toContain('127.0.0.1');
    await t.client(t.admin).get('/v1/units');
    expect(output).toContain('"remoteAddress":"127.0.0.1"');
  });
});
