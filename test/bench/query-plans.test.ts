// Issue 7: EXPLAIN QUERY PLAN for the list filters and sorts of the large tables that the per-module query-plan tests
// (test/modules/*/query-plan*.test.ts, test/modules/rectification/queries.test.ts) do not cover: the change feed, an
// item's history, pages after a cursor, descending sorts, agency-scoped lists and stats, progress-report pages.
import { makeApp, type TestContext } from '../helpers/app.js';
import { capturePlans, capturePlansOf, expectNoFullScan, queryPlan, reading } from '../helpers/query-plan.js';
import { createItemRepository } from '../../src/modules/rectification/repository.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp({ seedUnits: false });
});
afterAll(() => t.close());

const U = '01900000-0000-7000-8000-000000000001';
const C = '01900000-0000-7000-8000-000000000002';
const today = '2027-07-01';
const ITEMS = ['rectification_items', 'rectification_item_units'];

describe('change feed (2,000,000 events)', () => {
  // The statements GET /v1/events runs, captured from the route itself.
  const feedPlans = async (query: string) => {
    const s = await makeApp();
    try {
      // Once before the capture: statements prepared on first use (src/db/lazy.ts, e.g. the feed's last sequence) are
      // then made, and the capture holds only what the query builds per request.
      expect((await s.client(s.admin).get('/v1/events?after=1')).statusCode).toBe(200);
      const statements = await capturePlansOf(s.app.deps.sqlite, async () => {
        const res = await s.client(s.admin).get(`/v1/events?${query}`);
        expect(res.statusCode).toBe(200);
      });
      const feed = reading(statements, 'events');
      expect(feed).toHaveLength(1);
      return feed[0].plan;
    } finally {
      await s.close();
    }
  };
  // `after` stays within the fresh app's feed (its seeded units' events): past the last sequence is a 400 (a restored
  // database), and the plan of a bound rowid range is the same for 1 as for 1000.
  test.each([
    ['after', 'after=1'],
    ['after + entity', 'after=1&entity=rectification_item'],
    ['after + entity + entityId', `after=1&entity=rectification_item&entityId=${U}`],
  ] as const)('when the feed is read by %s, then no full scan of events', async (_n, query) => {
    expectNoFullScan(t.app.deps.sqlite, await feedPlans(query), ['events']);
  });
  test('when the feed is read after a sequence, then it seeks the primary key', async () => {
    expect((await feedPlans('after=1')).join('\n')).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });
  test('when an item’s history is paged, then the entity index is used', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    const plan = queryPlan(t.app.deps.sqlite, repo.historyQuery(U, 10, 51));
    expect(plan.join('\n')).toMatch(/events_entity/);
  });
});

