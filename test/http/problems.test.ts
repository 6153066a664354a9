// Issue 11, defect 8: every 4xx/5xx the service sends is application/problem+json with `code` and `requestId`,
// also those raised before routing (bad URL encoding, an over-long path parameter, oversized headers, malformed HTTP)
// and while the server shuts down.
import net from 'node:net';
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
let port: number;
beforeEach(async () => {
  t = await makeApp({ config: { BODY_LIMIT_BYTES: 2048 } });
  port = Number(new URL(await t.app.listen({ host: '127.0.0.1', port: 0 })).port);
});
afterEach(() => t.close());

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses one or more HTTP/1.1 responses with Content-Length bodies. */
function parseResponses(text: string): Raw[] {
  const out: Raw[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    const length = Number(headers['content-length']);
    const bodyBytes = Buffer.from(rest.slice(end + 4)).subarray(0, length);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: bodyBytes.toString() });
    rest = Buffer.from(rest.slice(end + 4)).subarray(length).toString();
  }
  return out;
}

/** Writes raw bytes on a new connection and reads until the server closes it. */
function rawRequest(text: string | Buffer): Promise<Raw[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {}); // the server may reset after answering
    socket.on('close', () => {
      try {
        resolve(parseResponses(Buffer.concat(chunks).toString()));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function expectProblem(res: { status?: number; statusCode?: number; headers: Record<string, unknown>; body: string }, status: number, code: string) {
  const r = { ...res, status: res.status ?? res.statusCode };
  expect(r.status).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(r.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:xiaoneng:problem:${code.toLowerCase().replace(/_/g, '-')}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toEqual(r.headers['x-request-id']);
  expect(String(body.requestId)).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  return body;
}

const get = (path: string, extra = '') => rawRequest(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extra}\r\n`);

describe('before routing', () => {
  test('when the URL is not valid percent-encoding (GET /v1/units/%E0%A4%A), then 400 VALIDATION_FAILED', async () => {
    const [r] = await get('/v1/units/%E0%A4%A');
    expect(expectProblem(r, 400, 'VALIDATION_FAILED').instance).toBe('/v1/units/%E0%A4%A');
  });

  test('when a path parameter is over 200 characters, then 414 URI_TOO_LONG', async () => {
    const [r] = await get(`/v1/units/${'a'.repeat(201)}`);
    expectProblem(r, 414, 'URI_TOO_LONG');
  });

  test('when the URL is 20 KB, then 431 HEADERS_TOO_LARGE', async () => {
    const [r] = await get(`/v1/units?q=${'a'.repeat(20_000)}`);
    const body = expectProblem(r, 431, 'HEADERS_TOO_LARGE');
    expect(body.instance).toBeUndefined();
  });

  test('when the headers are over 16 KB, then 431 HEADERS_TOO_LARGE', async () => {
    const [r] = await get('/healthz', `X-Padding: ${'a'.repeat(20_000)}\r\n`);
    expectProblem(r, 431, 'HEADERS_TOO_LARGE');
  });

  test('when the request is not HTTP (an unknown method, a bad Content-Length), then 400 VALIDATION_FAILED', async () => {
    expectProblem((await rawRequest('FOO /v1/units HTTP/1.1\r\nHost: localhost\r\n\r\n'))[0], 400, 'VALIDATION_FAILED');
    expectProblem((await rawRequest('POST /v1/units HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}'))[0], 400, 'VALIDATION_FAILED');
  });
});

describe('after routing', () => {
  test('when no route knows the path, then 404 NOT_FOUND', async () => {
    expectProblem((await t.client(t.admin).get('/v1/no-such-thing')), 404, 'NOT_FOUND');
    expectProblem((await t.client(t.admin).put('/v1/no-such-thing', {})), 404, 'NOT_FOUND');
  });

  test('when a known path is asked with a method it has no route for, then 405 METHOD_NOT_ALLOWED with Allow (issue 21.5)', async () => {
    const r = await t.client(t.admin).put('/v1/units', {});
    expectProblem(r, 405, 'METHOD_NOT_ALLOWED');
    expect(r.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(r.json().detail).toBe('PUT is not allowed on /v1/units; it allows GET, HEAD, POST, OPTIONS');
  });

  test('when a published fee catalogue is changed, then 405 METHOD_NOT_ALLOWED', async () => {
    const r = await t.client(t.admin).put('/v1/fee-catalogues/1', {});
    expectProblem(r, 405, 'METHOD_NOT_ALLOWED');
    expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  test('when the body is over the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const r = await t.client(t.admin).post('/v1/units', { name: 'x'.repeat(5000) });
    expectProblem(r, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('when the content type is not accepted, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const r = await t.client(t.admin).post('/v1/units', '<unit/>', { 'content-type': 'application/xml' });
    expectProblem(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('when a JSON-only route gets a sheet body (text/plain, text/csv, TSV, xlsx), then 415, not a validated Buffer (issue 21.5)', async () => {
    const c = t.client(t.admin);
    for (const type of ['text/plain', 'text/csv', 'text/tab-separated-values', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      const body = expectProblem(await c.post('/v1/rectification-items', 'a,b\r\n1,2', { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(body.accepted).toEqual(['application/json']);
      expect(body.errors).toBeUndefined();
    }
    // An :import still reads the sheet (it fails on its own terms, not on the media type).
    const sheet = await c.post('/v1/rectification-items:import?campaignId=00000000-0000-0000-0000-000000000000', 'a,b\r\n1,2', { 'content-type': 'text/csv', 'idempotency-key': 'sheet-415' });
    expect(sheet.statusCode).not.toBe(415);
    expect(sheet.statusCode).toBeLessThan(500);
  });

  test('when the JSON does not parse (or is empty), then 400 VALIDATION_FAILED', async () => {
    const headers = { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' };
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/units', headers, payload: '{"name":' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/units', headers, payload: '' }), 400, 'VALIDATION_FAILED');
  });
});

describe('while shutting down', () => {
  test('when a request arrives on a kept-alive connection while the server drains, then 503 NOT_READY as problem+json', async () => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    const ended = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    // A request whose body has not all arrived keeps the server draining (if it arrives before the drain starts; if
    // after, it is the one refused).
    socket.write('POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n{}');
    const closed = t.app.close();
    while (t.app.server.listening) await new Promise((resolve) => setImmediate(resolve));
    socket.write('  GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await ended;
    await closed;
    const responses = parseResponses(Buffer.concat(chunks).toString());
    expect(responses.length).toBeGreaterThanOrEqual(1);
    for (const r of responses) expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(expectProblem(responses[responses.length - 1], 503, 'NOT_READY').detail).toMatch(/shutting down/);
  });
});
