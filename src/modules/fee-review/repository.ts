// Fee-review queries (drizzle): point reads are prepared; lists are keyset pages on (sort key, id); catalogue rows are
// only ever inserted (the database refuses UPDATE and DELETE on them).
import { nameSearchCondition, registryConditions, registrySortKey, type RegistryFilter } from '../../http/registry-filters.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { feeCatalogueEntries, feeCatalogues, feeDecisions, feeItems, feeReviews, units } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { lazy } from '../../db/lazy.js';

export type FeeItemRow = typeof feeItems.$inferSelect;
export type FeeReviewRow = typeof feeReviews.$inferSelect;
export type FeeDecisionRow = typeof feeDecisions.$inferSelect;
export type FeeCatalogueRow = typeof feeCatalogues.$inferSelect;
export type FeeCatalogueEntryRow = typeof feeCatalogueEntries.$inferSelect;

export interface FeeItemFilter extends RegistryFilter {
  q?: string;
  collectingUnitId?: string;
  category?: string;
  basisLevel?: string;
}

export interface FeeReviewFilter extends RegistryFilter {
  campaignId?: string;
  unitId?: string;
  status?: string;
}

export function createFeeRepository(db: Db) {
  const itemById = lazy(() => db.select().from(feeItems).where(eq(feeItems.id, sql.placeholder('id'))).prepare());
  const itemByCode = lazy(() => db.select().from(feeItems).where(eq(feeItems.code, sql.placeholder('code'))).prepare());
  const reviewById = lazy(() => db.select().from(feeReviews).where(eq(feeReviews.id, sql.placeholder('id'))).prepare());
  const reviewByFeeCampaign = lazy(() => db
    .select()
    .from(feeReviews)
    .where(and(eq(feeReviews.feeItemId, sql.placeholder('feeItemId')), eq(feeReviews.campaignId, sql.placeholder('campaignId'))))
    .prepare());
  const catalogueByVersion = lazy(() => db.select().from(feeCatalogues).where(eq(feeCatalogues.version, sql.placeholder('version'))).prepare());
  const latestCatalogue = lazy(() => db.select().from(feeCatalogues).orderBy(desc(feeCatalogues.version)).limit(1).prepare());
  const latestVersion = lazy(() => db.select({ v: sql<number | null>`max(${feeCatalogues.version})` }).from(feeCatalogues).prepare());
  const insertItem = lazy(() => db
    .insert(feeItems)
    .values({
      id: sql.placeholder('id'),
      code: sql.placeholder('code'),
      externalId: sql.placeholder('externalId'),
      name: sql.placeholder('name'),
      collectingUnitId: sql.placeholder('collectingUnitId'),
      category: sql.placeholder('category'),
      basisLevel: sql.placeholder('basisLevel'),
      bases: sql.placeholder('bases'),
      fundManagement: sql.placeholder('fundManagement'),
      affectsEnterprises: sql.placeholder('affectsEnterprises'),
      standardKind: sql.placeholder('standardKind'),
      amountFen: sql.placeholder('amountFen'),
      minFen: sql.placeholder('minFen'),
      maxFen: sql.placeholder('maxFen'),
      per: sql.placeholder('per'),
      currentChargeFen: sql.placeholder('currentChargeFen'),
      annualVolume: sql.placeholder('annualVolume'),
      version: sql.placeholder('version'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .prepare());

  return {
    // Fee items.
    item: (id: string): FeeItemRow | undefined => itemById.get({ id }),
    itemByCode: (code: string): FeeItemRow | undefined => itemByCode.get({ code }),
    itemByExternalId: (externalId: string): FeeItemRow | undefined => db.select().from(feeItems).where(eq(feeItems.externalId, externalId)).get(),
    reviewByExternalId: (externalId: string): FeeReviewRow | undefined => db.select().from(feeReviews).where(eq(feeReviews.externalId, externalId)).get(),
    /** The prepared insert (imports run it once per row inside one transaction). */
    insertItem(row: FeeItemRow): void {
      // drizzle encodes placeholders through the column (JSON, boolean) as for literal values.
      insertItem.run(row as never);
    },
    updateItem(tx: DbOrTx, id: string, version: number | undefined, set: Partial<FeeItemRow>, now: string): FeeItemRow | undefined {
      const where = version === undefined ? eq(feeItems.id, id) : and(eq(feeItems.id, id), eq(feeItems.version, version));
      return tx
        .update(feeItems)
        .set({ ...set, version: sql`${feeItems.version} + 1`, updatedAt: now })
        .where(where)
        .returning()
        .get();
    },
    itemListQuery(filter: FeeItemFilter, order: { field: 'code' | 'createdAt'; desc: boolean }, after: Cursor | undefined, limit: number) {
      const conds: SQL[] = [];
      if (filter.collectingUnitId) conds.push(eq(feeItems.collectingUnitId, filter.collectingUnitId));
      if (filter.category) conds.push(eq(feeItems.category, filter.category));
      if (filter.basisLevel) conds.push(eq(feeItems.basisLevel, filter.basisLevel));
      conds.push(...registryConditions({ code: feeItems.code, externalId: feeItems.externalId, updatedAt: feeItems.updatedAt }, filter));
      if (filter.q) conds.push(nameSearchCondition('fee_items_fts', feeItems.id, feeItems.name, filter.q));
      const cmp = order.desc ? lt : gt;
      const dir = order.desc ? desc : asc;
      if (after) {
        if (order.field === 'code') {
          const [code, id] = after as [string, string];
          conds.push(or(cmp(feeItems.code, code), and(eq(feeItems.code, code), cmp(feeItems.id, id)))!);
        } else conds.push(cmp(feeItems.id, String(after[0])));
      }
      const key = (col: SQLiteColumn) => registrySortKey(col, filter);
      const orderCols = order.field === 'code' ? [dir(key(feeItems.code)), dir(key(feeItems.id))] : [dir(key(feeItems.id))];
      return db
        .select()
        .from(feeItems)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(...orderCols)
        .limit(limit + 1);
    },

    // Reviews.
    review: (id: string): FeeReviewRow | undefined => reviewById.get({ id }),
    reviewOf: (feeItemId: string, campaignId: string): FeeReviewRow | undefined => reviewByFeeCampaign.get({ feeItemId, campaignId }),
    insertReview(tx: DbOrTx, row: FeeReviewRow): void {
      tx.insert(feeReviews).values(row).run();
    },
    updateReview(tx: DbOrTx, id: string, version: number | undefined, set: Partial<FeeReviewRow>, now: string): FeeReviewRow | undefined {
      const where = version === undefined ? eq(feeReviews.id, id) : and(eq(feeReviews.id, id), eq(feeReviews.version, version));
      return tx
        .update(feeReviews)
        .set({ ...set, version: sql`${feeReviews.version} + 1`, updatedAt: now })
        .where(where)
        .returning()
        .get();
    },
    reviewListQuery(filter: FeeReviewFilter, order: { desc: boolean }, after: Cursor | undefined, limit: number) {
      const conds: SQL[] = [];
      if (filter.campaignId) conds.push(eq(feeReviews.campaignId, filter.campaignId));
      if (filter.unitId) conds.push(eq(feeReviews.unitId, filter.unitId));
      conds.push(...registryConditions({ code: feeReviews.code, externalId: feeReviews.externalId, updatedAt: feeReviews.updatedAt }, filter));
      if (filter.status) conds.push(eq(feeReviews.status, filter.status));
      if (after) conds.push((order.desc ? lt : gt)(feeReviews.id, String(after[0])));
      return db
        .select()
        .from(feeReviews)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy((order.desc ? desc : asc)(filter.campaignId || filter.unitId ? feeReviews.id : registrySortKey(feeReviews.id, filter)))
        .limit(limit + 1);
    },
    /** The decided reviews of a campaign (optionally of one agency), for the summary. */
    decidedReviewsQuery(campaignId: string, unitId?: string) {
      const conds = [eq(feeReviews.campaignId, campaignId), eq(feeReviews.status, 'decided')];
      if (unitId) conds.push(eq(feeReviews.unitId, unitId));
      return db
        .select({
          outcome: feeReviews.outcome,
          decidedStandard: feeReviews.decidedStandard,
          approvedStandardFen: feeReviews.approvedStandardFen,
          decidedCurrentChargeFen: feeReviews.decidedCurrentChargeFen,
          decidedAnnualVolume: feeReviews.decidedAnnualVolume,
        })
        .from(feeReviews)
        .where(and(...conds));
    },
    countReviews(campaignId: string, unitId?: string): number {
      const conds = [eq(feeReviews.campaignId, campaignId)];
      if (unitId) conds.push(eq(feeReviews.unitId, unitId));
      return db.select({ n: sql<number>`count(*)` }).from(feeReviews).where(and(...conds)).get()!.n;
    },

    // Decisions.
    insertDecision(tx: DbOrTx, row: FeeDecisionRow): void {
      tx.insert(feeDecisions).values(row).run();
    },
    decision: (id: string): FeeDecisionRow | undefined => db.select().from(feeDecisions).where(eq(feeDecisions.id, id)).get(),
    reviewsOfDecision: (decisionId: string): FeeReviewRow[] => db.select().from(feeReviews).where(eq(feeReviews.decisionId, decisionId)).orderBy(asc(feeReviews.id)).all(),

    // Catalogues.
    catalogue: (version: number): FeeCatalogueRow | undefined => catalogueByVersion.get({ version }),
    latestCatalogue: (): FeeCatalogueRow | undefined => latestCatalogue.get(),
    latestVersion: (): number | null => latestVersion.get()?.v ?? null,
    catalogueListQuery(after: Cursor | undefined, limit: number) {
      return db
        .select()
        .from(feeCatalogues)
        .where(after ? lt(feeCatalogues.version, Number(after[0])) : undefined)
        .orderBy(desc(feeCatalogues.version))
        .limit(limit + 1);
    },
    documentTaken: (tx: DbOrTx, documentNumber: string): boolean =>
      tx.select({ v: feeCatalogues.version }).from(feeCatalogues).where(eq(feeCatalogues.documentNumber, documentNumber)).get() !== undefined,
    insertCatalogue(tx: DbOrTx, row: FeeCatalogueRow): void {
      tx.insert(feeCatalogues).values(row).run();
    },
    insertEntries(tx: DbOrTx, rows: FeeCatalogueEntryRow[]): void {
      // One statement per row keeps SQLite's bound-parameter limit out of the way at 20,000 fees.
      for (const r of rows) tx.insert(feeCatalogueEntries).values(r).run();
    },
    /**
     * Every fee's latest decided review (the decision with the latest decided_at wins), joined with the fee and its agency:
     * what a new catalogue version publishes.
     */
    latestDecisions(tx: DbOrTx) {
      return tx.all<{
        reviewId: string;
        outcome: string;
        approvedStandardFen: number | null;
        decidedStandard: string;
        feeItemId: string;
        code: string;
        name: string;
        category: string;
        basisLevel: string;
        bases: string;
        unitId: string;
        unitName: string;
        unitCreditCode: string | null;
      }>(sql`
        SELECT r.id AS reviewId, r.outcome AS outcome, r.approved_standard_fen AS approvedStandardFen, r.decided_standard AS decidedStandard,
               f.id AS feeItemId, f.code AS code, f.name AS name, f.category AS category, f.basis_level AS basisLevel, f.bases AS bases,
               u.id AS unitId, u.name AS unitName, u.credit_code AS unitCreditCode
        FROM (
          SELECT fr.*, row_number() OVER (PARTITION BY fr.fee_item_id ORDER BY fr.decided_at DESC, fr.id DESC) AS rn
          FROM ${feeReviews} fr WHERE fr.status = 'decided'
        ) r
        JOIN ${feeItems} f ON f.id = r.fee_item_id
        JOIN ${units} u ON u.id = f.collecting_unit_id
        WHERE r.rn = 1
        ORDER BY f.code`);
    },
    entryPageQuery(version: number, unitId: string | undefined, after: Cursor | undefined, limit: number) {
      const conds: SQL[] = [eq(feeCatalogueEntries.catalogueVersion, version), eq(feeCatalogueEntries.status, 'retained')];
      if (unitId) conds.push(eq(feeCatalogueEntries.unitId, unitId));
      if (after) {
        const [code, id] = after as [string, string];
        conds.push(or(gt(feeCatalogueEntries.code, code), and(eq(feeCatalogueEntries.code, code), gt(feeCatalogueEntries.feeItemId, id)))!);
      }
      return db
        .select()
        .from(feeCatalogueEntries)
        .where(and(...conds))
        .orderBy(asc(feeCatalogueEntries.code), asc(feeCatalogueEntries.feeItemId))
        .limit(limit + 1);
    },
    entriesOf: (version: number): FeeCatalogueEntryRow[] =>
      db.select().from(feeCatalogueEntries).where(eq(feeCatalogueEntries.catalogueVersion, version)).all(),
    unitByRef(ref: string): { id: string; creditCode: string | null } | undefined {
      const col = ref.length === 18 ? units.creditCode : units.id;
      return db.select({ id: units.id, creditCode: units.creditCode }).from(units).where(eq(col, ref)).get();
    },
    allUnits: () => db.select({ id: units.id, name: units.name, creditCode: units.creditCode }).from(units).all(),
  };
}
export type FeeRepository = ReturnType<typeof createFeeRepository>;
