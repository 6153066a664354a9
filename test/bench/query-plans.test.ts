// Issue 7: EXPLAIN QUERY PLAN for the list filters and sorts of the large tables that the per-module query-plan tests
// (test/modules/*/query-plan*.test.ts, test/modules/rectification/queries.test.ts) do not cover: the change feed, an
// item's history, pages after a cursor, descending sorts, agency-scoped lists and stats, progress-report pages.
import { and, asc, eq, gt } from 'drizzle-orm';
import { makeApp, type TestContext } from '../helpers/app.js';
import { expectNoFullScan, queryPlan } from '../helpers/query-plan.js';
import { createItemRepository } from '../../src/modules/rectification/repository.js';
import { events } from '../../src/db/schema/index.js';

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
  // The same query GET /v1/events builds.
  const feed = (after: number, entity?: string, entityId?: string) => {
    const conds = [gt(events.sequence, after)];
    if (entity) conds.push(eq(events.entity, entity));
    if (entityId) conds.push(eq(events.entityId, entityId));
    return t.app.deps.db.select().from(events).where(and(...conds)).orderBy(asc(events.sequence)).limit(501);
  };
  test.each([
    ['after', [1000]],
    ['after + entity', [1000, 'rectification_item']],
    ['after + entity + entityId', [1000, 'rectification_item', U]],
  ] as const)('when the feed is read by %s, then no full scan of events', (_n, a) => {
    expectNoFullScan(t.app.deps.sqlite, feed(...(a as unknown as [number, string?, string?])), ['events']);
  });
  test('when the feed is read after a sequence, then it seeks the primary key', () => {
    expect(queryPlan(t.app.deps.sqlite, feed(1000)).join('\n')).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)/);
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

  test.each(cases)('when the page after a cursor is listed by %s, then no full scan', (_n, filter, order) => {
    const after = order.field === 'code' ? ['ZG-2027-000100'] : ['2027-05-01', U];
    expectNoFullScan(t.app.deps.sqlite, repo().listQuery(filter as never, today, null, order, after, 51), ITEMS);
  });

  test.each(cases)('when an agency key lists by %s, then no full scan', (_n, filter, order) => {
    expectNoFullScan(t.app.deps.sqlite, repo().listQuery(filter as never, today, U, order, undefined, 51), ITEMS);
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
    const plan = queryPlan(t.app.deps.sqlite, {
      sql: 'SELECT * FROM progress_reports WHERE item_id = ? AND unit_id = ? ORDER BY reported_on DESC, id DESC LIMIT 1',
      params: [U, U],
    });
    expect(plan.join('\n')).toMatch(/progress_reports_item_unit/);
  });
});
