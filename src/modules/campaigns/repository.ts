// Campaign, phase, phase-report and problem queries (drizzle). Point reads are prepared; list builders return the
// query without running it, so tests can EXPLAIN it (test/helpers/query-plan.ts).
import { and, asc, desc, eq, getTableColumns, gt, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { campaigns, phaseReports, phases, problems, units } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { lazy } from '../../db/lazy.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type PhaseRow = typeof phases.$inferSelect;
export type PhaseReportRow = typeof phaseReports.$inferSelect;
export type PhaseReportView = PhaseReportRow & { unitName: string };
export type ProblemRow = typeof problems.$inferSelect;

const reportColumns = { ...getTableColumns(phaseReports), unitName: units.name };

/** keyset: rows strictly after (key, id) in the given direction. */
function after<K>(col: Parameters<typeof eq>[0], idCol: Parameters<typeof eq>[0], key: K, id: string, descending: boolean): SQL {
  const cmp = descending ? lt : gt;
  return or(cmp(col, key), and(eq(col, key), cmp(idCol, id)))!;
}

export interface CampaignFilter {
  year?: number;
  status?: string;
}
export interface ReportFilter {
  level?: string;
  parentId?: string;
  late?: boolean;
  unitId?: string;
}
export interface ProblemFilter {
  campaignId?: string;
  unitId?: string;
  dimension?: string;
  category?: string;
  source?: string;
  status?: string;
}

export function createCampaignRepository(db: Db) {
  const campaignById = lazy(() => db.select().from(campaigns).where(eq(campaigns.id, sql.placeholder('id'))).prepare());
  const phaseById = lazy(() => db.select().from(phases).where(eq(phases.id, sql.placeholder('id'))).prepare());
  const problemById = lazy(() => db.select().from(problems).where(eq(problems.id, sql.placeholder('id'))).prepare());
  const reportByKey = lazy(() => db
    .select(reportColumns)
    .from(phaseReports)
    .innerJoin(units, eq(units.id, phaseReports.unitId))
    .where(and(eq(phaseReports.phaseId, sql.placeholder('phaseId')), eq(phaseReports.unitId, sql.placeholder('unitId'))))
    .prepare());
  const unitById = lazy(() => db.select({ id: units.id, name: units.name, level: units.level, parentId: units.parentId }).from(units).where(eq(units.id, sql.placeholder('id'))).prepare());

  return {
    // ---- campaigns ----
    getCampaign: (id: string): CampaignRow | undefined => campaignById.get({ id }),
    campaignByTemplateYear: (tx: DbOrTx, template: string, year: number): CampaignRow | undefined =>
      tx.select().from(campaigns).where(and(eq(campaigns.template, template), eq(campaigns.year, year))).get(),
    insertCampaign(tx: DbOrTx, row: CampaignRow): void {
      tx.insert(campaigns).values(row).run();
    },
    /** The atomic versioned write: changes nothing unless the row is still at `version` (when given). */
    updateCampaign(tx: DbOrTx, id: string, version: number | undefined, set: Partial<CampaignRow>, now: string): CampaignRow | undefined {
      const where = version === undefined ? eq(campaigns.id, id) : and(eq(campaigns.id, id), eq(campaigns.version, version));
      return tx.update(campaigns).set({ ...set, version: sql`${campaigns.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    listCampaignsQuery(filter: CampaignFilter, order: { field: 'createdAt' | 'year'; desc: boolean }, cursor: Cursor | undefined, limit: number) {
      const conds: SQL[] = [];
      if (filter.year !== undefined) conds.push(eq(campaigns.year, filter.year));
      if (filter.status) conds.push(eq(campaigns.status, filter.status));
      const dir = order.desc ? desc : asc;
      if (cursor) {
        if (order.field === 'year') conds.push(after(campaigns.year, campaigns.id, Number(cursor[0]), String(cursor[1]), order.desc));
        else conds.push((order.desc ? lt : gt)(campaigns.id, String(cursor[0])));
      }
      const orderCols = order.field === 'year' ? [dir(campaigns.year), dir(campaigns.id)] : [dir(campaigns.id)];
      return db.select().from(campaigns).where(conds.length ? and(...conds) : undefined).orderBy(...orderCols).limit(limit + 1);
    },

    // ---- phases ----
    getPhase: (id: string): PhaseRow | undefined => phaseById.get({ id }),
    phasesOf: (tx: DbOrTx, campaignId: string): PhaseRow[] => tx.select().from(phases).where(eq(phases.campaignId, campaignId)).orderBy(asc(phases.number)).all(),
    insertPhase(tx: DbOrTx, row: PhaseRow): void {
      tx.insert(phases).values(row).run();
    },
    updatePhase(tx: DbOrTx, id: string, version: number | undefined, set: Partial<PhaseRow>, now: string): PhaseRow | undefined {
      const where = version === undefined ? eq(phases.id, id) : and(eq(phases.id, id), eq(phases.version, version));
      return tx.update(phases).set({ ...set, version: sql`${phases.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    listPhasesQuery(campaignId: string, cursor: Cursor | undefined, limit: number) {
      const conds: SQL[] = [eq(phases.campaignId, campaignId)];
      if (cursor) conds.push(gt(phases.number, Number(cursor[0])));
      return db.select().from(phases).where(and(...conds)).orderBy(asc(phases.number)).limit(limit + 1);
    },

    // ---- phase reports ----
    getReport: (phaseId: string, unitId: string): PhaseReportView | undefined => reportByKey.get({ phaseId, unitId }),
    insertReport(tx: DbOrTx, row: PhaseReportRow): void {
      tx.insert(phaseReports).values(row).run();
    },
    updateReport(tx: DbOrTx, id: string, version: number | undefined, set: Partial<PhaseReportRow>, now: string): PhaseReportRow | undefined {
      const where = version === undefined ? eq(phaseReports.id, id) : and(eq(phaseReports.id, id), eq(phaseReports.version, version));
      return tx.update(phaseReports).set({ ...set, version: sql`${phaseReports.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    listReportsQuery(phaseId: string, filter: ReportFilter, order: { desc: boolean }, cursor: Cursor | undefined, limit: number) {
      const conds: SQL[] = [eq(phaseReports.phaseId, phaseId)];
      if (filter.unitId) conds.push(eq(phaseReports.unitId, filter.unitId));
      if (filter.level) conds.push(eq(units.level, filter.level));
      if (filter.parentId) conds.push(eq(units.parentId, filter.parentId));
      if (filter.late !== undefined) conds.push(eq(phaseReports.late, filter.late));
      if (cursor) conds.push(after(phaseReports.reportedAt, phaseReports.id, String(cursor[0]), String(cursor[1]), order.desc));
      const dir = order.desc ? desc : asc;
      return db
        .select(reportColumns)
        .from(phaseReports)
        .innerJoin(units, eq(units.id, phaseReports.unitId))
        .where(and(...conds))
        .orderBy(dir(phaseReports.reportedAt), dir(phaseReports.id))
        .limit(limit + 1);
    },

    // ---- compliance ----
    /** The expected units (by level / parent, without the campaign's own region), each with its report if any; by name. */
    complianceQuery(phaseId: string, filter: { level?: string; parentId?: string; excludeUnitId: string }, limit: number) {
      const conds: SQL[] = [ne(units.id, filter.excludeUnitId)];
      if (filter.level) conds.push(eq(units.level, filter.level));
      if (filter.parentId) conds.push(eq(units.parentId, filter.parentId));
      return db
        .select({ unitId: units.id, unitName: units.name, reportedAt: phaseReports.reportedAt, late: phaseReports.late, redoRequired: phaseReports.redoRequired })
        .from(units)
        .leftJoin(phaseReports, and(eq(phaseReports.phaseId, phaseId), eq(phaseReports.unitId, units.id)))
        .where(and(...conds))
        .orderBy(asc(units.name), asc(units.id))
        .limit(limit);
    },

    // ---- units (read only) ----
    getUnit: (id: string): { id: string; name: string; level: string; parentId: string | null } | undefined => unitById.get({ id }),
    rootUnit: (tx: DbOrTx) =>
      tx.select().from(units).where(eq(units.externalId, 'gx')).get() ??
      tx.select().from(units).where(sql`${units.parentId} IS NULL`).orderBy(asc(units.createdAt), asc(units.id)).limit(1).get(),

    // ---- problems ----
    getProblem: (id: string): ProblemRow | undefined => problemById.get({ id }),
    insertProblem(tx: DbOrTx, row: ProblemRow): void {
      tx.insert(problems).values(row).run();
    },
    updateProblem(tx: DbOrTx, id: string, version: number | undefined, set: Partial<ProblemRow>, now: string): ProblemRow | undefined {
      const where = version === undefined ? eq(problems.id, id) : and(eq(problems.id, id), eq(problems.version, version));
      return tx.update(problems).set({ ...set, version: sql`${problems.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    listProblemsQuery(filter: ProblemFilter, order: { desc: boolean }, cursor: Cursor | undefined, limit: number) {
      const conds: SQL[] = [];
      if (filter.campaignId) conds.push(eq(problems.campaignId, filter.campaignId));
      if (filter.unitId) conds.push(eq(problems.unitId, filter.unitId));
      if (filter.dimension) conds.push(eq(problems.dimension, filter.dimension));
      if (filter.category) conds.push(eq(problems.category, filter.category));
      if (filter.source) conds.push(eq(problems.source, filter.source));
      if (filter.status) conds.push(eq(problems.status, filter.status));
      if (cursor) conds.push((order.desc ? lt : gt)(problems.id, String(cursor[0])));
      return db
        .select()
        .from(problems)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(order.desc ? desc(problems.id) : asc(problems.id))
        .limit(limit + 1);
    },
  };
}
export type CampaignRepository = ReturnType<typeof createCampaignRepository>;
