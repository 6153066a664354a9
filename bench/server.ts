// The bench server: the real app (buildApp, configured from the environment like src/server.ts) plus, in the same
// process, baseline routes that show the physical limit of this stack on this machine (issue 7). Production code is
// untouched: the baselines exist only here. The clock starts at BENCH_NOW so "overdue" means the same on every run.
//   DATABASE_PATH=bench/data/bench.db PORT=0 tsx bench/server.ts   → prints "listening <url>"
import { Type } from 'typebox';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { newId } from '../src/lib/ids.js';
import { todayInShanghai } from '../src/lib/dates.js';
import { BENCH_NOW } from './lib.js';

const start = Date.parse(process.env.BENCH_NOW ?? BENCH_NOW);
const t0 = Date.now();
const clock = { now: () => new Date(start + (Date.now() - t0)) };
const config = loadConfig();
const app = await buildApp({ config, clock, logger: false });
const { sqlite } = app.deps;

const Str = Type.String({ maxLength: 4000 });
const NStr = Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]);
const Num = Type.Number();
const NNum = Type.Union([Type.Number(), Type.Null()]);
/** The raw row of rectification_items, as SQLite returns it (the same columns the service's item is made of). */
const ItemRow = Type.Object({
  id: Str, seq: Num, code: Str, external_id: NStr, campaign_id: Str, task_code: NStr, title: Str, description: NStr, lead_unit_id: Str,
  responsible_leader: NStr, deadline: Str, deadline_text: NStr, parent_id: NStr, weight: Num, expected_result: NStr, actual_result: NStr,
  status: Str, progress: Num, latest_progress_text: NStr, latest_reported_on: NStr, submitted_at: NStr, completed_at: NStr,
  completed_on_time: NNum, children_count: Num, version: Num, created_at: Str, updated_at: Str,
  co_unit_ids: Str, participant_unit_ids: Str, problem_ids: Str,
});
const EventRow = Type.Object({
  sequence: Num, occurred_at: Str, api_key_id: NStr, unit_id: NStr, request_id: NStr, entity: Str, entity_id: Str, action: Str, before: NStr, after: NStr, reason: NStr,
});
const notFound = { type: 'about:blank', title: 'Not Found', status: 404 };

const pointRead = sqlite.prepare('SELECT * FROM rectification_items WHERE id = ?');
// The same tables and the same index range as the service's "involvesUnitId + status + overdue" list.
const listRead = sqlite.prepare(
  `SELECT i.* FROM rectification_item_units iu JOIN rectification_items i ON i.id = iu.item_id
    WHERE iu.unit_id = ? AND iu.status = ? AND iu.deadline < ? ORDER BY iu.deadline, iu.item_id LIMIT 50`,
);
// The same list with rows read as arrays and turned into objects by one literal (the technique of src/db/rows.ts): a
// second, stricter reference, since better-sqlite3's default object rows cost more than the query on a wide page.
const listReadArrays = sqlite.prepare(listRead.source).raw(true);
const listColumns = listReadArrays.columns().map((c) => c.name);
const listRowOf = new Function('a', `return { ${listColumns.map((n, i) => `${JSON.stringify(n)}: a[${i}]`).join(', ')} };`) as (a: unknown[]) => unknown;
const eventsRead = sqlite.prepare('SELECT * FROM events WHERE sequence > ? ORDER BY sequence LIMIT 500');
// The service's stats SQL for groupBy=status, written out with column aliases.
const statsRead = sqlite.prepare(
  `SELECT status AS key, count(*) AS total, sum(status = 'completed') AS completed, sum(status = 'completed' AND completed_on_time = 1) AS completedOnTime,
          sum(deadline < ? AND status NOT IN ('completed', 'cancelled')) AS overdue, sum(CASE WHEN status <> 'cancelled' THEN progress ELSE 0 END) AS progressSum,
          sum(status <> 'cancelled') AS progressN
     FROM rectification_items WHERE campaign_id = ? GROUP BY status ORDER BY status`,
);
const insertApproval = sqlite.prepare(
  `INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, statutory_level, mainly_implemented_at, remarks, status, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)`,
);

