// Opinions: intake abuse controls, privacy (contact reads, retention, anonymous), imports, the calendar API, the loop's
// rules (extensions, escalation, ETags, visibility) and the per-unit counts of the scorecard.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { makeApp, eventsOf, createCampaignRow, type TestContext } from '../../helpers/app.js';
import { proofOfWorkValid } from '../../../src/modules/opinions/rules.js';
import { createOpinionRepository } from '../../../src/modules/opinions/index.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const complaint = (text = '办事拖拉，推诿扯皮。', extra: Record<string, unknown> = {}) => ({ kind: 'complaint', text, submitterKind: 'public', anonymous: true, ...extra });
const withContact = { anonymous: false, contact: { name: '李四', phone: '13900139000' } };

let t: TestContext;
afterEach(() => t?.close());

async function routedTo(unitKey: string, body = complaint('需要办理的意见', withContact)) {
  const admin = t.client(t.admin);
  const r = await t.client().post('/v1/public/opinions', body);
  expect(r.statusCode).toBe(201);
  const id = (await admin.get('/v1/opinions')).json().items.find((o: { number: string }) => o.number === r.json().number).id;
  expect((await admin.post(`/v1/opinions/${id}:route`, { leadUnitId: t.unit[unitKey] })).statusCode).toBe(200);
  return { id, number: r.json().number as string, code: r.json().queryCode as string };
}

