// Issue 22: behaviours an outside mutation check found unguarded — boundary days (due on today is not overdue, answers
// on their last day, signing vs routing, retention from closing), every opinion kind's limit, every statutory day
// the shipped 2027 calendar holds, and who may read contact details.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { shippedYears } from '../../../src/modules/opinions/calendar.js';
import { addWorkingDays, calendarOf, expandYear, isWorkingDay } from '../../../src/modules/opinions/rules.js';

const opinion = (kind = 'complaint', text = '办事拖拉，推诿扯皮。') => ({ kind, text, submitterKind: 'public', anonymous: false, contact: { name: '李四', phone: '13900139000' } });

let t: TestContext;
afterEach(() => t?.close());

const admin = () => t.client(t.admin);
const lead = () => t.client(t.key(['unit_editor'], t.unit['gx-fzb']));

async function submitted(kind = 'complaint', text = `意见 ${Math.random()}`): Promise<string> {
  const r = await t.client().post('/v1/public/opinions', opinion(kind, text));
  expect(r.statusCode).toBe(201);
  return (await admin().get('/v1/opinions')).json().items.find((o: { number: string }) => o.number === r.json().number).id;
}
async function routed(kind = 'complaint'): Promise<string> {
  const id = await submitted(kind);
  expect((await admin().post(`/v1/opinions/${id}:route`, { leadUnitId: t.unit['gx-fzb'] })).statusCode).toBe(200);
  return id;
}
async function accepted(kind = 'complaint') {
  const id = await routed(kind);
  const r = await lead().post(`/v1/opinions/${id}:accept`);
  expect(r.statusCode).toBe(200);
  return { id, deadline: r.json().deadline as string };
}
const overdueIds = async () => (await admin().get('/v1/opinions?overdue=true')).json().items.map((o: { id: string }) => o.id);
const get = async (id: string) => (await admin().get(`/v1/opinions/${id}`)).json();

describe('boundary days (issue 22)', () => {
  test('an unsigned opinion whose 签收 is due today is not overdue; the day after it is (GET and the list filter)', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' }); // Monday
    const id = await routed();
    expect((await get(id)).acceptDueOn).toBe('2027-03-02');
    t.clock.set('2027-03-02T15:59:00Z'); // 23:59 in Shanghai, the due day
    expect((await get(id)).overdue).toBe(false);
    expect(await overdueIds()).not.toContain(id);
    t.clock.set('2027-03-02T16:00:00Z'); // 00:00 of the next day in Shanghai
    expect((await get(id)).overdue).toBe(true);
    expect(await overdueIds()).toContain(id);
  });

  test('an opinion being handled is not overdue on its deadline day, and is the day after', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' });
    const { id, deadline } = await accepted();
    expect(deadline).toBe('2027-03-18');
    t.clock.set('2027-03-18T15:00:00Z');
    expect((await get(id)).overdue).toBe(false);
    expect(await overdueIds()).not.toContain(id);
    t.clock.set('2027-03-19T02:00:00Z');
    expect((await get(id)).overdue).toBe(true);
    expect(await overdueIds()).toContain(id);
  });

  test('an answer on the day before and on the last day of the deadline is on time; one the day after is late', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' });
    const before = await accepted();
    const onDay = await accepted();
    const after = await accepted();
    expect([before.deadline, onDay.deadline, after.deadline]).toEqual(['2027-03-18', '2027-03-18', '2027-03-18']);
    const answer = { actionsTaken: '已办', publicAnswer: '已办理' };
    t.clock.set('2027-03-17T15:00:00Z');
    expect((await lead().post(`/v1/opinions/${before.id}:answer`, answer)).json()).toMatchObject({ answeredOnTime: true, everOverdue: false });
    t.clock.set('2027-03-18T15:59:00Z'); // 23:59 of the deadline day in Shanghai
    expect((await lead().post(`/v1/opinions/${onDay.id}:answer`, answer)).json()).toMatchObject({ answeredOnTime: true, everOverdue: false });
    t.clock.set('2027-03-18T16:00:00Z'); // 00:00 of the next day in Shanghai
    expect((await lead().post(`/v1/opinions/${after.id}:answer`, answer)).json()).toMatchObject({ answeredOnTime: false, everOverdue: true });
  });

  test('the answer deadline counts from signing (签收), not from routing, when the two fall on different days', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' }); // routed Monday
    const id = await routed();
    t.clock.set('2027-03-03T02:00:00Z'); // signed Wednesday
    const r = await lead().post(`/v1/opinions/${id}:accept`);
    expect(r.json()).toMatchObject({ routedOn: '2027-03-01', acceptedOn: '2027-03-03', deadline: '2027-03-22' }); // 13 working days after 03-03; from routing it would be 03-18
  });

  test('contact details are erased a retention period after closing, not after receipt (closed a month after it was received)', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z', config: { OPINION_CONTACT_RETENTION_DAYS: 30 } });
    const { id } = await accepted();
    await lead().post(`/v1/opinions/${id}:answer`, { actionsTaken: '已办', publicAnswer: '已办理' });
    t.clock.set('2027-03-31T02:00:00Z');
    expect((await admin().post(`/v1/opinions/${id}:close`)).json().status).toBe('closed');
    t.clock.set('2027-04-05T02:00:00Z'); // 35 days after receipt, 5 after closing
    expect((await admin().post('/v1/opinions:eraseExpiredContacts', {})).json().count).toBe(0);
    t.clock.set('2027-04-29T02:00:00Z'); // the day before the period ends
    expect((await admin().post('/v1/opinions:eraseExpiredContacts', {})).json().count).toBe(0);
    t.clock.set('2027-04-30T02:00:01Z'); // just over 30 days after closing
    expect((await admin().post('/v1/opinions:eraseExpiredContacts', {})).json()).toMatchObject({ count: 1, ids: [id] });
  });
});

