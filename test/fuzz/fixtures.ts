// One object of every kind for agency A (and B's own objects, for body references), created through the API on one
// app: the fuzz and BOLA suites point their path parameters and id fields at these.
import { makeApp, type Response, type TestContext } from '../helpers/app.js';

/** Agency A (自治区民政厅) owns the objects; agency B (南宁市) is the outsider. */
export const AGENCY_A = 'gx-mzt';
export const AGENCY_B = 'gx-450100';

export interface Owned {
  problem: string;
  rectItem: string;
  progress: string;
  commitment: string;
  approvalItem: string;
  approvalReview: string;
  /** An approval item without a review. */
  approvalItemSpare: string;
  feeItem: string;
  feeReview: string;
}

export interface World {
  t: TestContext;
  campaignId: string;
  phaseId: string;
  A: string;
  B: string;
  keys: { admin: string; editorA: string; editorB: string; staff: string; legal: string; finance: string; price: string; exec: string };
  a: Owned & { apiKey: string; approvalItem2: string };
  b: Owned;
  batchId: string;
  announcementId: string;
  feeDecisionId: string;
  catalogueVersion: number;
  /** A signed page token issued for GET /v1/units?pageSize=1. */
  pageToken: string;
  /** Supervision of agency A: an inspection in progress, a finding on A in it, an order to A, a publicity record about A. */
  inspectionId: string;
  findingId: string;
  orderId: string;
  publicityId: string;
  /** A webhook subscription of agency A (to a closed local port: nothing ever leaves the machine) and one delivery of it. */
  webhookId: string;
  deliveryId: string;
  /** An opinion (意见) about agency A, entered by the office, and its public tracking number. */
  opinionId: string;
  opinionNumber: string;
}

/** Where the fixtures' webhooks point: a closed port on loopback (allowed by WEBHOOK_ALLOWED_NETWORKS), refused at once. */
export const WEBHOOK_URL = 'http://127.0.0.1:9/xiaoneng-hook';

