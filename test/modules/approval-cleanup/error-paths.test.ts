// Refusals of the approval-cleanup service the main tests leave out (issue 17, item 4): proposals that name what their
// disposition does not use, legal-review verdicts that contradict themselves, changes after the catalogue moved on,
// announcements with nothing due, batches and summaries hidden from agencies. Each asserts status, body and that
// nothing was written.
import { createCampaignRow, makeApp, type TestContext } from '../../helpers/app.js';
import { newItem, newReview, setUp, toLegallyReviewed, type Fx } from './fixtures.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
let fx: Fx;
beforeEach(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterEach(() => t.close());

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const state = () => dbState(t.app.deps.sqlite, ['idempotency_keys']);

test('when a retain proposal names a delegation level or a merge target, then 400 names the field and nothing is written', async () => {
  const item = await newItem(t, fx);
  const before = state();
  const delegate = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'retain', rationale: 'x', delegateTo: 'city' });
  expect(delegate.statusCode).toBe(400);
  expect(delegate.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/delegateTo' }] });
  const merge = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'retain', rationale: 'x', mergeIntoItemId: item.id });
  expect(merge.statusCode).toBe(400);
  expect(merge.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/mergeIntoItemId' }] });
  expect(state()).toEqual(before);
});

test('when a delegation names no level, or a merge names the item itself, then 400 and nothing is written', async () => {
  const item = await newItem(t, fx);
  const before = state();
  const noLevel = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'delegate', rationale: 'x', receivingBody: '南宁市行政审批局' });
  expect(noLevel.statusCode).toBe(400);
  expect(noLevel.json().errors[0]).toMatchObject({ pointer: '/delegateTo' });
  const self = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'merge', rationale: 'x', mergeIntoItemId: item.id });
  expect(self.statusCode).toBe(400);
  expect(self.json().errors[0]).toMatchObject({ pointer: '/mergeIntoItemId', detail: 'an item cannot merge into itself' });
  expect(state()).toEqual(before);
});

test('when the legal office amends without a disposition, or agrees while naming one, then 400 and the review stays submitted', async () => {
  const item = await newItem(t, fx);
  const review = await newReview(t, fx, item.id);
  expect((await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`)).statusCode).toBe(200);
  const before = state();
  const amend = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'amend', opinion: '修改' });
  expect(amend.statusCode).toBe(400);
  expect(amend.json().errors[0]).toMatchObject({ pointer: '/disposition' });
  const agree = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'agree', opinion: '同意', disposition: 'cancel' });
  expect(agree.statusCode).toBe(400);
  expect(agree.json().errors[0]).toMatchObject({ pointer: '/disposition' });
  expect(state()).toEqual(before);
});

test('when a published cancelled item is patched or proposed again, then 409 INVALID_STATE_TRANSITION and nothing is written', async () => {
  const item = await newItem(t, fx);
  const review = await newReview(t, fx, item.id, { disposition: 'cancel' });
  await toLegallyReviewed(t, fx, review.id);
  expect((await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '第1次常务会议', meetingDate: '2027-05-20', decisions: [{ reviewId: review.id, disposition: 'cancel' }] })).statusCode).toBe(201);
  expect((await t.client(t.admin).post('/v1/approval-announcements', { title: '公告', documentNumber: '桂政发〔2027〕1号', publishedOn: '2027-05-31', campaignId: fx.campaignId })).statusCode).toBe(201);
  const version = (await t.client(t.admin).get(`/v1/approval-items/${item.id}`)).json().version as number;
  const before = state();
  const patch = await t.client(t.admin).patch(`/v1/approval-items/${item.id}`, { remarks: 'x' }, { 'if-match': `"${version}"` });
  expect(patch.statusCode).toBe(409);
  expect(patch.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(patch.json().detail).toContain('cancelled');
  const again = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'retain', rationale: 'x' });
  expect(again.statusCode).toBe(409);
  expect(state()).toEqual(before);
});

test('when nothing is decided and unpublished, then an announcement is 409 and nothing is written', async () => {
  const before = state();
  const res = await t.client(t.admin).post('/v1/approval-announcements', { title: '公告', documentNumber: '桂政发〔2027〕2号', publishedOn: '2027-05-31', campaignId: fx.campaignId });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'CONFLICT' });
  expect(state()).toEqual(before);
});

test('when an agency reads a decision batch or an unknown one is read, then 404', async () => {
  expect((await t.client(fx.editor).get(`/v1/approval-decisions/${UNKNOWN}`)).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  expect((await t.client(fx.exec).get(`/v1/approval-decisions/${UNKNOWN}`)).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
});

test('when an agency asks for another agency’s summary or an unknown campaign’s, then 404', async () => {
  const other = await t.client(fx.editor).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}&implementingUnitId=${fx.wjj}`);
  expect(other.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  const unknown = await t.client(t.admin).get(`/v1/approval-reviews/summary?campaignId=${UNKNOWN}`);
  expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  expect(unknown.json().detail).toContain('Campaign');
});

// Issue 17, item 4: the remaining reachable branches of approval-cleanup/service.ts.
test('when a key that reads every agency but edits for another changes a proposal or an item, then 403 and nothing is written', async () => {
  const item = await newItem(t, fx);
  const review = await newReview(t, fx, item.id);
  const key = t.key(['unit_editor', 'reader'], fx.wjj);
  const before = state();
  const r = await t.client(key).patch(`/v1/approval-reviews/${review.id}`, { rationale: '改' }, { 'if-match': '"1"' });
  expect(r.statusCode).toBe(403);
  expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
  const i = await t.client(key).patch(`/v1/approval-items/${item.id}`, { name: '改名' }, { 'if-match': `"${item.version}"` });
  expect(i.statusCode).toBe(403);
  expect(i.json()).toMatchObject({ code: 'FORBIDDEN' });
  expect(state()).toEqual(before);
});

test('when a review action carries a stale If-Match, then 412 and nothing is written', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id);
  const before = state();
  const res = await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`, undefined, { 'if-match': '"9"' });
  expect(res.statusCode).toBe(412);
  expect(res.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
  expect(state()).toEqual(before);
});

test('when a draft is returned or legally reviewed, then 409 INVALID_STATE_TRANSITION and nothing is written', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id);
  const before = state();
  const ret = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:return`, { reason: '补充材料' });
  expect(ret.statusCode).toBe(409);
  expect(ret.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(ret.json().detail).toContain('draft');
  const legal = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'agree', opinion: '同意' });
  expect(legal.statusCode).toBe(409);
  expect(legal.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(state()).toEqual(before);
});