if (process.env.BENCH_BASELINES !== '0') {
  const opts = (response: object) => ({ config: { public: true }, schema: { hide: true, response: { 200: response } } });
  app.get('/__bench/bare', opts(Type.Object({ hello: Str })), async () => ({ hello: 'world' }));
  app.get('/__bench/item/:id', opts(ItemRow), async (request, reply) => {
    const row = pointRead.get((request.params as { id: string }).id);
    return row ?? reply.code(404 as 200).send(notFound as never);
  });
  app.get('/__bench/list', opts(Type.Object({ items: Type.Array(ItemRow) })), async (request) => {
    const q = request.query as { unitId: string; status: string; today: string };
    return { items: listRead.all(q.unitId, q.status, q.today) };
  });
  app.get('/__bench/list-arrays', opts(Type.Object({ items: Type.Array(ItemRow) })), async (request) => {
    const q = request.query as { unitId: string; status: string; today: string };
    return { items: (listReadArrays.all(q.unitId, q.status, q.today) as unknown[][]).map(listRowOf) };
  });
  app.get('/__bench/events', opts(Type.Object({ items: Type.Array(EventRow) })), async (request) => {
    return { items: eventsRead.all(Number((request.query as { after?: string }).after ?? 0)) };
  });
  app.get('/__bench/stats', opts(Type.Object({ groups: Type.Array(Type.Object({ key: NStr, total: Num, completed: NNum, completedOnTime: NNum, overdue: NNum, progressSum: NNum, progressN: NNum })) })), async (request) => {
    return { groups: statsRead.all(todayInShanghai(clock.now()), (request.query as { campaignId: string }).campaignId) };
  });
  // The raw insert of an :import body's rows (one prepared statement, one transaction), timed in process.
  app.post('/__bench/raw-insert', { bodyLimit: config.IMPORT_BODY_LIMIT_BYTES, config: { public: true }, schema: { hide: true } }, async (request) => {
    const items = (request.body as { items: Array<Record<string, unknown>> }).items;
    const ts = clock.now().toISOString();
    const t = performance.now();
    sqlite.transaction(() => {
      for (const d of items) {
        insertApproval.run(newId(), d.code, d.name, d.implementingUnitId, d.kind ?? 'licence', JSON.stringify(d.bases ?? []), d.siblingProvinces ?? 'unknown',
          d.statutoryLevel ?? null, d.mainlyImplementedAt ?? null, d.remarks ?? null, ts, ts);
      }
    })();
    return { rows: items.length, ms: performance.now() - t };
  });
  /** Undo an import round: its items (by code prefix) and every event after `afterSequence`. */
  app.post('/__bench/cleanup', { config: { public: true }, schema: { hide: true } }, async (request) => {
    const { prefix, afterSequence } = request.body as { prefix: string; afterSequence: number };
    // Foreign keys off for the undo: approval_reviews' merge columns are not indexed, so checking each deleted row
    // would scan the reviews (nothing references these fresh rows).
    sqlite.pragma('foreign_keys = OFF');
    const items = sqlite.prepare('DELETE FROM approval_items WHERE code >= ? AND code < ?').run(prefix, `${prefix}~`).changes;
    sqlite.pragma('foreign_keys = ON');
    const events = sqlite.prepare('DELETE FROM events WHERE sequence > ?').run(afterSequence).changes;
    sqlite.prepare("DELETE FROM idempotency_keys WHERE key LIKE 'bench-%'").run();
    return { items, events };
  });
  /** Where the memory is (sampled by bench/run.ts after each pair): V8 heap, external buffers, RSS. */
  app.get('/__bench/memory', { config: { public: true }, schema: { hide: true } }, async () => process.memoryUsage());
  app.get('/__bench/max-sequence', { config: { public: true }, schema: { hide: true } }, async () => ({
    sequence: (sqlite.prepare('SELECT max(sequence) AS m FROM events').get() as { m: number }).m,
  }));
}

const address = await app.listen({ host: config.HOST, port: config.PORT });
process.stdout.write(`listening ${address}\n`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
