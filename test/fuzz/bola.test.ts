// BOLA matrix (API.md 20, OWASP API1), generated from the committed contract: agency B's unit_editor key against
// every operation on agency A's objects (reads, writes with a valid If-Match, every :action) and every body field
// that names another object must answer exactly as for an id that does not exist, and change nothing.
// A role refused with 403 before the lookup is acceptable only because a nonexistent id gets the identical 403.
// Query parameters that name objects (filters) are held to the same rule; id fields that take any case (`x-lowercase`)
// are tried upper-cased too. BOLA_DEBUG=1 logs each answer.
import type { InjectOptions } from 'fastify';
import type { Response } from '../helpers/app.js';
import { FIXTURES, makeWorld, resourceOf, type World } from './fixtures.js';
import { deref, isIdSchema, operations, walkSchema, type Operation } from './spec.js';

const NONEXISTENT = '01900000-0000-7000-8000-00000000dead';

const NONEXISTENT_PARAM: Record<string, string> = { version: '999', number: 'YJ-2027-999999', year: '2099' };

/** A valid body for every operation that takes one on a path id (so the request reaches the lookup). */
const BODIES: Record<string, (w: World) => unknown> = {
  updateUnit: () => ({ shortName: '改名' }),
  updateCampaign: () => ({ title: '改名的活动' }),
  startCampaign: () => ({}),
  closeCampaign: () => ({}),
  updatePhase: () => ({ windowText: '3月' }),
  startPhase: () => ({}),
  completePhase: () => ({}),
  putPhaseReport: () => ({ meetingsHeld: 1, participants: 2, discussionsHeld: 1, opinionsCollected: 1, summary: '改写' }),
  updateProblem: () => ({ description: '改写' }),
  resolveProblem: () => ({ reason: '已解决' }),
  dismissProblem: () => ({ reason: '不成立' }),
  reopenProblem: () => ({ reason: '重新打开' }),
  updateRectificationItem: () => ({ title: '改写' }),
  startRectificationItem: () => ({}),
  submitRectificationItem: () => ({ actualResult: '完成' }),
  acceptRectificationItem: () => ({ comment: '同意' }),
  rejectRectificationItem: () => ({ reason: '退回' }),
  cancelRectificationItem: () => ({ reason: '撤销' }),
  breakDownRectificationItem: (w) => ({ unitIds: [w.B] }),
  reportRectificationProgress: () => ({ percent: 50, completedWork: '进展' }),
  updateCommitment: () => ({ mediaName: '人民日报' }),
  updateApprovalItem: () => ({ remarks: '改写' }),
  updateApprovalReview: () => ({ rationale: '改写' }),
  returnApprovalReview: () => ({ reason: '退回' }),
  legalReviewApprovalReview: () => ({ verdict: 'agree', opinion: '同意' }),
  putApprovalFollowUp: () => ({ stepsBefore: 5, stepsAfter: 3 }),
  updateFeeItem: () => ({ name: '改名' }),
  updateFeeReview: () => ({ declarationNote: '改写' }),
  giveFeeFinanceOpinion: () => ({ verdict: 'retain', text: '同意' }),
  giveFeePriceOpinion: () => ({ verdict: 'retain', text: '同意' }),
  revokeApiKey: () => ({}),
  submitApprovalReview: () => ({}),
  startInspection: () => ({}),
  concludeInspection: () => ({ conclusion: '检查结束' }),
  createFinding: (w) => ({ unitId: w.B, rating: 'insufficient', description: '发现问题', dueOn: '2027-03-20' }),
  respondToFinding: () => ({ correction: '已整改' }),
  verifyFinding: () => ({}),
  rejectFindingResponse: () => ({ reason: '整改不到位' }),
  acknowledgeSupervisionOrder: () => ({}),
  replyToSupervisionOrder: () => ({ content: '已按期整改' }),
  closeSupervisionOrder: () => ({ note: '办结' }),
  returnSupervisionOrder: () => ({ reason: '答复不实' }),
  updatePublicity: () => ({ title: '改写' }),
  approvePublicity: () => ({}),
  publishPublicity: () => ({ reason: '领导小组审定' }),
  withdrawPublicity: () => ({ reason: '信息有误' }),
  updateWebhookSubscription: () => ({ description: '改写' }),
  enableWebhookSubscription: () => ({}),
  disableWebhookSubscription: () => ({}),
  rotateWebhookSecret: () => ({ overlapSeconds: 60 }),
  replayWebhookSubscription: () => ({ fromSequence: 1 }),
  testWebhookSubscription: () => ({}),
  redeliverWebhookDelivery: () => ({}),
  routeOpinion: (w) => ({ leadUnitId: w.B }),
  acceptOpinion: () => ({}),
  returnOpinion: () => ({ reason: '不属本单位职责' }),
  requestOpinionExtension: () => ({ until: '2027-06-30', reason: '需要调查' }),
  grantOpinionExtension: () => ({}),
  refuseOpinionExtension: () => ({ reason: '不予延期' }),
  answerOpinion: () => ({ actionsTaken: '已增设窗口', publicAnswer: '已增设窗口' }),
  revisitOpinion: () => ({ rating: 'satisfied', note: '回访满意' }),
  closeOpinion: () => ({}),
  linkOpinionProblem: (w) => ({ problemId: w.b.problem }),
  escalateOpinion: (w) => ({ campaignId: w.campaignId, deadline: '2027-06-30' }),
  ratePublicOpinion: () => ({ rating: 'satisfied' }),
  putWorkCalendarYear: () => ({ days: [{ date: '2027-10-01', kind: 'holiday', name: '国庆节' }] }),
};

