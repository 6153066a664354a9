// Issue 11, defect 2: NUL and other control characters (and lone surrogates) in any text input, and (issue 21.5) the
// bidi controls, are a 400 VALIDATION_FAILED naming the field, in query strings, path parameters and JSON bodies
// (import rows included); the full-text search never answers 500, whatever the text.
import { type TestContext, appWithCampaignEachTest } from '../helpers/app.js';
import { createItemRepository } from '../../src/modules/rectification/repository.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;

function expectRefused(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, where: string, pointer: string) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { code: string; errors: Array<{ in: string; pointer: string; detail: string }> };
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.errors[0]).toMatchObject({ in: where, pointer });
  expect(body.errors[0].detail).toMatch(/U\+[0-9A-F]{4}/);
}

describe('query strings', () => {
  test.each(['a%00b', 'ab%00', '%00%00%00', 'abc%1B', 'abc%7F', 'abc%C2%85'])('when searching the ledger for q=%s, then 400 naming /q', async (q) => {
    expectRefused(await t.client(t.admin).get(`/v1/rectification-items?q=${q}`), 'query', '/q');
  });

  test('when exporting with q=a%00b, then 400 naming /q (csv and xlsx)', async () => {
    expectRefused(await t.client(t.admin).get('/v1/rectification-items:export?format=csv&q=a%00b'), 'query', '/q');
    expectRefused(await t.client(t.admin).get('/v1/rectification-items:export?format=xlsx&q=a%00b'), 'query', '/q');
  });

  test('when another list gets a control character, then the same 400', async () => {
    expectRefused(await t.client(t.admin).get('/v1/units?q=%E5%8E%85%00'), 'query', '/q');
  });
});

describe('path parameters', () => {
  test('when an id holds a NUL, then 400 naming the parameter', async () => {
    expectRefused(await t.client(t.admin).get('/v1/units/abc%00def'), 'path', '/unitId');
  });
});

describe('JSON bodies', () => {
  test('when a field holds a NUL, then 400 naming it and nothing is created', async () => {
    const before = count('rectification_items');
    const res = await t.client(t.admin).post('/v1/rectification-items', { campaignId, title: '清理\u0000事项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' });
    expectRefused(res, 'body', '/title');
    expect(count('rectification_items')).toBe(before);
  });

  test('when a field holds a lone surrogate (escaped in the JSON text), then 400 naming it', async () => {
    const payload = `{"campaignId":"${campaignId}","title":"清理\\ud800事项","leadUnitId":"${t.unit['gx-fzb']}","deadline":"2027-06-30"}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/rectification-items', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' }, payload });
    expectRefused(res, 'body', '/title');
  });

  test('when one JSON import row holds a control character, then 400 naming that row and field, and nothing is written', async () => {
    const items = [
      { title: '第一项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' },
      { title: '第二项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30', description: '进展\u0008' },
    ];
    const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, { items }, { 'idempotency-key': 'ctl-1' });
    expectRefused(res, 'body', '/items/1/description');
    expect(count('rectification_items')).toBe(0);
  });

  test('when free text holds tabs, line feeds and carriage returns, then it is accepted and kept', async () => {
    const description = '第一步：梳理\r\n第二步：\t公布';
    const res = await t.client(t.admin).post('/v1/rectification-items', { campaignId, title: '清理事项', description, leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' });
    expect(res.statusCode).toBe(201);
    expect(res.json().description).toBe(description);
  });
});

describe('the ledger full-text search', () => {
  const nasty = [
    'a\u0000b', 'ab\u0000', '\u0000\u0000\u0000', '"""', '"a" OR "b"', 'abc*', 'NEAR(a b)', '^abc', 'a:b', '(abc', 'abc)', '-abc', 'a AND b',
    "'; DROP TABLE x; --", '%%%', '___', '\\\\\\', '\u0001\u0002\u0003', '\ud800\ud800\ud800', ...Array.from({ length: 128 }, (_, i) => `ab${String.fromCharCode(i)}`),
  ];
  test('when the repository is asked for any text at all, then it answers rows, never an error', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    for (const q of nasty) {
      expect(() => repo.listRows({ q }, '2027-03-01', null, { field: 'deadline', desc: false }, undefined, 10)).not.toThrow();
    }
  });
});

// Issue 21.5: the bidi embedding, override and isolate controls ("Trojan source") are refused wherever text is
// accepted, naming the character, and nothing changes; the right-to-left mark U+200F that Uyghur text needs is stored.
describe('bidi controls', () => {
  const newItem = (title: string) => ({ campaignId, title, leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' });

  test('when a JSON body carries U+202E (sent raw, not escaped), then 400 naming /title and U+202E, and nothing is written', async () => {
    const [before, feed] = [count('rectification_items'), count('events')];
    const res = await t.client(t.admin).post('/v1/rectification-items', newItem('清理事项\u202e项事理清'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual([{ in: 'body', pointer: '/title', detail: expect.stringContaining('(U+202E) at position 5') }]);
    expect(body.errors[0].detail).toContain('Trojan source');
    expect([count('rectification_items'), count('events')]).toEqual([before, feed]);
  });

  test('when a query string carries U+202E, then 400 naming /q and U+202E', async () => {
    const res = await t.client(t.admin).get('/v1/rectification-items?q=%E6%B8%85%E7%90%86%E2%80%AE');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ in: 'query', pointer: '/q', detail: expect.stringContaining('(U+202E)') }]);
  });

  test('when a CSV import cell carries U+202E, then 422 with that row and column naming U+202E, and nothing is written', async () => {
    const csv = '编号,整改事项,牵头单位,完成时限\r\n,减少行政审批事项,自治区法制办,2027-06-30\r\n,清理\u202e收费,自治区财政厅,2027-06-30\r\n';
    const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, csv, { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': 'bidi-csv' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 3, pointer: '/整改事项', code: 'CONTROL_CHARACTER', detail: expect.stringContaining('U+202E') })]);
    expect(count('rectification_items')).toBe(0);
  });

  test('when a title carries the right-to-left mark U+200F, then it is stored and read back as sent', async () => {
    const title = 'ئۇيغۇرچە\u200f ئىش 整改';
    const res = await t.client(t.admin).post('/v1/rectification-items', newItem(title));
    expect(res.statusCode).toBe(201);
    expect(res.json().title).toBe(title);
    const stored = t.app.deps.sqlite.prepare('SELECT title FROM rectification_items WHERE id = ?').get(res.json().id) as { title: string };
    expect(stored.title).toBe(title);
  });
});
