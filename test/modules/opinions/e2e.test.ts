// Done when (issue 16): a complaint from the public goes round the whole loop — routed, returned once, reassigned,
// signed for, extended, answered late (overdue and reminded), rated 不满意, re-handled and closed — with working-day
// deadlines across National Day 2026 and its 调休 Saturday, and the contact details never in a public response, an
// export, the change feed or the log.
import { Writable } from 'node:stream';
import { loggerOptions } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { makeApp, type Response, type TestContext } from '../../helpers/app.js';

const PHONE = '13800138000';
const EMAIL = 'zhangsan@example.com';
const NAME = '张三丰';
const SECRETS = [PHONE, EMAIL, NAME];

describe('an opinion’s whole loop', () => {
  let t: TestContext;
  let log = '';
  beforeEach(async () => {
    log = '';
    const stream = new Writable({ write(chunk, _enc, cb) { log += chunk.toString(); cb(); } });
    const base = loggerOptions({ ...testConfig(), LOG_LEVEL: 'trace' as never }) as Record<string, unknown>;
    t = await makeApp({ now: '2026-09-29T02:00:00Z', logger: { ...base, transport: undefined, stream } });
  });
  afterEach(() => t.close());

  test('when a complaint is submitted, routed, returned, reassigned, extended, answered late, rated 不满意, re-handled and closed, then every step holds and contact details leak nowhere', async () => {
    const pub = t.client();
    const admin = t.client(t.admin);
    const unitA = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    const unitB = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const seen: Response[] = [];
    const keep = async (p: Promise<Response>, status: number) => {
      const r = await p;
      expect({ status: r.statusCode, body: r.statusCode === status ? '' : r.body }).toEqual({ status, body: '' });
      seen.push(r);
      return r;
    };
    const act = async (c: typeof admin, id: string, verb: string, body: unknown = {}) => (await keep(c.post(`/v1/opinions/${id}:${verb}`, body), 200)).json();

    // 受理: a member of the public, with contact details.
    const sub = await keep(pub.post('/v1/public/opinions', { kind: 'complaint', category: 'ws_2', text: '窗口办事拖拉，材料齐全仍让我跑了三趟。', place: '南宁市政务服务中心', submitterKind: 'service_recipient', anonymous: false, contact: { name: NAME, phone: PHONE, email: EMAIL } }), 201);
    const { number, queryCode } = sub.json();
    expect(number).toBe('YJ-2026-000001');
    expect(queryCode).toMatch(/^[A-Z0-9]{10}$/);
    expect(sub.headers.location).toBe(`/v1/public/opinions/${number}`);
    const code = { 'x-query-code': queryCode };
    const id = (await keep(admin.get('/v1/opinions?status=received'), 200)).json().items[0].id;

    // 派单 to 财政厅, who returns it (退单); the office reassigns (改派) to 法制办 on Sep 30: signing due after National Day.
    expect((await act(admin, id, 'route', { leadUnitId: t.unit['gx-czt'] })).acceptDueOn).toBe('2026-09-30');
    await keep(unitB.get(`/v1/opinions/${id}`), 404); // not assigned: as if it did not exist
    const returned = await act(unitA, id, 'return', { reason: '不属于本单位职责' });
    expect(returned).toMatchObject({ status: 'returned', leadUnitId: null, returnCount: 1 });
    await keep(unitA.get(`/v1/opinions/${id}`), 404);
    t.clock.set('2026-09-30T02:00:00Z');
    const routed = await act(admin, id, 'route', { leadUnitId: t.unit['gx-fzb'], coUnitIds: [t.unit['gx-czt']], reason: '改派' });
    expect(routed).toMatchObject({ status: 'routed', acceptDueOn: '2026-10-08' });

    // 签收 on Sep 30: 13 working days skip Oct 1–7 and count the 调休 Saturday Oct 10.
    const accepted = await act(unitB, id, 'accept');
    expect(accepted).toMatchObject({ status: 'handling', acceptedOn: '2026-09-30', deadline: '2026-10-23', overdue: false });

    // An extension asked before the deadline and granted; the answer still comes late.
    t.clock.set('2026-10-20T02:00:00Z');
    expect((await act(unitB, id, 'requestExtension', { until: '2026-10-26', reason: '需会同财政厅核实' })).extensionRequest).toEqual({ until: '2026-10-26', reason: '需会同财政厅核实' });
    expect((await act(admin, id, 'grantExtension')).deadline).toBe('2026-10-26');
    t.clock.set('2026-10-28T02:00:00Z');
    const overdue = (await keep(admin.get('/v1/opinions?overdue=true'), 200)).json().items;
    expect(overdue.map((o: { id: string }) => o.id)).toEqual([id]);
    const reminded = (await keep(admin.post('/v1/opinions:remind', {}), 200)).json();
    expect(reminded).toEqual({ asOf: '2026-10-28', count: 1, ids: [id] });
    expect((await keep(admin.post('/v1/opinions:remind', {}), 200)).json().count).toBe(0); // once a day
    const backlog = (await keep(admin.get('/v1/opinions/backlog'), 200)).json();
    expect(backlog.groups).toEqual([{ unitId: t.unit['gx-fzb'], status: 'handling', count: 1, overdue: 1, oldestWorkingDays: 16, oldestId: id }]);
    const late = await act(unitB, id, 'answer', { actionsTaken: '约谈窗口负责人，实行一次性告知', publicAnswer: '经核查情况属实，已整改，向您致歉。', internalNote: '窗口人员已批评教育' });
    expect(late).toMatchObject({ status: 'answered', answeredOnTime: false, everOverdue: true, remindCount: 1, overdue: false });

    // The submitter sees the public answer, not the internal note, and rates it 不满意: re-handling (重办) by the same unit.
    const tracked = (await keep(pub.get(`/v1/public/opinions/${number}`, code), 200)).json();
    expect(tracked).toMatchObject({ number, status: 'answered', deadline: '2026-10-26', publicAnswer: '经核查情况属实，已整改，向您致歉。', canRate: true });
    expect(JSON.stringify(tracked)).not.toContain('批评教育');
    await keep(pub.get(`/v1/public/opinions/${number}`, { 'x-query-code': 'WRONGCODE1' }), 404);
    const reopened = (await keep(pub.post(`/v1/public/opinions/${number}:rate`, { rating: 'unsatisfied', comment: '没有解决根本问题' }, code), 200)).json();
    expect(reopened).toMatchObject({ status: 'handling', rating: 'unsatisfied', canRate: false, deadline: '2026-11-16' });
    expect((await keep(admin.get(`/v1/opinions/${id}`), 200)).json()).toMatchObject({ leadUnitId: t.unit['gx-fzb'], reopenCount: 1, deadline: '2026-11-16' });

    t.clock.set('2026-11-02T02:00:00Z');
    const again = await act(unitB, id, 'answer', { actionsTaken: '推行首问负责制', publicAnswer: '已推行首问负责制，欢迎监督。' });
    expect(again).toMatchObject({ status: 'answered', answeredOnTime: false, rating: null });
    await keep(pub.post(`/v1/public/opinions/${number}:rate`, { rating: 'basically_satisfied' }, code), 200);
    await keep(pub.post(`/v1/public/opinions/${number}:rate`, { rating: 'satisfied' }, code), 409); // once per answer
    const closed = await act(admin, id, 'close');
    expect(closed).toMatchObject({ status: 'closed', rating: 'basically_satisfied', reopenCount: 1 });
    expect((await keep(pub.get(`/v1/public/opinions/${number}`, code), 200)).json().status).toBe('closed');

    // The office reads the contact details with a reason; the feed says who, when and why, without the details.
    const contact = (await keep(admin.get(`/v1/opinions/${id}/contact?reason=${encodeURIComponent('回访核实')}`), 200)).json();
    expect(contact).toMatchObject({ phone: PHONE, email: EMAIL, name: NAME, erasedAt: null });
    seen.pop();

    // Public statistics, the export, the feed and the log never carry the contact details.
    const stats = (await keep(pub.get('/v1/public/opinion-stats?month=2026-09'), 200)).json();
    expect(stats.groups).toEqual([{ unitId: t.unit['gx-fzb'], month: '2026-09', received: 1, answered: 1, answeredOnTime: 0, overdue: 1, satisfied: 0, basicallySatisfied: 1, unsatisfied: 0, satisfactionRate: 1 }]);
    expect(JSON.stringify(stats)).not.toContain('拖拉');
    const csv = await keep(admin.get('/v1/opinions:export'), 200);
    expect(csv.body).toContain(number);
    const feed = await keep(admin.get('/v1/events?after=0&pageSize=500'), 200);
    const mine = feed.json().items.filter((e: { entityId: string }) => e.entityId === id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'submit', 'route', 'return', 'route', 'accept', 'request_extension', 'grant_extension', 'remind', 'answer', 'rate', 'answer', 'rate', 'close', 'read_contact',
    ]);
    expect(mine[mine.length - 1]).toMatchObject({ reason: '回访核实', apiKeyId: expect.any(String) });
    for (const r of seen) for (const s of SECRETS) expect(r.body).not.toContain(s);
    expect(log).toContain('/v1/public/opinions');
    for (const s of SECRETS) expect(log).not.toContain(s);
  });
});
