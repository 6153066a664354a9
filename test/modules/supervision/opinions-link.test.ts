// Supervision meets opinions (issue 16): an order can point at an opinion the unit handles, and the scorecard carries
// the unit's opinion figures (as lead, 主办) of the campaign's period, counted by the opinions module's own SQL.
import { describe, expect, test } from '@jest/globals';
import { type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

/** A public complaint, routed by the office to `leadUnitId` (with co-operating units); its id. */
async function opinion(text: string, leadUnitId: string, coUnitIds: string[] = []): Promise<string> {
  const r = await t.client().post('/v1/public/opinions', { kind: 'complaint', text, submitterKind: 'public', anonymous: true });
  expect(r.statusCode).toBe(201);
  const id = (await s.admin.get('/v1/opinions')).json().items.find((o: { number: string }) => o.number === r.json().number).id as string;
  expect((await s.admin.post(`/v1/opinions/${id}:route`, { leadUnitId, coUnitIds })).statusCode).toBe(200);
  return id;
}

const order = (over: Record<string, unknown>) => ({ unitId: s.nanning, title: '督办：逾期未签收的投诉', requirement: '立即签收并办理', replyDueOn: '2027-03-10', ...over });
const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('supervision orders on opinions', () => {
  test('when an opinion is overdue at its step, then an order on its lead unit (or a co-operating unit) points at it', async () => {
    const id = await opinion('窗口推诿，久拖不办', s.nanning, [s.liuzhou]);
    t.clock.set('2027-03-04T02:00:00Z');
    expect((await s.admin.get(`/v1/opinions/${id}`)).json()).toMatchObject({ status: 'routed', overdue: true });
    const created = await s.inspector.post('/v1/supervision-orders', order({ opinionId: id }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ unitId: s.nanning, opinionId: id });
    expect((await s.inspector.get(`/v1/supervision-orders/${created.json().id}`)).json().opinionId).toBe(id);
    const co = await s.inspector.post('/v1/supervision-orders', order({ unitId: s.liuzhou, opinionId: id }));
    expect(co.json()).toMatchObject({ unitId: s.liuzhou, opinionId: id });
    expect((await s.inspector.post('/v1/supervision-orders', order({}))).json().opinionId).toBeNull();
  });

  test('when the opinion is another unit’s, does not exist, or is only the agency concerned, then the same 400 and nothing is written', async () => {
    const other = await opinion('别的单位的意见', s.liuzhou);
    const concerned = (await t.client().post('/v1/public/opinions', { kind: 'complaint', text: '只点名，未派单', submitterKind: 'public', anonymous: true, unitId: s.nanning })).json();
    const concernedId = (await s.admin.get('/v1/opinions')).json().items.find((o: { number: string }) => o.number === concerned.number).id as string;
    const missing = '01900000-0000-7000-8000-000000000000';
    const before = { orders: count('supervision_orders'), events: count('events') };
    const answers = [];
    for (const opinionId of [other, missing, concernedId]) {
      const r = await s.inspector.post('/v1/supervision-orders', order({ opinionId }));
      expect(r.statusCode).toBe(400);
      answers.push({ code: r.json().code, errors: r.json().errors, detail: r.json().detail.replace(opinionId, 'ID') });
    }
    expect(answers[0]).toEqual({ code: 'VALIDATION_FAILED', errors: [{ in: 'body', pointer: '/opinionId', detail: `opinion ${other} does not exist` }], detail: 'opinion ID does not exist' });
    expect(answers.map((a) => ({ ...a, errors: a.errors.map((e: { detail: string }) => ({ ...e, detail: e.detail.replace(/opinion \S+/, 'opinion ID') })) }))).toEqual(
      Array(3).fill({ ...answers[0], errors: [{ in: 'body', pointer: '/opinionId', detail: 'opinion ID does not exist' }] }),
    );
    expect({ orders: count('supervision_orders'), events: count('events') }).toEqual(before);
  });
});

describe('the scorecard’s opinion figures', () => {
  test('count, at the lead unit, the opinions of the campaign’s period received, answered on time, overdue at any step and 不满意; the cache follows opinion events', async () => {
    const card = async (unitId = s.nanning) => (await s.admin.get(`/v1/units/${unitId}/scorecard?campaignId=${s.campaign.id}`)).json();
    const zero = { opinionsReceived: 0, opinionsAnsweredOnTime: 0, opinionsOverdue: 0, opinionsUnsatisfied: 0 };
    expect(await card()).toMatchObject(zero);
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    // One answered on time and rated 不满意 by the office's revisit, one left unsigned past its day.
    const onTime = await opinion('答复及时但不满意', s.nanning, [s.liuzhou]);
    expect(await card()).toMatchObject({ ...zero, opinionsReceived: 1 });
    expect((await card(s.liuzhou)).opinionsReceived).toBe(0); // 协办 is not 主办
    expect((await editor.post(`/v1/opinions/${onTime}:accept`)).statusCode).toBe(200);
    expect((await editor.post(`/v1/opinions/${onTime}:answer`, { actionsTaken: '已处理', publicAnswer: '已处理' })).statusCode).toBe(200);
    expect((await s.admin.post(`/v1/opinions/${onTime}:revisit`, { rating: 'unsatisfied', note: '电话回访，不满意' })).statusCode).toBe(200);
    await opinion('无人签收', s.nanning);
    expect(await card()).toMatchObject({ opinionsReceived: 2, opinionsAnsweredOnTime: 1, opinionsOverdue: 0, opinionsUnsatisfied: 1 });
    t.clock.set('2027-03-04T02:00:00Z');
    const late = await card();
    expect(late).toMatchObject({ opinionsReceived: 2, opinionsAnsweredOnTime: 1, opinionsOverdue: 1, opinionsUnsatisfied: 1 });
    // Context only: the score is the rules' formula over the other figures.
    const { score } = await import('../../../src/modules/supervision/rules.js');
    expect(late.score).toBe(score({ ...late, ...zero }));
    const ranked = (await s.inspector.get(`/v1/scorecards?campaignId=${s.campaign.id}&level=city&pageSize=100`)).json().items;
    expect(ranked.find((r: { unitId: string }) => r.unitId === s.nanning)).toMatchObject({ opinionsReceived: 2, opinionsOverdue: 1 });
  });

  test('an opinion received outside the campaign’s period (after its endsOn day, Asia/Shanghai) is not counted', async () => {
    const c = t.app.deps.sqlite.prepare('SELECT ends_on AS e FROM campaigns WHERE id = ?').get(s.campaign.id) as { e: string };
    const [y, m, d] = c.e.split('-').map(Number);
    const lastInstant = new Date(Date.UTC(y, m - 1, d, 15, 59, 0)).toISOString(); // 23:59 of endsOn in Asia/Shanghai
    t.clock.set(lastInstant);
    await opinion('期末最后一刻', s.nanning);
    t.clock.set(new Date(Date.parse(lastInstant) + 60_000).toISOString()); // 00:00 the day after
    await opinion('期后', s.nanning);
    expect((await s.admin.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).json().opinionsReceived).toBe(1);
  });
});
