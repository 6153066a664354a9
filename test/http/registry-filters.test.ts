// Issue 12.14: every registry list filters by its natural keys (code, externalId: exact) and by updatedSince
// (RFC 3339) for incremental sync; page tokens stay bound to those filters.
import { makeApp, createCampaignRow, type TestContext } from '../helpers/app.js';
import { setUp, newItem, newReview, type Fx } from '../modules/approval-cleanup/fixtures.js';
import { createItem } from '../modules/rectification/helpers.js';

let t: TestContext;
let fx: Fx;
let campaignId: string;
const T1 = '2027-03-01T02:00:00Z';
const T2 = '2027-03-05T02:00:00Z';
const SINCE = encodeURIComponent('2027-03-03T10:00:00+08:00'); // = 02:00Z on 3 March, between T1 and T2

type Row = { id: string; code?: string; externalId?: string | null };
const created: Record<string, [Row, Row]> = {};

async function feeItem(i: number): Promise<Row> {
  const res = await t.client(t.admin).post('/v1/fee-items', {
    code: `GXSF-R${i}`, externalId: `FEE-EXT-${i}`, name: `测试收费R${i}`, collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national',
    bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布行政事业性收费项目的通知' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}
async function feeReview(feeItemId: string, i: number): Promise<Row> {
  const res = await t.client(t.key(['unit_editor'], t.unit['gx-mzt'])).post('/v1/fee-reviews', { campaignId, feeItemId, externalId: `FR-EXT-${i}` });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

beforeAll(async () => {
  t = await makeApp({ now: T1 });
  fx = setUp(t);
  campaignId = fx.campaignId;
  const make = async (i: number) => {
    const a = await newItem(t, fx, { externalId: `AI-EXT-${i}` });
    const f = await feeItem(i);
    return {
      'approval-items': a,
      'approval-reviews': await newReview(t, fx, a.id, { externalId: `AR-EXT-${i}` }),
      'fee-items': f,
      'fee-reviews': await feeReview(f.id, i),
      'rectification-items': await createItem(t, campaignId, { externalId: `EXT-${i}` }),
    };
  };
  const first = await make(1);
  t.clock.set(T2);
  const second = await make(2);
  for (const k of Object.keys(first) as Array<keyof typeof first>) created[k] = [first[k], second[k]];
  const c = t.client(t.admin);
  expect((await c.patch(`/v1/units/${t.unit['gx-czt']}`, { shortName: '财政' }, { 'if-match': '"1"' })).statusCode).toBe(200);
});
afterAll(() => t.close());

const ids = (res: { json(): { items: Row[] } }) => res.json().items.map((r) => r.id);

test.each(['approval-items', 'approval-reviews', 'fee-items', 'fee-reviews', 'rectification-items'])(
  'when /v1/%s is asked for updatedSince, then only what changed at or after that instant',
  async (list) => {
    const c = t.client(t.admin);
    const [old, recent] = created[list];
    const all = ids(await c.get(`/v1/${list}?pageSize=500`));
    expect(all).toEqual(expect.arrayContaining([old.id, recent.id]));
    const since = await c.get(`/v1/${list}?pageSize=500&updatedSince=${SINCE}`);
    expect(since.statusCode).toBe(200);
    expect(ids(since)).toContain(recent.id);
    expect(ids(since)).not.toContain(old.id);
    expect(ids(await c.get(`/v1/${list}?updatedSince=${encodeURIComponent(T2)}`))).toContain(recent.id); // at the instant itself
    const bad = await c.get(`/v1/${list}?updatedSince=2027-03-03`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/updatedSince');
  },
);

test.each(['approval-items', 'fee-items', 'rectification-items'])('when /v1/%s is asked for a code, then exactly that row', async (list) => {
  const [old] = created[list];
  const res = await t.client(t.admin).get(`/v1/${list}?code=${encodeURIComponent(old.code!)}`);
  expect(ids(res)).toEqual([old.id]);
  expect(ids(await t.client(t.admin).get(`/v1/${list}?code=NO-SUCH-CODE`))).toEqual([]);
});

test.each(['approval-items', 'approval-reviews', 'fee-items', 'fee-reviews', 'rectification-items'])('when /v1/%s is asked for an externalId, then exactly that row', async (list) => {
  const c = t.client(t.admin);
  const [old, recent] = created[list];
  expect(recent.externalId).toEqual(expect.any(String));
  const res = await c.get(`/v1/${list}?externalId=${encodeURIComponent(recent.externalId!)}`);
  expect(res.statusCode).toBe(200);
  expect(ids(res)).toEqual([recent.id]);
  expect(res.json().items[0].externalId).toBe(recent.externalId);
  expect(ids(await c.get(`/v1/${list}?externalId=${encodeURIComponent(old.externalId!)}`))).toEqual([old.id]);
  expect(ids(await c.get(`/v1/${list}?externalId=NO-SUCH-ID`))).toEqual([]);
});

test.each(['approval-items', 'approval-reviews', 'fee-items', 'fee-reviews'])('when /v1/%s is exported with an externalId filter, then the one row carries it in 外部编号', async (list) => {
  const [, recent] = created[list];
  const res = await t.client(t.admin).get(`/v1/${list}:export?format=csv&externalId=${encodeURIComponent(recent.externalId!)}`);
  expect(res.statusCode).toBe(200);
  const [header, ...rows] = res.body.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  expect(header.split(',').at(-1)).toBe('外部编号');
  expect(rows).toHaveLength(1);
  expect(rows[0].split(',').at(-1)).toBe(recent.externalId);
});

test.each([
  ['approval-reviews', 'approval-items'],
  ['fee-reviews', 'fee-items'],
])('when /v1/%s is asked for a code, then the review of the item with that code (the review carries it)', async (list, items) => {
  const c = t.client(t.admin);
  const [old, recent] = created[list];
  const [oldItem, recentItem] = created[items];
  const res = await c.get(`/v1/${list}?code=${encodeURIComponent(recentItem.code!)}`);
  expect(res.statusCode).toBe(200);
  expect(ids(res)).toEqual([recent.id]);
  expect(res.json().items[0].code).toBe(recentItem.code);
  expect(ids(await c.get(`/v1/${list}?code=${encodeURIComponent(oldItem.code!)}&campaignId=${campaignId}`))).toEqual([old.id]);
  expect(ids(await c.get(`/v1/${list}?code=NO-SUCH-CODE`))).toEqual([]);
});

describe('externalId is unique in its register', () => {
  const fee = (code: string, externalId: string) => ({
    code, externalId, name: `重复外部编号${code}`, collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national',
    bases: [{ documentNumber: '财综〔2004〕5号' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' },
  });
  const attempts: Array<[string, string, () => Promise<{ statusCode: number; json(): { code: string; resourceId?: string } }>]> = [
    ['approval-items', 'AI-EXT-1', async () => t.client(t.admin).post('/v1/approval-items', { code: 'DUP-A', externalId: 'AI-EXT-1', name: '重复外部编号', implementingUnitId: fx.czt, kind: 'licence' })],
    ['approval-reviews', 'AR-EXT-1', async () => t.client(fx.editor).post('/v1/approval-reviews', { campaignId, itemId: (await newItem(t, fx)).id, externalId: 'AR-EXT-1', disposition: 'retain', rationale: '仍有必要' })],
    ['fee-items', 'FEE-EXT-1', async () => t.client(t.admin).post('/v1/fee-items', fee('GXSF-DUP', 'FEE-EXT-1'))],
    ['fee-reviews', 'FR-EXT-1', async () => {
      const f = (await t.client(t.admin).post('/v1/fee-items', fee('GXSF-DUP2', 'FEE-EXT-DUP2'))).json();
      return t.client(t.key(['unit_editor'], t.unit['gx-mzt'])).post('/v1/fee-reviews', { campaignId, feeItemId: f.id, externalId: 'FR-EXT-1' });
    }],
  ];
  test.each(attempts)('when a new %s record names the externalId %s another holds, then 409 ALREADY_EXISTS naming the holder', async (list, _ext, attempt) => {
    const res = await attempt();
    expect([res.statusCode, res.json().code, res.json().resourceId]).toEqual([409, 'ALREADY_EXISTS', created[list][0].id]);
  });

  test.each([
    ['approval-items', 'AI-EXT-1'],
    ['fee-items', 'FEE-EXT-1'],
  ])('when a %s record is patched to the externalId %s another holds, then 409; null clears its own', async (list, held) => {
    const c = t.client(t.admin);
    const mine = (await c.get(`/v1/${list}/${created[list][1].id}`)).json();
    const taken = await c.patch(`/v1/${list}/${mine.id}`, { externalId: held }, { 'if-match': `"${mine.version}"` });
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'ALREADY_EXISTS']);
    const cleared = await c.patch(`/v1/${list}/${mine.id}`, { externalId: null }, { 'if-match': `"${mine.version}"` });
    expect([cleared.statusCode, cleared.json().externalId]).toEqual([200, null]);
    const back = await c.patch(`/v1/${list}/${mine.id}`, { externalId: mine.externalId }, { 'if-match': `"${mine.version + 1}"` });
    expect([back.statusCode, back.json().externalId]).toEqual([200, mine.externalId]);
  });
});

test('when rectification items and units are asked for an externalId, then exactly that row', async () => {
  const c = t.client(t.admin);
  expect(ids(await c.get('/v1/rectification-items?externalId=EXT-2'))).toEqual([created['rectification-items'][1].id]);
  expect(ids(await c.get('/v1/units?externalId=gx-czt'))).toEqual([t.unit['gx-czt']]);
  expect(ids(await c.get('/v1/units?externalId=gx-nope'))).toEqual([]);
});

test('when units are asked for updatedSince, then only the changed unit', async () => {
  expect(ids(await t.client(t.admin).get(`/v1/units?updatedSince=${SINCE}`))).toEqual([t.unit['gx-czt']]);
});

test('when a page token is reused with another updatedSince or code, then 400 INVALID_PAGE_TOKEN; the same instant in another offset is the same filter', async () => {
  const c = t.client(t.admin);
  const first = (await c.get(`/v1/units?pageSize=2&updatedSince=${encodeURIComponent('2027-01-01T00:00:00Z')}`)).json();
  expect(first.nextPageToken).toBeDefined();
  const same = await c.get(`/v1/units?pageSize=2&updatedSince=${encodeURIComponent('2027-01-01T08:00:00+08:00')}&pageToken=${first.nextPageToken}`);
  expect(same.statusCode).toBe(200);
  const other = await c.get(`/v1/units?pageSize=2&updatedSince=${encodeURIComponent('2027-01-02T00:00:00Z')}&pageToken=${first.nextPageToken}`);
  expect(other.json().code).toBe('INVALID_PAGE_TOKEN');
  const items = (await c.get('/v1/fee-items?pageSize=1')).json();
  expect((await c.get(`/v1/fee-items?pageSize=1&code=GXSF-R1&pageToken=${items.nextPageToken}`)).json().code).toBe('INVALID_PAGE_TOKEN');
});

describe('q on approval and fee items (trigram index, like the ledger)', () => {
  test('when approval items are searched by 3+ characters, then the items whose name contains them; a rename moves the match', async () => {
    const c = t.client(t.admin);
    const item = await newItem(t, fx, { name: '食品生产许可证核发' });
    expect(ids(await c.get(`/v1/approval-items?q=${encodeURIComponent('生产许可')}`))).toEqual([item.id]);
    expect(ids(await c.get(`/v1/approval-items?q=${encodeURIComponent('许可证核')}`))).toEqual([item.id]);
    expect(ids(await c.get(`/v1/approval-items?q=${encodeURIComponent('生产')}`))).toEqual([item.id]); // 2 characters: substring scan
    expect((await c.patch(`/v1/approval-items/${item.id}`, { name: '药品经营许可证核发' }, { 'if-match': `"${item.version}"` })).statusCode).toBe(200);
    expect(ids(await c.get(`/v1/approval-items?q=${encodeURIComponent('生产许可')}`))).toEqual([]);
    expect(ids(await c.get(`/v1/approval-items?q=${encodeURIComponent('药品经营')}`))).toEqual([item.id]);
  });

  test('when fee items are searched, then by name (3+ characters through the index, fewer by scan)', async () => {
    const c = t.client(t.admin);
    const [f1, f2] = created['fee-items'];
    expect(ids(await c.get(`/v1/fee-items?q=${encodeURIComponent('测试收费R2')}`))).toEqual([f2.id]);
    expect(ids(await c.get(`/v1/fee-items?q=${encodeURIComponent('收费')}&pageSize=500`))).toEqual(expect.arrayContaining([f1.id, f2.id]));
    expect(ids(await c.get(`/v1/fee-items?q=${encodeURIComponent('不存在的收费')}`))).toEqual([]);
  });

  test('when items are written by any path, then each has its index key (triggers, not service code)', () => {
    const n = (sqlText: string) => (t.app.deps.sqlite.prepare(sqlText).get() as { n: number }).n;
    expect(n('SELECT count(*) n FROM approval_items_fts_keys')).toBe(n('SELECT count(*) n FROM approval_items'));
    expect(n('SELECT count(*) n FROM fee_items_fts_keys')).toBe(n('SELECT count(*) n FROM fee_items'));
  });
});

describe('query plans of the new filters', () => {
  const tables = ['approval_items', 'approval_reviews', 'fee_items', 'fee_reviews', 'approval_items_fts_keys', 'fee_items_fts_keys'];
  const since = '2027-03-03T02:00:00.000Z';
  test.each([
    ['code', { code: 'X-1' }],
    ['externalId', { externalId: 'X-1' }],
    ['updatedSince', { updatedSince: since }],
    ['q (trigram)', { q: '生产许可' }],
    ['q + status', { q: '生产许可', status: 'active' }],
  ])('when approval and fee items are filtered by %s, then no full scan', async (_n, filter) => {
    const { createApprovalRepository } = await import('../../src/modules/approval-cleanup/repository.js');
    const { createFeeRepository } = await import('../../src/modules/fee-review/repository.js');
    const { expectNoFullScan } = await import('../helpers/query-plan.js');
    for (const field of ['createdAt', 'code'] as const) {
      expectNoFullScan(t.app.deps.sqlite, createApprovalRepository(t.app.deps.db).itemsQuery(filter, { field, desc: false }, undefined, 50), tables);
      expectNoFullScan(t.app.deps.sqlite, createFeeRepository(t.app.deps.db).itemListQuery(filter, { field, desc: false }, undefined, 50), tables);
    }
    for (const reviews of [{ updatedSince: since }, { code: 'X-1' }, { externalId: 'X-1' }]) {
      expectNoFullScan(t.app.deps.sqlite, createApprovalRepository(t.app.deps.db).reviewsQuery(reviews, { desc: false }, undefined, 50), tables);
      expectNoFullScan(t.app.deps.sqlite, createFeeRepository(t.app.deps.db).reviewListQuery(reviews, { desc: false }, undefined, 50), tables);
    }
  });
});
