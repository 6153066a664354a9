// Approval-cleanup queries (drizzle): point reads prepared; lists keyset pages on (sort key, id) with their builder
// exposed (`*Query`) so the query-plan test can EXPLAIN them without running them.
import { nameSearchCondition, registryConditions, registrySortKey, type RegistryFilter } from '../../http/registry-filters.js';
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { approvalAnnouncements, approvalDecisionBatches, approvalItems, approvalReviews, units } from '../../db/schema/index.js';
import type { Cursor } from '../../http/pagination.js';
import { lazy } from '../../db/lazy.js';

export type ItemRow = typeof approvalItems.$inferSelect;
export type ReviewRow = typeof approvalReviews.$inferSelect;
export type BatchRow = typeof approvalDecisionBatches.$inferSelect;
export type AnnouncementRow = typeof approvalAnnouncements.$inferSelect;

export interface ItemFilter extends RegistryFilter {
  q?: string;
  implementingUnitId?: string;
  status?: string;
  kind?: string;
}

export interface ReviewFilter extends RegistryFilter {
  campaignId?: string;
  stage?: string;
  unitId?: string;
}

export function createApprovalRepository(db: Db) {
  const itemById = lazy(() => db.select().from(approvalItems).where(eq(approvalItems.id, sql.placeholder('id'))).prepare());
  const reviewById = lazy(() => db.select().from(approvalReviews).where(eq(approvalReviews.id, sql.placeholder('id'))).prepare());
  const reviewByItemCampaign = lazy(() => db
    .select()
    .from(approvalReviews)
    .where(and(eq(approvalReviews.itemId, sql.placeholder('itemId')), eq(approvalReviews.campaignId, sql.placeholder('campaignId'))))
    .prepare());

  function itemsQuery(filter: ItemFilter, order: { field: 'createdAt' | 'code'; desc: boolean }, after: Cursor | undefined, limit: number) {
    const conds: SQL[] = [];
    if (filter.implementingUnitId) conds.push(eq(approvalItems.implementingUnitId, filter.implementingUnitId));
    if (filter.status) conds.push(eq(approvalItems.status, filter.status));
    if (filter.kind) conds.push(eq(approvalItems.kind, filter.kind));
    conds.push(...registryConditions({ code: approvalItems.code, externalId: approvalItems.externalId, updatedAt: approvalItems.updatedAt }, filter));
    if (filter.q) conds.push(nameSearchCondition('approval_items_fts', approvalItems.id, approvalItems.name, filter.q));
    const cmp = order.desc ? lt : gt;
    const dir = order.desc ? desc : asc;
    if (after) conds.push(order.field === 'code' ? cmp(approvalItems.code, String(after[0])) : cmp(approvalItems.id, String(after[0])));
    return db
      .select()
      .from(approvalItems)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(dir(registrySortKey(order.field === 'code' ? approvalItems.code : approvalItems.id, filter)))
      .limit(limit + 1);
  }

  function reviewsQuery(filter: ReviewFilter, order: { desc: boolean }, after: Cursor | undefined, limit: number) {
    const conds: SQL[] = [];
    if (filter.campaignId) conds.push(eq(approvalReviews.campaignId, filter.campaignId));
    if (filter.stage) conds.push(eq(approvalReviews.stage, filter.stage));
    if (filter.unitId) conds.push(eq(approvalReviews.unitId, filter.unitId));
    conds.push(...registryConditions({ code: approvalReviews.code, externalId: approvalReviews.externalId, updatedAt: approvalReviews.updatedAt }, filter));
    if (after) conds.push((order.desc ? lt : gt)(approvalReviews.id, String(after[0])));
    return db
      .select()
      .from(approvalReviews)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy((order.desc ? desc : asc)(filter.campaignId || filter.stage || filter.unitId ? approvalReviews.id : registrySortKey(approvalReviews.id, filter)))
      .limit(limit + 1);
  }

  function publicCatalogueQuery(implementingUnitId: string | undefined, after: Cursor | undefined, limit: number) {
    const conds: SQL[] = [eq(approvalItems.status, 'active')];
    if (implementingUnitId) conds.push(eq(approvalItems.implementingUnitId, implementingUnitId));
    if (after) conds.push(gt(approvalItems.code, String(after[0])));
    return db
      .select({
        id: approvalItems.id,
        code: approvalItems.code,
        name: approvalItems.name,
        kind: approvalItems.kind,
        implementingUnitId: approvalItems.implementingUnitId,
        implementingUnitName: units.name,
        bases: approvalItems.bases,
        updatedAt: approvalItems.updatedAt,
      })
      .from(approvalItems)
      .innerJoin(units, eq(units.id, approvalItems.implementingUnitId))
      .where(and(...conds))
      .orderBy(asc(approvalItems.code))
      .limit(limit + 1);
  }

  return {
    itemsQuery,
    reviewsQuery,
    publicCatalogueQuery,
    getItem: (id: string): ItemRow | undefined => itemById.get({ id }),
    getReview: (id: string): ReviewRow | undefined => reviewById.get({ id }),
    reviewOf: (itemId: string, campaignId: string): ReviewRow | undefined => reviewByItemCampaign.get({ itemId, campaignId }),
    itemByCode: (tx: DbOrTx, code: string): ItemRow | undefined => tx.select().from(approvalItems).where(eq(approvalItems.code, code)).get(),
    itemByExternalId: (tx: DbOrTx, externalId: string): ItemRow | undefined => tx.select().from(approvalItems).where(eq(approvalItems.externalId, externalId)).get(),
    reviewByExternalId: (tx: DbOrTx, externalId: string): ReviewRow | undefined => tx.select().from(approvalReviews).where(eq(approvalReviews.externalId, externalId)).get(),
    insertItem: (tx: DbOrTx, row: ItemRow) => tx.insert(approvalItems).values(row).run(),
    updateItem(tx: DbOrTx, id: string, version: number | undefined, set: Partial<ItemRow>, now: string): ItemRow | undefined {
      const where = version === undefined ? eq(approvalItems.id, id) : and(eq(approvalItems.id, id), eq(approvalItems.version, version));
      return tx.update(approvalItems).set({ ...set, version: sql`${approvalItems.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    /** Items of an agency that the cleanup took away: cancelled items, and items decided for cancellation. */
    cancelledItemsOf(tx: DbOrTx, unitId: string): Array<{ id: string; name: string }> {
      return tx.all<{ id: string; name: string }>(sql`
        SELECT id, name FROM approval_items WHERE implementing_unit_id = ${unitId} AND status = 'cancelled'
        UNION
        SELECT i.id, i.name FROM approval_reviews r JOIN approval_items i ON i.id = r.item_id
         WHERE r.unit_id = ${unitId} AND r.stage = 'decided' AND r.decided_disposition = 'cancel'`);
    },
    insertReview: (tx: DbOrTx, row: ReviewRow) => tx.insert(approvalReviews).values(row).run(),
    updateReview(tx: DbOrTx, id: string, version: number | undefined, set: Partial<ReviewRow>, now: string): ReviewRow | undefined {
      const where = version === undefined ? eq(approvalReviews.id, id) : and(eq(approvalReviews.id, id), eq(approvalReviews.version, version));
      return tx.update(approvalReviews).set({ ...set, version: sql`${approvalReviews.version} + 1`, updatedAt: now }).where(where).returning().get();
    },
    reviewsByIds: (tx: DbOrTx, ids: string[]): ReviewRow[] => (ids.length ? tx.select().from(approvalReviews).where(inArray(approvalReviews.id, ids)).all() : []),
    /** Decided, not yet announced reviews (optionally of one campaign). */
    decidedUnpublished(tx: DbOrTx, campaignId?: string): ReviewRow[] {
      const conds = [eq(approvalReviews.stage, 'decided')];
      if (campaignId) conds.push(eq(approvalReviews.campaignId, campaignId));
      return tx.select().from(approvalReviews).where(and(...conds)).orderBy(asc(approvalReviews.id)).all();
    },
    /** The decided-but-unannounced disposition of an item, if any (for A4 across batches). */
    pendingDisposition(tx: DbOrTx, itemId: string): string | null {
      const r = tx
        .select({ d: approvalReviews.decidedDisposition })
        .from(approvalReviews)
        .where(and(eq(approvalReviews.itemId, itemId), eq(approvalReviews.stage, 'decided')))
        .get();
      return r?.d ?? null;
    },
    insertBatch: (tx: DbOrTx, row: BatchRow) => tx.insert(approvalDecisionBatches).values(row).run(),
    getBatch: (id: string) => db.select().from(approvalDecisionBatches).where(eq(approvalDecisionBatches.id, id)).get(),
    insertAnnouncement: (tx: DbOrTx, row: AnnouncementRow) => tx.insert(approvalAnnouncements).values(row).run(),
    getAnnouncement: (id: string) => db.select().from(approvalAnnouncements).where(eq(approvalAnnouncements.id, id)).get(),
    announcementEntries(id: string) {
      return db.all<{
        itemId: string; code: string; name: string; implementingUnitName: string; disposition: string;
        delegateTo: string | null; receivingBody: string | null; mergeIntoItemId: string | null; mergeIntoCode: string | null;
      }>(sql`
        SELECT i.id AS itemId, i.code AS code, i.name AS name, u.name AS implementingUnitName, r.decided_disposition AS disposition,
               r.decided_delegate_to AS delegateTo, r.decided_receiving_body AS receivingBody,
               r.decided_merge_into_item_id AS mergeIntoItemId, t.code AS mergeIntoCode
          FROM approval_reviews r
          JOIN approval_items i ON i.id = r.item_id
          JOIN units u ON u.id = i.implementing_unit_id
          LEFT JOIN approval_items t ON t.id = r.decided_merge_into_item_id
         WHERE r.announcement_id = ${id}
         ORDER BY i.code`);
    },
    batchReviewIds: (id: string): string[] =>
      db.select({ id: approvalReviews.id }).from(approvalReviews).where(eq(approvalReviews.decisionBatchId, id)).orderBy(asc(approvalReviews.id)).all().map((r) => r.id),
    countActive(unitId?: string): number {
      const conds = [eq(approvalItems.status, 'active')];
      if (unitId) conds.push(eq(approvalItems.implementingUnitId, unitId));
      return db.select({ n: sql<number>`count(*)` }).from(approvalItems).where(and(...conds)).get()!.n;
    },
    /** The reviews of a campaign, projected for the summary. */
    summaryRows(campaignId: string, unitId?: string) {
      const conds = [eq(approvalReviews.campaignId, campaignId)];
      if (unitId) conds.push(eq(approvalReviews.unitId, unitId));
      return db
        .select({
          stage: approvalReviews.stage,
          disposition: approvalReviews.disposition,
          decided: approvalReviews.decidedDisposition,
          followUp: approvalReviews.followUp,
        })
        .from(approvalReviews)
        .where(and(...conds))
        .all();
    },
    unitById: (tx: DbOrTx, id: string) => tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, id)).get(),
  };
}
export type ApprovalRepository = ReturnType<typeof createApprovalRepository>;
