// Findings: the four ratings and their consequences, the unit's answer, the inspector's verification, overdue answers.
import { describe, expect, test } from '@jest/globals';
import { eventsOf, type TestContext } from '../../helpers/app.js';
import { report } from '../campaigns/setup.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const countOf = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('recording findings', () => {
  test('a formalism finding on a phase report marks it for redo: compliance counts it missing until the unit refiles', async () => {
    const phase = s.campaign.phases[0].id;
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    const filed = (await editor.put(`/v1/phases/${phase}/reports/${s.nanning}`, report)).json();
    const compliance = async () => (await s.inspector.get(`/v1/phases/${phase}/compliance?level=city`)).json();
    expect((await compliance()).missing.map((m: { unitId: string }) => m.unitId)).not.toContain(s.nanning);
    const spot = await s.inspection('spot_check');
    await s.finding(spot.id, { rating: 'formalism', dueOn: '2027-03-15', subjectKind: 'phase_report', subjectId: filed.id, description: '报告照抄上级文件' });
    const sentBack = (await editor.get(`/v1/phases/${phase}/reports/${s.nanning}`)).json();
    expect(sentBack.redoRequired).toBe(true);
    expect((await compliance()).missing.map((m: { unitId: string }) => m.unitId)).toContain(s.nanning);
    expect(eventsOf(t.app, filed.id).map((e) => e.action)).toEqual(['create', 'send_back']);
    const refiled = await editor.put(`/v1/phases/${phase}/reports/${s.nanning}`, { ...report, summary: '重新组织学习讨论，补课到位。' });
    expect(refiled.json().redoRequired).toBe(false);
    expect((await compliance()).missing.map((m: { unitId: string }) => m.unitId)).not.toContain(s.nanning);
  });

  test('422 and nothing written when the unit is not inspected, the subject is another unit’s, or a deadline is missing; 409 before the inspection starts', async () => {
    const spot = await s.inspection('spot_check');
    const other = (await s.admin.post('/v1/rectification-items', { campaignId: s.campaign.id, title: '别的', leadUnitId: s.liuzhou, deadline: '2027-05-01' })).json();
    const bad = [
      [{ unitId: s.liuzhou, rating: 'good', description: 'x' }, '/unitId'],
      [{ unitId: s.nanning, rating: 'deficient', description: 'x', dueOn: '2027-04-01', subjectKind: 'rectification_item', subjectId: other.id }, '/subjectId'],
      [{ unitId: s.nanning, rating: 'insufficient', description: 'x' }, '/dueOn'],
    ] as const;
    for (const [body, pointer] of bad) {
      const res = await s.inspector.post(`/v1/inspections/${spot.id}/findings`, body);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', errors: [expect.objectContaining({ pointer })] });
    }
    expect((await s.inspector.post(`/v1/inspections/${spot.id}/findings`, { unitId: s.nanning, rating: 'good', description: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await s.inspector.post(`/v1/inspections/${spot.id}/findings`, { unitId: s.nanning, rating: 'good', description: 'x', dueOn: '2027-02-30' })).statusCode).toBe(400);
    const planned = await s.inspection('organised', [s.nanning], false);
    expect((await s.inspector.post(`/v1/inspections/${planned.id}/findings`, { unitId: s.nanning, rating: 'good', description: 'x' })).json().code).toBe('INVALID_STATE_TRANSITION');
    expect(countOf('inspection_findings')).toBe(0);
    expect((await t.client(t.key(['unit_editor'], s.nanning)).post(`/v1/inspections/${spot.id}/findings`, { unitId: s.nanning, rating: 'good', description: 'x' })).statusCode).toBe(403);
  });
});

describe('the unit’s answer and the inspector’s check', () => {
  test('deficient needs the cause and the remedy; the inspector rejects, the unit answers again after the deadline (respondedLate keeps the first answer’s timing), the inspector verifies', async () => {
    const spot = await s.inspection('spot_check');
    const f = await s.finding(spot.id, { rating: 'deficient', dueOn: '2027-03-10' });
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    const missing = await editor.post(`/v1/findings/${f.id}:respond`, { correction: '已纠正' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/causeAnalysis', '/remedy']);
    expect((await t.client(t.key(['unit_editor'], s.liuzhou)).post(`/v1/findings/${f.id}:respond`, { causeAnalysis: 'a', remedy: 'b' })).statusCode).toBe(404);
    const answered = await editor.post(`/v1/findings/${f.id}:respond`, { causeAnalysis: '制度不健全', remedy: '建立首问负责制' }, { 'if-match': `"${f.version}"` });
    expect(answered.json()).toMatchObject({ status: 'responded', respondedLate: false, causeAnalysis: '制度不健全' });
    expect((await editor.post(`/v1/findings/${f.id}:verify`)).statusCode).toBe(403);
    expect((await s.inspector.post(`/v1/findings/${f.id}:reject`, { reason: '措施不具体' }, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await s.inspector.post(`/v1/findings/${f.id}:reject`, { reason: '措施不具体' })).json()).toMatchObject({ status: 'awaiting_response', rejectionReason: '措施不具体' });
    t.clock.set('2027-03-12T02:00:00Z');
    expect((await s.admin.get('/v1/findings?overdue=true')).json().items.map((x: { id: string }) => x.id)).toEqual([f.id]);
    expect((await editor.get(`/v1/findings/${f.id}`)).json().overdue).toBe(true);
    await editor.post(`/v1/findings/${f.id}:respond`, { causeAnalysis: '制度不健全', remedy: '建立首问负责制并公示' });
    expect((await s.admin.get('/v1/findings?overdue=true')).json().items).toEqual([]);
    expect((await s.inspector.post(`/v1/findings/${f.id}:verify`)).json()).toMatchObject({ status: 'verified', respondedLate: false });
    expect(eventsOf(t.app, f.id).map((e) => e.action)).toEqual(['create', 'deliver', 'respond', 'reject', 'respond', 'verify']);
    expect((await s.inspector.post(`/v1/findings/${f.id}:verify`)).statusCode).toBe(409);
  });

  test('a good finding needs no answer; findings page by keyset without repeats', async () => {
    const spot = await s.inspection('spot_check');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.finding(spot.id, { rating: 'good', description: `好做法${i}` })).id);
    expect((await t.client(t.key(['unit_editor'], s.nanning)).post(`/v1/findings/${ids[0]}:respond`, { correction: 'x' })).json().code).toBe('INVALID_STATE_TRANSITION');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await s.admin.get(`/v1/inspections/${spot.id}/findings?pageSize=2${token ? `&pageToken=${token}` : ''}`)).json();
      seen.push(...page.items.map((x: { id: string; status: string }) => x.id));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual(ids);
  });
});
