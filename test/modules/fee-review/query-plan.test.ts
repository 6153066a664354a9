// Issue 7: every documented list filter and sort of the fee tables uses an index (20,000 fee items with reviews).
import { makeApp, type TestContext } from '../../helpers/app.js';
import { expectNoFullScan } from '../../helpers/query-plan.js';
import { createFeeRepository } from '../../../src/modules/fee-review/repository.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp({ seedUnits: false });
});
afterAll(() => t.close());

const id = '01900000-0000-7000-8000-000000000000';

describe('fee query plans', () => {
  test.each([
    ['no filter, by code', {}, { field: 'code', desc: false }],
    ['no filter, by createdAt desc', {}, { field: 'createdAt', desc: true }],
    ['collectingUnitId, by code', { collectingUnitId: id }, { field: 'code', desc: false }],
    ['category, by code', { category: 'administrative' }, { field: 'code', desc: false }],
    ['basisLevel, by code desc', { basisLevel: 'regional' }, { field: 'code', desc: true }],
    ['collectingUnitId, by createdAt', { collectingUnitId: id }, { field: 'createdAt', desc: false }],
  ] as const)('when fee items are listed with %s, then no full scan', (name, filter, order) => {
    const repo = createFeeRepository(t.app.deps.db);
    // Only an unfiltered page may walk an index in order (LIMIT stops it after one page); a filter must search.
    const allowIndexWalk = name.startsWith('no filter');
    expectNoFullScan(t.app.deps.sqlite, repo.itemListQuery(filter, order, undefined, 50), ['fee_items'], { allowIndexWalk });
    expectNoFullScan(t.app.deps.sqlite, repo.itemListQuery(filter, order, order.field === 'code' ? ['X', id] : [id], 50), ['fee_items'], { allowIndexWalk });
  });

  test.each([
    ['no filter', {}],
    ['campaignId', { campaignId: id }],
    ['campaignId + status', { campaignId: id, status: 'reviewed' }],
    ['unitId', { unitId: id }],
    ['unitId + campaignId', { unitId: id, campaignId: id }],
    ['status', { status: 'declared' }],
  ])('when fee reviews are listed by %s, then no full scan', (_name, filter) => {
    const repo = createFeeRepository(t.app.deps.db);
    expectNoFullScan(t.app.deps.sqlite, repo.reviewListQuery(filter, { desc: false }, [id], 50), ['fee_reviews']);
  });

  test('when the summary reads the decided reviews of a campaign, then no full scan', () => {
    const repo = createFeeRepository(t.app.deps.db);
    expectNoFullScan(t.app.deps.sqlite, repo.decidedReviewsQuery(id), ['fee_reviews']);
    expectNoFullScan(t.app.deps.sqlite, repo.decidedReviewsQuery(id, id), ['fee_reviews']);
  });

  test.each([
    ['the whole version', undefined],
    ['one agency', id],
  ])('when a public catalogue page is read for %s, then no full scan', (_name, unitId) => {
    const repo = createFeeRepository(t.app.deps.db);
    expectNoFullScan(t.app.deps.sqlite, repo.entryPageQuery(1, unitId, ['A', id], 50), ['fee_catalogue_entries']);
  });
});
