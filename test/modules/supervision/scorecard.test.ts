// The scorecard (效能): figures counted in SQL from the tables the API writes, cached until the next change; the ranking.
import { describe, expect, test } from '@jest/globals';
import { type TestContext } from '../../helpers/app.js';
import { report } from '../campaigns/setup.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

describe('the scorecard', () => {
  test('counts reports, items, commitments, findings and orders of the unit; a change shows at once (the cache follows the feed)', async () => {
    const card = async () => (await s.admin.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).json();
    expect(await card()).toMatchObject({ unitName: '南宁市', phaseReportsOnTime: 0, phaseReportsMissing: 1, itemsOverdue: 0, commitmentsMade: 0, rank: null, asOf: '2027-03-01' });
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    await editor.put(`/v1/phases/${s.campaign.phases[0].id}/reports/${s.nanning}`, report);
    const commitment = await editor.post('/v1/commitments', { campaignId: s.campaign.id, unitId: s.nanning, level: 'unit', items: [{ content: '办事不超过3个工作日', dueDate: null }], channel: 'media', mediaName: '南宁日报', publishedOn: '2027-03-01' });
    expect(commitment.statusCode).toBe(201);
    const spot = await s.inspection('spot_check');
    await s.finding(spot.id, { rating: 'good', description: '窗口服务好' });
    await s.finding(spot.id, { rating: 'deficient', dueOn: '2027-03-10', subjectKind: 'commitment', subjectId: commitment.json().id });
    expect(await card()).toMatchObject({ phaseReportsOnTime: 1, phaseReportsMissing: 0, commitmentsMade: 1, commitmentsKept: 0, findingsGood: 1, findingsDeficient: 1, score: 2 + 2 - 2 });
    t.clock.set('2027-03-21T02:00:00Z');
    expect(await card()).toMatchObject({ itemsOverdue: 1, findingAnswersOverdue: 1, asOf: '2027-03-21' });
    const other = t.client(t.key(['unit_editor'], s.liuzhou));
    expect((await other.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).statusCode).toBe(404);
    expect((await editor.get(`/v1/units/${s.nanning}/scorecard?campaignId=01900000-0000-7000-8000-000000000000`)).statusCode).toBe(400);
  });

  test('is kept until the next change event: a write behind the API’s back is not seen, the next audited write refreshes it', async () => {
    const card = async () => (await s.admin.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).json();
    expect((await card()).exposures).toBe(0);
    const now = t.clock.now().toISOString();
    t.app.deps.sqlite
      .prepare("INSERT INTO publicity_records (id, kind, title, summary, unit_id, accountability, links, media, status, created_at, updated_at) VALUES ('01900000-0000-7000-8000-0000000000aa', 'exposed_case', 't', 's', ?, '[]', '{}', '[]', 'published', ?, ?)")
      .run(s.nanning, now, now);
    expect((await card()).exposures).toBe(0);
    await s.admin.post('/v1/supervision-orders', { unitId: s.nanning, title: '督办', requirement: '反馈', replyDueOn: '2027-03-10' });
    expect(await card()).toMatchObject({ exposures: 1, ordersReceived: 1 });
  });

  test('ranks every unit of a level, best first, paged on (score, unit id)', async () => {
    const editor = t.client(t.key(['unit_editor'], s.liuzhou));
    await editor.put(`/v1/phases/${s.campaign.phases[0].id}/reports/${s.liuzhou}`, report);
    const first = (await s.inspector.get(`/v1/scorecards?campaignId=${s.campaign.id}&level=city&pageSize=1`)).json();
    expect(first.items[0]).toMatchObject({ unitId: s.liuzhou, rank: 1, phaseReportsOnTime: 1 });
    const rest: Array<{ unitId: string; rank: number; score: number }> = [];
    let token = first.nextPageToken;
    while (token) {
      const page = (await s.inspector.get(`/v1/scorecards?campaignId=${s.campaign.id}&level=city&pageSize=5&pageToken=${token}`)).json();
      rest.push(...page.items);
      token = page.nextPageToken;
    }
    expect(rest).toHaveLength(13);
    expect(new Set(rest.map((r) => r.rank))).toEqual(new Set([2]));
    expect(rest.map((r) => r.unitId)).toEqual([...rest.map((r) => r.unitId)].sort());
    expect((await t.client(t.key(['unit_editor'], s.nanning)).get(`/v1/scorecards?campaignId=${s.campaign.id}&level=city`)).statusCode).toBe(403);
  });
});