test('when an agency key lists reviews of another agency, then nothing; of its own, its reviews', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id);
  expect((await t.client(fx.editor).get(`/v1/approval-reviews?unitId=${fx.wjj}`)).json().items).toEqual([]);
  expect((await t.client(fx.editor).get(`/v1/approval-reviews?unitId=${fx.czt}`)).json().items.map((r: { id: string }) => r.id)).toEqual([review.id]);
});

test('when items are listed by code a page at a time, then the pages continue in code order', async () => {
  const a = await newItem(t, fx);
  const b = await newItem(t, fx);
  const p1 = (await t.client(t.admin).get('/v1/approval-items?orderBy=code&pageSize=1')).json();
  const p2 = (await t.client(t.admin).get(`/v1/approval-items?orderBy=code&pageSize=1&pageToken=${p1.nextPageToken}`)).json();
  expect([p1.items[0].code, p2.items[0].code]).toEqual([a.code, b.code].sort());
  // In creation order (the default) too.
  const c1 = (await t.client(t.admin).get('/v1/approval-items?pageSize=1')).json();
  const c2 = (await t.client(t.admin).get(`/v1/approval-items?pageSize=1&pageToken=${c1.nextPageToken}`)).json();
  expect([c1.items[0].id, c2.items[0].id]).toEqual([a.id, b.id]);
});

test('when a delegation proposal turns into retain, then its delegation details are cleared; details sent are kept', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id, { disposition: 'delegate', delegateTo: 'city', receivingBody: '南宁市行政审批局' });
  const toRetain = await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { disposition: 'retain' }, { 'if-match': '"1"' });
  expect(toRetain.statusCode).toBe(200);
  expect(toRetain.json()).toMatchObject({ disposition: 'retain', delegateTo: null, receivingBody: null, mergeIntoItemId: null });
  const back = await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { disposition: 'delegate', delegateTo: 'county', receivingBody: '青秀区行政审批局' }, { 'if-match': '"2"' });
  expect(back.json()).toMatchObject({ disposition: 'delegate', delegateTo: 'county', receivingBody: '青秀区行政审批局' });
});

test('when the meeting decides another disposition than the legal office, then the decision carries its own details, and the batch reads back', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id);
  await toLegallyReviewed(t, fx, review.id);
  const res = await t.client(fx.exec).post('/v1/approval-decisions', {
    meetingNumber: '第4次常务会议',
    meetingDate: '2027-05-20',
    decisions: [{ reviewId: review.id, disposition: 'delegate', delegateTo: 'city', receivingBody: '南宁市行政审批局' }],
  });
  expect(res.statusCode).toBe(201);
  const batch = res.json();
  expect((await t.client(fx.exec).get(`/v1/approval-reviews/${review.id}`)).json()).toMatchObject({ stage: 'decided' });
  expect((await t.client(fx.exec).get(`/v1/approval-decisions/${batch.id}`)).json()).toEqual(batch);
});

test('when a non-licence approval without a State Council basis is proposed for retain, then submit is 422 naming A2 as 一律 and nothing is written', async () => {
  const item = await newItem(t, fx, { kind: 'non_licence', bases: [{ level: 'regional_regulation', title: '广西壮族自治区某办法' }] });
  const review = await newReview(t, fx, item.id);
  const before = state();
  const res = await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
  expect(res.statusCode).toBe(422);
  expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'A2', errors: [{ pointer: '/justification', code: 'A2' }] });
  expect(res.json().errors[0].detail).toMatch(/^A2 \(一律\): /);
  expect(state()).toEqual(before);
});

