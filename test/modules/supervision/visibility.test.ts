// 明察暗访 means unannounced: a planned or running unannounced inspection does not exist for the inspected unit's keys,
// nor for readers, on any route or in the change feed, until it concludes (tested like BOLA); admin and inspector see it.
import { describe, expect, test } from '@jest/globals';
import { type Client, type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

/** Every route that could tell an agency key about the inspection or its finding, and what "does not exist" looks like there. */
async function expectInvisible(c: Client, inspectionId: string, findingId: string, unitId: string, editor: boolean) {
  const ids = (r: { json(): { items: Array<{ id: string }> } }) => r.json().items.map((x) => x.id);
  expect(ids(await c.get('/v1/inspections'))).not.toContain(inspectionId);
  expect(ids(await c.get(`/v1/inspections?unitId=${unitId}&kind=unannounced`))).toEqual([]);
  expect((await c.get(`/v1/inspections/${inspectionId}`)).statusCode).toBe(404);
  expect((await c.get(`/v1/inspections/${inspectionId}`, { 'if-none-match': '"1"' })).statusCode).toBe(404);
  expect((await c.get(`/v1/inspections/${inspectionId}/findings`)).statusCode).toBe(404);
  expect((await c.get('/v1/inspections/stats')).json()).toEqual({ groups: [], total: 0 });
  expect(ids(await c.get('/v1/findings'))).toEqual([]);
  expect(ids(await c.get(`/v1/findings?inspectionId=${inspectionId}`))).toEqual([]);
  expect((await c.get(`/v1/findings/${findingId}`)).statusCode).toBe(404);
  const exported = await c.get('/v1/findings:export?format=csv');
  expect(exported.statusCode).toBe(200);
  expect(exported.body).not.toContain(inspectionId);
  if (editor) {
    const missing = await c.post(`/v1/findings/${findingId}:respond`, { correction: '已纠正' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe(`Finding ${findingId} does not exist`);
  }
  // The same answer as for an id that never existed.
  const never = '01900000-0000-7000-8000-000000000000';
  expect((await c.get(`/v1/inspections/${never}`)).json().detail).toBe(`Inspection ${never} does not exist`);
  expect((await c.get(`/v1/inspections/${inspectionId}`)).json().detail).toBe(`Inspection ${inspectionId} does not exist`);
}

describe('an unannounced inspection before its conclusion', () => {
  test('does not exist for the inspected unit’s editor and reader keys, nor for another unit’s reader, on any route or in the feed; it appears with the conclusion', async () => {
    const inspection = await s.inspection('unannounced');
    const finding = await s.finding(inspection.id, { rating: 'insufficient', dueOn: '2027-03-31' });
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    const reader = t.client(t.key(['reader'], s.nanning));
    const otherReader = t.client(t.key(['reader'], s.liuzhou));
    for (const [c, isEditor] of [[editor, true], [reader, false], [otherReader, false]] as const) await expectInvisible(c, inspection.id, finding.id, s.nanning, isEditor);
    for (const c of [reader, otherReader]) {
      const feed = (await c.get('/v1/events?pageSize=500')).json().items as Array<{ entity: string; entityId: string }>;
      expect(feed.filter((e) => e.entity === 'inspection' || e.entity === 'inspection_finding')).toEqual([]);
      expect((await c.get(`/v1/events?entity=inspection_finding&entityId=${finding.id}`)).json().items).toEqual([]);
    }
    // Actions need a role the agency keys lack: the same 403 for a real and an unknown id.
    expect((await editor.post(`/v1/inspections/${inspection.id}:conclude`, { conclusion: 'x' })).statusCode).toBe(403);
    expect((await editor.post('/v1/inspections/01900000-0000-7000-8000-000000000000:conclude', { conclusion: 'x' })).statusCode).toBe(403);
    // Nothing to link publicity to or order on.
    expect((await s.admin.post('/v1/supervision-orders', { unitId: s.nanning, findingId: finding.id, title: '督办', requirement: '反馈', replyDueOn: '2027-03-10' })).statusCode).toBe(400);
    expect((await s.admin.post('/v1/publicity', { kind: 'exposed_case', title: 't', summary: 's', unitId: s.nanning, handling: 'h', accountability: [{ kind: '通报批评', decidedBy: '纪委', documentNumber: null, decidedOn: '2027-03-02' }], links: { inspectionIds: [inspection.id] } })).statusCode).toBe(400);

    // Admin and inspector see it.
    const insp = t.client(t.key(['inspector'], s.liuzhou));
    expect((await insp.get(`/v1/inspections/${inspection.id}`)).statusCode).toBe(200);
    expect((await insp.get('/v1/events?entity=inspection_finding')).json().items.map((e: { entityId: string }) => e.entityId)).toContain(finding.id);
    expect((await s.admin.get('/v1/inspections/stats')).json().total).toBe(1);

    await s.inspector.post(`/v1/inspections/${inspection.id}:conclude`, { conclusion: '结论' });
    expect((await editor.get(`/v1/inspections/${inspection.id}`)).json().conclusion).toBe('结论');
    expect((await editor.get('/v1/findings')).json().items.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([[finding.id, 'awaiting_response']]);
    expect((await editor.get('/v1/findings:export?format=csv')).body).toContain(inspection.id);
    expect((await reader.get('/v1/inspections/stats')).json().total).toBe(1);
    expect((await editor.post(`/v1/findings/${finding.id}:respond`, { correction: '已纠正' })).json().status).toBe('responded');
    const feed = (await reader.get('/v1/events?entity=inspection_finding')).json().items as Array<{ action: string }>;
    expect(feed.map((e) => e.action)).toEqual(['create', 'deliver', 'respond']);
    // A unit that was not inspected never sees it (object-level authorisation).
    const liuzhouEditor = t.client(t.key(['unit_editor'], s.liuzhou));
    expect((await liuzhouEditor.get(`/v1/inspections/${inspection.id}`)).statusCode).toBe(404);
    expect((await liuzhouEditor.get(`/v1/findings/${finding.id}`)).statusCode).toBe(404);
  });

  test('its formalism finding leaves the item as it is until the conclusion; an announced spot check sends it back at once', async () => {
    const secret = await s.inspection('unannounced');
    await s.finding(secret.id, { rating: 'formalism', dueOn: '2027-03-31', subjectKind: 'rectification_item', subjectId: s.item.id });
    expect((await s.admin.get(`/v1/rectification-items/${s.item.id}`)).json()).toMatchObject({ status: 'not_started', deadline: '2027-03-20' });
    const spot = await s.inspection('spot_check');
    const f = await s.finding(spot.id, { rating: 'formalism', dueOn: '2027-04-15', subjectKind: 'rectification_item', subjectId: s.item.id });
    expect(f.status).toBe('awaiting_response');
    expect((await s.admin.get(`/v1/rectification-items/${s.item.id}`)).json()).toMatchObject({ status: 'in_progress', deadline: '2027-04-15' });
    const editor = t.client(t.key(['unit_editor'], s.nanning));
    expect((await editor.get(`/v1/inspections/${spot.id}`)).statusCode).toBe(200);
  });
});
