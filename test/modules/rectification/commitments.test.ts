import { eventsOf, type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { createCampaignRow } from './helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

const unitCommitment = (over: Record<string, unknown> = {}) => ({
  campaignId,
  level: 'unit',
  items: [{ content: '行政审批事项一律进驻政务服务中心', dueDate: '2027-06-30' }],
  channel: 'media',
  mediaName: '广西日报',
  publishedOn: '2027-03-01',
  ...over,
});

describe('public commitments (公开承诺)', () => {
  test('when an agency records its unit-level commitment, then 201 with status published, ETag and an audit event', async () => {
    const key = t.key(['unit_editor'], t.unit['gx-fzb']);
    const res = await t.client(key).post('/v1/commitments', unitCommitment());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ unitId: t.unit['gx-fzb'], status: 'published', version: 1 });
    expect(res.headers.location).toBe(`/v1/commitments/${res.json().id}`);
    expect(eventsOf(t.app, res.json().id).map((e) => e.action)).toEqual(['create']);
  });

  test('when the body has an unknown or read-only field or an impossible date, then 400 names it and nothing is written', async () => {
    const key = t.key(['unit_editor'], t.unit['gx-fzb']);
    const count = () => (t.app.deps.sqlite.prepare('SELECT count(*) n FROM commitments').get() as { n: number }).n;
    const unknown = await t.client(key).post('/v1/commitments', unitCommitment({ colour: 'red' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ in: 'body', pointer: '/colour' });
    const readOnly = await t.client(key).post('/v1/commitments', unitCommitment({ status: 'published' }));
    expect(readOnly.statusCode).toBe(400);
    expect(readOnly.json().errors[0].detail).toBe("'status' is read-only and cannot be written");
    const badDate = await t.client(key).post('/v1/commitments', unitCommitment({ publishedOn: '2027-02-30' }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].pointer).toBe('/publishedOn');
    expect(count()).toBe(0);
  });

  test('when a unit-level commitment is published internally, then 422 RULE_VIOLATION (机关承诺要在媒体上公布)', async () => {
    const res = await t.client(t.admin).post('/v1/commitments', unitCommitment({ unitId: t.unit['gx-fzb'], channel: 'internal' }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', errors: [{ pointer: '/channel' }] });
  });

  test('when a post-level commitment has no post title, then 422', async () => {
    const res = await t.client(t.admin).post('/v1/commitments', unitCommitment({ unitId: t.unit['gx-fzb'], level: 'post', channel: 'internal' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toBe('/postTitle');
  });

  test('when an agency records another agency’s commitment, then 403; it cannot read another’s (404)', async () => {
    const other = await t.client(t.admin).post('/v1/commitments', unitCommitment({ unitId: t.unit['gx-czt'] }));
    const key = t.key(['unit_editor'], t.unit['gx-fzb']);
    expect((await t.client(key).post('/v1/commitments', unitCommitment({ unitId: t.unit['gx-czt'] }))).statusCode).toBe(403);
    expect((await t.client(key).get(`/v1/commitments/${other.json().id}`)).statusCode).toBe(404);
    expect((await t.client(key).get('/v1/commitments')).json().items).toHaveLength(0);
  });

  test('when a draft is published by PATCH, then status published; without If-Match 428, stale 412', async () => {
    const draft = await t.client(t.admin).post('/v1/commitments', unitCommitment({ unitId: t.unit['gx-fzb'], publishedOn: undefined }));
    expect(draft.json().status).toBe('draft');
    const id = draft.json().id;
    expect((await t.client(t.admin).patch(`/v1/commitments/${id}`, { publishedOn: '2027-02-28' })).statusCode).toBe(428);
    const res = await t.client(t.admin).patch(`/v1/commitments/${id}`, { publishedOn: '2027-02-28' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'published', version: 2 });
    expect((await t.client(t.admin).patch(`/v1/commitments/${id}`, { url: 'https://example.org/x' }, { 'if-match': '"1"' })).statusCode).toBe(412);
  });

  test('when compliance is asked as of Y-06-30, then exactly the agencies without a published unit-level commitment are listed', async () => {
    t.clock.set('2027-06-30T08:00:00Z');
    const post = async (unit: string, over: Record<string, unknown> = {}) => {
      const res = await t.client(t.admin).post('/v1/commitments', unitCommitment({ unitId: t.unit[unit], ...over }));
      expect(res.statusCode).toBe(201);
    };
    await post('gx-fzb', { publishedOn: '2027-06-30' });
    await post('gx-czt', { publishedOn: '2027-03-15' });
    await post('gx-bb', { publishedOn: undefined }); // a draft does not count
    await post('gx-wjj', { level: 'post', channel: 'internal', postTitle: '收费科科长', mediaName: undefined }); // a post does not count
    const other = createCampaignRow(t, 2028);
    await post('gx-jct', { campaignId: other, publishedOn: '2027-03-01' }); // another campaign
    t.clock.set('2027-07-02T00:00:00Z');
    await post('gx-mzt', { publishedOn: '2027-07-01' }); // too late for 06-30
    const inspector = t.key(['inspector'], t.unit.gx);
    const res = await t.client(inspector).get(`/v1/commitments/compliance?campaignId=${campaignId}&asOf=2027-06-30&pageSize=500`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const allUnits = Object.values(t.unit);
    const expected = allUnits.filter((u) => u !== t.unit['gx-fzb'] && u !== t.unit['gx-czt']).sort();
    expect(body.items.map((i: { unitId: string }) => i.unitId)).toEqual(expected);
    expect(body).toMatchObject({ deadline: '2027-06-30', asOf: '2027-06-30', totalUnits: allUnits.length, compliantUnits: 2 });
    const later = await t.client(inspector).get(`/v1/commitments/compliance?campaignId=${campaignId}&asOf=2027-07-01&pageSize=500`);
    expect(later.json().compliantUnits).toBe(3);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).get(`/v1/commitments/compliance?campaignId=${campaignId}`)).statusCode).toBe(403);
  });
});
