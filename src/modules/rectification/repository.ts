// Ledger queries (drizzle): prepared point reads; lists are keyset pages on (sort key, id) built by listQuery so the
// query-plan test can EXPLAIN them without running them.
import { ftsPhrase, likePattern, normalizeInstant, unindexed } from '../../http/registry-filters.js';
import { and, asc, desc, eq, fillPlaceholders, getTableColumns, gt, gte, inArray, isNull, isNotNull, lt, lte, notInArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db, DbOrTx } from '../../db/client.js';
import { events, progressReports, rectificationItemProblems, rectificationItemUnits, rectificationItems, units } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { rowMapper } from '../../db/rows.js';
import type { ItemFilter } from './schemas.js';
import type { ItemStatus } from './rules.js';
import { lazy } from '../../db/lazy.js';

export type ItemRow = typeof rectificationItems.$inferSelect;
/** An item's agencies besides the lead, as stored: each unit once, in its strongest role, sorted. */
export interface UnitLinks { coUnitIds: string[]; participantUnitIds: string[] }

/** A unit named twice keeps its strongest role (lead, then co, then participant); each list sorted, as stored. */
export function normalizeUnits(leadUnitId: string, co: readonly string[], participants: readonly string[]): UnitLinks {
  const coSet = new Set(co.filter((u) => u !== leadUnitId));
  const partSet = new Set(participants.filter((u) => u !== leadUnitId && !coSet.has(u)));
  return { coUnitIds: [...coSet].sort(), participantUnitIds: [...partSet].sort() };
}

/** The unit's role on the item, read from the row's own copies (lead, co, participant), or undefined. */
export function roleOn(row: Pick<ItemRow, 'leadUnitId' | 'coUnitIds' | 'participantUnitIds'>, unitId: string): 'lead' | 'co' | 'participant' | undefined {
  if (row.leadUnitId === unitId) return 'lead';
  if (row.coUnitIds.includes(unitId)) return 'co';
  if (row.participantUnitIds.includes(unitId)) return 'participant';
  return undefined;
}

/** Item rows read as arrays and mapped by one compiled literal (the hot point read and list pages). */
const itemRows = rowMapper(rectificationItems);
export type ReportRow = typeof progressReports.$inferSelect;
export type Order = { field: 'deadline' | 'updatedAt' | 'code'; desc: boolean };

const I = rectificationItems;
const IU = rectificationItemUnits;
const CLOSED = ['completed', 'cancelled'];
/** The statuses that are not CLOSED: as an IN list they are equalities on the leading column of (status, deadline, id). */
const OPEN = ['not_started', 'in_progress', 'pending_acceptance'];

/**
 * How a list query's values enter its SQL: as themselves (EXPLAIN in the query-plan tests, one-off queries) or as
 * named placeholders, so that one prepared statement serves every call of the same shape (listRows).
 */
export type Bind = (name: ListParam, value: string) => string | Placeholder;
const inline: Bind = (_name, value) => value;
const byName: Bind = (name) => sql.placeholder(name);
type ListParam = 'campaignId' | 'taskCode' | 'status' | 'leadUnitId' | 'involvesUnitId' | 'dueBefore' | 'dueAfter' | 'parentId' | 'qPhrase' | 'qLike' | 'today' | 'scope' | 'after0' | 'after1' | 'code' | 'externalId' | 'updatedSince';

/** Items the unit is involved in (lead, co, participant) and all their ancestors: what an agency key may see. */
export function visibleToUnit(unitId: string | Placeholder): SQL {
  return sql`${I.id} IN (WITH RECURSIVE vis(id) AS (
    SELECT item_id FROM rectification_item_units WHERE unit_id = ${unitId}
    UNION SELECT p.parent_id FROM rectification_items p JOIN vis ON p.id = vis.id WHERE p.parent_id IS NOT NULL
  ) SELECT id FROM vis)`;
}

// unindexed(col) (registry-filters.ts): when the agency's involvement (or an agency key's scope) is the driving set,
// the planner must start from rectification_item_units, not from a broad items index.