type RefKind = 'problem' | 'rectItem' | 'approvalItem' | 'approvalReview' | 'feeItem' | 'feeReview' | 'inspection' | 'finding' | 'opinion';
/** Agency A's object of a kind. */
const theirsOf = (w: World, kind: RefKind | 'unit'): string => (kind === 'unit' ? w.A : kind === 'inspection' ? w.inspectionId : kind === 'finding' ? w.findingId : kind === 'opinion' ? w.opinionId : w.a[kind]);
/**
 * Every id a request body can hold, by `operationId pointer`: the kind of agency A's object to put there, or why the
 * field names something every key may see (units and campaigns are public directories).
 */
const BODY_REFS: Record<string, RefKind | { shared: string }> = {
  'breakDownRectificationItem /unitIds/0': { shared: 'unit' },
  'createApiKey /unitId': { shared: 'unit' },
  'createApprovalAnnouncement /campaignId': { shared: 'campaign' },
  'createApprovalDecisionBatch /decisions/0/reviewId': 'approvalReview',
  'createApprovalDecisionBatch /decisions/0/mergeIntoItemId': 'approvalItem',
  'createApprovalItem /implementingUnitId': { shared: 'unit' },
  'createApprovalReview /campaignId': { shared: 'campaign' },
  'createApprovalReview /itemId': 'approvalItem',
  'createApprovalReview /mergeIntoItemId': 'approvalItem',
  'createCampaign /regionUnitId': { shared: 'unit' },
  'createCommitment /campaignId': { shared: 'campaign' },
  'createCommitment /unitId': { shared: 'unit' },
  'createFeeDecision /decisions/0/reviewId': 'feeReview',
  'createFeeItem /collectingUnitId': { shared: 'unit' },
  'createFeeReview /campaignId': { shared: 'campaign' },
  'createFeeReview /feeItemId': 'feeItem',
  'createProblem /campaignId': { shared: 'campaign' },
  'createProblem /unitId': { shared: 'unit' },
  'createRectificationItem /campaignId': { shared: 'campaign' },
  'createRectificationItem /parentId': 'rectItem',
  'createRectificationItem /leadUnitId': { shared: 'unit' },
  'createRectificationItem /coUnitIds/0': { shared: 'unit' },
  'createRectificationItem /participantUnitIds/0': { shared: 'unit' },
  'createRectificationItem /problemIds/0': 'problem',
  'createUnit /parentId': { shared: 'unit' },
  'importApprovalItems /items/0/implementingUnitId': { shared: 'unit' },
  'importRectificationItems /items/0/campaignId': { shared: 'campaign' },
  'importRectificationItems /items/0/parentId': 'rectItem',
  'importRectificationItems /items/0/leadUnitId': { shared: 'unit' },
  'importRectificationItems /items/0/coUnitIds/0': { shared: 'unit' },
  'importRectificationItems /items/0/participantUnitIds/0': { shared: 'unit' },
  'importRectificationItems /items/0/problemIds/0': 'problem',
  'legalReviewApprovalReview /mergeIntoItemId': 'approvalItem',
  'putApprovalFollowUp /receivingUnitId': { shared: 'unit' },
  'updateApprovalReview /mergeIntoItemId': 'approvalItem',
  'updateFeeItem /collectingUnitId': { shared: 'unit' },
  'updateRectificationItem /leadUnitId': { shared: 'unit' },
  'updateRectificationItem /coUnitIds/0': { shared: 'unit' },
  'updateRectificationItem /participantUnitIds/0': { shared: 'unit' },
  'updateRectificationItem /problemIds/0': 'problem',
  'updateUnit /parentId': { shared: 'unit' },
  'createFinding /subjectId': 'rectItem',
  'createFinding /unitId': { shared: 'unit' },
  'createInspection /campaignId': { shared: 'campaign' },
  'createInspection /inspectingUnitId': { shared: 'unit' },
  'createInspection /phaseId': { shared: 'phase (province-wide)' },
  'createInspection /subjects/0/id': 'rectItem',
  'createInspection /subjects/0/unitId': { shared: 'unit' },
  'createInspection /unitIds/0': { shared: 'unit' },
  'createPublicity /campaignId': { shared: 'campaign' },
  'createPublicity /links/findingIds/0': 'finding',
  'createPublicity /links/inspectionIds/0': 'inspection',
  'createPublicity /links/itemIds/0': 'rectItem',
  'createPublicity /links/problemIds/0': 'problem',
  'createPublicity /unitId': { shared: 'unit' },
  'createSupervisionOrder /campaignId': { shared: 'campaign' },
  'createSupervisionOrder /findingId': 'finding',
  'createSupervisionOrder /itemId': 'rectItem',
  'createSupervisionOrder /phaseId': { shared: 'phase (province-wide)' },
  'createSupervisionOrder /unitId': { shared: 'unit' },
  'createWebhookSubscription /unitId': { shared: 'unit' },
  'importFindings /items/0/inspectionId': 'inspection',
  'importFindings /items/0/subjectId': 'rectItem',
  'importFindings /items/0/unitId': { shared: 'unit' },
  'updatePublicity /campaignId': { shared: 'campaign' },
  'updatePublicity /links/findingIds/0': 'finding',
  'updatePublicity /links/inspectionIds/0': 'inspection',
  'updatePublicity /links/itemIds/0': 'rectItem',
  'updatePublicity /links/problemIds/0': 'problem',
  'updatePublicity /unitId': { shared: 'unit' },
  'createOpinion /unitId': { shared: 'unit' },
  'createSupervisionOrder /opinionId': 'opinion',
  'escalateOpinion /campaignId': { shared: 'campaign' },
  'importOpinions /items/0/unitId': { shared: 'unit' },
  'linkOpinionProblem /problemId': 'problem',
  'routeOpinion /coUnitIds/0': { shared: 'unit' },
  'routeOpinion /leadUnitId': { shared: 'unit' },
  'submitPublicOpinion /unitId': { shared: 'unit (public intake names the agency)' },
};

