// Done when (issue 15): an unannounced inspection finds formalism on a completed item. The unit cannot see the
// inspection before it concludes; on conclusion the item is back in progress with a redo deadline, the unit is told,
// the order and reminders run when it does not answer, the scorecard shows it, and the exposed case is published on
// the public route without personal data.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { planCampaign } from '../campaigns/setup.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp({ now: '2027-03-01T02:00:00Z' });
});
afterEach(async () => t.close());

describe('supervision end to end', () => {
  test('an unannounced inspection sends a completed item back; the unit sees nothing until the conclusion, then the order, reminders, scorecard and public exposure follow', async () => {
    const nanning = t.unit['gx-450100'];
    const admin = t.client(t.admin);
    const inspector = t.client(t.key(['inspector'], t.unit.gx));
    const unitEditor = t.client(t.key(['unit_editor'], nanning));
    const unitReader = t.client(t.key(['reader'], nanning));
    const parentEditor = t.client(t.key(['unit_editor'], t.unit.gx));
    const campaign = await planCampaign(t, 2027, { startPhases: 1 });

    // A completed item of 南宁市 (销号 on time).
    const item = (await admin.post('/v1/rectification-items', { campaignId: campaign.id, title: '压缩审批时限', leadUnitId: nanning, deadline: '2027-03-20' })).json();
    expect((await unitEditor.post(`/v1/rectification-items/${item.id}:start`)).statusCode).toBe(200);
    expect((await unitEditor.post(`/v1/rectification-items/${item.id}/progress`, { percent: 100, completedWork: '审批时限压缩至5个工作日' })).statusCode).toBe(201);
    expect((await unitEditor.post(`/v1/rectification-items/${item.id}:submit`, { actualResult: '审批时限压缩至5个工作日' })).statusCode).toBe(200);
    expect((await inspector.post(`/v1/rectification-items/${item.id}:accept`, {})).json()).toMatchObject({ status: 'completed', completedOnTime: true });

    // 明察暗访: planned, started, a formalism finding recorded.
    const created = await inspector.post('/v1/inspections', {
      campaignId: campaign.id, kind: 'unannounced', title: '整改落实情况明察暗访', inspectingBody: '自治区效能建设领导小组办公室', unitIds: [nanning],
      subjects: [{ kind: 'rectification_item', id: item.id, unitId: nanning }], team: ['王某', '李某'], plannedStartOn: '2027-03-02', plannedEndOn: '2027-03-04',
    });
    expect(created.statusCode).toBe(201);
    const inspection = created.json();
    expect((await inspector.post(`/v1/inspections/${inspection.id}:start`)).json().status).toBe('in_progress');
    const findingRes = await inspector.post(`/v1/inspections/${inspection.id}/findings`, {
      unitId: nanning, subjectKind: 'rectification_item', subjectId: item.id, rating: 'formalism', description: '台账材料补写，群众办事仍需多次跑腿', dueOn: '2027-03-31',
    });
    expect(findingRes.statusCode).toBe(201);
    const finding = findingRes.json();
    expect(finding).toMatchObject({ status: 'undelivered', deliveredAt: null });

    // Before the conclusion the inspection does not exist for the unit's keys.
    for (const c of [unitEditor, unitReader]) {
      expect((await c.get('/v1/inspections')).json().items).toEqual([]);
      expect((await c.get(`/v1/inspections/${inspection.id}`)).statusCode).toBe(404);
      expect((await c.get(`/v1/inspections/${inspection.id}/findings`)).statusCode).toBe(404);
      expect((await c.get('/v1/inspections/stats')).json().total).toBe(0);
      expect((await c.get('/v1/findings')).json().items).toEqual([]);
      expect((await c.get(`/v1/findings/${finding.id}`)).statusCode).toBe(404);
    }
    expect((await unitEditor.post(`/v1/findings/${finding.id}:respond`, { correction: '已整改' })).statusCode).toBe(404);
    const feedBefore = (await unitReader.get('/v1/events?pageSize=500')).json().items as Array<{ entityId: string; entity: string }>;
    expect(feedBefore.filter((e) => e.entityId === inspection.id || e.entityId === finding.id)).toEqual([]);
    expect((await unitEditor.get(`/v1/rectification-items/${item.id}`)).json().status).toBe('completed');
    expect((await unitEditor.get(`/v1/units/${nanning}/scorecard?campaignId=${campaign.id}`)).json()).toMatchObject({ findingsFormalism: 0, itemsSentBack: 0 });
    // The inspector sees it all.
    expect((await inspector.get(`/v1/inspections/${inspection.id}`)).statusCode).toBe(200);

    // Conclusion: delivered to the unit; the item is back in progress with the redo deadline (销号 undone with the reason).
    const concluded = await inspector.post(`/v1/inspections/${inspection.id}:conclude`, { conclusion: '南宁市压缩审批时限整改走过场，责令及时补课。' });
    expect(concluded.json()).toMatchObject({ status: 'concluded', conclusion: '南宁市压缩审批时限整改走过场，责令及时补课。' });
    expect((await unitEditor.get(`/v1/inspections/${inspection.id}`)).json().conclusion).toContain('及时补课');
    const back = (await unitEditor.get(`/v1/rectification-items/${item.id}`)).json();
    expect(back).toMatchObject({ status: 'in_progress', deadline: '2027-03-31', completedAt: null, completedOnTime: null });
    expect((await unitEditor.get(`/v1/findings/${finding.id}`)).json()).toMatchObject({ status: 'awaiting_response', rating: 'formalism' });
    const feedAfter = (await unitReader.get('/v1/events?pageSize=500')).json().items as Array<{ entityId: string; action: string; unitId: string; reason: string | null }>;
    expect(feedAfter.filter((e) => e.entityId === inspection.id).map((e) => e.action)).toEqual(['create', 'start', 'conclude', 'deliver_conclusion']);
    expect(feedAfter.find((e) => e.entityId === inspection.id && e.action === 'deliver_conclusion')!.unitId).toBe(nanning);
    const sendBack = feedAfter.find((e) => e.entityId === item.id && e.action === 'send_back')!;
    expect(sendBack.reason).toContain('走过场');

    // The office issues an order; the unit does not answer; reminders run on the injected clock.
    const order = (await admin.post('/v1/supervision-orders', { unitId: nanning, campaignId: campaign.id, findingId: finding.id, itemId: item.id, title: '督办：压缩审批时限补课', requirement: '3月5日前反馈补课方案', replyDueOn: '2027-03-05' })).json();
    expect((await admin.post('/v1/supervision-orders:remind')).json()).toMatchObject({ reminded: 0 });
    t.clock.set('2027-03-06T02:00:00Z');
    expect((await admin.post('/v1/supervision-orders:remind')).json()).toMatchObject({ asOf: '2027-03-06', reminded: 1, escalated: 0, orderIds: [order.id] });
    expect((await admin.post('/v1/supervision-orders:remind')).json().reminded).toBe(0);
    expect((await parentEditor.get(`/v1/supervision-orders/${order.id}`)).statusCode).toBe(404);
    t.clock.set('2027-03-09T02:00:00Z');
    expect((await admin.post('/v1/supervision-orders:remind')).json()).toMatchObject({ reminded: 1, escalated: 1 });
    const reminded = (await unitEditor.get(`/v1/supervision-orders/${order.id}`)).json();
    expect(reminded).toMatchObject({ reminderCount: 2, escalatedToUnitId: t.unit.gx, overdue: true, status: 'issued' });
    expect((await parentEditor.get(`/v1/supervision-orders/${order.id}`)).statusCode).toBe(200);
    expect((await unitEditor.get(`/v1/supervision-orders/${order.id}/reminders`)).json().items.map((r: { number: number; remindedOn: string }) => [r.number, r.remindedOn])).toEqual([[1, '2027-03-06'], [2, '2027-03-09']]);
    expect((await admin.get('/v1/supervision-orders?overdue=true')).json().items.map((o: { id: string }) => o.id)).toEqual([order.id]);

    // The exposed case: drafted, approved, published.
    const exposed = await inspector.post('/v1/publicity', {
      kind: 'exposed_case', campaignId: campaign.id, title: '南宁市某局整改走过场被通报', summary: '明察暗访发现压缩审批时限整改走过场。', unitId: nanning,
      personName: '张某', personPosition: '审批科科长', personContact: '13800138000', personIdNumber: '450102198001011234', internalNotes: '举报人：刘某',
      handling: '责令限期补课，对相关责任人进行问责。', accountability: [{ kind: '通报批评', decidedBy: '自治区纪委', documentNumber: '桂纪通〔2027〕5号', decidedOn: '2027-03-08' }],
      media: [{ name: '广西日报', publishedOn: '2027-03-09', url: null }], links: { findingIds: [finding.id], inspectionIds: [inspection.id], itemIds: [item.id] },
    });
    expect(exposed.statusCode).toBe(201);
    const record = exposed.json();
    expect((await admin.post(`/v1/publicity/${record.id}:approve`)).json().status).toBe('approved');
    expect((await admin.post(`/v1/publicity/${record.id}:publish`, { reason: '经领导小组审定公开曝光' })).json().status).toBe('published');

    // The scorecard shows it all.
    const card = (await unitEditor.get(`/v1/units/${nanning}/scorecard?campaignId=${campaign.id}`)).json();
    expect(card).toMatchObject({ itemsSentBack: 1, itemsCompletedOnTime: 0, findingsFormalism: 1, ordersReceived: 1, ordersUnansweredOverdue: 1, reminders: 2, exposures: 1, commendations: 0 });

    // Published without personal data.
    const pub = await t.client().get(`/v1/public/publicity?kind=exposed_case&unitId=${nanning}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['cache-control']).toBe('public, max-age=60');
    expect(pub.json().items).toEqual([
      expect.objectContaining({ id: record.id, title: '南宁市某局整改走过场被通报', unitName: '南宁市', personName: '张某', handling: '责令限期补课，对相关责任人进行问责。' }),
    ]);
    for (const secret of ['13800138000', '450102198001011234', '举报人', 'personContact', 'personIdNumber', 'internalNotes', finding.id]) expect(pub.body).not.toContain(secret);
    expect((await t.client().get('/v1/public/publicity', { 'if-none-match': pub.headers.etag as string })).statusCode).toBe(304);
  });
});
