// The cost of an opinions :import per row, without timing (issue 21): the statements an import prepares and the work
// calendars it builds must not grow with its rows — a query built per row (or the calendar rebuilt per row) made a
// 5,000-row import ~13× slower per row than the fee import.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { preparedDuring } from '../../helpers/statements.js';

let t: TestContext;
afterEach(() => t.close());

describe('opinions :import cost per row', () => {
  beforeEach(async () => {
    t = await makeApp({ now: '2026-11-30T02:00:00Z' });
  });

  const rowsOf = (prefix: string, n: number, unitId: string) =>
    Array.from({ length: n }, (_, i) => ({
      externalId: `${prefix}-${i}`, kind: 'complaint', unitId, text: `窗口推诿${prefix}${i}`, submitterKind: 'public',
      ...(i % 2 ? { anonymous: false, contact: { name: '王五', phone: '13700137000' } } : { anonymous: true }),
    }));

  async function importOf(prefix: string, n: number) {
    const admin = t.client(t.admin);
    const res = await admin.post('/v1/opinions:import', { items: rowsOf(prefix, n, t.unit['gx-czt']) }, { 'idempotency-key': `cost-${prefix}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: n, created: n });
  }

  test('when 40 rows are imported instead of 4, then no more statements are prepared and the calendar is built as often', async () => {
    await importOf('warm', 2); // first-use preparations (idempotency, settings) out of the way
    const small = await preparedDuring(t.app.deps.sqlite, () => importOf('small', 4));
    const large = await preparedDuring(t.app.deps.sqlite, () => importOf('large', 40));
    const calendarReads = (sqls: string[]) => sqls.filter((s) => s.includes('work_calendar_years')).length;
    // The calendar is read (built) once per import, not once per row.
    expect(calendarReads(small)).toBeGreaterThan(0);
    expect(calendarReads(large)).toBe(calendarReads(small));
    // And no other query is built per row either.
    expect(large.length).toBe(small.length);
    // The rows were written with everything a row needs: number, due date, links, contact, feed event.
    const stored = t.app.deps.sqlite
      .prepare("SELECT count(*) AS n, count(DISTINCT number) AS numbers, min(route_due_on) AS due, count(answered_on_time) AS answeredOnTime FROM opinions WHERE external_id LIKE 'large-%'")
      .get() as { n: number; numbers: number; due: string };
    // answeredOnTime stays null (not yet answered), not false: the prepared insert keeps nulls null.
    expect(stored).toEqual({ n: 40, numbers: 40, due: '2026-12-01', answeredOnTime: 0 });
    const sidecars = t.app.deps.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM opinion_contacts c JOIN opinions o ON o.id = c.opinion_id WHERE o.external_id LIKE 'large-%') AS contacts,
                (SELECT count(*) FROM opinion_units l JOIN opinions o ON o.id = l.opinion_id WHERE o.external_id LIKE 'large-%') AS links,
                (SELECT count(*) FROM events e JOIN opinions o ON o.id = e.entity_id WHERE o.external_id LIKE 'large-%' AND e.action = 'import_create') AS events`,
      )
      .get();
    expect(sidecars).toEqual({ contacts: 20, links: 40, events: 40 });
  });
});