/**
 * Every query parameter that names an object, by `operationId parameter`: the kind of agency A's object to filter by
 * ('unit' is agency A itself: an agency key filtering by another agency must learn nothing of its records), or why it
 * names something every key may see.
 */
const QUERY_REFS: Record<string, RefKind | 'unit' | { shared: string }> = {
  'checkFee unit': { shared: 'public fee check by agency' },
  'exportRectificationItems campaignId': { shared: 'campaign' },
  'exportRectificationItems leadUnitId': 'unit',
  'exportRectificationItems involvesUnitId': 'unit',
  'exportRectificationItems parentId': 'rectItem',
  'getApprovalSummary campaignId': { shared: 'campaign' },
  'getApprovalSummary implementingUnitId': 'unit',
  'getCommitmentCompliance campaignId': { shared: 'campaign' },
  'getFeeReviewSummary campaignId': { shared: 'campaign' },
  'getPhaseCompliance parentId': { shared: 'unit tree (compliance is for admin, inspector, reader)' },
  'getPublicApprovalCatalogue implementingUnitId': { shared: 'public catalogue by agency' },
  'getPublicFeeCatalogue unit': { shared: 'public catalogue by agency' },
  'getRectificationStats campaignId': { shared: 'campaign' },
  'importRectificationItems campaignId': { shared: 'campaign' },
  'listApiKeys unitId': 'unit',
  'listApprovalItems implementingUnitId': 'unit',
  'listApprovalReviews campaignId': { shared: 'campaign' },
  'listApprovalReviews unitId': 'unit',
  'listCommitments campaignId': { shared: 'campaign' },
  'listCommitments unitId': 'unit',
  'listEvents entityId': 'rectItem',
  'listFeeItems collectingUnitId': 'unit',
  'listFeeReviews campaignId': { shared: 'campaign' },
  'listFeeReviews unitId': 'unit',
  'listPhaseReports parentId': { shared: 'unit tree' },
  'listProblems campaignId': { shared: 'campaign' },
  'listProblems unitId': 'unit',
  'listRectificationItems campaignId': { shared: 'campaign' },
  'listRectificationItems leadUnitId': 'unit',
  'listRectificationItems involvesUnitId': 'unit',
  'listRectificationItems parentId': 'rectItem',
  'listUnits parentId': { shared: 'unit tree' },
  'exportApprovalItems implementingUnitId': 'unit',
  'exportApprovalReviews campaignId': { shared: 'campaign' },
  'exportApprovalReviews unitId': 'unit',
  'exportCommitments campaignId': { shared: 'campaign' },
  'exportCommitments unitId': 'unit',
  'exportFeeItems collectingUnitId': 'unit',
  'exportFeeReviews campaignId': { shared: 'campaign' },
  'exportFeeReviews unitId': 'unit',
  'exportFindings inspectionId': 'inspection',
  'exportFindings unitId': 'unit',
  'exportPhaseCompliance parentId': { shared: 'unit tree (compliance is for admin, inspector, reader)' },
  'exportPublicFeeCatalogue unit': { shared: 'public catalogue by agency' },
  'exportPublicity unitId': 'unit',
  'exportRectificationItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'exportSupervisionOrders unitId': 'unit',
  'getInspectionStats campaignId': { shared: 'campaign' },
  'getUnitScorecard campaignId': { shared: 'campaign' },
  'importFindings inspectionId': 'inspection',
  'listFindings inspectionId': 'inspection',
  'listFindings unitId': 'unit',
  'listInspections campaignId': { shared: 'campaign' },
  'listInspections unitId': 'unit',
  'listPublicPublicity unitId': { shared: 'published records are public' },
  'listPublicity unitId': 'unit',
  'listRectificationItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listScorecards campaignId': { shared: 'campaign' },
  'listSupervisionOrders unitId': 'unit',
  'listUnits externalId': { shared: 'not a reference: the directory’s external key (the directory is readable by every key)' },
  'exportApprovalItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'exportApprovalReviews externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'exportFeeItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'exportFeeReviews externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listApprovalItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listApprovalReviews externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listFeeItems externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listFeeReviews externalId': { shared: 'not a reference: the caller’s own import key (rows are still only those the key may see)' },
  'listWebhookSubscriptions unitId': 'unit',
  'getPublicOpinionStats unitId': { shared: 'public statistics by agency' },
  'listOpinions leadUnitId': 'unit',
};
const isQueryRef = (name: string, schema: Record<string, unknown>) => isIdSchema(deref(schema)) || /Id$|^unit$/.test(name);