async function decide(reviewId: string, decision: Record<string, unknown>) {
  const res = await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '第5次常务会议', meetingDate: '2027-05-20', decisions: [{ reviewId, ...decision }] });
  if (res.statusCode !== 201) throw new Error(`decide: ${res.statusCode} ${res.body}`);
  return res.json();
}

test('when a delegation’s follow-up names an unknown receiving unit, then 400 at /receivingUnitId and nothing is written', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id, { disposition: 'delegate', delegateTo: 'city', receivingBody: '南宁市行政审批局' });
  await toLegallyReviewed(t, fx, review.id);
  await decide(review.id, { disposition: 'delegate' });
  const before = state();
  const res = await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { receivingUnitId: UNKNOWN, handoverOn: '2027-06-01' });
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/receivingUnitId' }] });
  expect(state()).toEqual(before);
});

test('when a merge was decided into an item a later meeting cancels, then the announcement is 422 A4 and nothing is published', async () => {
  const target = await newItem(t, fx);
  const source = await newItem(t, fx);
  const rs = await newReview(t, fx, source.id, { disposition: 'merge', mergeIntoItemId: target.id });
  await toLegallyReviewed(t, fx, rs.id);
  await decide(rs.id, { disposition: 'merge' });
  const rt = await newReview(t, fx, target.id, { disposition: 'cancel' });
  await toLegallyReviewed(t, fx, rt.id);
  await decide(rt.id, { disposition: 'cancel' });
  const before = state();
  const res = await t.client(t.admin).post('/v1/approval-announcements', { title: '关于公布行政审批事项清理结果的通知', documentNumber: '桂政发〔2027〕30号', publishedOn: '2027-06-01', campaignId: fx.campaignId });
  expect(res.statusCode).toBe(422);
  expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'A4', resourceId: rs.id });
  expect(state()).toEqual(before);
});

test('when two campaigns decided the same item and one announcement covers both, then 409 and nothing is published', async () => {
  const item = await newItem(t, fx);
  const first = await newReview(t, fx, item.id, { disposition: 'cancel' });
  const second = await newReview(t, fx, item.id, { campaignId: createCampaignRow(t, 2028), disposition: 'cancel' });
  for (const r of [first, second]) {
    await toLegallyReviewed(t, fx, r.id);
    await decide(r.id, { disposition: 'cancel' });
  }
  const before = state();
  const res = await t.client(t.admin).post('/v1/approval-announcements', { title: '关于公布行政审批事项清理结果的通知', documentNumber: '桂政发〔2027〕31号', publishedOn: '2027-06-01' });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
  expect(res.json().detail).toContain('already cancelled');
  expect(state()).toEqual(before);
});

test('when a retained item had no time limit before (0 days), then it counts as a 0% reduction in the summary', async () => {
  const review = await newReview(t, fx, (await newItem(t, fx)).id);
  await toLegallyReviewed(t, fx, review.id);
  await decide(review.id, { disposition: 'retain' });
  const put = await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { stepsBefore: 3, stepsAfter: 2, timeLimitDaysBefore: 0, timeLimitDaysAfter: 0 });
  expect(put.statusCode).toBe(200);
  const summary = (await t.client(t.admin).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}`)).json();
  expect(summary).toMatchObject({ retainedWithTimeLimits: 1, averageTimeLimitReductionDays: 0, averageTimeLimitReductionPercent: 0 });
});

test('when a proposal names its merge target in a change, and the meeting decides a merge the legal office did not, then the meeting’s target is kept and no delegation is carried', async () => {
  const target = await newItem(t, fx);
  const review = await newReview(t, fx, (await newItem(t, fx)).id, { disposition: 'merge', mergeIntoItemId: (await newItem(t, fx)).id });
  const patched = await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { mergeIntoItemId: target.id }, { 'if-match': '"1"' });
  expect(patched.json()).toMatchObject({ disposition: 'merge', mergeIntoItemId: target.id });
  const other = await newReview(t, fx, (await newItem(t, fx)).id);
  await toLegallyReviewed(t, fx, other.id);
  await decide(other.id, { disposition: 'merge', mergeIntoItemId: target.id });
  expect((await t.client(fx.exec).get(`/v1/approval-reviews/${other.id}`)).json()).toMatchObject({ stage: 'decided' });
  const row = t.app.deps.sqlite.prepare('SELECT decided_disposition d, decided_merge_into_item_id m, decided_delegate_to dt, decided_receiving_body rb FROM approval_reviews WHERE id = ?').get(other.id);
  expect(row).toEqual({ d: 'merge', m: target.id, dt: null, rb: null });
});
