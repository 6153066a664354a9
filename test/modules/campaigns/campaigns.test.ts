import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { seedIfEmpty } from '../../../src/seed.js';
import { planCampaign } from './setup.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const countOf = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;

describe('campaigns', () => {
  test('when an admin creates the plan campaign for 2027, then 201 with Location, ETag, and four phases with the plan windows', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', { template: 'work-style-efficiency', year: 2027 });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(res.headers.location).toBe(`/v1/campaigns/${c.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(c).toMatchObject({ year: 2027, template: 'work-style-efficiency', regionUnitId: t.unit.gx, startsOn: '2027-02-21', endsOn: '2028-02-29', status: 'draft', version: 1 });
    const phases = (await t.client(t.admin).get(`/v1/campaigns/${c.id}/phases`)).json().items;
    expect(phases.map((p: { number: number; startsOn: string; endsOn: string; status: string }) => [p.number, p.startsOn, p.endsOn, p.status])).toEqual([
      [1, '2027-02-21', '2027-03-10', 'pending'],
      [2, '2027-03-11', '2027-03-31', 'pending'],
      [3, '2027-04-01', '2027-11-30', 'pending'],
      [4, '2027-12-01', '2028-02-29', 'pending'],
    ]);
    expect(phases[0]).toMatchObject({ name: '动员部署阶段', windowText: '2月下旬—3月上旬', startedAt: null, completedAt: null });
    expect(phases[1].keyTasks).toContain('深刻剖析原因');
    expect(eventsOf(t.app, c.id).map((e) => e.action)).toEqual(['create']);
    expect(eventsOf(t.app, phases[0].id).map((e) => e.entity)).toEqual(['phase']);
  });

  test('when the plan campaign is created for 2026, then its last phase ends on 2027-02-28', async () => {
    const c = await planCampaign(t, 2026, { start: false });
    expect(c.phases[3].endsOn).toBe('2027-02-28');
  });

  test('when the plan campaign for the same year is created twice, then 409 ALREADY_EXISTS naming the first', async () => {
    const first = await planCampaign(t, 2027, { start: false });
    const res = await t.client(t.admin).post('/v1/campaigns', { template: 'work-style-efficiency', year: 2027 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_EXISTS', resourceId: first.id });
    expect(countOf('campaigns')).toBe(1);
  });

  test('when the template does not exist, then 400 pointing at /template', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', { template: 'no-such-plan', year: 2027 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/template');
  });

  test('when a template is sent with startsOn, then 400 (the dates come from the template)', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', { template: 'work-style-efficiency', year: 2027, startsOn: '2027-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/startsOn');
  });

  test('when a campaign is made by hand with phases, then they are numbered in order', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', {
      year: 2030,
      title: '试点活动',
      startsOn: '2030-01-01',
      endsOn: '2030-12-31',
      phases: [
        { name: '一', startsOn: '2030-01-01', endsOn: '2030-05-31' },
        { name: '二', startsOn: '2030-06-01', endsOn: '2030-12-31', keyTasks: ['总结'] },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ template: null, title: '试点活动' });
    const phases = (await t.client(t.admin).get(`/v1/campaigns/${res.json().id}/phases`)).json().items;
    expect(phases.map((p: { number: number; name: string }) => [p.number, p.name])).toEqual([[1, '一'], [2, '二']]);
  });

  test('when hand-made phases overlap, then 422 RULE_VIOLATION and nothing is written', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', {
      year: 2030,
      title: '试点活动',
      startsOn: '2030-01-01',
      endsOn: '2030-12-31',
      phases: [
        { name: '一', startsOn: '2030-01-01', endsOn: '2030-06-30' },
        { name: '二', startsOn: '2030-06-01', endsOn: '2030-12-31' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', errors: [{ pointer: '/phases/1', code: 'PHASE_WINDOW' }] });
    expect(countOf('campaigns')).toBe(0);
  });

  test('when a hand-made campaign lacks its title, then 400', async () => {
    const res = await t.client(t.admin).post('/v1/campaigns', { year: 2030, startsOn: '2030-01-01', endsOn: '2030-12-31' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/title');
  });

  test('when a unit_editor creates a campaign, then 403 and nothing is written', async () => {
    const res = await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).post('/v1/campaigns', { template: 'work-style-efficiency', year: 2027 });
    expect(res.statusCode).toBe(403);
    expect(countOf('campaigns')).toBe(0);
  });

  test('when the request has no key, then 401 with WWW-Authenticate', async () => {
    const res = await t.client().get('/v1/campaigns');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  test('when a status is sent in a PATCH, then 400 read-only', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const res = await t.client(t.admin).patch(`/v1/campaigns/${c.id}`, { status: 'running' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].detail).toContain('read-only');
  });

  test('when a campaign is PATCHed without If-Match, then 428; with a stale one, 412; with the current one, 200', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const admin = t.client(t.admin);
    expect((await admin.patch(`/v1/campaigns/${c.id}`, { title: '新标题' })).statusCode).toBe(428);
    expect((await admin.patch(`/v1/campaigns/${c.id}`, { title: '新标题' }, { 'if-match': '"7"' })).statusCode).toBe(412);
    const ok = await admin.patch(`/v1/campaigns/${c.id}`, { title: '新标题' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ title: '新标题', version: 2 });
    expect(eventsOf(t.app, c.id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a campaign would end before its last phase, then 422 and it is unchanged', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const res = await t.client(t.admin).patch(`/v1/campaigns/${c.id}`, { endsOn: '2027-12-31' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(422);
    expect((await t.client(t.admin).get(`/v1/campaigns/${c.id}`)).json().endsOn).toBe('2028-02-29');
  });

  test('when a campaign is started, then running; starting again is 409; closing makes it closed', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const admin = t.client(t.admin);
    const started = await admin.post(`/v1/campaigns/${c.id}:start`);
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('running');
    const again = await admin.post(`/v1/campaigns/${c.id}:start`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_STATE_TRANSITION');
    const closed = await admin.post(`/v1/campaigns/${c.id}:close`);
    expect(closed.json().status).toBe('closed');
    expect(eventsOf(t.app, c.id).map((e) => e.action)).toEqual(['create', 'start', 'close']);
    const patch = await admin.patch(`/v1/campaigns/${c.id}`, { title: 'x' }, { 'if-match': closed.headers.etag as string });
    expect(patch.statusCode).toBe(409);
  });

  test('when an action is sent with a stale If-Match, then 412 and nothing changes', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const res = await t.client(t.admin).post(`/v1/campaigns/${c.id}:start`, {}, { 'if-match': '"9"' });
    expect(res.statusCode).toBe(412);
    expect((await t.client(t.admin).get(`/v1/campaigns/${c.id}`)).json().status).toBe('draft');
  });

  test('when a campaign with an active phase is closed, then 409', async () => {
    const c = await planCampaign(t, 2027, { startPhases: 1 });
    const res = await t.client(t.admin).post(`/v1/campaigns/${c.id}:close`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INVALID_STATE_TRANSITION');
  });

  test('when campaigns are listed by year and by status, then only matching ones come back, paginated', async () => {
    await planCampaign(t, 2026, { start: false });
    await planCampaign(t, 2027);
    await planCampaign(t, 2028, { start: false });
    const reader = t.client(t.key(['reader'], t.unit.gx));
    expect((await reader.get('/v1/campaigns?year=2027')).json().items.map((c: { year: number }) => c.year)).toEqual([2027]);
    expect((await reader.get('/v1/campaigns?status=draft&orderBy=year%20desc')).json().items.map((c: { year: number }) => c.year)).toEqual([2028, 2026]);
    const p1 = (await reader.get('/v1/campaigns?orderBy=year&pageSize=2')).json();
    expect(p1.items.map((c: { year: number }) => c.year)).toEqual([2026, 2027]);
    const p2 = (await reader.get(`/v1/campaigns?orderBy=year&pageSize=2&pageToken=${p1.nextPageToken}`)).json();
    expect(p2.items.map((c: { year: number }) => c.year)).toEqual([2028]);
    expect(p2.nextPageToken).toBeUndefined();
    expect((await reader.get(`/v1/campaigns?orderBy=year%20desc&pageToken=${p1.nextPageToken}`)).statusCode).toBe(400);
    expect((await reader.get('/v1/campaigns?colour=red')).statusCode).toBe(400);
  });

  test('when a campaign does not exist, then 404', async () => {
    const res = await t.client(t.admin).get('/v1/campaigns/01900000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await t.client(t.admin).post('/v1/campaigns/01900000-0000-7000-8000-000000000000:start')).statusCode).toBe(404);
  });

  test('when a campaign is read again with If-None-Match, then 304', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const first = await t.client(t.admin).get(`/v1/campaigns/${c.id}`);
    expect((await t.client(t.admin).get(`/v1/campaigns/${c.id}`, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('phases', () => {
  test('when phase 3 is started while phase 2 is active, then 409 INVALID_STATE_TRANSITION and nothing changes', async () => {
    const c = await planCampaign(t, 2027, { startPhases: 2 });
    const before = t.app.deps.sqlite.prepare('SELECT number, status, version, started_at FROM phases ORDER BY number').all();
    const eventsBefore = countOf('events');
    const res = await t.client(t.admin).post(`/v1/phases/${c.phases[2].id}:start`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect(res.json().detail).toContain('phase 2 is active');
    expect(t.app.deps.sqlite.prepare('SELECT number, status, version, started_at FROM phases ORDER BY number').all()).toEqual(before);
    expect(countOf('events')).toBe(eventsBefore);
  });

  test('when phases are started and completed in order, then startedAt and completedAt are recorded from the clock', async () => {
    const c = await planCampaign(t, 2027);
    const admin = t.client(t.admin);
    t.clock.set('2027-02-21T01:00:00Z');
    const started = await admin.post(`/v1/phases/${c.phases[0].id}:start`);
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'active', startedAt: '2027-02-21T01:00:00.000Z', completedAt: null });
    t.clock.set('2027-03-10T09:00:00Z');
    const done = await admin.post(`/v1/phases/${c.phases[0].id}:complete`, {}, { 'if-match': started.headers.etag as string });
    expect(done.json()).toMatchObject({ status: 'completed', completedAt: '2027-03-10T09:00:00.000Z' });
    expect((await admin.post(`/v1/phases/${c.phases[1].id}:start`)).json().status).toBe('active');
    expect(eventsOf(t.app, c.phases[0].id).map((e) => e.action)).toEqual(['create', 'start', 'complete']);
  });

  test('when phase 2 is started before phase 1 is completed, then 409', async () => {
    const c = await planCampaign(t, 2027);
    const res = await t.client(t.admin).post(`/v1/phases/${c.phases[1].id}:start`);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('needs phase 1 completed');
  });

  test('when a phase of a draft campaign is started, then 409 (the campaign must be running)', async () => {
    const c = await planCampaign(t, 2027, { start: false });
    const res = await t.client(t.admin).post(`/v1/phases/${c.phases[0].id}:start`);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('draft');
  });

  test('when an action is sent without a body, then it runs; with an unknown field, then 400', async () => {
    const c = await planCampaign(t, 2027);
    const bare = await t.app.inject({ method: 'POST', url: `/v1/phases/${c.phases[0].id}:start`, headers: { authorization: `Bearer ${t.admin}` } });
    expect(bare.statusCode).toBe(200);
    expect((await t.client(t.admin).post(`/v1/phases/${c.phases[0].id}:complete`, { force: true })).statusCode).toBe(400);
  });

  test('when a pending phase is completed, then 409', async () => {
    const c = await planCampaign(t, 2027);
    expect((await t.client(t.admin).post(`/v1/phases/${c.phases[0].id}:complete`)).statusCode).toBe(409);
  });

  test('when a unit_editor starts a phase, then 403', async () => {
    const c = await planCampaign(t, 2027);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).post(`/v1/phases/${c.phases[0].id}:start`)).statusCode).toBe(403);
  });

  test('when an admin renames phase 4 and sets its tasks, then the phase changes and the change is audited', async () => {
    const c = await planCampaign(t, 2027);
    const res = await t.client(t.admin).patch(`/v1/phases/${c.phases[3].id}`, { name: '总结验收阶段', keyTasks: ['全面总结', '检查验收'] }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '总结验收阶段', keyTasks: ['全面总结', '检查验收'], version: 2 });
    expect(eventsOf(t.app, c.phases[3].id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a phase window would overlap the next phase, then 422 and it is unchanged', async () => {
    const c = await planCampaign(t, 2027);
    const res = await t.client(t.admin).patch(`/v1/phases/${c.phases[0].id}`, { endsOn: '2027-03-15' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RULE_VIOLATION');
    expect((await t.client(t.admin).get(`/v1/phases/${c.phases[0].id}`)).json().endsOn).toBe('2027-03-10');
  });

  test('when a phase window would leave the campaign, then 422', async () => {
    const c = await planCampaign(t, 2027);
    const res = await t.client(t.admin).patch(`/v1/phases/${c.phases[0].id}`, { startsOn: '2027-02-01' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(422);
  });

  test('when a phase is PATCHed without If-Match, then 428; by a reader, 403', async () => {
    const c = await planCampaign(t, 2027);
    expect((await t.client(t.admin).patch(`/v1/phases/${c.phases[0].id}`, { name: 'x' })).statusCode).toBe(428);
    expect((await t.client(t.key(['reader'], t.unit.gx)).patch(`/v1/phases/${c.phases[0].id}`, { name: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(403);
  });

  test('when a phase date is not a real date, then 400', async () => {
    const c = await planCampaign(t, 2027);
    const res = await t.client(t.admin).patch(`/v1/phases/${c.phases[0].id}`, { endsOn: '2027-02-30' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(400);
  });

  test('when any key reads the phases, then it gets them; an unknown phase is 404', async () => {
    const c = await planCampaign(t, 2027);
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-450100']));
    expect((await editor.get(`/v1/campaigns/${c.id}/phases?pageSize=2`)).json().items).toHaveLength(2);
    expect((await editor.get(`/v1/phases/${c.phases[0].id}`)).json().number).toBe(1);
    expect((await editor.get('/v1/phases/01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await editor.get('/v1/campaigns/01900000-0000-7000-8000-000000000000/phases')).statusCode).toBe(404);
  });
});

describe('seeding', () => {
  test('when an empty database is seeded for CAMPAIGN_YEAR 2028, then the plan campaign exists with four phases (draft)', async () => {
    const s = await makeApp({ seedUnits: false, config: { SEED: 'default', CAMPAIGN_YEAR: 2028 } });
    try {
      expect(seedIfEmpty(s.app.deps)).toBe(true);
      const rows = s.app.deps.sqlite.prepare("SELECT id, year, template, status, ends_on AS endsOn FROM campaigns").all() as Array<{ id: string; year: number; template: string; status: string; endsOn: string }>;
      expect(rows).toEqual([{ id: expect.any(String), year: 2028, template: 'work-style-efficiency', status: 'draft', endsOn: '2029-02-28' }]);
      const region = s.app.deps.sqlite.prepare("SELECT c.region_unit_id AS r, u.external_id AS e FROM campaigns c JOIN units u ON u.id = c.region_unit_id").get();
      expect(region).toMatchObject({ e: 'gx' });
      expect((s.app.deps.sqlite.prepare('SELECT count(*) n FROM phases WHERE campaign_id = ?').get(rows[0].id) as { n: number }).n).toBe(4);
      expect(seedIfEmpty(s.app.deps)).toBe(false);
    } finally {
      await s.close();
    }
  });

  test('when SEED=none, then no campaign is created', async () => {
    const s = await makeApp({ seedUnits: false, config: { SEED: 'none', CAMPAIGN_YEAR: 2028 } });
    try {
      seedIfEmpty(s.app.deps);
      expect((s.app.deps.sqlite.prepare('SELECT count(*) n FROM campaigns').get() as { n: number }).n).toBe(0);
    } finally {
      await s.close();
    }
  });
});