/** B's own request for an operation, valid apart from the field under test: path parameters and body. */
const B_REQUESTS: Record<string, (w: World) => { params?: Record<string, string>; body: Record<string, unknown>; query?: string }> = {
  createApprovalDecisionBatch: () => ({ body: { meetingNumber: '第9次', meetingDate: '2027-03-01', decisions: [{ reviewId: NONEXISTENT, disposition: 'merge', mergeIntoItemId: NONEXISTENT }] } }),
  createApprovalReview: (w) => ({ body: { campaignId: w.campaignId, itemId: w.b.approvalItemSpare, disposition: 'merge', mergeIntoItemId: w.b.approvalItem, rationale: '合并' } }),
  createFeeDecision: () => ({ body: { meetingNumber: '第9次', meetingDate: '2027-03-01', decisions: [{ reviewId: NONEXISTENT, outcome: 'retain' }] } }),
  createFeeReview: (w) => ({ body: { campaignId: w.campaignId, feeItemId: w.b.feeItem } }),
  createRectificationItem: (w) => ({ body: { campaignId: w.campaignId, title: 'B的事项', leadUnitId: w.B, deadline: '2027-06-30', parentId: w.b.rectItem, problemIds: [w.b.problem] } }),
  importRectificationItems: (w) => ({ query: `campaignId=${w.campaignId}`, body: { items: [{ title: 'B导入', leadUnitId: w.B, deadline: '2027-06-30', parentId: w.b.rectItem, problemIds: [w.b.problem] }] } }),
  legalReviewApprovalReview: (w) => ({ params: { reviewId: w.b.approvalReview }, body: { verdict: 'amend', opinion: '合并', disposition: 'merge', mergeIntoItemId: w.b.approvalItem } }),
  updateApprovalReview: (w) => ({ params: { reviewId: w.b.approvalReview }, body: { disposition: 'merge', mergeIntoItemId: w.b.approvalItem, rationale: '合并' } }),
  updateRectificationItem: (w) => ({ params: { itemId: w.b.rectItem }, body: { problemIds: [w.b.problem] } }),
  // Supervision is written by admin and inspector keys: B's unit_editor key is refused (403) before any lookup, for
  // A's object and a nonexistent one alike; the matrix proves the refusal does not depend on the referenced id.
  createFinding: (w) => ({ params: { inspectionId: w.inspectionId }, body: { unitId: w.B, subjectKind: 'rectification_item', subjectId: w.b.rectItem, rating: 'insufficient', description: '发现问题', dueOn: '2027-03-20' } }),
  createInspection: (w) => ({ body: { campaignId: w.campaignId, kind: 'spot_check', title: '检查', inspectingBody: '效能办', unitIds: [w.B], subjects: [{ kind: 'rectification_item', id: w.b.rectItem, unitId: w.B }], plannedStartOn: '2027-03-02', plannedEndOn: '2027-03-04' } }),
  createPublicity: (w) => ({ body: { kind: 'good_practice', title: '好做法', summary: '一窗受理', unitId: w.B, links: { findingIds: [w.findingId], inspectionIds: [w.inspectionId], itemIds: [w.b.rectItem], problemIds: [w.b.problem] } } }),
  createSupervisionOrder: (w) => ({ body: { unitId: w.B, title: '督办', requirement: '整改', replyDueOn: '2027-03-10', itemId: w.b.rectItem, findingId: w.findingId, opinionId: w.opinionId } }),
  importFindings: (w) => ({ query: `inspectionId=${w.inspectionId}`, body: { items: [{ inspectionId: w.inspectionId, unitId: w.B, subjectKind: 'rectification_item', subjectId: w.b.rectItem, rating: 'insufficient', description: '发现问题', dueOn: '2027-03-20' }] } }),
  // The fixture opinion (A's): B has none of its own, so this case only shows the answer does not depend on the problem.
  linkOpinionProblem: (w) => ({ params: { opinionId: w.opinionId }, body: { problemId: w.b.problem } }),
  updatePublicity: (w) => ({ params: { recordId: w.publicityId }, body: { links: { findingIds: [w.findingId], inspectionIds: [w.inspectionId], itemIds: [w.b.rectItem], problemIds: [w.b.problem] } } }),
};

