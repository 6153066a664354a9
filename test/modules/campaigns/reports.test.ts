import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { expectNoFullScan } from '../../helpers/query-plan.js';
import { createCampaignRepository } from '../../../src/modules/campaigns/repository.js';
import { planCampaign, report, type PlanCampaign } from './setup.js';

let t: TestContext;
let c: PlanCampaign;
beforeEach(async () => {
  t = await makeApp({ now: '2027-03-01T02:00:00Z' });
  c = await planCampaign(t, 2027, { startPhases: 1 });
});
afterEach(() => t.close());

const countOf = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
const cities = () => Object.keys(t.unit).filter((k) => /^gx-45\d{4}$/.test(k)).sort();
const phase1 = () => c.phases[0].id;

describe('phase reports', () => {
  test('when a unit reports on a phase, then 201 with Location and ETag; a second PUT replaces it with 200', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const url = `/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`;
    const first = await editor.put(url, report);
    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe(url);
    expect(first.headers.etag).toBe('"1"');
    expect(first.json()).toMatchObject({ ...report, unitId: t.unit['gx-fzb'], unitName: '自治区法制办', campaignId: c.id, reportedAt: '2027-03-01T02:00:00.000Z', late: false, problemsFound: null, version: 1 });
    t.clock.set('2027-03-05T02:00:00Z');
    const second = await editor.put(url, { ...report, meetingsHeld: 5 }, { 'if-match': '"1"' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ meetingsHeld: 5, version: 2, reportedAt: '2027-03-01T02:00:00.000Z', updatedAt: '2027-03-05T02:00:00.000Z' });
    expect(eventsOf(t.app, first.json().id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a replace carries a stale If-Match, then 412 and the report is unchanged', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const url = `/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`;
    await editor.put(url, report);
    await editor.put(url, { ...report, meetingsHeld: 4 });
    const res = await editor.put(url, { ...report, meetingsHeld: 9 }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(412);
    expect((await editor.get(url)).json().meetingsHeld).toBe(4);
  });

  test('when a unit_editor writes another unit’s report, then 404 and nothing is written; its own succeeds and appears in the change feed', async () => {
    const editor = t.client(t.key(['unit_editor'], t.unit['gx-fzb']));
    const eventsBefore = countOf('events');
    const other = await editor.put(`/v1/phases/${phase1()}/reports/${t.unit['gx-czt']}`, report);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
    expect(countOf('phase_reports')).toBe(0);
    expect(countOf('events')).toBe(eventsBefore);

    const own = await editor.put(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`, report);
    expect(own.statusCode).toBe(201);
    const feed = await t.client(t.admin).get('/v1/events?entity=phase_report');
    expect(feed.json().items).toEqual([expect.objectContaining({ entity: 'phase_report', entityId: own.json().id, action: 'create', unitId: t.unit['gx-fzb'] })]);
  });

  test('when an admin reports for a unit, then it is accepted', async () => {
    const res = await t.client(t.admin).put(`/v1/phases/${phase1()}/reports/${t.unit['gx-450100']}`, report);
    expect(res.statusCode).toBe(201);
  });

  test('when a reader PUTs a report, then 403', async () => {
    const res = await t.client(t.key(['reader'], t.unit['gx-fzb'])).put(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`, report);
    expect(res.statusCode).toBe(403);
  });

  test('when a unit reports after the phase window closed, then late is true', async () => {
    t.clock.set('2027-03-10T16:00:00Z'); // 2027-03-11 00:00 in Asia/Shanghai
    const res = await t.client(t.admin).put(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`, report);
    expect(res.json()).toMatchObject({ late: true, reportedAt: '2027-03-10T16:00:00.000Z' });
  });

  test('when a unit reports on the last second of the window’s last day (Asia/Shanghai), then it is not late', async () => {
    t.clock.set('2027-03-10T15:59:59Z');
    const res = await t.client(t.admin).put(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`, report);
    expect(res.json().late).toBe(false);
  });

  test('when a unit reports on a phase that has not started, then 409 and nothing is written', async () => {
    const res = await t.client(t.admin).put(`/v1/phases/${c.phases[1].id}/reports/${t.unit['gx-fzb']}`, report);
    expect(res.statusCode).toBe(409);
    expect(countOf('phase_reports')).toBe(0);
  });

  test('when the report is too long or has an unknown field or a bad attachment url, then 400', async () => {
    const admin = t.client(t.admin);
    const url = `/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`;
    expect((await admin.put(url, { ...report, summary: 'x'.repeat(4001) })).json().errors[0].pointer).toBe('/summary');
    expect((await admin.put(url, { ...report, mood: 'good' })).json().errors[0].pointer).toBe('/mood');
    expect((await admin.put(url, { ...report, attachments: [{ title: 'a', url: 'ftp://x' }] })).statusCode).toBe(400);
    expect((await admin.put(url, { ...report, meetingsHeld: -1 })).statusCode).toBe(400);
    expect(countOf('phase_reports')).toBe(0);
  });

  test('when the phase or the unit does not exist, then 404', async () => {
    const admin = t.client(t.admin);
    expect((await admin.put(`/v1/phases/01900000-0000-7000-8000-000000000000/reports/${t.unit['gx-fzb']}`, report)).statusCode).toBe(404);
    expect((await admin.put(`/v1/phases/${phase1()}/reports/01900000-0000-7000-8000-000000000000`, report)).statusCode).toBe(404);
  });

  test('when the campaign is closed, then reports are refused with 409', async () => {
    const admin = t.client(t.admin);
    await admin.post(`/v1/phases/${phase1()}:complete`);
    await admin.post(`/v1/campaigns/${c.id}:close`);
    expect((await admin.put(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`, report)).statusCode).toBe(409);
  });

  test('when reports are listed, then seesAll keys see all, filtered by level and parent; a unit key sees only its own', async () => {
    const admin = t.client(t.admin);
    for (const u of ['gx-fzb', 'gx-450100', 'gx-450200']) await admin.put(`/v1/phases/${phase1()}/reports/${t.unit[u]}`, report);
    const reader = t.client(t.key(['inspector'], t.unit.gx));
    const all = (await reader.get(`/v1/phases/${phase1()}/reports`)).json().items;
    expect(all).toHaveLength(3);
    const byLevel = (await reader.get(`/v1/phases/${phase1()}/reports?level=city`)).json().items;
    expect(byLevel.map((r: { unitId: string }) => r.unitId).sort()).toEqual([t.unit['gx-450100'], t.unit['gx-450200']].sort());
    expect((await reader.get(`/v1/phases/${phase1()}/reports?parentId=${t.unit.gx}&late=false`)).json().items).toHaveLength(3);
    expect((await reader.get(`/v1/phases/${phase1()}/reports?late=true`)).json().items).toHaveLength(0);
    const p1 = (await reader.get(`/v1/phases/${phase1()}/reports?pageSize=2`)).json();
    const p2 = (await reader.get(`/v1/phases/${phase1()}/reports?pageSize=2&pageToken=${p1.nextPageToken}`)).json();
    expect([...p1.items, ...p2.items].map((r: { id: string }) => r.id)).toEqual(all.map((r: { id: string }) => r.id));

    const own = t.client(t.key(['unit_editor'], t.unit['gx-450100']));
    const mine = (await own.get(`/v1/phases/${phase1()}/reports`)).json().items;
    expect(mine.map((r: { unitId: string }) => r.unitId)).toEqual([t.unit['gx-450100']]);
    expect((await own.get(`/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`)).statusCode).toBe(404);
    expect((await own.get(`/v1/phases/${phase1()}/reports/${t.unit['gx-450100']}`)).statusCode).toBe(200);
  });

  test('when a report is read again with If-None-Match, then 304', async () => {
    const url = `/v1/phases/${phase1()}/reports/${t.unit['gx-fzb']}`;
    const put = await t.client(t.admin).put(url, report);
    expect((await t.client(t.admin).get(url, { 'if-none-match': put.headers.etag as string })).statusCode).toBe(304);
  });

  test('when reports are listed with an unknown parameter, then 400', async () => {
    expect((await t.client(t.admin).get(`/v1/phases/${phase1()}/reports?colour=red`)).statusCode).toBe(400);
  });
});

describe('compliance', () => {
  test('when 3 of the 14 cities reported, then compliance for level=city lists the other 11 by name in one response', async () => {
    const all = cities();
    expect(all).toHaveLength(14);
    const reportedUnits = all.slice(0, 3);
    for (const [i, u] of reportedUnits.entries()) {
      if (i === 2) t.clock.set('2027-03-12T02:00:00Z'); // after the window (ends 2027-03-10): late
      const r = await t.client(t.key(['unit_editor'], t.unit[u])).put(`/v1/phases/${phase1()}/reports/${t.unit[u]}`, report);
      expect(r.statusCode).toBe(201);
    }
    const res = await t.client(t.key(['inspector'], t.unit.gx)).get(`/v1/phases/${phase1()}/compliance?level=city`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ phaseId: phase1(), phaseNumber: 1, windowEndsOn: '2027-03-10', level: 'city', expectedCount: 14, reportedCount: 3, lateCount: 1, missingCount: 11 });
    expect(body.missing).toHaveLength(11);
    const names = t.app.deps.sqlite.prepare("SELECT id, name FROM units WHERE level = 'city'").all() as Array<{ id: string; name: string }>;
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    const missingIds = all.slice(3).map((u) => t.unit[u]);
    expect(body.missing.map((m: { unitId: string }) => m.unitId).sort()).toEqual(missingIds.sort());
    for (const m of body.missing) expect(m.unitName).toBe(nameOf.get(m.unitId));
    expect(body.missing.map((m: { unitName: string }) => m.unitName)).toContain('北海市');
    expect(body.reported.map((r: { unitId: string; late: boolean }) => [r.unitId, r.late]).sort()).toEqual(
      [[t.unit[all[0]], false], [t.unit[all[1]], false], [t.unit[all[2]], true]].sort(),
    );
  });

  test('when compliance is asked for level=region, then the region departments are expected but not the region itself', async () => {
    const body = (await t.client(t.admin).get(`/v1/phases/${phase1()}/compliance?level=region`)).json();
    expect(body.expectedCount).toBe(10);
    expect(body.missing.map((m: { unitId: string }) => m.unitId)).not.toContain(t.unit.gx);
  });

  test('when compliance is asked with a parentId, then only that unit’s children are expected', async () => {
    const body = (await t.client(t.admin).get(`/v1/phases/${phase1()}/compliance?parentId=${t.unit['gx-450100']}`)).json();
    expect(body).toMatchObject({ expectedCount: 0, missing: [], parentId: t.unit['gx-450100'] });
  });

  test('when a unit_editor asks for compliance, then 403', async () => {
    const res = await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).get(`/v1/phases/${phase1()}/compliance?level=city`);
    expect(res.statusCode).toBe(403);
  });

  test('when compliance is asked for an unknown phase or with a bad level, then 404 / 400', async () => {
    expect((await t.client(t.admin).get('/v1/phases/01900000-0000-7000-8000-000000000000/compliance')).statusCode).toBe(404);
    expect((await t.client(t.admin).get(`/v1/phases/${phase1()}/compliance?level=province`)).statusCode).toBe(400);
  });
});

describe('query plans', () => {
  test('when reports are listed by phase with each filter and order, then no full scan of phase_reports', () => {
    const repo = createCampaignRepository(t.app.deps.db);
    const id = phase1();
    for (const filter of [{}, { level: 'city' }, { parentId: t.unit.gx }, { late: true }, { unitId: t.unit.gx }]) {
      for (const desc of [false, true]) {
        expectNoFullScan(t.app.deps.sqlite, repo.listReportsQuery(id, filter, { desc }, ['2027-03-01T00:00:00.000Z', id], 50), ['phase_reports']);
      }
    }
  });

  test('when compliance is computed, then phase_reports is searched by index', () => {
    const repo = createCampaignRepository(t.app.deps.db);
    expectNoFullScan(t.app.deps.sqlite, repo.complianceQuery(phase1(), { level: 'city', excludeUnitId: t.unit.gx }, 5001), ['phase_reports', 'units']);
    expectNoFullScan(t.app.deps.sqlite, repo.complianceQuery(phase1(), { parentId: t.unit.gx, excludeUnitId: t.unit.gx }, 5001), ['phase_reports', 'units']);
  });
});
