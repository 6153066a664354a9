// Issue 11, defect 1: an error inside a streamed response ends that response (logged with the request id), never the
// process; the next request is answered.
import { Writable } from 'node:stream';
import { makeApp, createCampaignRow, type TestContext } from '../helpers/app.js';

let t: TestContext;
let lines: Array<Record<string, unknown>>;
beforeEach(async () => {
  lines = [];
  const capture = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  t = await makeApp({ logger: { level: 'error', stream: capture } });
});
afterEach(() => t.close());

/** Makes every query of the ledger's full-text index fail, as a broken or missing index would. */
const breakFullTextIndex = () => t.app.deps.sqlite.exec('DROP TABLE rectification_items_fts');

async function importItems(n: number) {
  const campaignId = createCampaignRow(t);
  const items = Array.from({ length: n }, (_, i) => ({ title: `整改事项第${i + 1}号`, leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' }));
  const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, { items }, { 'idempotency-key': `seed-${n}` });
  expect(res.statusCode).toBe(200);
}

describe.each(['csv', 'xlsx'])('export as %s', (format) => {
  test('when the first batch of the export fails, then a 500 problem+json with the request id, logged, and the next request is answered', async () => {
    await importItems(3);
    breakFullTextIndex();
    const res = await t.client(t.admin).get(`/v1/rectification-items:export?format=${format}&q=${encodeURIComponent('整改事项')}`, { 'x-request-id': 'export-fails-1' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'INTERNAL', requestId: 'export-fails-1' });
    expect(res.body).not.toMatch(/fts|no such table/i);
    expect(lines.some((l) => l.reqId === 'export-fails-1' && l.level === 50)).toBe(true);
    expect((await t.client(t.admin).get('/v1/rectification-items?pageSize=1')).statusCode).toBe(200);
  });

  test('when a later batch fails after the headers were sent, then that response is cut off, the error is logged with the request id, and the server answers the next request', async () => {
    await importItems(501); // the export reads batches of 500: the second batch is read while the file streams
    // The second batch runs on a new (keyset "after") statement: the database refuses to prepare it.
    const sqlite = t.app.deps.sqlite;
    const prepare = sqlite.prepare.bind(sqlite);
    let listStatements = 0;
    sqlite.prepare = ((text: string) => {
      if (/from "rectification_items"/.test(text) && /limit \?/i.test(text) && ++listStatements === 2) throw new Error('disk I/O error (injected)');
      return prepare(text);
    }) as typeof sqlite.prepare;
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/v1/rectification-items:export?format=${format}`, { headers: { authorization: `Bearer ${t.admin}`, 'x-request-id': 'export-breaks-2' } });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(listStatements).toBe(2);
    expect(lines.some((l) => l.reqId === 'export-breaks-2' && l.level === 50 && JSON.stringify(l).includes('injected'))).toBe(true);
    const next = await fetch(`${base}/v1/rectification-items?pageSize=1`, { headers: { authorization: `Bearer ${t.admin}` } });
    expect(next.status).toBe(200);
  });
});