function must(res: Response, status: number, what: string): Record<string, any> {
  if (res.statusCode !== status) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body}`);
  return res.body ? (res.json() as Record<string, any>) : {};
}

let seq = 0;

async function owned(t: TestContext, w: Pick<World, 'campaignId' | 'keys'>, unitId: string, editor: string, tag: string): Promise<Owned> {
  const ed = t.client(editor);
  const admin = t.client(w.keys.admin);
  const n = () => `${tag}${String(++seq).padStart(3, '0')}`;
  const problem = must(
    await ed.post('/v1/problems', { campaignId: w.campaignId, dimension: 'efficiency', category: 'ef_3', source: 'public', channel: 'suggestion_box', description: '行政审批环节过繁。', causeAnalysis: '流程未清理。' }),
    201,
    `problem ${tag}`,
  ).id as string;
  const rectItem = must(
    await admin.post('/v1/rectification-items', { campaignId: w.campaignId, title: `整改事项${tag}`, description: '对各种行政审批事项进行再次清理', leadUnitId: unitId, deadline: '2027-06-30', taskCode: '3.1', problemIds: [problem] }),
    201,
    `rectification item ${tag}`,
  ).id as string;
  const progress = must(await ed.post(`/v1/rectification-items/${rectItem}/progress`, { percent: 40, completedWork: '已梳理' }), 201, `progress ${tag}`).report.id as string;
  const commitment = must(
    await ed.post('/v1/commitments', { campaignId: w.campaignId, level: 'unit', items: [{ content: '行政审批事项一律进驻政务服务中心', dueDate: '2027-06-30' }], channel: 'media', mediaName: '广西日报', publishedOn: '2027-03-01' }),
    201,
    `commitment ${tag}`,
  ).id as string;
  const approvalItem = must(
    await admin.post('/v1/approval-items', {
      code: `AP-${n()}`,
      name: `测试审批事项${tag}`,
      implementingUnitId: unitId,
      kind: 'licence',
      bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十二条' }],
      siblingProvinces: 'commonly_set',
    }),
    201,
    `approval item ${tag}`,
  ).id as string;
  const approvalReview = must(await ed.post('/v1/approval-reviews', { campaignId: w.campaignId, itemId: approvalItem, disposition: 'retain', rationale: '仍有必要' }), 201, `approval review ${tag}`).id as string;
  const approvalItemSpare = must(
    await admin.post('/v1/approval-items', { code: `AP-${n()}`, name: `备用审批事项${tag}`, implementingUnitId: unitId, kind: 'non_licence', bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十三条' }], siblingProvinces: 'commonly_set' }),
    201,
    `spare approval item ${tag}`,
  ).id as string;
  const feeItem = must(await ed.post('/v1/fee-items', feeBody(unitId, n())), 201, `fee item ${tag}`).id as string;
  const feeReview = must(await ed.post('/v1/fee-reviews', { campaignId: w.campaignId, feeItemId: feeItem }), 201, `fee review ${tag}`).id as string;
  return { problem, rectItem, progress, commitment, approvalItem, approvalReview, approvalItemSpare, feeItem, feeReview };
}

const feeBody = (unitId: string, code: string) => ({
  code: `GXSF-${code}`,
  name: `测试收费${code}`,
  collectingUnitId: unitId,
  category: 'administrative',
  basisLevel: 'national',
  bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布取消和停止征收的行政事业性收费项目的通知' }],
  standard: { kind: 'fixed', amountFen: 1000, per: '件' },
});

/** A fresh app (no rate limits in the way) with the world of fixtures. */
export async function makeWorld(): Promise<World> {
  // The webhook worker is not started by the app in tests (server.ts starts it); :test and :redeliver send at once, to
  // WEBHOOK_URL only (the fuzz's URL fields draw from the same pool).
  const t = await makeApp({ config: { RATE_LIMIT_MAX: 1_000_000, RATE_LIMIT_PUBLIC_MAX: 1_000_000, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' } });
  try {
    const A = t.unit[AGENCY_A];
    const B = t.unit[AGENCY_B];
    const keys = {
      admin: t.admin,
      editorA: t.key(['unit_editor'], A),
      editorB: t.key(['unit_editor'], B),
      staff: t.key(['unit_editor', 'legal_reviewer', 'finance_reviewer', 'price_reviewer', 'executive_secretary', 'inspector'], t.unit['gx-fzb']),
      legal: t.key(['legal_reviewer'], t.unit['gx-fzb']),
      finance: t.key(['finance_reviewer'], t.unit['gx-czt']),
      price: t.key(['price_reviewer'], t.unit['gx-wjj']),
      exec: t.key(['executive_secretary'], t.unit.gx),
    };
    const admin = t.client(keys.admin);
    const campaignId = must(await admin.post('/v1/campaigns', { template: 'work-style-efficiency', year: 2027 }), 201, 'campaign').id as string;
    must(await admin.post(`/v1/campaigns/${campaignId}:start`), 200, 'start campaign');
    const phaseId = (must(await admin.get(`/v1/campaigns/${campaignId}/phases`), 200, 'phases').items as Array<{ id: string }>)[0].id;
    must(await admin.post(`/v1/phases/${phaseId}:start`), 200, 'start phase');
    const w0 = { campaignId, keys };
    const a = await owned(t, w0, A, keys.editorA, 'A');
    const b = await owned(t, w0, B, keys.editorB, 'B');
    must(
      await t.client(keys.editorA).put(`/v1/phases/${phaseId}/reports/${A}`, { meetingsHeld: 3, participants: 120, discussionsHeld: 2, opinionsCollected: 45, summary: '召开动员大会。' }),
      201,
      'phase report',
    );
    const apiKey = must(await admin.post('/v1/api-keys', { name: 'A reader', unitId: A, roles: ['reader'] }), 201, 'api key').key.id as string;

    // A decided approval review (batch) and an announcement of it.
    const approvalItem2 = must(
      await admin.post('/v1/approval-items', { code: 'AP-A-DECIDED', name: '已决定审批事项', implementingUnitId: A, kind: 'licence', bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十二条' }], siblingProvinces: 'commonly_set' }),
      201,
      'approval item 2',
    ).id as string;
    const review2 = must(await t.client(keys.editorA).post('/v1/approval-reviews', { campaignId, itemId: approvalItem2, disposition: 'retain', rationale: '仍有必要' }), 201, 'approval review 2').id as string;
    must(await t.client(keys.editorA).post(`/v1/approval-reviews/${review2}:submit`), 200, 'submit review');
    must(await t.client(keys.legal).post(`/v1/approval-reviews/${review2}:legalReview`, { verdict: 'agree', opinion: '同意' }), 200, 'legal review');
    const batchId = must(await t.client(keys.exec).post('/v1/approval-decisions', { meetingNumber: '第1次常务会议', meetingDate: '2027-03-01', decisions: [{ reviewId: review2, disposition: 'retain' }] }), 201, 'decision batch').id as string;
    const announcementId = must(await admin.post('/v1/approval-announcements', { title: '审批事项清理结果公告', documentNumber: '桂政发〔2027〕20号', publishedOn: '2027-03-01', campaignId }), 201, 'announcement').id as string;

    // A decided fee review and a published catalogue.
    const fee2 = must(await t.client(keys.editorA).post('/v1/fee-items', feeBody(A, 'A-DECIDED')), 201, 'fee item 2').id as string;
    const feeReview2 = must(await t.client(keys.editorA).post('/v1/fee-reviews', { campaignId, feeItemId: fee2 }), 201, 'fee review 2').id as string;
    must(await t.client(keys.finance).post(`/v1/fee-reviews/${feeReview2}:financeOpinion`, { verdict: 'retain', text: '同意' }), 200, 'finance opinion');
    must(await t.client(keys.price).post(`/v1/fee-reviews/${feeReview2}:priceOpinion`, { verdict: 'retain', text: '同意' }), 200, 'price opinion');
    const feeDecisionId = must(await t.client(keys.exec).post('/v1/fee-decisions', { meetingNumber: '第2次常务会议', meetingDate: '2027-03-01', decisions: [{ reviewId: feeReview2, outcome: 'retain' }] }), 201, 'fee decision').id as string;
    const catalogueVersion = must(await admin.post('/v1/fee-catalogues', { publishedOn: '2027-03-01', documentNumber: '桂政发〔2027〕12号' }), 201, 'catalogue').version as number;

    const pageToken = must(await admin.get('/v1/units?pageSize=1'), 200, 'units page').nextPageToken as string;

    // Supervision (督促检查) of agency A.
    const inspector = t.client(keys.staff);
    const inspectionId = must(
      await inspector.post('/v1/inspections', { campaignId, kind: 'spot_check', title: '作风效能检查', inspectingBody: '自治区效能办', unitIds: [A], plannedStartOn: '2027-03-02', plannedEndOn: '2027-03-04' }),
      201,
      'inspection',
    ).id as string;
    must(await inspector.post(`/v1/inspections/${inspectionId}:start`), 200, 'start inspection');
    const findingId = must(
      await inspector.post(`/v1/inspections/${inspectionId}/findings`, { unitId: A, rating: 'insufficient', description: '审批时限过长', requirement: '压缩时限', dueOn: '2027-03-20' }),
      201,
      'finding',
    ).id as string;
    const orderId = must(await admin.post('/v1/supervision-orders', { unitId: A, campaignId, title: '督办：压缩审批时限', requirement: '按期整改', replyDueOn: '2027-03-10' }), 201, 'supervision order').id as string;
    const publicityId = must(await inspector.post('/v1/publicity', { kind: 'good_practice', campaignId, title: '好做法', summary: '一窗受理', unitId: A }), 201, 'publicity').id as string;
    // And a published one, so the public route (GET /v1/public/publicity) has something to show.
    const published = must(await inspector.post('/v1/publicity', { kind: 'good_practice', campaignId, title: '已发布的好做法', summary: '一次办结', unitId: A }), 201, 'publicity 2').id as string;
    must(await admin.post(`/v1/publicity/${published}:approve`), 200, 'approve publicity');
    must(await admin.post(`/v1/publicity/${published}:publish`, { reason: '领导小组审定' }), 200, 'publish publicity');

    // A webhook subscription of agency A, and a delivery of it (the :test message: refused at once by the closed port).
    const webhookId = must(await admin.post('/v1/webhook-subscriptions', { url: WEBHOOK_URL, unitId: A, description: '民政厅平台' }), 201, 'webhook subscription').subscription.id as string;
    must(await admin.post(`/v1/webhook-subscriptions/${webhookId}:test`), 200, 'webhook test');
    const deliveryId = (must(await admin.get(`/v1/webhook-subscriptions/${webhookId}/deliveries`), 200, 'webhook deliveries').items as Array<{ id: string }>)[0].id;
    const opinion = must(await admin.post('/v1/opinions', { kind: 'complaint', text: '办事窗口排队时间长', submitterKind: 'public', anonymous: true, channel: 'hotline_12345', unitId: A }), 201, 'opinion');
    return {
      opinionId: opinion.id as string,
      opinionNumber: opinion.number as string,
      t, campaignId, phaseId, A, B, keys, a: { ...a, apiKey, approvalItem2 }, b, batchId, announcementId, feeDecisionId, catalogueVersion, pageToken,
      inspectionId, findingId, orderId, publicityId, webhookId, deliveryId,
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** Every id of the world (and real values where a pattern is not enough), by the field names that hold them. */
export function idsByField(w: World): (field: string) => readonly string[] {
  const units = Object.values(w.t.unit);
  const pools: Record<string, string[]> = {
    campaignId: [w.campaignId],
    phaseId: [w.phaseId],
    problemIds: [w.a.problem, w.b.problem],
    parentId: [w.a.rectItem, w.b.rectItem],
    itemId: [w.a.approvalItem, w.b.approvalItem, w.a.rectItem],
    mergeIntoItemId: [w.a.approvalItem, w.b.approvalItem, w.a.approvalItem2],
    feeItemId: [w.a.feeItem, w.b.feeItem],
    reviewId: [w.a.approvalReview, w.b.approvalReview, w.a.feeReview, w.b.feeReview],
    reviewIds: [w.a.approvalReview, w.a.feeReview],
    entityId: [w.a.rectItem, w.a.problem],
    keyId: [w.a.apiKey],
    inspectionId: [w.inspectionId],
    findingId: [w.findingId],
    findingIds: [w.findingId],
    orderId: [w.orderId],
    opinionId: [w.opinionId],
    url: [WEBHOOK_URL],
    divisionCode: ['450000', '450100', '450200', '450300'],
  };
  return (field) => pools[field] ?? (/unit/i.test(field) ? [w.A, w.B, ...units.slice(0, 4)] : []);
}

/** The resource a path names: the template up to its last parameter (actions and sub-collections share it). */
export const resourceOf = (path: string) => path.slice(0, path.lastIndexOf('}') + 1);

export interface Fixture {
  /** A's object: a value for every path parameter. */
  params: Record<string, string>;
  /** Parameters that name shared objects (kept when the object is swapped for a nonexistent one). */
  keep?: string[];
  /** Why agency B may read this object (reads are then not compared; writes still are). */
  sharedRead?: string;
  /** Where an admin reads it when the resource has no GET of its own (a delivery: its subscription's list). */
  read?: string;
}

/** Every resource with a path id, mapped to agency A's object. A new path-id resource must be added here. */
export const FIXTURES: Record<string, (w: World) => Fixture> = {
  '/v1/units/{unitId}': (w) => ({ params: { unitId: w.A }, sharedRead: 'the agency directory is readable by every key' }),
  '/v1/api-keys/{keyId}': (w) => ({ params: { keyId: w.a.apiKey } }),
  '/v1/campaigns/{campaignId}': (w) => ({ params: { campaignId: w.campaignId }, sharedRead: 'campaigns are province-wide' }),
  '/v1/phases/{phaseId}': (w) => ({ params: { phaseId: w.phaseId }, sharedRead: 'phases are province-wide' }),
  '/v1/phases/{phaseId}/reports/{unitId}': (w) => ({ params: { phaseId: w.phaseId, unitId: w.A }, keep: ['phaseId'] }),
  '/v1/problems/{problemId}': (w) => ({ params: { problemId: w.a.problem } }),
  '/v1/rectification-items/{itemId}': (w) => ({ params: { itemId: w.a.rectItem } }),
  '/v1/rectification-items/{itemId}/progress/{reportId}': (w) => ({ params: { itemId: w.a.rectItem, reportId: w.a.progress } }),
  '/v1/commitments/{commitmentId}': (w) => ({ params: { commitmentId: w.a.commitment } }),
  '/v1/approval-items/{itemId}': (w) => ({ params: { itemId: w.a.approvalItem } }),
  '/v1/approval-reviews/{reviewId}': (w) => ({ params: { reviewId: w.a.approvalReview } }),
  '/v1/approval-decisions/{batchId}': (w) => ({ params: { batchId: w.batchId } }),
  '/v1/public/approval-announcements/{announcementId}': (w) => ({ params: { announcementId: w.announcementId }, sharedRead: 'published announcements are public' }),
  '/v1/fee-items/{itemId}': (w) => ({ params: { itemId: w.a.feeItem } }),
  '/v1/fee-reviews/{reviewId}': (w) => ({ params: { reviewId: w.a.feeReview } }),
  '/v1/fee-decisions/{decisionId}': (w) => ({ params: { decisionId: w.feeDecisionId } }),
  '/v1/fee-catalogues/{version}': (w) => ({ params: { version: String(w.catalogueVersion) }, sharedRead: 'published fee catalogues are public' }),
  '/v1/inspections/{inspectionId}': (w) => ({ params: { inspectionId: w.inspectionId } }),
  '/v1/findings/{findingId}': (w) => ({ params: { findingId: w.findingId } }),
  '/v1/supervision-orders/{orderId}': (w) => ({ params: { orderId: w.orderId } }),
  '/v1/publicity/{recordId}': (w) => ({ params: { recordId: w.publicityId } }),
  '/v1/opinions/{opinionId}': (w) => ({ params: { opinionId: w.opinionId } }),
  // Read by the admin through the office route: the public one also needs the submitter's query code (a header).
  '/v1/public/opinions/{number}': (w) => ({ params: { number: w.opinionNumber, opinionId: w.opinionId }, read: '/v1/opinions/{opinionId}', sharedRead: 'an opinion is tracked in public by its number and secret query code' }),
  '/v1/work-calendar/{year}': () => ({ params: { year: '2027' }, sharedRead: 'the working-day calendar is province-wide' }),
  '/v1/webhook-subscriptions/{subscriptionId}': (w) => ({ params: { subscriptionId: w.webhookId } }),
  '/v1/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}': (w) => ({ params: { subscriptionId: w.webhookId, deliveryId: w.deliveryId }, read: '/v1/webhook-subscriptions/{subscriptionId}/deliveries' }),
};