describe('every opinion kind has its own working-day limit (issue 22)', () => {
  test('with a different limit configured per kind, each kind’s deadline counts its own', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z', config: { OPINION_DAYS_CONSULTATION: 2, OPINION_DAYS_SUGGESTION: 5, OPINION_DAYS_COMPLAINT: 7, OPINION_DAYS_PRAISE: 4 } });
    const got: Record<string, string> = {};
    for (const kind of ['consultation', 'suggestion', 'complaint', 'praise']) got[kind] = (await accepted(kind)).deadline;
    expect(got).toEqual({ consultation: '2027-03-03', suggestion: '2027-03-08', complaint: '2027-03-10', praise: '2027-03-05' });
  });

  test('the default limits: consultation 3, suggestion 13, complaint 13, praise 3 working days', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' });
    const got: Record<string, string> = {};
    for (const kind of ['consultation', 'suggestion', 'complaint', 'praise']) got[kind] = (await accepted(kind)).deadline;
    expect(got).toEqual({ consultation: '2027-03-04', suggestion: '2027-03-18', complaint: '2027-03-18', praise: '2027-03-04' });
  });
});

describe('the shipped 2027 calendar (issue 22)', () => {
  const cal = calendarOf(expandYear(shippedYears()['2027']));
  // 《全国年节及纪念日放假办法》(2024年修订): the statutory days; the file ships no 调休 workdays for 2027.
  const statutory: [string, string][] = [
    ['2027-01-01', '元旦'],
    ['2027-02-05', '春节'], ['2027-02-06', '春节'], ['2027-02-07', '春节'], ['2027-02-08', '春节'],
    ['2027-04-05', '清明节'],
    ['2027-05-01', '劳动节'], ['2027-05-02', '劳动节'],
    ['2027-06-09', '端午节'],
    ['2027-09-15', '中秋节'],
    ['2027-10-01', '国庆节'], ['2027-10-02', '国庆节'], ['2027-10-03', '国庆节'],
  ];

  test('it holds exactly the thirteen statutory days off and no 调休 workday', () => {
    expect(expandYear(shippedYears()['2027'])).toEqual(statutory.map(([date, name]) => ({ date, kind: 'holiday', name })));
    expect(shippedYears()['2027'].workdays).toEqual([]);
  });

  test.each(statutory)('%s (%s) is not a working day', (date) => {
    expect(isWorkingDay(date, cal)).toBe(false);
  });

  test.each<[string, string]>([
    ['2026-12-31', '2027-01-04'], // over 元旦 (Friday) and the weekend
    ['2027-02-04', '2027-02-09'], // over 春节 Friday to Monday (除夕 2027-02-05)
    ['2027-04-02', '2027-04-06'], // over the weekend and 清明节 (Monday)
    ['2027-06-08', '2027-06-10'], // over 端午节 (Wednesday)
    ['2027-09-14', '2027-09-16'], // over 中秋节 (Wednesday)
    ['2027-09-30', '2027-10-04'], // over 国庆节 (Friday) and the weekend
  ])('the working day after %s is %s', (from, next) => {
    expect(addWorkingDays(from, 1, cal)).toBe(next);
  });

  test('a complaint signed the day before 除夕 gets a deadline that skips all four 春节 days (2027-02-25)', async () => {
    t = await makeApp({ now: '2027-02-04T02:00:00Z' });
    expect((await accepted()).deadline).toBe('2027-02-25');
  });
});