const ops = operations();
const pathOps = ops.filter((op) => op.params.some((p) => p.in === 'path'));

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w?.t.close());

const fill = (template: string, params: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));

async function send(op: Operation, url: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const opts: InjectOptions = { method: op.method, url, headers: { authorization: `Bearer ${token}`, ...headers } };
  if (op.body['application/json'] && body !== undefined) opts.payload = body as InjectOptions['payload'];
  return (await w.t.app.inject(opts)) as Response;
}

/** The whole database but idempotency records: what "nothing changes" compares. */
function snapshot(): string {
  const db = w.t.app.deps.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'idempotency_keys' ORDER BY name").all() as Array<{ name: string }>;
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" `).all()]));
}
const lastEvent = () => (w.t.app.deps.sqlite.prepare('SELECT max(sequence) AS s FROM events').get() as { s: number | null }).s;

/** What a client can tell apart: status, media type, code, and the details with ids (and the path) blanked. */
function answer(res: Response) {
  const blank = (s: unknown) => (typeof s === 'string' ? s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/\b(version )?\d+\b/g, '$1<n>') : s);
  let body: Record<string, unknown> = {};
  try {
    body = res.json();
  } catch {
    body = { raw: res.body };
  }
  const errors = Array.isArray(body.errors) ? (body.errors as Array<Record<string, unknown>>).map((e) => ({ ...e, detail: blank(e.detail) })) : undefined;
  // A success carries its body too (blanked): a filtered list must not differ by whose object the filter names.
  const ok = res.statusCode < 300 ? blank(res.body) : undefined;
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? '').split(';')[0], code: body.code, detail: blank(body.detail), errors, ok };
}

