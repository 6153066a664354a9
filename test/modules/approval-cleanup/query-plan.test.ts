// Every documented list filter and sort of the approval tables uses an index (issue 7: 50,000 items with reviews).
import { makeApp, type TestContext } from '../../helpers/app.js';
import { expectNoFullScan } from '../../helpers/query-plan.js';
import { createApprovalRepository } from '../../../src/modules/approval-cleanup/repository.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp({ seedUnits: false });
});
afterAll(() => t.close());

const U = '01900000-0000-7000-8000-000000000001';
const C = '01900000-0000-7000-8000-000000000002';
const tables = ['approval_items', 'approval_reviews'];

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
  ] as const)('when items are listed by %s, then no full scan', (_n, filter, field) => {
    expectNoFullScan(t.app.deps.sqlite, repo().itemsQuery(filter, { field, desc: false }, [C], 50), tables);
    expectNoFullScan(t.app.deps.sqlite, repo().itemsQuery(filter, { field, desc: true }, undefined, 50), tables);
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

  test('when the service looks up decided reviews, cancelled names, summaries and announcements, then no full scan', () => {
    const s = t.app.deps.sqlite;
    expectNoFullScan(s, { sql: "SELECT * FROM approval_reviews WHERE stage = 'decided' ORDER BY id", params: [] }, tables);
    expectNoFullScan(s, { sql: "SELECT * FROM approval_reviews WHERE stage = 'decided' AND campaign_id = ? ORDER BY id", params: [C] }, tables);
    expectNoFullScan(s, { sql: 'SELECT stage, disposition FROM approval_reviews WHERE campaign_id = ?', params: [C] }, tables);
    expectNoFullScan(s, { sql: "SELECT count(*) FROM approval_items WHERE status = 'active' AND implementing_unit_id = ?", params: [U] }, tables);
    expectNoFullScan(s, { sql: "SELECT count(*) FROM approval_items WHERE status = 'active'", params: [] }, tables);
    expectNoFullScan(s, { sql: "SELECT decided_disposition FROM approval_reviews WHERE item_id = ? AND stage = 'decided'", params: [U] }, tables);
    expectNoFullScan(
      s,
      {
        sql: `SELECT id, name FROM approval_items WHERE implementing_unit_id = ? AND status = 'cancelled'
              UNION SELECT i.id, i.name FROM approval_reviews r JOIN approval_items i ON i.id = r.item_id WHERE r.unit_id = ? AND r.stage = 'decided' AND r.decided_disposition = 'cancel'`,
        params: [U, U],
      },
      tables,
    );
    expectNoFullScan(
      s,
      {
        sql: `SELECT i.code FROM approval_reviews r JOIN approval_items i ON i.id = r.item_id JOIN units u ON u.id = i.implementing_unit_id
              LEFT JOIN approval_items t ON t.id = r.decided_merge_into_item_id WHERE r.announcement_id = ? ORDER BY i.code`,
        params: [C],
      },
      tables,
    );
  });
});
