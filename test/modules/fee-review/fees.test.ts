import { jest } from '@jest/globals';
import { makeApp, eventsOf, createCampaignRow, type TestContext } from '../../helpers/app.js';
import { createFeeService } from '../../../src/modules/fee-review/service.js';
import { systemActor } from '../../../src/http/auth.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
let campaignId: string;
let editor: string; // unit_editor of 自治区民政厅
let otherEditor: string; // unit_editor of 南宁市
let finance: string;
let price: string;
let exec: string;
let reader: string;
let seq = 0;

beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
  editor = t.key(['unit_editor'], t.unit['gx-mzt']);
  otherEditor = t.key(['unit_editor'], t.unit['gx-450100']);
  finance = t.key(['finance_reviewer'], t.unit['gx-czt']);
  price = t.key(['price_reviewer'], t.unit['gx-wjj']);
  exec = t.key(['executive_secretary'], t.unit['gx-zfb']);
  reader = t.key(['reader'], t.unit.gx);
});
afterEach(() => t.close());

const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;

function feeBody(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    code: `GXSF-${String(seq).padStart(4, '0')}`,
    name: `测试收费${seq}`,
    collectingUnitId: t.unit['gx-mzt'],
    category: 'administrative',
    basisLevel: 'national',
    bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布取消和停止征收的行政事业性收费项目的通知' }],
    standard: { kind: 'fixed', amountFen: 1000, per: '件' },
    ...overrides,
  };
}

async function createFee(overrides: Record<string, unknown> = {}, token = editor) {
  const res = await t.client(token).post('/v1/fee-items', feeBody(overrides));
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string; version: number };
}

async function declare(feeItemId: string, extra: Record<string, unknown> = {}, campaign = campaignId) {
  const res = await t.client(editor).post('/v1/fee-reviews', { campaignId: campaign, feeItemId, ...extra });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; recommendedOutcome: string; findings: Array<{ ruleId: string; effect: string }>; approvedStandardFen: number | null };
}

async function opine(reviewId: string, sides: Array<'finance' | 'price'> = ['finance', 'price'], verdict = 'retain') {
  for (const side of sides) {
    const res = await t.client(side === 'finance' ? finance : price).post(`/v1/fee-reviews/${reviewId}:${side}Opinion`, { verdict, text: '同意' });
    expect(res.statusCode).toBe(200);
  }
}

async function decide(decisions: Array<{ reviewId: string; outcome: string }>) {
  return t.client(exec).post('/v1/fee-decisions', { meetingNumber: '自治区人民政府第12次常务会议', meetingDate: '2027-05-20', decisions });
}

/** A reviewed and decided fee, in one go. */
async function decidedFee(overrides: Record<string, unknown>, outcome: 'retain' | 'cancel', declaration: Record<string, unknown> = {}, campaign = campaignId) {
  const fee = await createFee(overrides);
  const review = await declare(fee.id, declaration, campaign);
  await opine(review.id, ['finance', 'price'], outcome);
  const res = await decide([{ reviewId: review.id, outcome }]);
  expect(res.statusCode).toBe(201);
  return { fee, review };
}

async function publish(documentNumber = '桂政发〔2027〕12号', publishedOn = '2027-05-31') {
  const res = await t.client(t.admin).post('/v1/fee-catalogues', { publishedOn, documentNumber });
  expect(res.statusCode).toBe(201);
  return res.json() as { version: number };
}

const check = (query: string, headers: Record<string, string> = {}) => t.client().get(`/v1/public/fee-catalogue/check?${query}`, headers);