/** Sends B's request and the same request on a nonexistent object; asserts identical answers and no change. */
async function compare(label: string, first: () => Promise<Response>, second: () => Promise<Response>) {
  const before = snapshot();
  const seq = lastEvent();
  const onTheirs = await first();
  const changed = snapshot() !== before || lastEvent() !== seq;
  const onNothing = await second();
  if (process.env.BOLA_DEBUG) console.log(label, JSON.stringify(answer(onTheirs)));
  return { label, same: JSON.stringify(answer(onTheirs)) === JSON.stringify(answer(onNothing)), changed, theirs: answer(onTheirs), nothing: answer(onNothing) };
}

test('every resource with a path id has a fixture of agency A, and an admin can read it (so the matrix is not vacuous)', async () => {
  const resources = [...new Set(pathOps.map((op) => resourceOf(op.path)))].sort();
  expect(resources.filter((r) => !FIXTURES[r])).toEqual([]);
  expect(Object.keys(FIXTURES).filter((r) => !resources.includes(r))).toEqual([]);
  for (const r of resources) {
    const res = await w.t.app.inject({ method: 'GET', url: fill(FIXTURES[r](w).read ?? r, FIXTURES[r](w).params), headers: { authorization: `Bearer ${w.keys.admin}` } });
    expect([r, res.statusCode]).toEqual([r, 200]);
  }
});

test('every path-id operation that takes a JSON body has a valid body in the matrix', () => {
  expect(pathOps.filter((op) => op.body['application/json'] && !BODIES[op.operationId]).map((op) => op.operationId)).toEqual([]);
});

test('every id field of every request body is classified (a new reference must say what it names)', () => {
  const found: string[] = [];
  for (const op of ops) {
    const schema = op.body['application/json'];
    if (!schema) continue;
    walkSchema(schema, (s, pointer) => {
      if (isIdSchema(s)) found.push(`${op.operationId} ${pointer}`);
    });
  }
  const unique = [...new Set(found)].sort();
  expect(unique.filter((k) => !BODY_REFS[k])).toEqual([]);
  expect(Object.keys(BODY_REFS).filter((k) => !unique.includes(k))).toEqual([]);
  const needRequest = Object.entries(BODY_REFS).filter(([, v]) => typeof v === 'string').map(([k]) => k.split(' ')[0]);
  expect([...new Set(needRequest)].filter((id) => !B_REQUESTS[id])).toEqual([]);
});

test.each(pathOps.map((op) => [op.operationId, op] as const))('%s: agency B on agency A’s object answers as for a nonexistent id and changes nothing', async (_id, op) => {
  const fixture = FIXTURES[resourceOf(op.path)](w);
  const theirs = fixture.params;
  const none = Object.fromEntries(Object.keys(theirs).map((k) => [k, fixture.keep?.includes(k) ? theirs[k] : (NONEXISTENT_PARAM[k] ?? NONEXISTENT)]));
  const headers: Record<string, string> = {};
  if (op.method !== 'GET') {
    // A valid If-Match: A's object's current ETag.
    const current = await w.t.app.inject({ method: 'GET', url: fill(resourceOf(op.path), theirs), headers: { authorization: `Bearer ${w.keys.admin}` } });
    if (current.headers.etag) headers['if-match'] = String(current.headers.etag);
  }
  const body = BODIES[op.operationId]?.(w);
  const query = op.params.some((p) => p.in === 'query' && p.required) ? '?campaignId=' + w.campaignId : '';
  const r = await compare(
    op.operationId,
    () => send(op, fill(op.path, theirs) + query, w.keys.editorB, body, headers),
    () => send(op, fill(op.path, none) + query, w.keys.editorB, body, headers),
  );
  expect(r.changed).toBe(false);
  if (op.method === 'GET' && fixture.sharedRead) return;
  expect(r.theirs).toEqual(r.nothing);
});

const refCases = Object.entries(BODY_REFS).filter((e): e is [string, RefKind] => typeof e[1] === 'string');

