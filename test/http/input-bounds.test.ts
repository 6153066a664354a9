// Issue 11, defect 10 (the HTTP part): impossible dates, path parameters with stray characters and unknown query
// parameters are a 400 on every operation.
import { type TestContext, appWithCampaignEachTest } from '../helpers/app.js';
import { createItem } from '../modules/rectification/helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

function expect400(res: { statusCode: number; json(): unknown }, where: string, pointer: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; errors: Array<{ in: string; pointer: string }> };
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.errors[0]).toMatchObject({ in: where, pointer });
}

describe('dates', () => {
  test.each(['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '2027-02-29'])('when progress is reported on %s, then 400 and nothing is written', async (reportedOn) => {
    const item = await createItem(t, campaignId);
    const res = await t.client(t.admin).post(`/v1/rectification-items/${item.id}/progress`, { percent: 10, completedWork: '已梳理', reportedOn });
    expect400(res, 'body', '/reportedOn');
    expect((t.app.deps.sqlite.prepare('SELECT count(*) n FROM progress_reports').get() as { n: number }).n).toBe(0);
  });

  test('when a deadline, a query date or a phase window is 0000-01-01, then 400 naming it', async () => {
    const res = await t.client(t.admin).post('/v1/rectification-items', { campaignId, title: '清理事项', leadUnitId: t.unit['gx-fzb'], deadline: '0000-01-01' });
    expect400(res, 'body', '/deadline');
    expect400(await t.client(t.admin).get('/v1/rectification-items?dueBefore=0000-01-01'), 'query', '/dueBefore');
  });

  test('when an import row (JSON or CSV) has a deadline of 0000-01-01, then it is refused naming the row and nothing is written', async () => {
    const json = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, { items: [{ title: '清理事项', leadUnitId: t.unit['gx-fzb'], deadline: '0000-01-01' }] }, { 'idempotency-key': 'd-1' });
    // Import rows are checked one by one by the import pipeline: a 422 naming the row (JSON: its field pointer).
    expect(json.statusCode).toBe(422);
    expect(json.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 1, pointer: '/deadline', code: 'INVALID_VALUE' })]);
    const csv = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, '整改事项,牵头单位,完成时限\n清理事项,自治区法制办,0000-01-01\n', { 'idempotency-key': 'd-2' });
    expect(csv.statusCode).toBe(422);
    // CSV: the row as Excel numbers it (header = row 1) and the column by its Chinese header.
    expect(csv.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 2, pointer: '/完成时限', code: 'INVALID_DATE' })]);
    expect((t.app.deps.sqlite.prepare('SELECT count(*) n FROM rectification_items').get() as { n: number }).n).toBe(0);
  });

  test('when a date is within 1900–2100, then it is accepted', async () => {
    const item = await createItem(t, campaignId, { deadline: '2100-12-31' });
    expect(item.deadline).toBe('2100-12-31');
    expect((await t.client(t.admin).get('/v1/rectification-items?dueAfter=1900-01-01')).statusCode).toBe(200);
  });
});

describe('path parameters', () => {
  test.each(['1%20', '%201', '+1', '0x1', '1e0', '01', '1.0'])('when a fee catalogue version is %s, then 400 naming it', async (v) => {
    expect400(await t.client(t.admin).get(`/v1/fee-catalogues/${v}`), 'path', '/version');
  });

  test('when an id carries a trailing space, then 400 naming it', async () => {
    const item = await createItem(t, campaignId);
    expect400(await t.client(t.admin).get(`/v1/rectification-items/${item.id}%20`), 'path', '/itemId');
  });
});

describe('unknown query parameters', () => {
  test('when a list gets a parameter it does not declare, then 400 naming it', async () => {
    expect400(await t.client(t.admin).get('/v1/units?colour=red'), 'query', '/colour');
  });

  test('when operations that declare no query parameters get one, then 400 naming it', async () => {
    const item = await createItem(t, campaignId);
    expect400(await t.client(t.admin).get(`/v1/rectification-items/${item.id}?expand=all`), 'query', '/expand');
    expect400(await t.client(t.admin).post(`/v1/rectification-items/${item.id}:submit?force=true`, {}), 'query', '/force');
    expect400(await t.client(t.admin).delete(`/v1/rectification-items/${item.id}?hard=1`, { 'if-match': `"${item.version}"` }), 'query', '/hard');
    expect400(await t.client().get('/healthz?verbose=1'), 'query', '/verbose');
    expect((await t.client(t.admin).get(`/v1/rectification-items/${item.id}`)).statusCode).toBe(200);
  });
});