describe('rectification items (1,000,000) after a cursor, descending, and scoped to an agency', () => {
  const repo = () => createItemRepository(t.app.deps.db, t.app.deps.sqlite);
  const filters: Array<[string, Record<string, unknown>]> = [
    ['no filter', {}],
    ['involvesUnitId + status + overdue', { involvesUnitId: U, status: 'in_progress', overdue: true }],
    ['involvesUnitId', { involvesUnitId: U }],
    ['leadUnitId', { leadUnitId: U }],
    ['status', { status: 'in_progress' }],
    ['overdue', { overdue: true }],
    ['overdue=false', { overdue: false }],
    ['campaignId', { campaignId: C }],
    ['campaignId + taskCode', { campaignId: C, taskCode: '3.1' }],
    ['parentId', { parentId: U }],
    ['topLevel', { topLevel: true }],
    ['dueBefore', { dueBefore: '2027-06-30' }],
    ['q', { q: '行政审批' }],
  ];
  const orders = [
    { field: 'deadline' as const, desc: false },
    { field: 'deadline' as const, desc: true },
    { field: 'updatedAt' as const, desc: true },
    { field: 'code' as const, desc: false },
  ];
  const cases = filters.flatMap(([name, f]) => orders.map((o) => [`${name}, orderBy ${o.field}${o.desc ? ' desc' : ''}`, f, o] as const));

  // The statement listRows prepares and runs (the one the list route uses), captured with the values it binds.
  const listPlan = (filter: Record<string, unknown>, scope: string | null, order: { field: 'deadline' | 'updatedAt' | 'code'; desc: boolean }, after: string[] | undefined) => {
    const statements = capturePlans(t.app.deps.sqlite, () => {
      createItemRepository(t.app.deps.db, t.app.deps.sqlite).listRows(filter as never, today, scope, order, after as never, 51);
    });
    const list = reading(statements, 'rectification_items');
    expect(list).toHaveLength(1);
    return list[0].plan;
  };
  // An unfiltered page may walk an index in its order (LIMIT stops it after one page); so may overdue=false, which keeps
  // most of the ledger (every item not yet past its deadline, and every closed one). Any other filter must search.
  const mayWalk = (name: string) => name.startsWith('no filter') || name.startsWith('overdue=false');

  test.each(cases)('when the page after a cursor is listed by %s, then no full scan', (name, filter, order) => {
    const after = order.field === 'code' ? ['ZG-2027-000100'] : ['2027-05-01', U];
    expectNoFullScan(t.app.deps.sqlite, listPlan(filter, null, order, after), ITEMS, { allowIndexWalk: mayWalk(name) });
  });

  test.each(cases)('when an agency key lists by %s, then no full scan', (name, filter, order) => {
    expectNoFullScan(t.app.deps.sqlite, listPlan(filter, U, order, undefined), ITEMS, { allowIndexWalk: mayWalk(name) });
  });

  test.each(cases)('when the first page is listed by %s, then no full scan', (name, filter, order) => {
    expectNoFullScan(t.app.deps.sqlite, listPlan(filter, null, order, undefined), ITEMS, { allowIndexWalk: mayWalk(name) });
  });

  test.each([
    ['dueBefore', { dueBefore: '2027-06-30' }, /SEARCH rectification_items USING INDEX rectification_items_deadline \(deadline<\?\)/],
    ['overdue', { overdue: true }, /SEARCH rectification_items USING INDEX rectification_items_status \(status=\? AND deadline<\?\)/],
  ])('when %s is sorted by updatedAt, then the deadline range is searched (not the whole updated_at index walked)', (_n, filter, search) => {
    for (const after of [undefined, ['2027-05-01', U]]) {
      const plan = listPlan(filter, null, { field: 'updatedAt', desc: true }, after).join('\n');
      expect(plan).toMatch(search);
      expect(plan).not.toMatch(/rectification_items_updated/);
    }
  });

  test.each([
    ['leadUnit', undefined],
    ['status', true],
    ['taskCode', false],
  ] as const)('when stats are grouped by %s (topLevel %s) for a campaign or an agency, then no full scan', (groupBy, topLevel) => {
    expectNoFullScan(t.app.deps.sqlite, repo().statsQuery(groupBy, C, topLevel, today, null), ITEMS);
    expectNoFullScan(t.app.deps.sqlite, repo().statsQuery(groupBy, C, topLevel, today, U), ITEMS);
  });
});

describe('progress reports (3,000,000)', () => {
  test('when an item’s reports are paged after a cursor, then the item index is used', () => {
    const repo = createItemRepository(t.app.deps.db, t.app.deps.sqlite);
    const plan = queryPlan(t.app.deps.sqlite, repo.reportsQuery(U, '01900000-0000-7000-8000-0000000000ff', 51));
    expect(plan.join('\n')).toMatch(/SEARCH progress_reports USING (COVERING )?INDEX progress_reports_item/);
    expectNoFullScan(t.app.deps.sqlite, repo.reportsQuery(U, undefined, 51), ['progress_reports']);
  });
  test('when the lead’s latest report is read, then the (item, unit, reported_on) index is used', () => {
    const statements = capturePlans(t.app.deps.sqlite, () => {
      createItemRepository(t.app.deps.db, t.app.deps.sqlite).latestReport(U, U);
    });
    const latest = reading(statements, 'progress_reports');
    expect(latest).toHaveLength(1);
    expect(latest[0].plan.join('\n')).toMatch(/SEARCH progress_reports USING INDEX progress_reports_item_unit \(item_id=\? AND unit_id=\?\)/);
    expect(latest[0].plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