test.each(refCases)('%s: agency B naming agency A’s object in a body answers as for a nonexistent id and changes nothing', async (key, kind) => {
  const [operationId, pointer] = key.split(' ');
  const op = ops.find((o) => o.operationId === operationId)!;
  const base = B_REQUESTS[operationId](w);
  const withId = (id: string) => {
    const body = structuredClone(base.body);
    const parts = pointer.split('/').slice(1);
    let node: Record<string, unknown> = body;
    for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
    node[parts[parts.length - 1]] = id;
    return body;
  };
  const url = fill(op.path, base.params ?? {}) + (base.query ? `?${base.query}` : '');
  const headers: Record<string, string> = {};
  if (op.method === 'PATCH' || op.method === 'DELETE') {
    // The object's current ETag (read by the admin: B's own object, or one B may not write at all).
    const current = await w.t.app.inject({ method: 'GET', url: fill(resourceOf(op.path), base.params ?? {}), headers: { authorization: `Bearer ${w.keys.admin}` } });
    if (!current.headers.etag) throw new Error(`no ETag for ${key}: ${current.statusCode}`);
    headers['if-match'] = String(current.headers.etag);
  }
  if (operationId.startsWith('import')) headers['idempotency-key'] = `bola-${key.replace(/\W+/g, '-')}`;
  // As sent, and upper-cased where the field takes any case (`x-lowercase`: the check must see the lower-cased id).
  const variants: Array<[string, (id: string) => string]> = [['', (id) => id]];
  if (lowercased(op, pointer)) variants.push(['-upper', (id) => id.toUpperCase()]);
  for (const [suffix, as] of variants) {
    const idem = (tail: string): Record<string, string> => (headers['idempotency-key'] ? { 'idempotency-key': `${headers['idempotency-key']}${suffix}${tail}` } : {});
    const r = await compare(
      `${key}${suffix}`,
      () => send(op, url, w.keys.editorB, withId(as(theirsOf(w, kind))), { ...headers, ...idem('') }),
      () => send(op, url, w.keys.editorB, withId(as(NONEXISTENT)), { ...headers, ...idem('-none') }),
    );
    expect([suffix, r.changed]).toEqual([suffix, false]);
    expect([suffix, r.theirs]).toEqual([suffix, r.nothing]);
  }
});

/** Whether the id field at this pointer of the operation's JSON body carries `x-lowercase`. */
function lowercased(op: Operation, pointer: string): boolean {
  let found = false;
  walkSchema(op.body['application/json'], (s, at) => {
    if (at === pointer && s['x-lowercase'] === true) found = true;
  });
  return found;
}

test('every query parameter that names an object is classified', () => {
  const found = ops.flatMap((op) => op.params.filter((p) => p.in === 'query' && isQueryRef(p.name, p.schema)).map((p) => `${op.operationId} ${p.name}`)).sort();
  expect(found.filter((k) => !QUERY_REFS[k])).toEqual([]);
  expect(Object.keys(QUERY_REFS).filter((k) => !found.includes(k))).toEqual([]);
});

const queryCases = Object.entries(QUERY_REFS).filter((e): e is [string, RefKind | 'unit'] => typeof e[1] === 'string');

test.each(queryCases)('%s: agency B filtering by agency A’s object answers as for a nonexistent id and changes nothing', async (key, kind) => {
  const [operationId, name] = key.split(' ');
  const op = ops.find((o) => o.operationId === operationId)!;
  // The other required parameters, valid.
  const required: Record<string, string> = { campaignId: w.campaignId, groupBy: 'status', format: 'csv' };
  // Exports as CSV (the default, xlsx, is a zip a byte comparison cannot blank ids in).
  const base = op.params.filter((p) => p.in === 'query' && (p.required || p.name === 'format') && p.name !== name).map((p) => `${p.name}=${required[p.name]}`);
  const url = (id: string) => `${op.path}?${[...base, `${name}=${id}`].join('&')}`;
  const theirs = theirsOf(w, kind);
  const idem = (tail: string): Record<string, string> => (op.method === 'POST' ? { 'idempotency-key': `bola-${key.replace(/\W+/g, '-')}${tail}` } : {});
  const r = await compare(key, () => send(op, url(theirs), w.keys.editorB, undefined, idem('')), () => send(op, url(NONEXISTENT), w.keys.editorB, undefined, idem('-none')));
  expect(r.changed).toBe(false);
  expect(r.theirs).toEqual(r.nothing);
});