describe('contact details through every key of the lead unit (issue 22)', () => {
  test('a reader or an inspector key of the lead unit is refused the contact details; its unit_editor key reads them', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' });
    const id = await routed();
    const reason = `?reason=${encodeURIComponent('电话回访')}`;
    const reader = t.client(t.key(['reader'], t.unit['gx-fzb']));
    const inspector = t.client(t.key(['inspector'], t.unit['gx-fzb']));
    expect((await reader.get(`/v1/opinions/${id}`)).statusCode).toBe(200); // it sees the opinion
    expect((await reader.get(`/v1/opinions/${id}/contact${reason}`)).statusCode).toBe(403);
    expect((await inspector.get(`/v1/opinions/${id}/contact${reason}`)).statusCode).toBe(403);
    const ok = await lead().get(`/v1/opinions/${id}/contact${reason}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '李四', phone: '13900139000' });
  });
});

describe('state after re-handling (issue 22)', () => {
  // What the code does today (service.answer: 'row.answeredOnTime === false ? false : onTime'): an on-time first answer
  // does not shield a late answer after 重办 — the late re-answer makes the opinion answered late.
  test('an opinion answered on time, rated 不满意 and answered again after its new deadline is answered late', async () => {
    t = await makeApp({ now: '2027-03-01T02:00:00Z' });
    const r = await t.client().post('/v1/public/opinions', opinion('complaint', '重办的意见'));
    const { number, queryCode } = r.json();
    const id = (await admin().get('/v1/opinions')).json().items.find((o: { number: string }) => o.number === number).id;
    await admin().post(`/v1/opinions/${id}:route`, { leadUnitId: t.unit['gx-fzb'] });
    await lead().post(`/v1/opinions/${id}:accept`);
    const answer = { actionsTaken: '已办', publicAnswer: '已办理' };
    t.clock.set('2027-03-10T02:00:00Z');
    expect((await lead().post(`/v1/opinions/${id}:answer`, answer)).json()).toMatchObject({ answeredOnTime: true });
    const reopened = (await t.client().post(`/v1/public/opinions/${number}:rate`, { rating: 'unsatisfied', comment: '没有解决' }, { 'x-query-code': queryCode })).json();
    expect(reopened).toMatchObject({ status: 'handling', deadline: '2027-03-29' }); // 13 working days after 03-10
    t.clock.set('2027-03-30T02:00:00Z');
    expect((await lead().post(`/v1/opinions/${id}:answer`, answer)).json()).toMatchObject({ status: 'answered', answeredOnTime: false, everOverdue: true, reopenCount: 1 });
  });
});