/**
 * joinInvolvement: the caller joins rectification_item_units (listQuery, involvesUnitId sorted by deadline), so the
 * involvement conditions apply to the joined rows instead of an `id IN (...)` subquery.
 */
export function filterConditions(filter: ItemFilter, today: string, scopeUnitId: string | null, joinInvolvement = false, v: Bind = inline): SQL[] {
  const conds: SQL[] = [];
  const driven = Boolean(filter.involvesUnitId || scopeUnitId);
  const c = (col: SQLiteColumn): SQL => (driven ? unindexed(col) : sql`${col}`);
  // With involvesUnitId, status, overdue and due dates are checked on the involvement rows' copies instead.
  const onItems = !filter.involvesUnitId;
  if (filter.campaignId) conds.push(eq(c(I.campaignId), v('campaignId', filter.campaignId)));
  if (filter.taskCode) conds.push(eq(c(I.taskCode), v('taskCode', filter.taskCode)));
  if (filter.status && onItems) conds.push(eq(c(I.status), v('status', filter.status)));
  if (filter.leadUnitId) conds.push(eq(c(I.leadUnitId), v('leadUnitId', filter.leadUnitId)));
  // Overdue is computed at query time: deadline < today (Asia/Shanghai) and not closed; never stored.
  // Overdue as status IN (open) AND deadline < today: one range per open status on rectification_items_status.
  if (filter.overdue === true && onItems) conds.push(inArray(c(I.status), OPEN), lt(c(I.deadline), v('today', today)));
  if (filter.overdue === false) conds.push(or(gte(I.deadline, v('today', today)), inArray(I.status, CLOSED))!);
  if (filter.dueBefore && onItems) conds.push(lte(c(I.deadline), v('dueBefore', filter.dueBefore)));
  if (filter.dueAfter && onItems) conds.push(gte(c(I.deadline), v('dueAfter', filter.dueAfter)));
  if (filter.parentId) conds.push(eq(c(I.parentId), v('parentId', filter.parentId)));
  if (filter.topLevel === true) conds.push(sql`${c(I.parentId)} IS NULL`);
  if (filter.topLevel === false) conds.push(sql`${c(I.parentId)} IS NOT NULL`);
  if (filter.code) conds.push(eq(I.code, v('code', filter.code)));
  if (filter.externalId) conds.push(eq(I.externalId, v('externalId', filter.externalId)));
  if (filter.updatedSince) conds.push(gte(c(I.updatedAt), v('updatedSince', normalizeInstant(filter.updatedSince)!)));
  if (filter.involvesUnitId) {
    // The index (unit_id, status, deadline, item_id) answers "involvesUnitId + status + overdue" as one range.
    const sub: SQL[] = [eq(IU.unitId, v('involvesUnitId', filter.involvesUnitId))];
    if (filter.status) sub.push(eq(IU.status, v('status', filter.status)));
    if (filter.overdue === true) sub.push(notInArray(IU.status, CLOSED), lt(IU.deadline, v('today', today)));
    if (filter.dueBefore) sub.push(lte(IU.deadline, v('dueBefore', filter.dueBefore)));
    if (filter.dueAfter) sub.push(gte(IU.deadline, v('dueAfter', filter.dueAfter)));
    if (joinInvolvement) conds.push(...sub);
    else conds.push(sql`${I.id} IN (SELECT ${IU.itemId} FROM ${IU} WHERE ${and(...sub)})`);
  }
  if (filter.q) {
    if ([...filter.q].length >= 3) {
      conds.push(sql`${c(I.seq)} IN (SELECT rowid FROM rectification_items_fts WHERE rectification_items_fts MATCH ${v('qPhrase', ftsPhrase(filter.q))})`);
    } else {
      // Trigram needs 3 characters; shorter text (e.g. 审批) is a substring scan.
      const p = v('qLike', likePattern(filter.q));
      conds.push(or(sql`${I.title} LIKE ${p} ESCAPE '\\'`, sql`${I.description} LIKE ${p} ESCAPE '\\'`)!);
    }
  }
  if (scopeUnitId) conds.push(visibleToUnit(v('scope', scopeUnitId)));
  return conds;
}

