// Cleanup reviews: proposals, findings, submit, legal review with override, return, decisions, follow-up, roles.
import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { newItem, newReview, setUp, toLegallyReviewed, type Fx } from './fixtures.js';
import { countRows, dbState } from '../../helpers/db-state.js';

let t: TestContext;
let fx: Fx;
beforeEach(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterEach(() => t.close());

const rules = (review: { findings: Array<{ rule: string; severity: string; departure: boolean }> }) =>
  review.findings.filter((f) => f.departure).map((f) => `${f.rule}:${f.severity}`);
const stageOf = (id: string) => (t.app.deps.sqlite.prepare('SELECT stage FROM approval_reviews WHERE id = ?').get(id) as { stage: string }).stage;

describe('proposals and findings', () => {
  test('when a non-licence approval without a State Council basis is proposed for retain, then a required A2 finding; with a state_council_decision basis, none', async () => {
    const bare = await newItem(t, fx, { kind: 'non_licence', bases: [{ level: 'normative_document', title: '桂政办发〔2005〕1号' }] });
    const r1 = await newReview(t, fx, bare.id);
    expect(r1.findings).toContainEqual(expect.objectContaining({ rule: 'A2', severity: 'required', departure: true, recommendation: 'cancel' }));
    const sc = await newItem(t, fx, { kind: 'non_licence', bases: [{ level: 'state_council_decision', title: '国务院对确需保留的行政审批项目设定行政许可的决定' }] });
    const r2 = await newReview(t, fx, sc.id);
    expect(r2.findings.map((f: { rule: string }) => f.rule)).not.toContain('A2');
  });

  test('when a regional-regulation licence that sibling provinces do not set is proposed for retain without justification, then submit is 422 naming A1 and nothing changes', async () => {
    const item = await newItem(t, fx, { bases: [{ level: 'regional_regulation', title: '广西壮族自治区某条例' }], siblingProvinces: 'none_set' });
    const review = await newReview(t, fx, item.id);
    expect(rules(review)).toEqual(['A1:principle']);
    const res = await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'A1', errors: [{ pointer: '/justification', code: 'A1' }] });
    expect(stageOf(review.id)).toBe('draft');
    expect(eventsOf(t.app, review.id).map((e) => e.action)).toEqual(['create']);
    // With a justification it goes through.
    const patched = await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { justification: '涉及边境贸易安全,我区确需保留' }, { 'if-match': '"1"' });
    expect(patched.statusCode).toBe(200);
    const ok = await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`, {}, { 'if-match': '"2"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ stage: 'submitted', version: 3 });
  });

  test('when the item changes, then the review’s findings are computed afresh on the next read', async () => {
    const item = await newItem(t, fx, { kind: 'non_licence', bases: [] });
    const review = await newReview(t, fx, item.id);
    expect(rules(review)).toEqual(['A2:required']);
    await t.client(t.admin).patch(`/v1/approval-items/${item.id}`, { bases: [{ level: 'state_council_document', title: '国发〔2004〕16号' }] }, { 'if-match': '"1"' });
    expect(rules((await t.client(fx.editor).get(`/v1/approval-reviews/${review.id}`)).json())).toEqual([]);
  });

  test('when a delegation lacks the receiving body or a merge its target, then 400; a second review of the item in the campaign is 409', async () => {
    const item = await newItem(t, fx);
    const d = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'delegate', delegateTo: 'city', rationale: 'x' });
    expect(d.statusCode).toBe(400);
    expect(d.json().errors[0].pointer).toBe('/receivingBody');
    const m = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'merge', rationale: 'x' });
    expect(m.statusCode).toBe(400);
    expect(m.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/mergeIntoItemId' }] });
    expect(countRows(t.app.deps.sqlite, 'approval_reviews')).toBe(0);
    const first = await newReview(t, fx, item.id);
    const again = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'cancel', rationale: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_EXISTS', resourceId: first.id });
  });

  test('when an agency names another agency’s item as merge target, then 400 as if it did not exist', async () => {
    const mine = await newItem(t, fx);
    const theirs = await newItem(t, fx, { implementingUnitId: fx.wjj });
    const res = await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: mine.id, disposition: 'merge', mergeIntoItemId: theirs.id, rationale: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/mergeIntoItemId', detail: `approval item ${theirs.id} does not exist` });
  });

  test('when another agency proposes for an item, then 400; reads it, then 404; a legal_reviewer reads it', async () => {
    const item = await newItem(t, fx);
    const other = await t.client(fx.otherEditor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: item.id, disposition: 'cancel', rationale: 'x' });
    expect(other.statusCode).toBe(400);
    const review = await newReview(t, fx, item.id);
    expect((await t.client(fx.otherEditor).get(`/v1/approval-reviews/${review.id}`)).statusCode).toBe(404);
    expect((await t.client(fx.otherEditor).get('/v1/approval-reviews')).json().items).toEqual([]);
    expect((await t.client(fx.otherEditor).post(`/v1/approval-reviews/${review.id}:submit`)).statusCode).toBe(404);
    expect((await t.client(fx.legal).get(`/v1/approval-reviews/${review.id}`)).statusCode).toBe(200);
    expect((await t.client(fx.legal).get(`/v1/approval-reviews?campaignId=${fx.campaignId}&stage=draft`)).json().items).toHaveLength(1);
  });
});

describe('the flow', () => {
  test('when the same proposal is submitted twice, then 409 INVALID_STATE_TRANSITION', async () => {
    const review = await newReview(t, fx, (await newItem(t, fx)).id);
    expect((await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`)).statusCode).toBe(200);
    const again = await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_STATE_TRANSITION');
  });

  test('when roles are wrong, then 403: an editor cannot legally review, a legal_reviewer cannot submit or decide', async () => {
    const review = await newReview(t, fx, (await newItem(t, fx)).id);
    expect((await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:submit`)).statusCode).toBe(403);
    await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    expect((await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'agree', opinion: 'x' })).statusCode).toBe(403);
    expect((await t.client(fx.legal).post('/v1/approval-decisions', { meetingNumber: '1', meetingDate: '2027-05-10', decisions: [{ reviewId: review.id, disposition: 'retain' }] })).statusCode).toBe(403);
    expect((await t.client(fx.exec).post('/v1/approval-announcements', { title: 'x', documentNumber: 'x', publishedOn: '2027-06-01' })).statusCode).toBe(403);
  });

  test('when a proposal departs from a required rule, then legal review needs override {reason}, which is kept in the review and the audit event', async () => {
    const item = await newItem(t, fx, { statutoryLevel: 'county_and_above', mainlyImplementedAt: 'county' });
    const review = await newReview(t, fx, item.id, { justification: '涉及跨市县统筹,暂不下放' });
    expect(rules(review)).toEqual(['A5:required']);
    await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    const refused = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'agree', opinion: '同意保留' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'A5', errors: [{ pointer: '/override', code: 'A5' }] });
    expect(stageOf(review.id)).toBe('submitted');
    const ok = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'agree', opinion: '同意保留', override: { reason: '跨区域统筹需要,报常务会议决定' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ stage: 'legally_reviewed', legalReview: { verdict: 'agree', disposition: 'retain', override: { reason: '跨区域统筹需要,报常务会议决定', rules: ['A5'] } } });
    expect(eventsOf(t.app, review.id).at(-1)).toMatchObject({ action: 'legal_review', reason: '跨区域统筹需要,报常务会议决定' });
  });

  test('when the legal office amends to delegate, then the findings follow the amended disposition', async () => {
    const item = await newItem(t, fx, { statutoryLevel: 'county_and_above', mainlyImplementedAt: 'city' });
    const review = await newReview(t, fx, item.id, { justification: '理由' });
    await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    const noDisp = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'amend', opinion: '应下放' });
    expect(noDisp.statusCode).toBe(400);
    const res = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:legalReview`, { verdict: 'amend', opinion: '应下放', disposition: 'delegate', delegateTo: 'city', receivingBody: '各设区市财政局' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ disposition: 'retain', legalReview: { verdict: 'amend', disposition: 'delegate', delegateTo: 'city', override: null } });
    expect(rules(res.json())).toEqual([]);
  });

  test('when the legal office returns a proposal, then the agency changes and resubmits it', async () => {
    const review = await newReview(t, fx, (await newItem(t, fx)).id);
    await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`);
    expect((await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:return`, {})).statusCode).toBe(400);
    const ret = await t.client(fx.legal).post(`/v1/approval-reviews/${review.id}:return`, { reason: '依据不全' });
    expect(ret.json()).toMatchObject({ stage: 'returned', returnReason: '依据不全' });
    expect(eventsOf(t.app, review.id).at(-1)).toMatchObject({ action: 'return', reason: '依据不全' });
    const p = await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { rationale: '补充了依据' }, { 'if-match': ret.headers.etag as string });
    expect(p.statusCode).toBe(200);
    expect((await t.client(fx.editor).post(`/v1/approval-reviews/${review.id}:submit`)).json().stage).toBe('submitted');
    expect((await t.client(fx.editor).patch(`/v1/approval-reviews/${review.id}`, { rationale: 'x' }, { 'if-match': '"5"' })).statusCode).toBe(409);
  });
});

