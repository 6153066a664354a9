// Opinion queries (drizzle): rows, visibility links, contacts, tracking numbers, keyset pages, the calendar, and the
// aggregates behind the public statistics, the backlog and the per-unit figures of the supervision scorecard.
import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { preparedInsert } from '../../db/prepared-insert.js';
import { opinionContacts, opinionNumberCounters, opinionUnits, opinions, units, workCalendarYears } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { likePattern } from '../../http/registry-filters.js';
import { lazy } from '../../db/lazy.js';

export type OpinionRow = typeof opinions.$inferSelect;
export type ContactRow = typeof opinionContacts.$inferSelect;
const O = opinions;
const OPEN = ['received', 'routed', 'returned', 'handling', 'answered'];

export interface ListFilter {
  status?: string;
  kind?: string;
  channel?: string;
  leadUnitId?: string;
  /** The tracking number, exact. */
  number?: string;
  /** A substring of the tracking number or the hotline ticket number (externalId), ASCII case-insensitive (LIKE). */
  q?: string;
  overdue?: boolean;
}

/** Per-unit counts over opinions received in [from, to) (instants, UTC): what the supervision scorecard consumes. */
export interface UnitCounts {
  unitId: string | null;
  received: number;
  answered: number;
  answeredOnTime: number;
  overdue: number;
  returned: number;
  reminded: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

/** Overdue at the current step (派单, 签收 or 办理): its due day is over (Asia/Shanghai), as rules.isOverdue says. */
export const overdueAt = (today: string): SQL =>
  or(
    and(inArray(O.status, ['received', 'returned']), lt(O.routeDueOn, today)),
    and(eq(O.status, 'routed'), lt(O.acceptDueOn, today)),
    and(eq(O.status, 'handling'), lt(O.deadline, today)),
  )!;

export function createOpinionRepository(db: Db) {
  const byId = lazy(() => db.select().from(O).where(eq(O.id, sql.placeholder('id'))).prepare());
  const byNumber = lazy(() => db.select().from(O).where(eq(O.number, sql.placeholder('number'))).prepare());
  const linkOf = lazy(() => db
    .select({ unitId: opinionUnits.unitId })
    .from(opinionUnits)
    .where(and(eq(opinionUnits.opinionId, sql.placeholder('opinionId')), eq(opinionUnits.unitId, sql.placeholder('unitId'))))
    .prepare());
  const assignedLink = lazy(() => db
    .select({ unitId: opinionUnits.unitId })
    .from(opinionUnits)
    .where(and(eq(opinionUnits.opinionId, sql.placeholder('opinionId')), eq(opinionUnits.unitId, sql.placeholder('unitId')), inArray(opinionUnits.role, ['lead', 'co'])))
    .prepare());
  // The statements an import runs per row, prepared once (a drizzle query built per row cost more than the row's SQL).
  const byExternalId = lazy(() => db.select().from(O).where(eq(O.externalId, sql.placeholder('externalId'))).prepare());
  const insertRow = preparedInsert(db, O);
  const insertContactRow = preparedInsert(db, opinionContacts);
  const deleteLinks = lazy(() => db.delete(opinionUnits).where(eq(opinionUnits.opinionId, sql.placeholder('opinionId'))).prepare());
  const insertLink = lazy(() => db.insert(opinionUnits).values({ opinionId: sql.placeholder('opinionId'), unitId: sql.placeholder('unitId'), role: sql.placeholder('role') }).prepare());
  const bumpNumber = lazy(() => db
    .insert(opinionNumberCounters)
    .values({ year: sql.placeholder('year'), last: 1 })
    .onConflictDoUpdate({ target: opinionNumberCounters.year, set: { last: sql`${opinionNumberCounters.last} + 1` } })
    .returning()
    .prepare());
  const unitById = lazy(() => db.select({ id: units.id }).from(units).where(eq(units.id, sql.placeholder('id'))).prepare());

  /** Figures per unit: an answered opinion counts at its lead unit; before routing, at the agency concerned. */
  const unitKey = sql<string | null>`coalesce(${O.leadUnitId}, ${O.unitId})`;
  const figureColumns = (today: string) => ({
    received: sql<number>`count(*)`,
    answered: sql<number>`sum(${O.answeredAt} IS NOT NULL)`,
    answeredOnTime: sql<number>`sum(${O.answeredOnTime} = 1)`,
    overdue: sql<number>`sum(${O.everOverdue} = 1 OR ${overdueAt(today)})`,
    returned: sql<number>`sum(${O.returnCount} > 0)`,
    reminded: sql<number>`sum(${O.remindCount} > 0)`,
    satisfied: sql<number>`sum(${O.rating} = 'satisfied')`,
    basicallySatisfied: sql<number>`sum(${O.rating} = 'basically_satisfied')`,
    unsatisfied: sql<number>`sum(${O.rating} = 'unsatisfied')`,
  });
  const n = (v: unknown) => Number(v ?? 0);

  return {
    get: (id: string): OpinionRow | undefined => byId.get({ id }),
    getByNumber: (number: string): OpinionRow | undefined => byNumber.get({ number }),
    // Prepared on the connection: inside a transaction (tx) they run in it, as better-sqlite3 has one connection.
    findByExternalId: (_tx: DbOrTx, externalId: string): OpinionRow | undefined => byExternalId.get({ externalId }),
    unitExists: (id: string): boolean => unitById.get({ id }) !== undefined,
    /** Whether the unit may see the opinion: the agency concerned, or a unit of the current assignment. */
    linked: (opinionId: string, unitId: string): boolean => linkOf.get({ opinionId, unitId }) !== undefined,
    /** Whether the opinion is assigned to the unit now: it leads it (主办) or co-operates (协办). */
    assigned: (opinionId: string, unitId: string): boolean => assignedLink.get({ opinionId, unitId }) !== undefined,

    insert: (_tx: DbOrTx, row: OpinionRow): OpinionRow => insertRow.get(row),
    /** Compare-and-set on version (API.md 14): undefined when someone else changed it first. */
    update(tx: DbOrTx, id: string, version: number, set: Partial<OpinionRow>, now: string): OpinionRow | undefined {
      return tx.update(O).set({ ...set, version: sql`${O.version} + 1`, updatedAt: now }).where(and(eq(O.id, id), eq(O.version, version))).returning().get();
    },
    /** The visibility links follow the row: the agency concerned, the lead (主办) and the co-operating units (协办). */
    writeLinks(_tx: DbOrTx, row: Pick<OpinionRow, 'id' | 'unitId' | 'leadUnitId' | 'coUnitIds'>) {
      deleteLinks.run({ opinionId: row.id });
      const links = new Map<string, string>();
      for (const u of row.coUnitIds) links.set(u, 'co');
      if (row.unitId) links.set(row.unitId, links.get(row.unitId) ?? 'concerned');
      if (row.leadUnitId) links.set(row.leadUnitId, 'lead');
      for (const [unitId, role] of links) insertLink.run({ opinionId: row.id, unitId, role });
    },

    nextNumber(_tx: DbOrTx, year: number): string {
      const r = bumpNumber.get({ year })!;
      return `YJ-${year}-${String(r.last).padStart(6, '0')}`;
    },

    /** The same text from the same address since `since`: the opinion to merge into (重复诉求并单). */
    duplicateOf: (tx: DbOrTx, addressHash: string, textHash: string, since: string) =>
      tx.select().from(O).where(and(eq(O.addressHash, addressHash), eq(O.textHash, textHash), gte(O.createdAt, since))).orderBy(asc(O.createdAt)).limit(1).get(),

    contact: (opinionId: string): ContactRow | undefined => db.select().from(opinionContacts).where(eq(opinionContacts.opinionId, opinionId)).get(),
    insertContact: (_tx: DbOrTx, row: ContactRow) => insertContactRow.run(row),
    upsertContact: (tx: DbOrTx, row: ContactRow) =>
      tx.insert(opinionContacts).values(row).onConflictDoUpdate({ target: opinionContacts.opinionId, set: { name: row.name, phone: row.phone, email: row.email, address: row.address, erasedAt: null } }).run(),
    /** Contacts of opinions closed before `closedBefore` that still hold details: the retention sweep's work. */
    contactsToErase: (closedBefore: string) =>
      db
        .select({ opinionId: opinionContacts.opinionId })
        .from(opinionContacts)
        .innerJoin(O, eq(O.id, opinionContacts.opinionId))
        .where(and(eq(O.status, 'closed'), lt(O.closedAt, closedBefore), sql`${opinionContacts.erasedAt} IS NULL`))
        .all()
        .map((r) => r.opinionId),
    eraseContact: (tx: DbOrTx, opinionId: string, now: string) =>
      tx.update(opinionContacts).set({ name: null, phone: null, email: null, address: null, erasedAt: now }).where(eq(opinionContacts.opinionId, opinionId)).run(),

    list(filter: ListFilter, today: string, scopeUnitId: string | null, order: { field: 'createdAt' | 'updatedAt'; desc: boolean }, after: Cursor | undefined, limit: number): OpinionRow[] {
      const conds: SQL[] = [];
      if (filter.status) conds.push(eq(O.status, filter.status));
      if (filter.kind) conds.push(eq(O.kind, filter.kind));
      if (filter.channel) conds.push(eq(O.channel, filter.channel));
      if (filter.leadUnitId) conds.push(eq(O.leadUnitId, filter.leadUnitId));
      if (filter.number) conds.push(eq(O.number, filter.number));
      if (filter.q) {
        const p = likePattern(filter.q);
        conds.push(or(sql`${O.number} LIKE ${p} ESCAPE '\\'`, sql`${O.externalId} LIKE ${p} ESCAPE '\\'`)!);
      }
      const overdue = overdueAt(today);
      if (filter.overdue === true) conds.push(overdue);
      if (filter.overdue === false) conds.push(sql`NOT (${overdue})`);
      if (scopeUnitId) conds.push(sql`${O.id} IN (SELECT ${opinionUnits.opinionId} FROM ${opinionUnits} WHERE ${opinionUnits.unitId} = ${scopeUnitId})`);
      const col = O[order.field];
      if (after) {
        const [k, id] = after as [string, string];
        conds.push(order.desc ? or(lt(col, k), and(eq(col, k), lt(O.id, id)))! : or(gt(col, k), and(eq(col, k), gt(O.id, id)))!);
      }
      const dir = order.desc ? desc : asc;
      return db.select().from(O).where(and(...conds)).orderBy(dir(col), dir(O.id)).limit(limit).all();
    },

    /** Open opinions that are overdue at their step and not reminded today: the 催办 sweep's work. */
    toRemind: (today: string) =>
      db
        .select()
        .from(O)
        .where(and(overdueAt(today), or(sql`${O.lastRemindedOn} IS NULL`, lt(O.lastRemindedOn, today))!))
        .orderBy(asc(O.id))
        .all(),

    /** Open opinions (not closed) for the backlog. */
    openRows: () => db.select().from(O).where(inArray(O.status, OPEN)).orderBy(asc(O.id)).all(),

    /** Per unit and month of receipt (Asia/Shanghai): the public statistics. */
    monthly(today: string, month: string | undefined, unitId: string | undefined) {
      const monthExpr = sql<string>`strftime('%Y-%m', ${O.createdAt}, '+8 hours')`;
      const conds: SQL[] = [];
      if (month) conds.push(sql`${monthExpr} = ${month}`);
      if (unitId) conds.push(sql`${unitKey} = ${unitId}`);
      return db
        .select({ unitId: unitKey, month: monthExpr, ...figureColumns(today) })
        .from(O)
        .where(and(...conds))
        .groupBy(unitKey, monthExpr)
        .orderBy(monthExpr, unitKey)
        .all()
        .map((r) => ({ ...r, received: n(r.received), answered: n(r.answered), answeredOnTime: n(r.answeredOnTime), overdue: n(r.overdue), satisfied: n(r.satisfied), basicallySatisfied: n(r.basicallySatisfied), unsatisfied: n(r.unsatisfied) }));
    },

    /**
     * Per-unit counts of opinions received in [from, to) (UTC instants), as of `today` (Asia/Shanghai): the figures a
     * supervision scorecard scores (received, answered, on time, overdue, returned, reminded, satisfaction).
     */
    unitCounts(from: string, to: string, today: string, by: 'responsible' | 'lead' = 'responsible'): UnitCounts[] {
      // 'responsible': the lead unit once routed, the agency concerned before (the public statistics' attribution);
      // 'lead': only opinions a unit leads now (主办), as the supervision scorecard counts them.
      const key = by === 'lead' ? O.leadUnitId : unitKey;
      const conds: SQL[] = [gte(O.createdAt, from), lt(O.createdAt, to)];
      if (by === 'lead') conds.push(sql`${O.leadUnitId} IS NOT NULL`);
      return db
        .select({ unitId: key, ...figureColumns(today) })
        .from(O)
        .where(and(...conds))
        .groupBy(key)
        .orderBy(key)
        .all()
        .map((r) => ({
          unitId: r.unitId, received: n(r.received), answered: n(r.answered), answeredOnTime: n(r.answeredOnTime), overdue: n(r.overdue), returned: n(r.returned),
          reminded: n(r.reminded), satisfied: n(r.satisfied), basicallySatisfied: n(r.basicallySatisfied), unsatisfied: n(r.unsatisfied),
        }));
    },

    calendarYear: (year: number) => db.select().from(workCalendarYears).where(eq(workCalendarYears.year, year)).get(),
    calendarYears: () => db.select().from(workCalendarYears).all(),
    putCalendarYear(tx: DbOrTx, year: number, version: number | undefined, days: Array<{ date: string; kind: string; name: string }>, source: string | null, now: string) {
      if (version === undefined || version === 0) {
        return tx.insert(workCalendarYears).values({ year, days, source, version: 1, updatedAt: now }).onConflictDoNothing().returning().get();
      }
      return tx
        .update(workCalendarYears)
        .set({ days, source, version: sql`${workCalendarYears.version} + 1`, updatedAt: now })
        .where(and(eq(workCalendarYears.year, year), eq(workCalendarYears.version, version)))
        .returning()
        .get();
    },
  };
}
export type OpinionRepository = ReturnType<typeof createOpinionRepository>;
