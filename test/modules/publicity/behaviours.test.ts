// Issue 22: a withdrawn exposure or commendation leaves the unit's scorecard; a link to a finding of a running
// unannounced inspection (明察暗访) is refused, not only a link to the inspection itself.
import { describe, expect, test } from '@jest/globals';
import { type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from '../supervision/fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const exposed = () => ({ kind: 'exposed_case', title: '曝光：窗口推诿', summary: '窗口工作人员推诿扯皮。', unitId: s.nanning, handling: '责令整改', personName: '王某', accountability: [{ kind: '诫勉谈话', decidedBy: '南宁市纪委监委', documentNumber: null, decidedOn: '2027-03-01' }] });
const praise = () => ({ kind: 'good_practice', title: '好做法：一窗通办', summary: '一窗受理、集成服务。', unitId: s.nanning });

async function published(body: Record<string, unknown>) {
  const r = await s.inspector.post('/v1/publicity', body);
  expect(r.statusCode).toBe(201);
  expect((await s.admin.post(`/v1/publicity/${r.json().id}:approve`)).statusCode).toBe(200);
  expect((await s.admin.post(`/v1/publicity/${r.json().id}:publish`, { reason: '领导小组审定' })).json().status).toBe('published');
  return r.json().id as string;
}
const card = async () => (await s.admin.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).json();

describe('the scorecard after a withdrawal (issue 22)', () => {
  test('a withdrawn exposure leaves the scorecard', async () => {
    const id = await published(exposed());
    expect(await card()).toMatchObject({ exposures: 1 });
    expect((await s.admin.post(`/v1/publicity/${id}:withdraw`, { reason: '信息有误' })).json().status).toBe('withdrawn');
    expect(await card()).toMatchObject({ exposures: 0 });
  });

  test('a withdrawn commendation leaves the scorecard', async () => {
    const id = await published(praise());
    expect(await card()).toMatchObject({ commendations: 1 });
    expect((await s.admin.post(`/v1/publicity/${id}:withdraw`, { reason: '信息有误' })).json().status).toBe('withdrawn');
    expect(await card()).toMatchObject({ commendations: 0 });
  });
});

describe('links to a running unannounced inspection (issue 22)', () => {
  test('a link to a finding of a running unannounced inspection (明察暗访) is refused and nothing is written; a delivered finding links', async () => {
    const secret = await s.inspection('unannounced');
    const hidden = await s.finding(secret.id, { rating: 'good', description: '暗访所见' });
    const refused = await s.inspector.post('/v1/publicity', { ...praise(), links: { findingIds: [hidden.id] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe('/links/findingIds/0');
    expect((await s.inspector.post('/v1/publicity', { ...praise(), links: { inspectionIds: [secret.id] } })).json().errors[0].pointer).toBe('/links/inspectionIds/0');
    expect((t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM publicity_records').get() as { n: number }).n).toBe(0);
    const spot = await s.inspection('spot_check');
    const open = await s.finding(spot.id, { rating: 'good', description: '窗口服务好' });
    expect((await s.inspector.post('/v1/publicity', { ...praise(), links: { findingIds: [open.id] } })).statusCode).toBe(201);
  });
});
