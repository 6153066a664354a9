// Every documented list filter and sort of the approval tables uses an index (issue 7: 50,000 items with reviews).
import { makeApp, type TestContext } from '../../helpers/app.js';
import { capturePlans, expectNoFullScan } from '../../helpers/query-plan.js';
import { createApprovalRepository } from '../../../src/modules/approval-cleanup/repository.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp({ seedUnits: false });
});
afterAll(() => t.close());

const U = '01900000-0000-7000-8000-000000000001';
const C = '01900000-0000-7000-8000-000000000002';
const tables = ['approval_items', 'approval_reviews'];
type Repo = ReturnType<typeof createApprovalRepository>;

describe('query plans', () => {
  const repo = () => createApprovalRepository(t.app.deps.db);

  test.each([
    ['no filter, by createdAt', {}, 'createdAt'],
    ['no filter, by code', {}, 'code'],
    ['implementingUnitId', { implementingUnitId: U }, 'createdAt'],
    ['implementingUnitId, by code', { implementingUnitId: U }, 'code'],
    ['status', { status: 'active' }, 'createdAt'],
    ['status, by code', { status: 'active' }, 'code'],
    ['kind', { kind: 'licence' }, 'createdAt'],
    ['implementingUnitId + status', { implementingUnitId: U, status: 'active' }, 'createdAt'],
    ['status + kind', { status: 'active', kind: 'licence' }, 'code'],
  ] as const)('when items are listed by %s, then no full scan', (name, filter, field) => {
    // Only an unfiltered page may walk an index in order (LIMIT stops it after one page); a filter must search.
    const allowIndexWalk = name.startsWith('no filter');
    expectNoFullScan(t.app.deps.sqlite, repo().itemsQuery(filter, { field, desc: false }, [C], 50), tables, { allowIndexWalk });
    expectNoFullScan(t.app.deps.sqlite, repo().itemsQuery(filter, { field, desc: true }, undefined, 50), tables, { allowIndexWalk });
  });

  test.each([
    ['no filter', {}],
    ['campaignId', { campaignId: C }],
    ['stage', { stage: 'submitted' }],
    ['unitId', { unitId: U }],
    ['campaignId + stage', { campaignId: C, stage: 'submitted' }],
    ['campaignId + unitId', { campaignId: C, unitId: U }],
    ['campaignId + stage + unitId', { campaignId: C, stage: 'decided', unitId: U }],
    ['stage + unitId', { stage: 'decided', unitId: U }],
  ] as const)('when reviews are listed by %s, then no full scan', (_n, filter) => {
    expectNoFullScan(t.app.deps.sqlite, repo().reviewsQuery(filter, { desc: false }, [C], 50), tables);
  });

  test('when the public catalogue is paged, with or without an agency, then no full scan', () => {
    expectNoFullScan(t.app.deps.sqlite, repo().publicCatalogueQuery(undefined, ['X-1'], 50), [...tables, 'units']);
    expectNoFullScan(t.app.deps.sqlite, repo().publicCatalogueQuery(U, undefined, 50), [...tables, 'units']);
  });

  // The statements the repository runs for these look-ups, captured as the code prepares them (not copied here).
  test.each([
    ['decided, unannounced reviews', (r: Repo) => r.decidedUnpublished(t.app.deps.db), 1],
    ['decided, unannounced reviews of a campaign', (r: Repo) => r.decidedUnpublished(t.app.deps.db, C), 1],
    ['the summary rows of a campaign', (r: Repo) => r.summaryRows(C), 1],
    ['the summary rows of a campaign for an agency', (r: Repo) => r.summaryRows(C, U), 1],
    ['active items', (r: Repo) => r.countActive(), 1],
    ['active items of an agency', (r: Repo) => r.countActive(U), 1],
    ['an item’s pending disposition', (r: Repo) => r.pendingDisposition(t.app.deps.db, U), 1],
    ['an agency’s cancelled items', (r: Repo) => r.cancelledItemsOf(t.app.deps.db, U), 1],
    ['an announcement’s entries', (r: Repo) => r.announcementEntries(C), 1],
    ['a batch’s reviews', (r: Repo) => r.batchReviewIds(C), 1],
  ] as const)('when the service reads %s, then no full scan', (_n, run, n) => {
    const statements = capturePlans(t.app.deps.sqlite, () => void run(createApprovalRepository(t.app.deps.db)));
    expect(statements).toHaveLength(n);
    for (const s of statements) expectNoFullScan(t.app.deps.sqlite, s.plan, tables);
  });
});