describe('decision batches', () => {
  test('when one review of a batch is not legally reviewed, then 409 names it and nothing is written', async () => {
    const a = await newReview(t, fx, (await newItem(t, fx)).id);
    const b = await newReview(t, fx, (await newItem(t, fx)).id);
    await toLegallyReviewed(t, fx, a.id);
    await t.client(fx.editor).post(`/v1/approval-reviews/${b.id}:submit`);
    const res = await t.client(fx.exec).post('/v1/approval-decisions', {
      meetingNumber: '第3次常务会议',
      meetingDate: '2027-05-20',
      decisions: [
        { reviewId: a.id, disposition: 'retain' },
        { reviewId: b.id, disposition: 'retain' },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION', resourceId: b.id, errors: [{ pointer: '/decisions/1/reviewId' }] });
    expect(res.json().detail).toContain(b.id);
    expect(stageOf(a.id)).toBe('legally_reviewed');
    expect(t.app.deps.sqlite.prepare('SELECT count(*) n FROM approval_decision_batches').get()).toEqual({ n: 0 });
  });

  test('when a batch merges into an item the same batch cancels, then 422 A4 and nothing is written', async () => {
    const target = await newItem(t, fx);
    const source = await newItem(t, fx);
    const rt = await newReview(t, fx, target.id, { disposition: 'cancel' });
    const rs = await newReview(t, fx, source.id, { disposition: 'merge', mergeIntoItemId: target.id });
    await toLegallyReviewed(t, fx, rt.id);
    // The target is proposed for cancellation: the merge departs from A4 (required) and needs an override to pass.
    await t.client(fx.editor).patch(`/v1/approval-reviews/${rs.id}`, { justification: '内容相同' }, { 'if-match': '"1"' });
    await toLegallyReviewed(t, fx, rs.id, { verdict: 'agree', opinion: '同意', override: { reason: '待常务会议统筹' } });
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(fx.exec).post('/v1/approval-decisions', {
      meetingNumber: '第3次',
      meetingDate: '2027-05-20',
      decisions: [
        { reviewId: rt.id, disposition: 'cancel' },
        { reviewId: rs.id, disposition: 'merge' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'A4', errors: [{ pointer: '/decisions/1/mergeIntoItemId', code: 'A4' }] });
    expect(stageOf(rt.id)).toBe('legally_reviewed');
    expect(stageOf(rs.id)).toBe('legally_reviewed');
    // Nothing written: no batch, no decided review, no catalogue change, no audit event (every table compared).
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
    expect(countRows(t.app.deps.sqlite, 'approval_decision_batches')).toBe(0);
    expect((await t.client(fx.editor).get(`/v1/approval-items/${target.id}`)).json().status).toBe('active');
  });

  test('when a batch merges two items into each other, then 422 A4 says cycle', async () => {
    const a = await newItem(t, fx);
    const b = await newItem(t, fx);
    const ra = await newReview(t, fx, a.id, { disposition: 'merge', mergeIntoItemId: b.id, justification: 'x' });
    const rb = await newReview(t, fx, b.id, { disposition: 'merge', mergeIntoItemId: a.id, justification: 'x' });
    expect(rules((await t.client(fx.editor).get(`/v1/approval-reviews/${ra.id}`)).json())).toEqual(['A4:required']);
    for (const r of [ra, rb]) await toLegallyReviewed(t, fx, r.id, { verdict: 'agree', opinion: '同意', override: { reason: '由常务会议定' } });
    const res = await t.client(fx.exec).post('/v1/approval-decisions', {
      meetingNumber: '第4次',
      meetingDate: '2027-05-21',
      decisions: [
        { reviewId: ra.id, disposition: 'merge' },
        { reviewId: rb.id, disposition: 'merge' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('cycle');
    expect(stageOf(ra.id)).toBe('legally_reviewed');
  });

  test('when the same review is listed twice or is unknown, then 400 naming the entry (a body reference, issue 11)', async () => {
    const a = await newReview(t, fx, (await newItem(t, fx)).id);
    await toLegallyReviewed(t, fx, a.id);
    const twice = await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '1', meetingDate: '2027-05-20', decisions: [{ reviewId: a.id, disposition: 'retain' }, { reviewId: a.id, disposition: 'retain' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].pointer).toBe('/decisions/1/reviewId');
    const unknown = await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '1', meetingDate: '2027-05-20', decisions: [{ reviewId: '01900000-0000-7000-8000-000000000000', disposition: 'retain' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ in: 'body', pointer: '/decisions/0/reviewId', detail: 'review 01900000-0000-7000-8000-000000000000 does not exist' }]);
    const badDate = await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '1', meetingDate: '2027-02-30', decisions: [{ reviewId: a.id, disposition: 'retain' }] });
    expect(badDate.statusCode).toBe(400);
  });
});

describe('follow-up (A6)', () => {
  async function decided(disposition: string, extra: Record<string, unknown> = {}) {
    const review = await newReview(t, fx, (await newItem(t, fx)).id, { disposition, ...extra });
    await toLegallyReviewed(t, fx, review.id);
    const res = await t.client(fx.exec).post('/v1/approval-decisions', { meetingNumber: '第5次', meetingDate: '2027-05-25', decisions: [{ reviewId: review.id, disposition }] });
    expect(res.statusCode).toBe(201);
    return review;
  }

  test('when a follow-up comes before the decision, then 409', async () => {
    const review = await newReview(t, fx, (await newItem(t, fx)).id);
    expect((await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { stepsBefore: 5, stepsAfter: 3, timeLimitDaysBefore: 20, timeLimitDaysAfter: 10 })).statusCode).toBe(409);
  });

  test('when a retained item’s follow-up lacks time limits or carries a cancel field, then 400; complete, then 200 and the A6 finding goes', async () => {
    const review = await decided('retain');
    const got = (await t.client(fx.editor).get(`/v1/approval-reviews/${review.id}`)).json();
    expect(got.findings).toContainEqual(expect.objectContaining({ rule: 'A6', severity: 'info' }));
    const bad = await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { stepsBefore: 5, stepsAfter: 3, supervisionMeasure: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/supervisionMeasure', '/timeLimitDaysAfter', '/timeLimitDaysBefore']);
    const ok = await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { stepsBefore: 5, stepsAfter: 3, timeLimitDaysBefore: 20, timeLimitDaysAfter: 10 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().followUp).toEqual({ stepsBefore: 5, stepsAfter: 3, timeLimitDaysBefore: 20, timeLimitDaysAfter: 10 });
    expect(ok.json().findings.map((f: { rule: string }) => f.rule)).not.toContain('A6');
    expect((await t.client(fx.otherEditor).put(`/v1/approval-reviews/${review.id}/follow-up`, { stepsBefore: 1, stepsAfter: 1, timeLimitDaysBefore: 1, timeLimitDaysAfter: 1 })).statusCode).toBe(404);
  });

  test('when a cancelled item’s follow-up names the supervision measure, then 200', async () => {
    const review = await decided('cancel');
    const res = await t.client(fx.editor).put(`/v1/approval-reviews/${review.id}/follow-up`, { supervisionMeasure: '纳入“双随机、一公开”监管' });
    expect(res.statusCode).toBe(200);
    expect(eventsOf(t.app, review.id).at(-1)?.action).toBe('follow_up');
  });
});
