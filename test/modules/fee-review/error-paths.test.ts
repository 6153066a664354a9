// Paths of the fee-review service the main tests leave out (issue 17, item 4): moving a fee to another agency, decisions
// read by agencies, a batch lacking both opinions. Each asserts the status, the body and what was (not) written.
import { makeApp, eventsOf, createCampaignRow, type TestContext } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
let campaignId: string;
let editor: string;
let exec: string;

beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
  editor = t.key(['unit_editor'], t.unit['gx-mzt']);
  exec = t.key(['executive_secretary'], t.unit['gx-zfb']);
});
afterEach(() => t.close());

const UNKNOWN = '01900000-0000-7000-8000-000000000000';

async function createFee(code: string) {
  const res = await t.client(editor).post('/v1/fee-items', {
    code, name: `收费${code}`, collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national',
    bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布取消和停止征收的行政事业性收费项目的通知' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number };
}

describe('when a fee is moved to another collecting agency', () => {
  test('when a unit editor moves it, then 403 and nothing is written', async () => {
    const fee = await createFee('GXSF-B1');
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(editor).patch(`/v1/fee-items/${fee.id}`, { collectingUnitId: t.unit['gx-czt'] }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain('Only an admin moves a fee');
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when an admin moves it to an unknown agency, then 400 names collectingUnitId and nothing is written', async () => {
    const fee = await createFee('GXSF-B2');
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(t.admin).patch(`/v1/fee-items/${fee.id}`, { collectingUnitId: UNKNOWN }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/collectingUnitId' }] });
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when an admin moves it to a known agency with a new standard, then 200, the row moves and one update event is written', async () => {
    const fee = await createFee('GXSF-B3');
    const res = await t.client(t.admin).patch(`/v1/fee-items/${fee.id}`, { collectingUnitId: t.unit['gx-czt'], standard: { kind: 'fixed', amountFen: 800, per: '件' } }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ collectingUnitId: t.unit['gx-czt'], standard: { kind: 'fixed', amountFen: 800 }, version: 2 });
    const row = t.app.deps.sqlite.prepare('SELECT collecting_unit_id AS u, version FROM fee_items WHERE id = ?').get(fee.id) as { u: string; version: number };
    expect(row).toEqual({ u: t.unit['gx-czt'], version: 2 });
    expect(eventsOf(t.app, fee.id).map((e) => e.action)).toEqual(['create', 'update']);
    // The old agency no longer sees it.
    expect((await t.client(editor).get(`/v1/fee-items/${fee.id}`)).statusCode).toBe(404);
  });
});

describe('decisions', () => {
  test('when a review lacking both opinions is decided, then 409 names both and no decision is written', async () => {
    const fee = await createFee('GXSF-B4');
    const review = (await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id })).json() as { id: string };
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(exec).post('/v1/fee-decisions', { meetingNumber: '第1次常务会议', meetingDate: '2027-05-20', decisions: [{ reviewId: review.id, outcome: 'cancel' }] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION', ruleId: 'F4', resourceId: review.id });
    expect(res.json().errors[0].detail).toContain('the finance opinion (财政厅) and the price opinion (物价局)');
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when a unit editor reads a decision, or anyone an unknown one, then 404', async () => {
    const res = await t.client(editor).get(`/v1/fee-decisions/${UNKNOWN}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await t.client(exec).get(`/v1/fee-decisions/${UNKNOWN}`)).statusCode).toBe(404);
  });
});

// Issue 17, item 4: the remaining reachable branches of fee-review/service.ts.
describe('remaining refusals and reads', () => {
  const state = () => dbState(t.app.deps.sqlite, ['idempotency_keys']);

  test('when a declaration is changed with a stale If-Match, then 412 and nothing is written', async () => {
    const fee = await createFee('GXSF-C1');
    const review = (await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id })).json() as { id: string };
    const before = state();
    const res = await t.client(editor).patch(`/v1/fee-reviews/${review.id}`, { declarationNote: '补充说明' }, { 'if-match': '"9"' });
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(state()).toEqual(before);
  });

  test('when nothing is published, then the public catalogue is 404; an unknown version is 404 naming it', async () => {
    const none = await t.client().get('/v1/public/fee-catalogue');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(none.json().detail).toContain('A published fee catalogue');
    const unknown = await t.client().get('/v1/public/fee-catalogue?version=99');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toContain('Fee catalogue version 99');
  });

  test('when an agency key lists another agency’s fees or reviews, then nothing; its own, its own', async () => {
    const fee = await createFee('GXSF-C2');
    const review = (await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id })).json() as { id: string };
    expect((await t.client(editor).get(`/v1/fee-items?collectingUnitId=${t.unit['gx-czt']}`)).json().items).toEqual([]);
    expect((await t.client(editor).get(`/v1/fee-reviews?unitId=${t.unit['gx-czt']}`)).json().items).toEqual([]);
    expect((await t.client(editor).get(`/v1/fee-reviews?unitId=${t.unit['gx-mzt']}`)).json().items.map((r: { id: string }) => r.id)).toEqual([review.id]);
  });

  test('when fees are listed by code a page at a time, then the pages continue in code order', async () => {
    await createFee('GXSF-C4');
    await createFee('GXSF-C3');
    const p1 = (await t.client(editor).get('/v1/fee-items?orderBy=code&pageSize=1')).json();
    const p2 = (await t.client(editor).get(`/v1/fee-items?orderBy=code&pageSize=1&pageToken=${p1.nextPageToken}`)).json();
    expect([p1.items[0].code, p2.items[0].code]).toEqual(['GXSF-C3', 'GXSF-C4']);
    // In creation order, C4 (made first) leads.
    const c1 = (await t.client(editor).get('/v1/fee-items?orderBy=createdAt&pageSize=1')).json();
    const c2 = (await t.client(editor).get(`/v1/fee-items?orderBy=createdAt&pageSize=1&pageToken=${c1.nextPageToken}`)).json();
    expect([c1.items[0].code, c2.items[0].code]).toEqual(['GXSF-C4', 'GXSF-C3']);
  });
});