describe('public intake', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z', config: { OPINION_SUBMIT_MAX: 4 } });
  });

  test('when an anonymous opinion is submitted, then it gets a number and a code, stores only hashes, and has no contact', async () => {
    const r = await t.client().post('/v1/public/opinions', complaint());
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ number: 'YJ-2026-000001', merged: false, status: 'received' });
    const row = t.app.deps.sqlite.prepare('SELECT * FROM opinions').get() as Record<string, unknown>;
    expect(row.query_code_hash).toBe(createHash('sha256').update(r.json().queryCode).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(r.json().queryCode);
    expect(JSON.stringify(row)).not.toContain('127.0.0.1');
    expect(row).toMatchObject({ anonymous: 1, has_contact: 0, channel: 'online' });
    expect(t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM opinion_contacts').get()).toEqual({ n: 0 });
    expect(eventsOf(t.app, String(row.id)).map((e) => e.action)).toEqual(['submit']);
  });

  test('when a submission is retried with its Idempotency-Key, then the receipt replays without the query code and the stored key holds neither the code nor the address', async () => {
    const c = t.client();
    const first = await c.post('/v1/public/opinions', complaint('重试'), { 'idempotency-key': 'portal-1' });
    const again = await c.post('/v1/public/opinions', complaint('重试'), { 'idempotency-key': 'portal-1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    const { queryCode, ...rest } = first.json();
    expect(typeof queryCode).toBe('string');
    expect(again.json()).toEqual(rest);
    const stored = JSON.stringify(t.app.deps.sqlite.prepare('SELECT * FROM idempotency_keys').all());
    expect(stored).toContain(rest.number);
    expect(stored).not.toContain(queryCode);
    // The scope is a keyed hash of the address, not its plain SHA-256 (reversible over the IPv4 space).
    const plain = createHash('sha256').update('127.0.0.1').digest('hex').slice(0, 32);
    const scopes = (t.app.deps.sqlite.prepare('SELECT api_key_id AS s FROM idempotency_keys').all() as { s: string }[]).map((r) => r.s);
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(scopes[0]).not.toBe(`ip:${plain}`);
    expect(JSON.stringify(t.app.deps.sqlite.prepare('SELECT * FROM idempotency_keys').all())).not.toContain('127.0.0.1');
  });

  test('when the same text comes from the same address within a day, then it is merged (重复诉求并单) and says so; a day later it is new', async () => {
    const c = t.client();
    const first = (await c.post('/v1/public/opinions', complaint('同一件事')) ).json();
    const dup = await c.post('/v1/public/opinions', complaint('同一 件事'));
    expect(dup.statusCode).toBe(200);
    expect(dup.json()).toEqual({ number: first.number, merged: true, message: expect.stringContaining('重复诉求并单'), status: 'received' });
    expect(t.app.deps.sqlite.prepare('SELECT count(*) AS n, max(duplicate_count) AS d FROM opinions').get()).toEqual({ n: 1, d: 1 });
    t.clock.set('2026-12-01T02:00:01Z');
    expect((await c.post('/v1/public/opinions', complaint('同一件事'))).statusCode).toBe(201);
  });

  test('when text carries control characters, is too long or the body is too large, then 400/413 and nothing is stored', async () => {
    const c = t.client();
    const bad = await c.post('/v1/public/opinions', complaint('bell\u0007'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/text');
    expect((await c.post('/v1/public/opinions', complaint('长'.repeat(2001)))).statusCode).toBe(400);
    expect((await c.post('/v1/public/opinions', complaint('x', { place: 'a'.repeat(20000) }))).statusCode).toBe(413);
    expect((await c.post('/v1/public/opinions', complaint('多行\n文本\t可以'))).statusCode).toBe(201);
    expect(t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM opinions').get()).toEqual({ n: 1 });
  });

  test('when an address submits more than OPINION_SUBMIT_MAX times in a window, then 429 with Retry-After', async () => {
    const c = t.client();
    for (let i = 0; i < 4; i++) expect((await c.post('/v1/public/opinions', complaint(`意见${i}`))).statusCode).toBe(201);
    const r = await c.post('/v1/public/opinions', complaint('第五条'));
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBeDefined();
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  test('when contact is missing without anonymous, or given with anonymous, then 400', async () => {
    const c = t.client();
    expect((await c.post('/v1/public/opinions', complaint('x', { anonymous: false }))).json().errors[0].pointer).toBe('/contact');
    expect((await c.post('/v1/public/opinions', complaint('x', { contact: { phone: '13900139000' } }))).statusCode).toBe(400);
  });

  test('when the tracking code is wrong or the number unknown, then 404 alike', async () => {
    const r = (await t.client().post('/v1/public/opinions', complaint())).json();
    const wrong = await t.client().get(`/v1/public/opinions/${r.number}`, { 'x-query-code': 'AAAAAAAAAA' });
    const unknown = await t.client().get('/v1/public/opinions/YJ-2026-999999', { 'x-query-code': r.queryCode });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([404, 404]);
    const ok = await t.client().get(`/v1/public/opinions/${r.number}`, { 'x-query-code': r.queryCode });
    expect(ok.json()).toEqual({ number: r.number, kind: 'complaint', status: 'received', receivedAt: '2026-11-30T02:00:00.000Z', deadline: null, answeredAt: null, publicAnswer: null, rating: null, canRate: false, version: 1 });
    expect((await t.client().post(`/v1/public/opinions/${r.number}:rate`, { rating: 'satisfied' }, { 'x-query-code': r.queryCode })).statusCode).toBe(409);
  });
});

describe('proof of work', () => {
  test('when OPINION_POW_BITS is set, then a submission needs a valid X-Proof-Of-Work', async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z', config: { OPINION_POW_BITS: 8 } });
    const body = complaint('需要工作量证明');
    const missing = await t.client().post('/v1/public/opinions', body);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ in: 'header', pointer: '/x-proof-of-work' });
    let nonce = 0;
    while (!proofOfWorkValid(String(nonce), body.text, '2026-11-30', 8)) nonce++;
    expect((await t.client().post('/v1/public/opinions', body, { 'x-proof-of-work': String(nonce) })).statusCode).toBe(201);
  });
});

describe('privacy', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-11-02T02:00:00Z', config: { OPINION_CONTACT_RETENTION_DAYS: 30 } });
  });

  test('when contact details are read, then only admin and the assigned units’ editors may, with a reason in the feed that carries no details', async () => {
    const { id } = await routedTo('gx-fzb');
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const other = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    const inspector = t.client(t.key(['inspector'], t.unit.gx));
    const reader = t.client(t.key(['reader'], t.unit.gx));
    expect((await lead.get(`/v1/opinions/${id}/contact`)).statusCode).toBe(400); // reason required
    const ok = await lead.get(`/v1/opinions/${id}/contact?reason=${encodeURIComponent('电话回访')}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '李四', phone: '13900139000' });
    expect(ok.headers['cache-control']).toBe('no-store');
    expect((await other.get(`/v1/opinions/${id}/contact?reason=look`)).statusCode).toBe(404);
    expect((await inspector.get(`/v1/opinions/${id}/contact?reason=look`)).statusCode).toBe(403);
    expect((await reader.get(`/v1/opinions/${id}/contact?reason=look`)).statusCode).toBe(403);
    const read = eventsOf(t.app, id).filter((e) => e.action === 'read_contact');
    expect(read).toEqual([expect.objectContaining({ reason: '电话回访', unitId: t.unit['gx-fzb'], apiKeyId: expect.any(String) })]);
    const payloads = t.app.deps.sqlite.prepare('SELECT before, after FROM events WHERE entity_id = ?').all(id);
    expect(JSON.stringify(payloads)).not.toContain('13900139000');
    expect((await t.client(t.admin).get(`/v1/opinions/${id}`)).body).not.toContain('13900139000');
  });

  test('when an anonymous opinion’s contact is asked for, then 404', async () => {
    const { id } = await routedTo('gx-fzb', complaint('匿名意见'));
    expect((await t.client(t.admin).get(`/v1/opinions/${id}/contact?reason=check`)).statusCode).toBe(404);
  });

  test('when the retention period after closing has passed, then the sweep erases the contact details and keeps the opinion', async () => {
    const { id } = await routedTo('gx-fzb');
    const admin = t.client(t.admin);
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    await lead.post(`/v1/opinions/${id}:accept`);
    await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: '已办', publicAnswer: '已办理' });
    expect((await admin.post(`/v1/opinions/${id}:close`)).json().status).toBe('closed');
    t.clock.set('2026-12-01T02:00:00Z'); // 29 days later
    expect((await admin.post('/v1/opinions:eraseExpiredContacts', {})).json().count).toBe(0);
    t.clock.set('2026-12-03T02:00:00Z');
    expect((await admin.post('/v1/opinions:eraseExpiredContacts', {})).json()).toEqual({ asOf: '2026-12-03', count: 1, ids: [id] });
    expect(t.app.deps.sqlite.prepare('SELECT name, phone, email, address, erased_at FROM opinion_contacts WHERE opinion_id = ?').get(id)).toEqual({ name: null, phone: null, email: null, address: null, erased_at: '2026-12-03T02:00:00.000Z' });
    expect((await admin.get(`/v1/opinions/${id}`)).json()).toMatchObject({ hasContact: false, status: 'closed', text: '需要办理的意见' });
    expect(eventsOf(t.app, id).map((e) => e.action)).toContain('erase_contact');
    expect((await t.client(t.key(['unit_editor'], t.unit.gx)).post('/v1/opinions:eraseExpiredContacts', {})).statusCode).toBe(403);
  });

  test('when opinions are exported, then no contact column or value appears', async () => {
    await routedTo('gx-fzb');
    const csv = (await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).get('/v1/opinions:export')).body;
    expect(csv.split('\n')[0]).toBe('\ufeff受理编号,外部编号,类型,渠道,涉及单位,主办单位,协办单位,问题类别,意见内容,状态,签收时限,办理时限,答复时间,是否按期答复,满意度,是否逾期');
    expect(csv).toContain('需要办理的意见');
    for (const s of ['李四', '13900139000', '联系']) expect(csv).not.toContain(s);
  });
});

describe('the loop’s rules', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-09-30T02:00:00Z' });
  });

  test('when a consultation is signed for on Sep 30 2026, then its 3 working days end on the 调休 Saturday Oct 10', async () => {
    const { id } = await routedTo('gx-fzb', { kind: 'consultation', text: '咨询办事流程', submitterKind: 'npc_deputy', anonymous: true });
    const r = await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).post(`/v1/opinions/${id}:accept`);
    expect(r.json()).toMatchObject({ deadline: '2026-10-10', acceptDueOn: '2026-10-08' });
  });

  test('when another unit, a reader or a stale ETag acts, then 404, 403 and 412; a key sees only its agency’s opinions', async () => {
    const { id } = await routedTo('gx-fzb');
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-czt'])).post(`/v1/opinions/${id}:accept`)).statusCode).toBe(404);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-czt'])).get('/v1/opinions')).json().items).toEqual([]);
    expect((await t.client(t.key(['reader'], t.unit['gx-fzb'])).post(`/v1/opinions/${id}:accept`)).statusCode).toBe(403);
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    expect((await lead.post(`/v1/opinions/${id}:accept`, {}, { 'if-match': '"1"' })).statusCode).toBe(412);
    const cur = await lead.get(`/v1/opinions/${id}`);
    const ok = await lead.post(`/v1/opinions/${id}:accept`, {}, { 'if-match': cur.headers.etag as string });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe(`"${ok.json().version}"`);
    expect((await lead.post(`/v1/opinions/${id}:accept`)).json().code).toBe('INVALID_STATE_TRANSITION');
    expect((await lead.post(`/v1/opinions/${id}:route`, { leadUnitId: t.unit['gx-fzb'] })).statusCode).toBe(403);
  });

  test('when an extension is asked after the deadline, twice, or refused, then 409 / the deadline stays', async () => {
    const { id } = await routedTo('gx-fzb');
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const admin = t.client(t.admin);
    expect((await lead.post(`/v1/opinions/${id}:accept`)).json().deadline).toBe('2026-10-23');
    expect((await lead.post(`/v1/opinions/${id}:requestExtension`, { until: '2026-10-20', reason: '太早' })).json().errors[0].pointer).toBe('/until');
    expect((await lead.post(`/v1/opinions/${id}:requestExtension`, { until: '2026-10-30', reason: '需调查' })).statusCode).toBe(200);
    expect((await lead.post(`/v1/opinions/${id}:requestExtension`, { until: '2026-10-31', reason: '再次' })).statusCode).toBe(409);
    const refused = (await admin.post(`/v1/opinions/${id}:refuseExtension`, { reason: '可按期办结' })).json();
    expect(refused).toMatchObject({ deadline: '2026-10-23', extensionRequest: null });
    expect((await admin.post(`/v1/opinions/${id}:grantExtension`)).statusCode).toBe(409);
    t.clock.set('2026-10-24T02:00:00Z');
    expect((await lead.post(`/v1/opinions/${id}:requestExtension`, { until: '2026-10-30', reason: '晚了' })).statusCode).toBe(409);
    expect(eventsOf(t.app, id).map((e) => e.action)).toEqual(['submit', 'route', 'accept', 'request_extension', 'refuse_extension']);
  });

  test('when the office escalates an opinion, then a ledger item led by its unit has the opinion as its source, once', async () => {
    const { id, number } = await routedTo('gx-fzb');
    const campaignId = createCampaignRow(t, 2026);
    const admin = t.client(t.admin);
    const r = await admin.post(`/v1/opinions/${id}:escalate`, { campaignId, deadline: '2026-12-31' });
    expect(r.statusCode).toBe(200);
    const item = (await admin.get(`/v1/rectification-items/${r.json().rectificationItemId}`)).json();
    expect(item).toMatchObject({ externalId: number, leadUnitId: t.unit['gx-fzb'], deadline: '2026-12-31', description: '需要办理的意见' });
    expect((await admin.post(`/v1/opinions/${id}:escalate`, { campaignId, deadline: '2026-12-31' })).statusCode).toBe(409);
  });

  test('when a revisit records 不满意, then the opinion is re-handled once; a second 不满意 stays answered for the office to close', async () => {
    const { id } = await routedTo('gx-fzb');
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const admin = t.client(t.admin);
    await lead.post(`/v1/opinions/${id}:accept`);
    await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'a', publicAnswer: 'b' });
    expect((await admin.post(`/v1/opinions/${id}:revisit`, { rating: 'unsatisfied', note: '电话回访，不满意' })).json()).toMatchObject({ status: 'handling', reopenCount: 1, ratingSource: 'revisit' });
    await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'c', publicAnswer: 'd' });
    expect((await admin.post(`/v1/opinions/${id}:revisit`, { rating: 'unsatisfied', note: '仍不满意' })).json()).toMatchObject({ status: 'answered', reopenCount: 1 });
    expect((await admin.post(`/v1/opinions/${id}:close`)).json().status).toBe('closed');
  });

  test('when an opinion is answered on time, sent back (不满意重办), then answered late, then it is not answered on time', async () => {
    const { id } = await routedTo('gx-fzb');
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const admin = t.client(t.admin);
    await lead.post(`/v1/opinions/${id}:accept`);
    expect((await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'a', publicAnswer: 'b' })).json()).toMatchObject({ answeredOnTime: true });
    await admin.post(`/v1/opinions/${id}:revisit`, { rating: 'unsatisfied', note: '电话回访，不满意' });
    t.clock.set('2027-01-29T02:00:00Z');
    expect((await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'c', publicAnswer: 'd' })).json()).toMatchObject({ status: 'answered', answeredOnTime: false });
  });

  test('when an opinion is answered late, sent back, then answered on time, then it stays not answered on time', async () => {
    const { id } = await routedTo('gx-fzb');
    const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const admin = t.client(t.admin);
    await lead.post(`/v1/opinions/${id}:accept`);
    t.clock.set('2027-01-29T02:00:00Z');
    expect((await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'a', publicAnswer: 'b' })).json()).toMatchObject({ answeredOnTime: false });
    const reopened = (await admin.post(`/v1/opinions/${id}:revisit`, { rating: 'unsatisfied', note: '不满意' })).json();
    expect(reopened.deadline >= '2027-01-29').toBe(true);
    expect((await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: 'c', publicAnswer: 'd' })).json()).toMatchObject({ status: 'answered', answeredOnTime: false });
  });

  test('when signing is late, then the opinion is overdue, reminded and counted per unit for the scorecard', async () => {
    const { id } = await routedTo('gx-fzb');
    t.clock.set('2026-10-09T02:00:00Z'); // signing was due Oct 8
    expect((await t.client(t.admin).get('/v1/opinions?overdue=true')).json().items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await t.client(t.admin).post('/v1/opinions:remind', {})).json().ids).toEqual([id]);
    const counts = createOpinionRepository(t.app.deps.db).unitCounts('2026-09-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-10-09');
    expect(counts).toEqual([{ unitId: t.unit['gx-fzb'], received: 1, answered: 0, answeredOnTime: 0, overdue: 1, returned: 0, reminded: 1, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 }]);
  });
});

describe('the office’s step', () => {
  test('when the office does not route an opinion within one working day of receipt, then it is overdue, reminded, and counted as overdue once routed', async () => {
    t = await makeApp({ now: '2026-09-30T02:00:00Z' });
    const r = (await t.client().post('/v1/public/opinions', complaint('没人派单'))).json();
    const admin = t.client(t.admin);
    const o = (await admin.get('/v1/opinions')).json().items[0];
    expect(o).toMatchObject({ number: r.number, routeDueOn: '2026-10-08', overdue: false });
    t.clock.set('2026-10-09T02:00:00Z');
    expect((await admin.get('/v1/opinions?overdue=true')).json().items.map((x: { id: string }) => x.id)).toEqual([o.id]);
    expect((await admin.post('/v1/opinions:remind', {})).json().ids).toEqual([o.id]);
    expect((await admin.get('/v1/opinions/backlog')).json().groups).toEqual([{ unitId: null, status: 'received', count: 1, overdue: 1, oldestWorkingDays: 2, oldestId: o.id }]);
    const routed = (await admin.post(`/v1/opinions/${o.id}:route`, { leadUnitId: t.unit['gx-fzb'] })).json();
    expect(routed).toMatchObject({ routeDueOn: null, everOverdue: true, overdue: false, acceptDueOn: '2026-10-10' });
  });
});

describe('agency intake and imports', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z' });
  });

  test('when an agency records an opinion from a forum, then it is received with its channel; another agency’s is 403', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    const r = await editor.post('/v1/opinions', { kind: 'suggestion', channel: 'forum', unitId: t.unit['gx-czt'], text: '建议精简报表', submitterKind: 'cppcc_member', anonymous: true });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ channel: 'forum', status: 'received', submitterKind: 'cppcc_member' });
    expect(r.headers.location).toBe(`/v1/opinions/${r.json().id}`);
    expect((await editor.post('/v1/opinions', { kind: 'suggestion', channel: 'forum', unitId: t.unit['gx-fzb'], text: 'x', submitterKind: 'public', anonymous: true })).statusCode).toBe(403);
  });

  test('when hotline tickets are imported twice as CSV with Chinese headers, then the second import updates, never duplicates', async () => {
    const admin = t.client(t.admin);
    const csv = (text: string) =>
      '外部编号,类型,渠道,涉及单位,问题类别,意见内容,提出人身份,联系人,联系电话\n' +
      `GX12345-0001,投诉,12345热线,gx-czt,ws_2,${text},服务对象,王五,13700137000\n` +
      'GX12345-0002,咨询,12345热线,gx-fzb,,咨询备案流程,社会各界,,\n';
    const first = await admin.post('/v1/opinions:import', csv('窗口推诿'), { 'idempotency-key': 'imp-1' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0, unchanged: 0, source: { format: 'csv', encoding: 'UTF-8' }, warnings: [] });
    const stored = t.app.deps.sqlite.prepare('SELECT id, number FROM opinions ORDER BY external_id').all() as Array<{ id: string; number: string }>;
    // The shared ImportReport: each row's outcome, record id and code (the 受理编号), rows as Excel numbers them.
    expect(first.json().results).toEqual(stored.map((o, i) => ({ row: i + 2, outcome: 'created', id: o.id, code: o.number })));
    const second = await admin.post('/v1/opinions:import', csv('窗口推诿扯皮'), { 'idempotency-key': 'imp-2' });
    expect(second.json()).toMatchObject({ dryRun: false, rows: 2, created: 0, updated: 1, unchanged: 1 });
    expect(second.json().results).toEqual([
      { row: 2, outcome: 'updated', id: stored[0].id, code: stored[0].number },
      { row: 3, outcome: 'unchanged', id: stored[1].id, code: stored[1].number },
    ]);
    const rows = t.app.deps.sqlite.prepare('SELECT external_id, text, channel, anonymous, has_contact FROM opinions ORDER BY external_id').all();
    expect(rows).toEqual([
      { external_id: 'GX12345-0001', text: '窗口推诿扯皮', channel: 'hotline_12345', anonymous: 0, has_contact: 1 },
      { external_id: 'GX12345-0002', text: '咨询备案流程', channel: 'hotline_12345', anonymous: 1, has_contact: 0 },
    ]);
  });

  test('when a survey import has a bad row, then 422 lists every bad row and nothing is written; JSON works too', async () => {
    const admin = t.client(t.admin);
    const bad = await admin.post('/v1/opinions:import', '类型,涉及单位,意见内容,提出人身份\n建议,gx-czt,好建议,服务对象\n抱怨,gx-czt,x,服务对象\n建议,没有这个单位,y,服务对象\n', { 'idempotency-key': 'imp-bad' });
    expect(bad.statusCode).toBe(422);
    // Rows as Excel numbers them (header = row 1): the unknown agency on row 4, the unknown kind 抱怨 on row 3.
    // The shared vocabulary, sorted by row, pointers naming the Chinese column.
    expect(bad.json().errors.map((e: { row: number; code: string; pointer: string }) => [e.row, e.code, e.pointer])).toEqual([[3, 'INVALID_ENUM', '/类型'], [4, 'UNKNOWN_UNIT', '/涉及单位']]);
    expect(bad.json()).toMatchObject({ rows: 3, badRows: 2 });
    expect(t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM opinions').get()).toEqual({ n: 0 });
    const ok = await admin.post('/v1/opinions:import', { items: [{ kind: 'suggestion', unitId: t.unit['gx-czt'], text: '表格太多', submitterKind: 'civil_servant', anonymous: true }] }, { 'idempotency-key': 'imp-json' });
    expect(ok.json()).toMatchObject({ created: 1, source: { format: 'json' }, results: [expect.objectContaining({ row: 1, outcome: 'created' })] });
    expect(t.app.deps.sqlite.prepare('SELECT channel FROM opinions').get()).toEqual({ channel: 'survey' });
  });

  test.each(['csv', 'xlsx'] as const)('when ?format=%s is asked, then the uploaded sheet comes back with each row’s outcome, id and 受理编号, and a retry replays it', async (format) => {
    const admin = t.client(t.admin);
    const sheet = [['外部编号', '类型', '渠道', '涉及单位', '意见内容', '提出人身份'], ['GX-F1', '投诉', '12345热线', 'gx-czt', '窗口推诿', '服务对象'], ['GX-F2', '咨询', '12345热线', 'gx-fzb', '咨询流程', '社会各界']];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('工单').addRows(sheet);
    const body = format === 'csv' ? sheet.map((r) => r.join(',')).join('\n') : Buffer.from(await wb.xlsx.writeBuffer());
    const headers = { 'content-type': format === 'csv' ? 'text/csv' : XLSX, 'idempotency-key': `fmt-${format}` };
    const res = await admin.post(`/v1/opinions:import?format=${format}`, body, headers);
    expect(res.statusCode).toBe(200);
    let rows: string[][];
    if (format === 'csv') {
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      rows = res.body.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    } else {
      expect(res.headers['content-type']).toBe(XLSX);
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(res.rawPayload as never);
      rows = back.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1).map(String));
    }
    expect(rows[0]).toEqual([...sheet[0], '导入结果', '记录ID', '记录编号']);
    const stored = t.app.deps.sqlite.prepare('SELECT id, number FROM opinions ORDER BY external_id').all() as Array<{ id: string; number: string }>;
    expect(rows.slice(1).map((r) => r.slice(-3))).toEqual(stored.map((o) => ['新建', o.id, o.number]));
    const replay = await admin.post(`/v1/opinions:import?format=${format}`, body, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.rawPayload.equals(res.rawPayload)).toBe(true);
    expect(t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM opinions').get()).toEqual({ n: 2 });
  });
});

describe('the working-day calendar API', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-12-20T02:00:00Z' });
  });

  test('when 2026 is read, then the shipped notice is served with version 0', async () => {
    const r = await t.client(t.key(['reader'], t.unit.gx)).get('/v1/work-calendar/2026');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ year: 2026, edited: false, provisional: false, version: 0 });
    expect(r.json().days).toContainEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' });
  });

  test('when the office replaces 2027, then deadlines count on it, a second edit needs If-Match, and others get 403', async () => {
    const admin = t.client(t.admin);
    const days = [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-01-04', kind: 'holiday', name: '测试放假' }];
    expect((await t.client(t.key(['unit_editor'], t.unit.gx)).put('/v1/work-calendar/2027', { days })).statusCode).toBe(403);
    expect((await admin.put('/v1/work-calendar/2027', { days: [{ date: '2026-12-31', kind: 'holiday', name: 'x' }] })).statusCode).toBe(400);
    const put = await admin.put('/v1/work-calendar/2027', { source: '测试', days });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ edited: true, version: 1 });
    expect((await admin.put('/v1/work-calendar/2027', { days })).statusCode).toBe(428);
    expect((await admin.put('/v1/work-calendar/2027', { days }, { 'if-match': '"7"' })).statusCode).toBe(412);
    t.clock.set('2026-12-31T02:00:00Z'); // Thursday; Jan 1 and the edited Jan 4 are off
    const { id } = await routedTo('gx-fzb');
    expect((await admin.get(`/v1/opinions/${id}`)).json().acceptDueOn).toBe('2027-01-05');
    expect(eventsOf(t.app, '2027').map((e) => e.action)).toEqual(['replace']);
  });
});

describe('public statistics', () => {
  test('when opinions from two months exist, then the figures are per agency and month, keyless and cacheable, with no text', async () => {
    t = await makeApp({ now: '2026-10-31T17:00:00Z' }); // Nov 1 01:00 in Shanghai
    await routedTo('gx-fzb', complaint('十一月的意见'));
    t.clock.set('2026-10-31T15:00:00Z'); // Oct 31 23:00 in Shanghai
    await t.client().post('/v1/public/opinions', complaint('十月的意见'));
    const r = await t.client().get('/v1/public/opinion-stats');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.json().groups.map((g: { month: string; unitId: string | null; received: number }) => [g.month, g.unitId, g.received])).toEqual([['2026-10', null, 1], ['2026-11', t.unit['gx-fzb'], 1]]);
    expect(r.body).not.toContain('意见');
    expect((await t.client().get('/v1/public/opinion-stats', { 'if-none-match': r.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('the list', () => {
  test('when opinions are walked page by page while more arrive, then each appears once; a token reused with other filters is a 400', async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z', config: { OPINION_SUBMIT_MAX: 100 } });
    for (let i = 0; i < 5; i++) await t.client().post('/v1/public/opinions', complaint(`第${i}条`));
    const admin = t.client(t.admin);
    const seen: string[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = (await admin.get(`/v1/opinions?pageSize=2${token ? `&pageToken=${token}` : ''}`)).json();
      seen.push(...page.items.map((o: { number: string }) => o.number));
      token = page.nextPageToken;
      if (first) await t.client().post('/v1/public/opinions', complaint('翻页时新来的'));
      first = false;
    } while (token);
    expect(seen).toEqual(['YJ-2026-000001', 'YJ-2026-000002', 'YJ-2026-000003', 'YJ-2026-000004', 'YJ-2026-000005', 'YJ-2026-000006']);
    const p1 = (await admin.get('/v1/opinions?pageSize=2')).json();
    const reused = await admin.get(`/v1/opinions?pageSize=2&status=received&pageToken=${p1.nextPageToken}`);
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('INVALID_PAGE_TOKEN');
  });
});

describe('erased contact details at rest (issue 21)', () => {
  test('when the sweep erases contact details in a file database, then neither the file nor its WAL holds them any more', async () => {
    const { mkdtempSync, readFileSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'erase-'));
    const file = join(dir, 'erase.db');
    try {
      t = await makeApp({ now: '2026-11-02T02:00:00Z', config: { DATABASE_PATH: file, OPINION_CONTACT_RETENTION_DAYS: 30 } });
      const NAME = '欧阳擦除测试名';
      const PHONE = '13712345678';
      const EMAIL = 'erase.me.zq81@example.org';
      const ADDRESS = '南宁市青秀区擦除路九十九号';
      const { id } = await routedTo('gx-fzb', complaint('需要办理的意见', { anonymous: false, contact: { name: NAME, phone: PHONE, email: EMAIL, address: ADDRESS } }));
      const admin = t.client(t.admin);
      const lead = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
      await lead.post(`/v1/opinions/${id}:accept`);
      await lead.post(`/v1/opinions/${id}:answer`, { actionsTaken: '已办', publicAnswer: '已办理' });
      expect((await admin.post(`/v1/opinions/${id}:close`)).json().status).toBe('closed');
      const bytes = () => [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('');
      const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
      expect(bytes()).toContain(PHONE); // the check below can see them
      t.clock.set('2027-01-10T02:00:00Z');
      expect((await admin.post('/v1/opinions:eraseExpiredContacts', {})).json().count).toBe(1);
      const after = bytes();
      for (const s of [NAME, PHONE, EMAIL, ADDRESS]) expect(after).not.toContain(utf8(s));
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding an opinion by its tracking number (issue 21)', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z', config: { OPINION_SUBMIT_MAX: 100 } });
  });
  const numbers = (r: { json: () => { items: Array<{ number: string }> } }) => r.json().items.map((o) => o.number);

  test('when a clerk filters by a number given over the phone, then exactly that opinion; an unknown number finds an empty page', async () => {
    const a = await routedTo('gx-fzb', complaint('第一件', withContact));
    const b = await routedTo('gx-fzb', complaint('第二件', withContact));
    const admin = t.client(t.admin);
    const found = await admin.get(`/v1/opinions?number=${b.number}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((o: { id: string }) => o.id)).toEqual([b.id]);
    expect(numbers(await admin.get(`/v1/opinions?number=${a.number}`))).toEqual([a.number]);
    expect((await admin.get('/v1/opinions?number=YJ-2026-999999')).json()).toEqual({ items: [] });
    expect((await admin.get('/v1/opinions?number=000001')).statusCode).toBe(400);
  });

  test('when q is all or part of a tracking number, in any case, then the opinions whose number contains it; LIKE wildcards are literal', async () => {
    for (let i = 1; i <= 3; i++) await t.client().post('/v1/public/opinions', complaint(`第${i}件意见`));
    const admin = t.client(t.admin);
    expect(numbers(await admin.get('/v1/opinions?q=YJ-2026-000002'))).toEqual(['YJ-2026-000002']);
    expect(numbers(await admin.get('/v1/opinions?q=yj-2026-000003'))).toEqual(['YJ-2026-000003']);
    expect(numbers(await admin.get('/v1/opinions?q=000001'))).toEqual(['YJ-2026-000001']);
    expect(numbers(await admin.get('/v1/opinions?q=2026-00000'))).toEqual(['YJ-2026-000001', 'YJ-2026-000002', 'YJ-2026-000003']);
    expect(numbers(await admin.get('/v1/opinions?q=%25'))).toEqual([]);
    expect(numbers(await admin.get('/v1/opinions?q=YJ_2026'))).toEqual([]);
    expect(numbers(await admin.get('/v1/opinions?q=2027'))).toEqual([]);
  });

  test('when another unit’s key looks up a number by number= or q=, then it finds nothing; its own number it finds', async () => {
    const theirs = await routedTo('gx-fzb', complaint('法制办的件', withContact));
    const mine = await routedTo('gx-czt', complaint('财政厅的件', withContact));
    const czt = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    expect((await czt.get(`/v1/opinions?number=${theirs.number}`)).json()).toEqual({ items: [] });
    expect(numbers(await czt.get(`/v1/opinions?q=${theirs.number}`))).toEqual([]);
    expect(numbers(await czt.get('/v1/opinions?q=YJ-2026'))).toEqual([mine.number]);
    expect(numbers(await czt.get(`/v1/opinions?number=${mine.number}`))).toEqual([mine.number]);
  });

  test('when the path carries a tracking number instead of an id, then 404 pointing to ?number=, alike whether it exists, is another unit’s or is unknown', async () => {
    const theirs = await routedTo('gx-fzb', complaint('法制办的件', withContact));
    const czt = t.client(t.key(['unit_editor'], t.unit['gx-czt']));
    const admin = t.client(t.admin);
    const shape = async (c: typeof admin, n: string) => {
      const r = await c.get(`/v1/opinions/${n}`);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      const { instance: _i, requestId: _r, ...rest } = r.json();
      return rest;
    };
    const known = await shape(admin, theirs.number);
    expect(known).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(known.detail).toContain(`/v1/opinions?number=${theirs.number}`);
    expect(await shape(czt, theirs.number)).toEqual(known);
    expect((await shape(admin, 'YJ-2026-999999')).detail).toContain('?number=YJ-2026-999999');
    expect((await shape(admin, theirs.number.toLowerCase())).detail).toContain(`?number=${theirs.number}`);
    // The id still works, in any case.
    expect((await admin.get(`/v1/opinions/${theirs.id.toUpperCase()}`)).json().id).toBe(theirs.id);
    expect((await admin.get('/v1/opinions/not-an-id')).statusCode).toBe(400);
  });
});