describe('fee items', () => {
  test('when a unit editor declares a fee of its agency, then 201 with Location, ETag and one audit event', async () => {
    const res = await t.client(editor).post('/v1/fee-items', feeBody({ standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }, currentChargeFen: 2000, annualVolume: 300 }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/fee-items/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(body).toMatchObject({ standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }, currentChargeFen: 2000, annualVolume: 300, affectsEnterprises: false, fundManagement: null });
    expect(eventsOf(t.app, body.id).map((e) => e.action)).toEqual(['create']);
    const again = await t.client(editor).get(`/v1/fee-items/${body.id}`);
    expect(again.json()).toEqual(body);
  });

  test('when 12.5 is sent in a Fen field, then 400 names the field and nothing is written', async () => {
    const res = await t.client(editor).post('/v1/fee-items', feeBody({ standard: { kind: 'fixed', amountFen: 12.5, per: '件' } }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'body', pointer: '/standard/amountFen' }] });
    expect(count('fee_items')).toBe(0);
  });

  test.each([
    ['a negative amount', { kind: 'fixed', amountFen: -1, per: '件' }, '/standard/amountFen'],
    ['min above max', { kind: 'range', minFen: 2000, maxFen: 500, per: '次' }, '/standard/minFen'],
    ['a range without maxFen', { kind: 'range', minFen: 500, per: '次' }, '/standard/maxFen'],
    ['a fixed standard with bounds', { kind: 'fixed', amountFen: 500, minFen: 1, per: '次' }, '/standard/minFen'],
    ['a string amount', { kind: 'fixed', amountFen: '1000', per: '件' }, '/standard/amountFen'],
  ])('when the standard has %s, then 400 points at it', async (_name, standard, pointer) => {
    const res = await t.client(editor).post('/v1/fee-items', feeBody({ standard }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe(pointer);
    expect(count('fee_items')).toBe(0);
  });

  test('when currentChargeFen is a decimal, then 400', async () => {
    const res = await t.client(editor).post('/v1/fee-items', feeBody({ currentChargeFen: 12.5 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/currentChargeFen');
  });

  test('when the code is taken, then 409 ALREADY_EXISTS', async () => {
    const fee = await createFee();
    const res = await t.client(editor).post('/v1/fee-items', { ...feeBody(), code: fee.code });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_EXISTS', resourceId: fee.id });
  });

  test('when an editor declares a fee of another agency, then 403; its fees are invisible to other agencies (404, absent from lists)', async () => {
    const denied = await t.client(otherEditor).post('/v1/fee-items', feeBody());
    expect(denied.statusCode).toBe(403);
    const fee = await createFee();
    expect((await t.client(otherEditor).get(`/v1/fee-items/${fee.id}`)).statusCode).toBe(404);
    expect((await t.client(otherEditor).get('/v1/fee-items')).json().items).toEqual([]);
    expect((await t.client(finance).get('/v1/fee-items')).json().items.map((i: { id: string }) => i.id)).toEqual([fee.id]);
    expect((await t.client(editor).get(`/v1/fee-items?collectingUnitId=${t.unit['gx-mzt']}`)).json().items).toHaveLength(1);
  });

  test('when no key is sent, then 401 with WWW-Authenticate', async () => {
    const res = await t.client().get('/v1/fee-items');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  test('when a fee is patched without If-Match, with a stale one, then with the current one, then 428, 412, 200', async () => {
    const fee = await createFee();
    const url = `/v1/fee-items/${fee.id}`;
    expect((await t.client(editor).patch(url, { annualVolume: 10 })).statusCode).toBe(428);
    expect((await t.client(editor).patch(url, { annualVolume: 10 }, { 'if-match': '"7"' })).statusCode).toBe(412);
    const ok = await t.client(editor).patch(url, { annualVolume: 10, standard: { kind: 'range', minFen: 100, maxFen: 200, per: '次' } }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, annualVolume: 10, standard: { kind: 'range', minFen: 100, maxFen: 200 } });
    expect(ok.headers.etag).toBe('"2"');
    expect(eventsOf(t.app, fee.id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a reader patches a fee, then 403 before any If-Match check', async () => {
    const fee = await createFee();
    expect((await t.client(reader).patch(`/v1/fee-items/${fee.id}`, { annualVolume: 1 })).statusCode).toBe(403);
  });

  test('when fees are listed with a page size, then a walk returns each once, by code', async () => {
    for (let i = 0; i < 5; i++) await createFee();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await t.client(t.admin).get(`/v1/fee-items?pageSize=2&category=administrative${token ? `&pageToken=${token}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((i: { code: string }) => i.code));
      token = res.json().nextPageToken;
    } while (token);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(5);
  });

  test('when the list has an unknown parameter, then 400', async () => {
    expect((await t.client(t.admin).get('/v1/fee-items?colour=red')).statusCode).toBe(400);
  });
});

describe('fee reviews', () => {
  test('when a regional institutional fee is declared truly necessary with a justification, then the findings recommend retain at the lower bound', async () => {
    const fee = await createFee({ category: 'institutional', basisLevel: 'regional', standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' } });
    const review = await declare(fee.id, { keptAsNecessary: true, necessityJustification: '全区唯一的检验机构,停收将影响安全监管' });
    expect(review).toMatchObject({ status: 'declared', recommendedOutcome: 'retain', approvedStandardFen: 500, financeOpinion: null, priceOpinion: null });
    expect(review.findings.map((f) => [f.ruleId, f.effect])).toEqual([['F2', 'retain'], ['F3', 'lower_bound']]);
    expect(eventsOf(t.app, review.id).map((e) => e.action)).toEqual(['create']);
  });

  test('when a regional institutional fee is declared necessary without a justification, then the finding is cancel', async () => {
    const fee = await createFee({ category: 'institutional', basisLevel: 'regional' });
    const review = await declare(fee.id, { keptAsNecessary: true });
    expect(review).toMatchObject({ recommendedOutcome: 'cancel', approvedStandardFen: null });
    expect(review.findings).toEqual([expect.objectContaining({ ruleId: 'F2', effect: 'cancel' })]);
  });

  test('when a regional administrative fee is declared, then F1 recommends cancel', async () => {
    const fee = await createFee({ basisLevel: 'regional' });
    const review = await declare(fee.id, { keptAsNecessary: true, necessityJustification: '理由' });
    expect(review.recommendedOutcome).toBe('cancel');
    expect(review.findings[0]).toMatchObject({ ruleId: 'F1', effect: 'cancel' });
  });

  test('when the approved standard is sent, then 400 says it is read-only', async () => {
    const fee = await createFee();
    const res = await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id, approvedStandardFen: 100 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/approvedStandardFen', detail: "'approvedStandardFen' is read-only and cannot be written" });
  });

  test('when a fee is declared twice in a campaign, then 409 ALREADY_EXISTS', async () => {
    const fee = await createFee();
    const first = await declare(fee.id);
    const res = await t.client(editor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_EXISTS', resourceId: first.id });
  });

  test('when the campaign does not exist, then 400 names campaignId', async () => {
    const fee = await createFee();
    const res = await t.client(editor).post('/v1/fee-reviews', { campaignId: '01900000-0000-7000-8000-000000000000', feeItemId: fee.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/campaignId');
  });

  test('when another agency declares the fee, then 400 as if it did not exist', async () => {
    const fee = await createFee();
    const res = await t.client(otherEditor).post('/v1/fee-reviews', { campaignId, feeItemId: fee.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/feeItemId');
    expect(count('fee_reviews')).toBe(0);
  });

  test('when finance then price give their opinions, then the review is under_review then reviewed, with audit events', async () => {
    const fee = await createFee();
    const review = await declare(fee.id);
    const url = `/v1/fee-reviews/${review.id}`;
    const f = await t.client(finance).post(`${url}:financeOpinion`, { verdict: 'retain', text: '依据充分' });
    expect(f.statusCode).toBe(200);
    expect(f.json()).toMatchObject({ status: 'under_review', financeOpinion: { verdict: 'retain', text: '依据充分' }, priceOpinion: null, version: 2 });
    const p = await t.client(price).post(`${url}:priceOpinion`, { verdict: 'retain', text: '标准合理' }, { 'if-match': '"2"' });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ status: 'reviewed', priceOpinion: { verdict: 'retain' } });
    expect(eventsOf(t.app, review.id).map((e) => e.action)).toEqual(['create', 'finance_opinion', 'price_opinion']);
  });

  test('when the wrong role gives an opinion, then 403; with a stale If-Match, then 412; on an unknown review, then 404', async () => {
    const fee = await createFee();
    const review = await declare(fee.id);
    const url = `/v1/fee-reviews/${review.id}`;
    expect((await t.client(price).post(`${url}:financeOpinion`, { verdict: 'retain', text: 'x' })).statusCode).toBe(403);
    expect((await t.client(editor).post(`${url}:priceOpinion`, { verdict: 'retain', text: 'x' })).statusCode).toBe(403);
    expect((await t.client(finance).post(`${url}:financeOpinion`, { verdict: 'retain', text: 'x' }, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect((await t.client(finance).post(`/v1/fee-reviews/01900000-0000-7000-8000-000000000000:financeOpinion`, { verdict: 'retain', text: 'x' })).statusCode).toBe(404);
    expect((await t.client(finance).post(`${url}:financeOpinion`, { verdict: 'maybe', text: 'x' })).statusCode).toBe(400);
  });

  test('when the declaration is changed before any opinion, then 200; after one, then 409', async () => {
    const fee = await createFee({ category: 'institutional', basisLevel: 'regional' });
    const review = await declare(fee.id);
    const url = `/v1/fee-reviews/${review.id}`;
    const ok = await t.client(editor).patch(url, { keptAsNecessary: true, necessityJustification: '确有必要' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ recommendedOutcome: 'retain', version: 2 });
    await opine(review.id, ['finance']);
    const late = await t.client(editor).patch(url, { declarationNote: '补充' }, { 'if-match': '"3"' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('INVALID_STATE_TRANSITION');
  });

  test('when reviews are listed by another agency’s editor, then they are absent; by status, then filtered', async () => {
    const fee = await createFee();
    const review = await declare(fee.id);
    expect((await t.client(otherEditor).get('/v1/fee-reviews')).json().items).toEqual([]);
    expect((await t.client(otherEditor).get(`/v1/fee-reviews/${review.id}`)).statusCode).toBe(404);
    expect((await t.client(finance).get(`/v1/fee-reviews?campaignId=${campaignId}&status=declared`)).json().items).toHaveLength(1);
    expect((await t.client(finance).get(`/v1/fee-reviews?campaignId=${campaignId}&status=reviewed`)).json().items).toHaveLength(0);
  });
});

describe('fee decisions', () => {
  test('when a decision covers a review lacking the price opinion, then 409 names it and the batch writes nothing', async () => {
    const a = await declare((await createFee()).id);
    const b = await declare((await createFee()).id);
    await opine(a.id);
    await opine(b.id, ['finance']);
    const eventsBefore = count('events');
    const res = await decide([
      { reviewId: a.id, outcome: 'retain' },
      { reviewId: b.id, outcome: 'retain' },
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION', ruleId: 'F4', resourceId: b.id, errors: [{ pointer: '/decisions/1/reviewId', code: 'F4' }] });
    expect(res.json().errors).toHaveLength(1);
    expect(res.json().detail).toContain('price opinion');
    expect(count('fee_decisions')).toBe(0);
    expect(count('events')).toBe(eventsBefore);
    expect((await t.client(exec).get(`/v1/fee-reviews/${a.id}`)).json()).toMatchObject({ status: 'reviewed', outcome: null });
  });

  test('when a decision would retain a fee F1 cancels, then 422 RULE_VIOLATION and nothing is written', async () => {
    const ok = await declare((await createFee()).id);
    const bad = await declare((await createFee({ basisLevel: 'regional' })).id);
    await opine(ok.id);
    await opine(bad.id);
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await decide([
      { reviewId: ok.id, outcome: 'retain' },
      { reviewId: bad.id, outcome: 'retain' },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'F1', errors: [{ pointer: '/decisions/1/outcome', code: 'F1' }] });
    // Nothing: no decision, neither review decided (not even the good one), no fee item or catalogue touched, no event.
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
    expect(count('fee_decisions')).toBe(0);
    for (const id of [ok.id, bad.id]) expect((await t.client(exec).get(`/v1/fee-reviews/${id}`)).json()).toMatchObject({ status: 'reviewed', outcome: null, decisionId: null });
  });

  test('when a batch is decided, then a retained range fee is approved at its lower bound and every review is decided, with audit events', async () => {
    const rangeFee = await createFee({ standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' } });
    const cancelFee = await createFee({ basisLevel: 'regional' });
    const a = await declare(rangeFee.id);
    const b = await declare(cancelFee.id);
    await opine(a.id);
    await opine(b.id, ['finance', 'price'], 'cancel');
    const res = await decide([
      { reviewId: a.id, outcome: 'retain' },
      { reviewId: b.id, outcome: 'cancel' },
    ]);
    expect(res.statusCode).toBe(201);
    const decision = res.json();
    expect(res.headers.location).toBe(`/v1/fee-decisions/${decision.id}`);
    expect(decision.decisions).toEqual([
      { reviewId: a.id, feeItemId: rangeFee.id, outcome: 'retain', approvedStandardFen: 500 },
      { reviewId: b.id, feeItemId: cancelFee.id, outcome: 'cancel', approvedStandardFen: null },
    ]);
    expect((await t.client(exec).get(`/v1/fee-reviews/${a.id}`)).json()).toMatchObject({ status: 'decided', outcome: 'retain', approvedStandardFen: 500, decisionId: decision.id });
    expect(eventsOf(t.app, a.id).map((e) => e.action)).toContain('decide');
    expect(eventsOf(t.app, decision.id).map((e) => e.action)).toEqual(['create']);
    expect((await t.client(exec).get(`/v1/fee-decisions/${decision.id}`)).json()).toEqual(decision);
  });

  test('when a decided review is decided again, then 409 and nothing changes', async () => {
    const { review } = await decidedFee({}, 'retain');
    const decided = (await t.client(exec).get(`/v1/fee-reviews/${review.id}`)).json();
    expect(decided).toMatchObject({ status: 'decided', outcome: 'retain' });
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await decide([{ reviewId: review.id, outcome: 'cancel' }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].code).toBe('ALREADY_DECIDED');
    expect((await t.client(exec).post(`/v1/fee-reviews/${review.id}:financeOpinion`, { verdict: 'cancel', text: 'x' })).statusCode).toBe(403);
    const again = await t.client(finance).post(`/v1/fee-reviews/${review.id}:financeOpinion`, { verdict: 'cancel', text: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_STATE_TRANSITION');
    // Nothing changed: the review reads as before (same outcome, opinion and ETag), and no table or event was written.
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
    expect((await t.client(exec).get(`/v1/fee-reviews/${review.id}`)).json()).toEqual(decided);
  });

  test('when a unit editor records a decision, then 403; an unknown review, then 400 naming it (a body reference); a repeated review, then 400', async () => {
    const review = await declare((await createFee()).id);
    expect((await t.client(editor).post('/v1/fee-decisions', { meetingNumber: 'x', meetingDate: '2027-05-20', decisions: [{ reviewId: review.id, outcome: 'cancel' }] })).statusCode).toBe(403);
    expect((await decide([{ reviewId: '01900000-0000-7000-8000-000000000000', outcome: 'cancel' }])).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ pointer: '/decisions/0/reviewId' }] });
    expect((await decide([{ reviewId: review.id, outcome: 'cancel' }, { reviewId: review.id, outcome: 'retain' }])).statusCode).toBe(400);
    expect((await t.client(exec).post('/v1/fee-decisions', { meetingNumber: 'x', meetingDate: '2027-02-30', decisions: [{ reviewId: review.id, outcome: 'cancel' }] })).statusCode).toBe(400);
  });
});

describe('the published catalogue and the public fee check', () => {
  test('after publication: a retained range fee is permitted at its lower bound, a cancelled fee and a fee never in the catalogue are not', async () => {
    const unit = await t.client(t.admin).post('/v1/units', { name: '自治区测试中心', kind: 'other', level: 'region', divisionCode: '450000', creditCode: '114500000000000198', parentId: t.unit.gx });
    expect(unit.statusCode).toBe(201);
    const centre = unit.json().id as string;
    const centreEditor = t.key(['unit_editor'], centre);
    const retained = await t.client(centreEditor).post('/v1/fee-items', feeBody({ collectingUnitId: centre, name: '检验费', standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' } }));
    const retainedFee = retained.json();
    const rReview = await t.client(centreEditor).post('/v1/fee-reviews', { campaignId, feeItemId: retainedFee.id });
    await opine(rReview.json().id);
    expect((await decide([{ reviewId: rReview.json().id, outcome: 'retain' }])).statusCode).toBe(201);
    const { fee: cancelled } = await decidedFee({ basisLevel: 'regional' }, 'cancel');
    const never = await createFee();
    const catalogue = await publish();
    expect(catalogue).toMatchObject({ version: 1, retainedCount: 1, cancelledCount: 1, documentNumber: '桂政发〔2027〕12号' });

    const byCode = await check(`unit=114500000000000198&item=${retainedFee.code}`);
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json()).toEqual({ permitted: true, standard: { kind: 'fixed', amountFen: 500, per: '次' }, catalogueVersion: 1, reason: 'listed' });
    expect(byCode.headers.etag).toBe('"fee-catalogue-1"');
    expect(byCode.headers['cache-control']).toBe('public, max-age=60');
    expect((await check(`unit=${centre}&item=${retainedFee.code}`)).json().permitted).toBe(true);
    expect((await check(`unit=${centre}&name=${encodeURIComponent('检验费')}`)).json().permitted).toBe(true);
    // Ids in any case (issue 12.15): a .NET platform's upper-case GUID is the same agency, in the check and the public catalogue.
    expect((await check(`unit=${centre.toUpperCase()}&item=${retainedFee.code}`)).json()).toEqual(byCode.json());
    const listed = await t.client().get(`/v1/public/fee-catalogue?unit=${centre.toUpperCase()}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((i: { code: string }) => i.code)).toEqual([retainedFee.code]);

    expect((await check(`unit=${t.unit['gx-mzt']}&item=${cancelled.code}`)).json()).toEqual({ permitted: false, standard: null, catalogueVersion: 1, reason: 'cancelled' });
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${never.code}`)).json()).toEqual({ permitted: false, standard: null, catalogueVersion: 1, reason: 'not_in_catalogue' });
    // The right code under another agency is not this agency's fee.
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${retainedFee.code}`)).json().reason).toBe('not_in_catalogue');

    const cached = await check(`unit=${centre}&item=${retainedFee.code}`, { 'if-none-match': '"fee-catalogue-1"' });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
  });

  test('when an agency has a retained and a cancelled fee of the same name, then the check by name answers the retained one', async () => {
    const { fee: kept } = await decidedFee({ name: '检验费' }, 'retain');
    await decidedFee({ name: '登记费' }, 'retain');
    const { fee: gone } = await decidedFee({ name: '检验费', basisLevel: 'regional' }, 'cancel');
    await publish();
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${gone.code}`)).json().reason).toBe('cancelled');
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${kept.code}`)).json().permitted).toBe(true);
    expect((await check(`unit=${t.unit['gx-mzt']}&name=${encodeURIComponent('检验费')}`)).json()).toMatchObject({ permitted: true, reason: 'listed' });
    // The public catalogue of an agency nobody knows lists nothing.
    const unknown = await t.client().get('/v1/public/fee-catalogue?unit=119999999999999999');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json().items).toEqual([]);
  });

  test('when another process publishes a version, then the check follows within a second', async () => {
    const { fee } = await decidedFee({}, 'retain');
    // A second service on the same database stands for another process: this app's map is not told.
    // The check re-reads the latest version at most once a second of process time (performance.now): the test moves
    // that clock itself instead of sleeping, and only that clock (timers and Date run as usual).
    jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      expect((await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`)).json().reason).toBe('no_catalogue');
      createFeeService(t.app.deps).publish(systemActor(), { publishedOn: '2027-05-31', documentNumber: '桂政发〔2027〕99号' });
      // Within the second, the map in memory still answers.
      jest.advanceTimersByTime(900);
      expect((await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`)).json().reason).toBe('no_catalogue');
      jest.advanceTimersByTime(200);
      const res = await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`);
      expect(res.json()).toMatchObject({ permitted: true, catalogueVersion: 1 });
      expect(res.headers.etag).toBe('"fee-catalogue-1"');
    } finally {
      jest.useRealTimers();
    }
  });

  test('when nothing is published yet, then the check says no_catalogue', async () => {
    const res = await check(`unit=${t.unit['gx-mzt']}&item=GXSF-0001`);
    expect(res.json()).toEqual({ permitted: false, standard: null, catalogueVersion: null, reason: 'no_catalogue' });
    expect(res.headers.etag).toBe('"fee-catalogue-0"');
  });

  test('when a newer version is published, then the older one stays readable and unchanged, and the check follows the newer', async () => {
    const { fee } = await decidedFee({ standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' } }, 'retain');
    await publish('桂政发〔2027〕12号');
    const v1 = await t.client(reader).get('/v1/fee-catalogues/1');
    const page1 = await t.client().get('/v1/public/fee-catalogue?version=1');
    expect(page1.json().items).toEqual([expect.objectContaining({ code: fee.code, approvedStandardFen: 500, publishedStandard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' } })]);
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`)).json().permitted).toBe(true);

    // The next campaign cancels it and the standard of the item changes; version 2 is published.
    const campaign2 = createCampaignRow(t, 2028);
    await t.client(editor).patch(`/v1/fee-items/${fee.id}`, { standard: { kind: 'fixed', amountFen: 100, per: '次' } }, { 'if-match': '"1"' });
    const review2 = await declare(fee.id, {}, campaign2);
    await opine(review2.id, ['finance', 'price'], 'cancel');
    expect((await decide([{ reviewId: review2.id, outcome: 'cancel' }])).statusCode).toBe(201);
    await publish('桂政发〔2028〕3号', '2028-05-31');

    expect((await t.client(reader).get('/v1/fee-catalogues/1')).body).toBe(v1.body);
    expect((await t.client().get('/v1/public/fee-catalogue?version=1')).body).toBe(page1.body);
    const latest = await t.client().get('/v1/public/fee-catalogue');
    expect(latest.json()).toMatchObject({ version: 2, items: [] });
    expect(latest.headers.etag).toBe('"fee-catalogue-2"');
    const now = await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`);
    expect(now.json()).toEqual({ permitted: false, standard: null, catalogueVersion: 2, reason: 'cancelled' });
    expect((await check(`unit=${t.unit['gx-mzt']}&item=${fee.code}`, { 'if-none-match': '"fee-catalogue-1"' })).statusCode).toBe(200);
    const versions = await t.client(reader).get('/v1/fee-catalogues');
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  test.each(['PUT', 'PATCH', 'DELETE'])('when %s is sent to a catalogue version, then 405 problem+json and the version is unchanged', async (method) => {
    await decidedFee({}, 'retain');
    await publish();
    const before = (await t.client(t.admin).get('/v1/fee-catalogues/1')).body;
    const res = await t.app.inject({ method: method as 'PUT', url: '/v1/fee-catalogues/1', headers: { authorization: `Bearer ${t.admin}` }, ...(method === 'DELETE' ? {} : { payload: { documentNumber: 'x' } }) });
    expect(res.statusCode).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(res.json().code).toBe('METHOD_NOT_ALLOWED');
    expect((await t.client(t.admin).get('/v1/fee-catalogues/1')).body).toBe(before);
  });

  test('when the database is asked to change a published version, then it refuses', async () => {
    await decidedFee({}, 'retain');
    await publish();
    expect(() => t.app.deps.sqlite.prepare("UPDATE fee_catalogue_entries SET approved_standard_fen = 1").run()).toThrow(/immutable/);
    expect(() => t.app.deps.sqlite.prepare('DELETE FROM fee_catalogues').run()).toThrow(/immutable/);
  });

  test('when a non-admin publishes, then 403; a document number is reused, then 409; an unknown version, then 404', async () => {
    expect((await t.client(exec).post('/v1/fee-catalogues', { publishedOn: '2027-05-31', documentNumber: 'x' })).statusCode).toBe(403);
    await publish('桂政发〔2027〕12号');
    const again = await t.client(t.admin).post('/v1/fee-catalogues', { publishedOn: '2027-06-01', documentNumber: '桂政发〔2027〕12号' });
    expect(again.statusCode).toBe(409);
    expect((await t.client(t.admin).get('/v1/fee-catalogues/9')).statusCode).toBe(404);
    expect((await t.client().get('/v1/public/fee-catalogue?version=9')).statusCode).toBe(404);
    expect(eventsOf(t.app, '1').map((e) => e.action)).toEqual(['publish']);
  });

  test('when the public catalogue is walked page by page without a key, then every retained fee comes once, and If-None-Match gives 304', async () => {
    for (let i = 0; i < 3; i++) await decidedFee({}, 'retain');
    await publish();
    const codes: string[] = [];
    let token: string | undefined;
    do {
      const res = await t.client().get(`/v1/public/fee-catalogue?pageSize=2${token ? `&pageToken=${token}` : ''}`);
      expect(res.statusCode).toBe(200);
      codes.push(...res.json().items.map((i: { code: string }) => i.code));
      token = res.json().nextPageToken;
    } while (token);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    const res = await t.client().get(`/v1/public/fee-catalogue?unit=${t.unit['gx-mzt']}`, { 'if-none-match': '"fee-catalogue-1"' });
    expect(res.statusCode).toBe(304);
    expect((await t.client().get(`/v1/public/fee-catalogue?unit=${t.unit['gx-450100']}`)).json().items).toEqual([]);
  });

  test('when the check has neither item nor name, or an unknown parameter, then 400', async () => {
    expect((await check(`unit=${t.unit['gx-mzt']}`)).statusCode).toBe(400);
    expect((await check(`unit=${t.unit['gx-mzt']}&item=A&name=B`)).statusCode).toBe(400);
    expect((await check(`unit=${t.unit['gx-mzt']}&item=A&colour=red`)).statusCode).toBe(400);
    expect((await check('unit=not-a-unit&item=A')).statusCode).toBe(400);
  });

  test('when the public routes are in the OpenAPI document, then they declare no security and cache headers', async () => {
    const doc = (await t.client().get('/openapi.json')).json();
    const op = doc.paths['/v1/public/fee-catalogue/check'].get;
    expect(op.security).toEqual([]);
    expect(op.tags).toContain('public');
    expect(Object.keys(op.responses['200'].headers)).toEqual(expect.arrayContaining(['etag', 'cache-control']));
    expect(doc.paths['/v1/fee-catalogues/{version}'].delete.responses['405']).toBeDefined();
  });
});

describe('the fee cleanup summary', () => {
  test('when fees are decided, then the figures match a hand count', async () => {
    // 1 retained range 5-20元, charged 20元 now, 1000/year: lowered, (2000-500)×1000 = 1,500,000 fen
    await decidedFee({ standard: { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }, currentChargeFen: 2000, annualVolume: 1000 }, 'retain');
    // 2 cancelled, 10元 charged, 200/year: 1000×200 = 200,000 fen
    await decidedFee({ basisLevel: 'regional', currentChargeFen: 1000, annualVolume: 200 }, 'cancel');
    // 3 retained fixed 3元 charged 3元, 50/year: not lowered, 0
    await decidedFee({ category: 'institutional', standard: { kind: 'fixed', amountFen: 300, per: '件' }, currentChargeFen: 300, annualVolume: 50 }, 'retain');
    // 4 cancelled, no volume: counted apart
    await decidedFee({ category: 'institutional', basisLevel: 'regional', standard: { kind: 'fixed', amountFen: 800, per: '件' } }, 'cancel');
    // 5 retained range 1-3元, no current charge (the top of the range is what was charged), 10/year: lowered, (300-100)×10 = 2,000 fen
    await decidedFee({ standard: { kind: 'range', minFen: 100, maxFen: 300, per: '页' }, annualVolume: 10 }, 'retain');
    // 6 declared, undecided
    await declare((await createFee({ annualVolume: 99999, currentChargeFen: 99999 })).id);
    // a decided fee of another campaign does not count
    await decidedFee({ basisLevel: 'regional', currentChargeFen: 5000, annualVolume: 5000 }, 'cancel', {}, createCampaignRow(t, 2028));

    const res = await t.client(reader).get(`/v1/fee-reviews/summary?campaignId=${campaignId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      campaignId,
      reviews: 6,
      decided: 5,
      cancelled: 2,
      retained: 3,
      standardLowered: 2,
      estimatedYearlyReductionFen: 1_702_000,
      feesWithoutVolume: 1,
    });
    // An agency key sees its own agency's figures only.
    expect((await t.client(otherEditor).get(`/v1/fee-reviews/summary?campaignId=${campaignId}`)).json()).toMatchObject({ reviews: 0, decided: 0, estimatedYearlyReductionFen: 0 });
  });

  test('when the campaign does not exist or is missing, then 404 and 400', async () => {
    expect((await t.client(reader).get('/v1/fee-reviews/summary?campaignId=01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.client(reader).get('/v1/fee-reviews/summary')).statusCode).toBe(400);
  });
});