/**
 * What decides a list query's SQL text (not its values): the filters given (booleans by value, q by which index it
 * can use), the agency scope, the order and whether there is a cursor.
 */
function listShape(filter: ItemFilter, scopeUnitId: string | null, order: Order, after: Cursor | undefined): string {
  const parts: string[] = [];
  for (const [k, value] of Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (value === undefined) continue;
    parts.push(k === 'q' ? `q:${[...String(value)].length >= 3 ? 'fts' : 'like'}` : typeof value === 'boolean' ? `${k}:${value}` : k);
  }
  return `${parts.join(',')}|${scopeUnitId ? 'scoped' : ''}|${order.field}:${order.desc}|${after ? 'after' : ''}`;
}

export const cursorOf = (order: Order, r: ItemRow): Cursor => (order.field === 'code' ? [r.code] : [order.field === 'deadline' ? r.deadline : r.updatedAt, r.id]);

export function createItemRepository(db: Db, sqlite: Database.Database) {
  const descendantInvolves = lazy(() => sqlite.prepare(`
    WITH RECURSIVE down(id) AS (
      SELECT id FROM rectification_items WHERE parent_id = ?
      UNION ALL SELECT c.id FROM rectification_items c JOIN down ON c.parent_id = down.id
    ) SELECT 1 FROM down JOIN rectification_item_units iu ON iu.item_id = down.id AND iu.unit_id = ? LIMIT 1`));
  const insertItem = lazy(() => db.insert(I).values({
    id: sql.placeholder('id'), seq: sql`(SELECT coalesce(max(seq), 0) + 1 FROM rectification_items)`, code: sql.placeholder('code'),
    externalId: sql.placeholder('externalId'), campaignId: sql.placeholder('campaignId'), taskCode: sql.placeholder('taskCode'),
    title: sql.placeholder('title'), description: sql.placeholder('description'), leadUnitId: sql.placeholder('leadUnitId'),
    responsibleLeader: sql.placeholder('responsibleLeader'), deadline: sql.placeholder('deadline'), deadlineText: sql.placeholder('deadlineText'),
    parentId: sql.placeholder('parentId'), weight: sql.placeholder('weight'), expectedResult: sql.placeholder('expectedResult'),
    actualResult: sql.placeholder('actualResult'), status: sql.placeholder('status'), progress: sql.placeholder('progress'),
    latestProgressText: sql.placeholder('latestProgressText'), latestReportedOn: sql.placeholder('latestReportedOn'), submittedAt: sql.placeholder('submittedAt'),
    completedAt: sql.placeholder('completedAt'), completedOnTime: sql.placeholder('completedOnTime'), childrenCount: sql.placeholder('childrenCount'),
    version: sql.placeholder('version'), createdAt: sql.placeholder('createdAt'), updatedAt: sql.placeholder('updatedAt'),
    coUnitIds: sql.placeholder('coUnitIds'), participantUnitIds: sql.placeholder('participantUnitIds'), problemIds: sql.placeholder('problemIds'),
  }).returning().prepare());
  const insertUnit = lazy(() => db.insert(IU).values({ itemId: sql.placeholder('itemId'), unitId: sql.placeholder('unitId'), role: sql.placeholder('role'), status: sql.placeholder('status'), deadline: sql.placeholder('deadline') }).prepare());
  const insertProblem = lazy(() => db.insert(rectificationItemProblems).values({ itemId: sql.placeholder('itemId'), problemId: sql.placeholder('problemId') }).prepare());
  const latestLeadReport = lazy(() => db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.itemId, sql.placeholder('itemId')), eq(progressReports.unitId, sql.placeholder('unitId'))))
    .orderBy(desc(progressReports.reportedOn), desc(progressReports.id))
    .limit(1)
    .prepare());
  // List pages run on cached better-sqlite3 statements that read rows as arrays (rowMapper): the SQL is the one
  // listQuery builds, but drizzle's per-call prepare and row mapping cost more than the query itself (issue 7).
  const listStatements = new Map<string, { stmt: Database.Statement; params: unknown[] }>();
  const itemById = itemRows.prepared(sqlite.prepare(`select ${itemRows.select} from "rectification_items" WHERE "rectification_items"."id" = ?`));
  const lastEvent = lazy(() => sqlite.prepare('SELECT coalesce(max(sequence), 0) AS s FROM events'));
  // The roll-up's inputs; the arithmetic (Σw·p/Σw over the children not cancelled) is rules.ts rollUp, the one the tests table.
  const childProgress = lazy(() => sqlite.prepare('SELECT weight, progress, status FROM rectification_items WHERE parent_id = ?'));
  // Write paths: every statement prepared once per app (issue 13: per-request prepare was 5% of a create).
  const nextCodeNumber = lazy(() => sqlite.prepare(`
    INSERT INTO rectification_code_counters (year, last) VALUES (@year, 1 + coalesce((
      SELECT CAST(substr(code, @from) AS INTEGER) FROM rectification_items
      WHERE code >= @low AND code <= @high AND code GLOB @glob ORDER BY code DESC LIMIT 1), 0))
    ON CONFLICT (year) DO UPDATE SET last = max(last + 1, excluded.last)
    RETURNING last`));
  const codeTaken = lazy(() => sqlite.prepare('SELECT 1 FROM rectification_items WHERE code = ?').pluck());
  const itemByCode = itemRows.prepared(sqlite.prepare(`select ${itemRows.select} from "rectification_items" WHERE "rectification_items"."code" = ?`));
  const itemByExternalId = itemRows.prepared(sqlite.prepare(`select ${itemRows.select} from "rectification_items" WHERE "rectification_items"."external_id" = ?`));
  const childOfUnit = itemRows.prepared(sqlite.prepare(`select ${itemRows.select} from "rectification_items" WHERE "rectification_items"."parent_id" = ? AND "rectification_items"."lead_unit_id" = ? LIMIT 1`));
  const deleteUnitLinks = lazy(() => sqlite.prepare('DELETE FROM rectification_item_units WHERE item_id = ?'));
  const deleteProblemLinks = lazy(() => sqlite.prepare('DELETE FROM rectification_item_problems WHERE item_id = ?'));
  const updateUnitCopies = lazy(() => sqlite.prepare('UPDATE rectification_item_units SET status = ?, deadline = ? WHERE item_id = ?'));
  const addChildren = lazy(() => sqlite.prepare('UPDATE rectification_items SET children_count = children_count + ? WHERE id = ?'));
  const insertReport = lazy(() => db.insert(progressReports).values(Object.fromEntries(Object.keys(getTableColumns(progressReports)).map((k) => [k, sql.placeholder(k)])) as never).prepare());
  /** Versioned updates, one prepared statement per set of changed columns (a handful of shapes in practice). */
  const updates = new Map<string, { run(values: Record<string, unknown>): ItemRow | undefined }>();
  function updateStatement(keys: string[], versioned: boolean) {
    const shape = `${keys.join(',')}|${versioned}`;
    let stmt = updates.get(shape);
    if (!stmt) {
      const set = Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
      const id = eq(I.id, sql.placeholder('__id'));
      const where = versioned ? and(id, eq(I.version, sql.placeholder('__version'))) : id;
      const prepared = db.update(I).set({ ...set, version: sql`${I.version} + 1`, updatedAt: sql.placeholder('__now') } as never).where(where).returning().prepare();
      stmt = { run: (values) => prepared.get(values as never) as ItemRow | undefined };
      if (updates.size >= 256) updates.clear();
      updates.set(shape, stmt);
    }
    return stmt;
  }

  return {
    /** The hot point read: a raw statement with ItemRow-aliased columns (drizzle's row mapping cost more than the read). */
    get(id: string): ItemRow | undefined {
      const row = itemById.get(id) as unknown[] | undefined;
      return row && itemRows.map(row);
    },
    /** Whether the unit may see the item: involved in it (the row's own copies say so), or in one of its descendants (then it sees the ancestor). */
    visibleTo(row: Pick<ItemRow, 'id' | 'leadUnitId' | 'coUnitIds' | 'participantUnitIds'>, unitId: string): boolean {
      if (roleOn(row, unitId)) return true;
      return descendantInvolves.get(row.id, unitId) !== undefined;
    },
    findBy(_tx: DbOrTx, field: 'code' | 'externalId', value: string): ItemRow | undefined {
      const row = (field === 'code' ? itemByCode : itemByExternalId).get(value) as unknown[] | undefined;
      return row && itemRows.map(row);
    },
    childForUnit(_tx: DbOrTx, parentId: string, unitId: string): ItemRow | undefined {
      const row = childOfUnit.get(parentId, unitId) as unknown[] | undefined;
      return row && itemRows.map(row);
    },
    insert(row: Omit<ItemRow, 'seq'>): ItemRow {
      return insertItem.get(row as never)!;
    },
    /**
     * Rewrites the involvement rows from the item row as written (lead, and its normalized co and participant copies):
     * the caller has stored the copies in the same transaction (normalizeUnits). `fresh`: a row inserted just now has
     * none to delete.
     */
    writeUnitLinks(_tx: DbOrTx, item: Pick<ItemRow, 'id' | 'status' | 'deadline' | 'leadUnitId' | 'coUnitIds' | 'participantUnitIds'>, fresh = false) {
      if (!fresh) deleteUnitLinks.run(item.id);
      const links = [[item.leadUnitId, 'lead'], ...item.coUnitIds.map((u) => [u, 'co']), ...item.participantUnitIds.map((u) => [u, 'participant'])];
      for (const [unitId, role] of links) insertUnit.run({ itemId: item.id, unitId, role, status: item.status, deadline: item.deadline });
    },
    /** Keeps the copies of status and deadline in the involvement rows in step with the item. */
    syncUnitCopies(_tx: DbOrTx, itemId: string, status: string, deadline: string) {
      updateUnitCopies.run(status, deadline, itemId);
    },
    /** Rewrites the problem links from the item row's problem_ids copy (written by the caller in the same transaction). */
    writeProblemLinks(_tx: DbOrTx, itemId: string, problemIds: readonly string[], fresh = false) {
      if (!fresh) deleteProblemLinks.run(itemId);
      for (const problemId of problemIds) insertProblem.run({ itemId, problemId });
    },
    /** The atomic versioned write: changes nothing unless the row is still at `version` (when given). */
    update(_tx: DbOrTx, id: string, version: number | undefined, set: Partial<ItemRow>, now: string): ItemRow | undefined {
      const keys = Object.keys(set).filter((k) => (set as Record<string, unknown>)[k] !== undefined && k !== 'version' && k !== 'updatedAt').sort();
      const values: Record<string, unknown> = { __id: id, __version: version, __now: now };
      for (const k of keys) values[k] = (set as Record<string, unknown>)[k];
      return updateStatement(keys, version !== undefined).run(values);
    },
    delete(tx: DbOrTx, id: string) {
      tx.delete(progressReports).where(eq(progressReports.itemId, id)).run();
      tx.delete(I).where(eq(I.id, id)).run();
    },
    adjustChildren(_tx: DbOrTx, parentId: string, delta: number) {
      addChildren.run(delta, parentId);
    },
    /** Weight, progress and status of each child (cancelled ones too: rollUp leaves them out). */
    children(parentId: string): Array<{ weight: number; progress: number; status: ItemStatus }> {
      return childProgress.all(parentId) as Array<{ weight: number; progress: number; status: ItemStatus }>;
    },
    latestReport: (itemId: string, unitId: string): ReportRow | undefined => latestLeadReport.get({ itemId, unitId }),
    /**
     * The next generated code ZG-{year}-{nnnnnn}: one statement, no loop of look-ups. The year's counter moves to the
     * larger of its next value and one past the highest six-digit code of the year already stored (codes given by
     * create or import, rows written before the counter), found by one backward step on the unique code index.
     */
    nextCode(_tx: DbOrTx, year: number): string {
      const prefix = `ZG-${year}-`;
      // Past 999,999 a year's codes have seven digits and sort before the six-digit ones, so the backward step above
      // does not see them: a taken code is skipped here (one prepared point read per generated code; the loop turns
      // only when codes were stored ahead of the counter).
      for (;;) {
        const { last } = nextCodeNumber.get({ year, low: `${prefix}000000`, high: `${prefix}999999`, glob: `${prefix}[0-9][0-9][0-9][0-9][0-9][0-9]`, from: prefix.length + 1 }) as { last: number };
        const code = `${prefix}${String(last).padStart(6, '0')}`;
        if (!codeTaken.get(code)) return code;
      }
    },
    /** The list query (not executed): filters, scope, keyset after the cursor, limit. */
    /** The change feed's last committed sequence: moves on every mutation (a cache key for aggregates). */
    lastEventSequence: (): number => (lastEvent.get() as { s: number }).s,
    /**
     * Runs listQuery's SQL on a statement prepared once per query shape (which filters, scope, order, cursor), with the
     * values bound by name; rows come out in ItemRow shape.
     */
    listRows(filter: ItemFilter, today: string, scopeUnitId: string | null, order: Order, after: Cursor | undefined, limit: number): ItemRow[] {
      const shape = listShape(filter, scopeUnitId, order, after);
      let cached = listStatements.get(shape);
      if (!cached) {
        const { sql: text, params } = this.listQuery(filter, today, scopeUnitId, order, after, sql.placeholder('limit'), byName).toSQL();
        // listQuery selects the item table's columns in table order; prepared() checks that before reading arrays.
        cached = { stmt: itemRows.prepared(sqlite.prepare(text)), params };
        if (listStatements.size >= 256) listStatements.clear();
        listStatements.set(shape, cached);
      }
      const values: Record<string, unknown> = { ...filter, today, scope: scopeUnitId, limit, after0: after?.[0], after1: after?.[1] };
      if (filter.q) (values.qPhrase = ftsPhrase(filter.q), values.qLike = likePattern(filter.q));
      if (filter.updatedSince) values.updatedSince = normalizeInstant(filter.updatedSince);
      return (cached.stmt.all(...fillPlaceholders(cached.params, values)) as unknown[][]).map(itemRows.map);
    },
    listQuery(filter: ItemFilter, today: string, scopeUnitId: string | null, order: Order, after: Cursor | undefined, limit: number | Placeholder, bind: Bind = inline) {
      // involvesUnitId sorted by deadline: walk the involvement index (unit_id, status, deadline, item_id) in order and
      // join the items, so a page reads 50 items rather than sorting every match (issue 7). The involvement rows'
      // deadline and item_id are the item's, so the order and the cursor are the same.
      const viaInvolvement = Boolean(filter.involvesUnitId) && order.field === 'deadline';
      const conds = filterConditions(filter, today, scopeUnitId, viaInvolvement, bind);
      const cmp = order.desc ? lt : gt;
      const dir = order.desc ? desc : asc;
      if (after) {
        const driven = Boolean(filter.involvesUnitId || scopeUnitId);
        const c = (col: SQLiteColumn): SQL => (driven ? unindexed(col) : sql`${col}`);
        if (order.field === 'code') conds.push(cmp(c(I.code), bind('after0', String(after[0]))));
        else {
          const col = viaInvolvement ? sql`${IU.deadline}` : c(order.field === 'deadline' ? I.deadline : I.updatedAt);
          const idCol = viaInvolvement ? sql`${IU.itemId}` : c(I.id);
          const [k, id] = [bind('after0', String(after[0])), bind('after1', String(after[1]))];
          conds.push(or(cmp(col, k), and(eq(col, k), cmp(idCol, id)))!);
        }
      }
      const where = conds.length ? and(...conds) : undefined;
      if (viaInvolvement) {
        return db.select(getTableColumns(I)).from(IU).innerJoin(I, eq(I.id, IU.itemId)).where(where).orderBy(dir(IU.deadline), dir(IU.itemId)).limit(limit);
      }
      // A deadline range (overdue, dueBefore, dueAfter) sorted by updatedAt or code: left to itself SQLite walks the
      // whole updated_at (or code) index and tests every row's deadline (issue 17); with the sort key unindexed it
      // searches the range and sorts its matches instead.
      const deadlineRange = order.field !== 'deadline' && !filter.involvesUnitId && !scopeUnitId && (filter.overdue === true || Boolean(filter.dueBefore) || Boolean(filter.dueAfter));
      const k = (col: SQLiteColumn) => (deadlineRange ? unindexed(col) : col);
      const orderCols = order.field === 'code' ? [dir(k(I.code))] : [dir(order.field === 'deadline' ? I.deadline : k(I.updatedAt)), dir(k(I.id))];
      return db.select().from(I).where(where).orderBy(...orderCols).limit(limit);
    },
    reportsQuery(itemId: string, before: string | undefined, limit: number) {
      const conds = [eq(progressReports.itemId, itemId)];
      if (before) conds.push(lt(progressReports.id, before));
      return db.select().from(progressReports).where(and(...conds)).orderBy(desc(progressReports.itemId), desc(progressReports.id)).limit(limit);
    },
    insertReport(_tx: DbOrTx, row: ReportRow) {
      insertReport.run(row as never);
    },
    getReport: (itemId: string, reportId: string): ReportRow | undefined =>
      db.select().from(progressReports).where(and(eq(progressReports.id, reportId), eq(progressReports.itemId, itemId))).get(),
    historyQuery(itemId: string, after: number, limit: number) {
      return db
        .select()
        .from(events)
        .where(and(eq(events.entity, 'rectification_item'), eq(events.entityId, itemId), gt(events.sequence, after)))
        .orderBy(asc(events.sequence))
        .limit(limit);
    },
    statsQuery(groupBy: 'leadUnit' | 'taskCode' | 'status', campaignId: string | undefined, topLevel: boolean | undefined, today: string, scopeUnitId: string | null) {
      const key = groupBy === 'leadUnit' ? I.leadUnitId : groupBy === 'taskCode' ? I.taskCode : I.status;
      const conds: SQL[] = [];
      if (campaignId) conds.push(eq(I.campaignId, campaignId));
      if (topLevel === true) conds.push(isNull(I.parentId));
      if (topLevel === false) conds.push(isNotNull(I.parentId));
      if (scopeUnitId) conds.push(visibleToUnit(scopeUnitId));
      return db
        .select({
          key,
          total: sql<number>`count(*)`,
          completed: sql<number>`sum(${I.status} = 'completed')`,
          completedOnTime: sql<number>`sum(${I.status} = 'completed' AND ${I.completedOnTime} = 1)`,
          overdue: sql<number>`sum(${I.deadline} < ${today} AND ${I.status} NOT IN ('completed', 'cancelled'))`,
          progressSum: sql<number>`sum(CASE WHEN ${I.status} <> 'cancelled' THEN ${I.progress} ELSE 0 END)`,
          progressN: sql<number>`sum(${I.status} <> 'cancelled')`,
        })
        .from(I)
        .where(conds.length ? and(...conds) : undefined)
        .groupBy(key)
        .orderBy(asc(key));
    },
    unitNames(ids: string[]): Map<string, string> {
      if (!ids.length) return new Map();
      return new Map(db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)).all().map((u) => [u.id, u.name]));
    },
  };
}
export type ItemRepository = ReturnType<typeof createItemRepository>;
