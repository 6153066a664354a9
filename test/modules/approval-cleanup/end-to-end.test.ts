// End to end over 20 items covering every disposition: proposals → legal review (one amend) → two decision batches
// → two announcements; catalogue states, the public catalogue and the summary checked against a hand count.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { newItem, newReview, setUp, toLegallyReviewed, type Fx } from './fixtures.js';

let t: TestContext;
let fx: Fx;
beforeAll(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterAll(() => t.close());

// Hand count. Items 1–8 retained (item 13 is proposed for retain but amended to cancel by the legal office),
// 9–13 cancelled, 14–17 delegated, 18–19 merged into item 1, 20 merged into item 2.
const plan: Array<{ n: number; propose: string; decide: string }> = Array.from({ length: 20 }, (_, i) => {
  const n = i + 1;
  const decide = n <= 8 ? 'retain' : n <= 13 ? 'cancel' : n <= 17 ? 'delegate' : 'merge';
  return { n, propose: n === 13 ? 'retain' : decide, decide };
});
// Follow-up time limits of retained items 1–4: reductions 10, 10, 5, 30 days = 50%, 33.3%, 50%, 75%.
const limits: Record<number, [number, number]> = { 1: [20, 10], 2: [30, 20], 3: [10, 5], 4: [40, 10] };

test('when 20 items go through the whole cleanup, then catalogue, public catalogue and summary match the hand count', async () => {
  const items: Record<number, { id: string; code: string }> = {};
  for (const { n } of plan) items[n] = await newItem(t, fx, { code: `E2E-${String(n).padStart(2, '0')}`, name: `端到端事项${n}` });
  const reviews: Record<number, { id: string }> = {};
  for (const { n, propose } of plan) {
    const extra =
      propose === 'delegate'
        ? { delegateTo: n % 2 ? 'city' : 'county', receivingBody: n % 2 ? '各设区市财政局' : '各县财政局' }
        : propose === 'merge'
          ? { mergeIntoItemId: items[n === 20 ? 2 : 1].id }
          : {};
    reviews[n] = await newReview(t, fx, items[n].id, { disposition: propose, ...extra });
  }
  for (const { n } of plan) {
    await toLegallyReviewed(t, fx, reviews[n].id, n === 13 ? { verdict: 'amend', opinion: '无上位法依据,建议取消', disposition: 'cancel' } : { verdict: 'agree', opinion: '同意' });
  }

  // Batch 1: items 1–10; published at once.
  const b1 = await t.client(fx.exec).post('/v1/approval-decisions', {
    meetingNumber: '2027年第8次常务会议',
    meetingDate: '2027-06-10',
    decisions: plan.filter((p) => p.n <= 10).map((p) => ({ reviewId: reviews[p.n].id, disposition: p.decide })),
  });
  expect(b1.statusCode).toBe(201);
  const a1 = await t.client(t.admin).post('/v1/approval-announcements', { title: '关于公布第一批行政审批事项清理结果的公告', documentNumber: '桂政发〔2027〕20号', publishedOn: '2027-06-15', campaignId: fx.campaignId });
  expect(a1.statusCode).toBe(201);
  expect(a1.json().counts).toEqual({ retain: 8, cancel: 2, delegate: 0, merge: 0 });

  // Batch 2: items 11–20, merges into items retained by batch 1.
  const b2 = await t.client(fx.exec).post('/v1/approval-decisions', {
    meetingNumber: '2027年第9次常务会议',
    meetingDate: '2027-06-25',
    decisions: plan.filter((p) => p.n > 10).map((p) => ({ reviewId: reviews[p.n].id, disposition: p.decide })),
  });
  expect(b2.statusCode).toBe(201);
  for (const [n, [before, after]] of Object.entries(limits)) {
    const res = await t.client(fx.editor).put(`/v1/approval-reviews/${reviews[Number(n)].id}/follow-up`, { stepsBefore: 6, stepsAfter: 4, timeLimitDaysBefore: before, timeLimitDaysAfter: after });
    expect(res.statusCode).toBe(200);
  }

  const expected = {
    campaignId: fx.campaignId,
    reviews: 20,
    proposed: { retain: 9, cancel: 4, delegate: 4, merge: 3 },
    decided: { retain: 8, cancel: 5, delegate: 4, merge: 3 },
    catalogueBefore: 20,
    catalogueAfter: 8,
    reductionPercent: 60,
    retainedWithTimeLimits: 4,
    averageTimeLimitReductionDays: 13.8, // (10 + 10 + 5 + 30) / 4 = 13.75
    averageTimeLimitReductionPercent: 52.1, // (50 + 33.33 + 50 + 75) / 4 = 52.08
  };
  // Before the second announcement the figures already count the decided outcomes.
  const mid = await t.client(t.admin).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}`);
  expect(mid.json()).toMatchObject({ ...expected, byStage: { published: 10, decided: 10 } });

  const a2 = await t.client(t.admin).post('/v1/approval-announcements', { title: '关于公布第二批行政审批事项清理结果的公告', documentNumber: '桂政发〔2027〕25号', publishedOn: '2027-06-30' });
  expect(a2.statusCode).toBe(201);
  expect(a2.json().counts).toEqual({ retain: 0, cancel: 3, delegate: 4, merge: 3 });
  expect((await t.client(t.admin).post('/v1/approval-announcements', { title: 'x', documentNumber: 'y', publishedOn: '2027-07-01' })).statusCode).toBe(409);

  // Catalogue states.
  for (const { n, decide } of plan) {
    const item = (await t.client(t.admin).get(`/v1/approval-items/${items[n].id}`)).json();
    const status = { retain: 'active', cancel: 'cancelled', delegate: 'delegated', merge: 'merged' }[decide];
    expect([n, item.status]).toEqual([n, status]);
    if (decide === 'merge') expect(item.mergedIntoId).toBe(items[n === 20 ? 2 : 1].id);
    if (decide === 'delegate') expect(item.delegatedTo).toBe(n % 2 ? 'city' : 'county');
  }

  // The public catalogue: only the 8 active items, by code, paged, cacheable, no key needed.
  const codes: string[] = [];
  let token: string | undefined;
  do {
    const res = await t.client().get(`/v1/public/approval-catalogue?pageSize=3${token ? `&pageToken=${token}` : ''}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/public/);
    codes.push(...res.json().items.map((i: { code: string }) => i.code));
    token = res.json().nextPageToken;
  } while (token);
  expect(codes).toEqual(plan.filter((p) => p.decide === 'retain').map((p) => items[p.n].code));
  const first = await t.client().get('/v1/public/approval-catalogue');
  expect(first.json().items[0]).toEqual({
    id: items[1].id,
    code: 'E2E-01',
    name: '端到端事项1',
    kind: 'licence',
    implementingUnitId: fx.czt,
    implementingUnitName: '自治区财政厅',
    bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十二条', role: 'setting' }],
  });
  expect((await t.client().get('/v1/public/approval-catalogue', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);

  // The public announcement.
  const pub = await t.client().get(`/v1/public/approval-announcements/${a2.json().id}`);
  expect(pub.statusCode).toBe(200);
  expect(pub.json().entries).toHaveLength(10);
  expect(pub.json().entries.find((e: { code: string }) => e.code === 'E2E-20')).toMatchObject({ disposition: 'merge', mergeIntoCode: 'E2E-02', implementingUnitName: '自治区财政厅' });
  expect(JSON.stringify(pub.json())).not.toMatch(/apiKey|requestId/);
  expect((await t.client().get('/v1/public/approval-announcements/01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);

  // The summary matches the hand count; an agency key gets its own agency's figures (the same here), another agency none.
  const sum = await t.client(t.admin).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}`);
  expect(sum.statusCode).toBe(200);
  expect(sum.json()).toEqual({ ...expected, byStage: { draft: 0, submitted: 0, returned: 0, legally_reviewed: 0, decided: 0, published: 20 } });
  expect((await t.client(fx.editor).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}`)).json()).toMatchObject(expected);
  expect((await t.client(fx.otherEditor).get(`/v1/approval-reviews/summary?campaignId=${fx.campaignId}`)).json()).toMatchObject({ reviews: 0, catalogueBefore: 0, catalogueAfter: 0, reductionPercent: 0 });

  // A merged item takes no new review.
  expect((await t.client(fx.editor).post('/v1/approval-reviews', { campaignId: fx.campaignId, itemId: items[18].id, disposition: 'retain', rationale: 'x' })).statusCode).toBe(409);
});
