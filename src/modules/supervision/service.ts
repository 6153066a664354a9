// Supervision use cases (督促检查, 督办/催办): each write is one synchronous transaction with its audit events; a
// finding's consequence (an item sent back, a phase report marked for redo) happens in the transaction that delivers it.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { preparedInsert } from '../../db/prepared-insert.js';
import { campaigns, inspectionFindings, inspectionUnits, inspections, phaseReports, phases, rectificationItems, supervisionOrders, supervisionReminders, supervisionReplies, units } from '../../db/schema/index.js';
import { type Actor, hasRole, requireRole, seesAll } from '../../http/auth.js';
import { fieldError, forbidden, invalidTransition, notFound, ruleViolation } from '../../http/errors.js';
import { visibleRef } from '../../http/references.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf, type Cursor } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { addDays, isValidDate, todayInShanghai } from '../../lib/dates.js';
import { createItemService } from '../rectification/service.js';
import { toReport } from '../campaigns/service.js';
import { createOpinionRepository, type OpinionRow, type UnitCounts } from '../opinions/repository.js';
import { after, createScorecardQueries, SECRET_INSPECTION_IDS, SUBJECT_TABLES, type FigureRow } from './repository.js';
import {
  CONSEQUENCES, answeredLate, deliveredStatus, deliversOnRecord, escalates, findingOverdue, findingProblems, isSecret, nextInspectionStatus,
  nextOrderStatus, orderOverdue, rank, reminderDue, responseProblems, score,
  type FindingStatus, type InspectionAction, type InspectionStatus, type OrderAction, type OrderStatus, type Rating,
} from './rules.js';
import {
  FINDING_ORDER_FIELDS, INSPECTION_ORDER_FIELDS, ORDER_ORDER_FIELDS, SCORECARD_FIGURES,
  type CreateFinding, type CreateInspection, type CreateOrder, type Finding, type FindingQuery, type Inspection, type InspectionQuery, type Order,
  type OrderQuery, type Respond, type Scorecard, type ScorecardFigure,
} from './schemas.js';
import { lazy } from '../../db/lazy.js';


export type InspectionRow = typeof inspections.$inferSelect;
export type FindingRow = typeof inspectionFindings.$inferSelect;
export type OrderRow = typeof supervisionOrders.$inferSelect;

/** Admin and inspector keys see unannounced inspections before they conclude; nobody else does. */
export const seesSecrets = (actor: Actor): boolean => hasRole(actor, 'admin', 'inspector');

export const toInspection = (r: InspectionRow): Inspection => ({
  id: r.id, campaignId: r.campaignId, phaseId: r.phaseId, kind: r.kind as Inspection['kind'], title: r.title, inspectingBody: r.inspectingBody,
  inspectingUnitId: r.inspectingUnitId, unitIds: r.unitIds, subjects: r.subjects as Inspection['subjects'], team: r.team, methodNotes: r.methodNotes,
  plannedStartOn: r.plannedStartOn, plannedEndOn: r.plannedEndOn, status: r.status as Inspection['status'], startedAt: r.startedAt,
  concludedAt: r.concludedAt, conclusion: r.conclusion, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

export const toFinding = (r: FindingRow, today: string): Finding => ({
  id: r.id, inspectionId: r.inspectionId, unitId: r.unitId, externalId: r.externalId, subjectKind: r.subjectKind as Finding['subjectKind'],
  subjectId: r.subjectId, rating: r.rating as Rating, description: r.description, requirement: r.requirement, dueOn: r.dueOn,
  status: r.status as FindingStatus, overdue: findingOverdue(r.status, r.dueOn, today), deliveredAt: r.deliveredAt, correction: r.correction,
  causeAnalysis: r.causeAnalysis, remedy: r.remedy, respondedAt: r.respondedAt, respondedLate: r.respondedLate, verifiedAt: r.verifiedAt,
  rejectionReason: r.rejectionReason, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

export const toOrder = (r: OrderRow, today: string): Order => ({
  id: r.id, campaignId: r.campaignId, unitId: r.unitId, itemId: r.itemId, findingId: r.findingId, phaseId: r.phaseId, opinionId: r.opinionId, title: r.title,
  requirement: r.requirement, replyMethod: r.replyMethod, replyDueOn: r.replyDueOn, status: r.status as OrderStatus,
  overdue: orderOverdue(r.status, r.replyDueOn, today), acknowledgedAt: r.acknowledgedAt, firstRepliedAt: r.firstRepliedAt,
  lastRepliedAt: r.lastRepliedAt, answeredLate: r.answeredLate, replyCount: r.replyCount, reminderCount: r.reminderCount,
  escalatedToUnitId: r.escalatedToUnitId, closedAt: r.closedAt, closingNote: r.closingNote, returnReason: r.returnReason, version: r.version,
  createdAt: r.createdAt, updatedAt: r.updatedAt,
});

export function createSupervisionService(deps: Deps) {
  const { db, sqlite, audit, clock, pageTokens } = deps;
  const items = createItemService(deps);
  const scorecards = createScorecardQueries(sqlite);
  const opinions = createOpinionRepository(db);
  const scoreCache = new Map<string, { seq: number; value: unknown }>();
  const today = () => todayInShanghai(clock.now());
  const nowIso = () => clock.now().toISOString();
  // What a findings import runs per row, prepared once (a drizzle query built per row cost more than the row's SQL).
  const inspectionById = lazy(() => db.select().from(inspections).where(eq(inspections.id, sql.placeholder('id'))).prepare());
  const findingByExternalId = lazy(() => db.select({ id: inspectionFindings.id }).from(inspectionFindings).where(eq(inspectionFindings.externalId, sql.placeholder('externalId'))).prepare());
  const insertFindingRow = preparedInsert(db, inspectionFindings);
  const deliverFinding = lazy(() => db
    .update(inspectionFindings)
    .set({ status: sql.placeholder('status'), deliveredAt: sql.placeholder('at'), version: sql`${inspectionFindings.version} + 1`, updatedAt: sql.placeholder('at') } as never)
    .where(eq(inspectionFindings.id, sql.placeholder('id')))
    .returning()
    .prepare());
  const subjectUnitOf = new Map<string, ReturnType<typeof sqlite.prepare>>();

  // ---- visibility (API.md 20: what a key may not see does not exist for it) ----

  /** The inspections an actor sees: admin/inspector all; reader all but secret ones; an agency those of its unit, not secret. */
  function inspectionScope(actor: Actor): SQL[] {
    const conds: SQL[] = [];
    if (!seesSecrets(actor)) conds.push(sql`${inspections.id} not in (${SECRET_INSPECTION_IDS})`);
    if (!seesAll(actor)) conds.push(sql`exists (select 1 from inspection_units iu where iu.inspection_id = ${inspections.id} and iu.unit_id = ${actor.unitId ?? '-'})`);
    return conds;
  }
  const mayseeInspection = (actor: Actor, r: InspectionRow) =>
    (seesSecrets(actor) || !isSecret(r.kind, r.status)) && (seesAll(actor) || (actor.unitId !== null && r.unitIds.includes(actor.unitId)));

  function loadInspection(actor: Actor, id: string): InspectionRow {
    const r = inspectionById.get({ id });
    if (!r || !mayseeInspection(actor, r)) throw notFound('Inspection', id);
    return r;
  }

  function findingScope(actor: Actor): SQL[] {
    const conds: SQL[] = [];
    if (!seesSecrets(actor)) conds.push(sql`${inspectionFindings.inspectionId} not in (${SECRET_INSPECTION_IDS})`);
    if (!seesAll(actor)) conds.push(eq(inspectionFindings.unitId, actor.unitId ?? '-'));
    return conds;
  }
  function loadFinding(actor: Actor, id: string): { f: FindingRow; i: InspectionRow } {
    const f = db.select().from(inspectionFindings).where(eq(inspectionFindings.id, id)).get();
    const i = f && db.select().from(inspections).where(eq(inspections.id, f.inspectionId)).get();
    if (!f || !i || !mayseeInspection(actor, i) || (!seesAll(actor) && f.unitId !== actor.unitId)) throw notFound('Finding', id);
    return { f, i };
  }

  function orderScope(actor: Actor): SQL[] {
    if (seesAll(actor)) return [];
    const u = actor.unitId ?? '-';
    return [sql`(${supervisionOrders.unitId} = ${u} or ${supervisionOrders.escalatedToUnitId} = ${u})`];
  }
  function loadOrder(actor: Actor, id: string): OrderRow {
    const r = db.select().from(supervisionOrders).where(eq(supervisionOrders.id, id)).get();
    if (!r || (!seesAll(actor) && r.unitId !== actor.unitId && r.escalatedToUnitId !== actor.unitId)) throw notFound('Supervision order', id);
    return r;
  }

  // ---- checks ----
  function checkUnits(tx: Tx, ids: string[], pointer: string) {
    const found = new Set(tx.select({ id: units.id }).from(units).where(inArray(units.id, ids)).all().map((u) => u.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw fieldError(pointer, `unit ${missing} does not exist`);
  }
  function subjectUnit(kind: string, id: string): string | undefined {
    let statement = subjectUnitOf.get(kind);
    if (!statement) {
      const t = SUBJECT_TABLES[kind];
      statement = sqlite.prepare(`SELECT ${t.unit} AS u FROM ${t.table} WHERE id = ?`);
      subjectUnitOf.set(kind, statement);
    }
    return (statement.get(id) as { u: string } | undefined)?.u;
  }
  function checkDate(value: string | undefined, pointer: string) {
    if (value !== undefined && !isValidDate(value)) throw fieldError(pointer, `${value} is not a calendar date`);
  }

  // ---- the consequence of a finding (all in the caller's transaction) ----
  function deliver(tx: Tx, actor: Actor, f: FindingRow, i: InspectionRow): FindingRow {
    const at = nowIso();
    const rating = f.rating as Rating;
    const updated = deliverFinding.get({ status: deliveredStatus(rating), at, id: f.id }) as FindingRow;
    audit.record(actor, { entity: 'inspection_finding', entityId: f.id, action: 'deliver', before: toFinding(f, today()), after: toFinding(updated, today()), reason: CONSEQUENCES[rating].plan, unitId: f.unitId });
    if (CONSEQUENCES[rating].sendsBack && f.subjectKind && f.subjectId) {
      const reason = `走过场/形式主义 (finding ${f.id}, inspection ${i.id}: ${i.title}): 严肃批评,及时“补课” — ${f.description}`.slice(0, 2000);
      if (f.subjectKind === 'rectification_item') items.sendBack(tx, actor, f.subjectId, f.dueOn!, reason);
      if (f.subjectKind === 'phase_report') {
        const before = tx.select().from(phaseReports).where(eq(phaseReports.id, f.subjectId)).get()!;
        const after_ = tx
          .update(phaseReports)
          .set({ redoRequired: true, redoReason: reason, version: sql`${phaseReports.version} + 1`, updatedAt: at })
          .where(eq(phaseReports.id, f.subjectId))
          .returning()
          .get()!;
        // The feed carries the PhaseReport representation, as for the report's other events.
        const unitName = tx.select({ name: units.name }).from(units).where(eq(units.id, before.unitId)).get()!.name;
        audit.record(actor, { entity: 'phase_report', entityId: f.subjectId, action: 'send_back', before: toReport({ ...before, unitName }), after: toReport({ ...after_, unitName }), reason, unitId: before.unitId });
      }
    }
    return updated;
  }

  function validateFinding(tx: Tx, i: InspectionRow, input: CreateFinding): void {
    checkDate(input.dueOn, '/dueOn');
    if ((input.subjectKind === undefined) !== (input.subjectId === undefined)) throw fieldError('/subjectId', 'subjectKind and subjectId go together');
    const owner = input.subjectKind && input.subjectId ? subjectUnit(input.subjectKind, input.subjectId) : undefined;
    if (input.subjectKind && owner === undefined) throw fieldError('/subjectId', `${input.subjectKind} ${input.subjectId} does not exist`);
    const problems = findingProblems({ rating: input.rating, dueOn: input.dueOn, subjectKind: input.subjectKind, unitInspected: i.unitIds.includes(input.unitId), subjectOfUnit: owner === input.unitId });
    if (problems.length) throw ruleViolation(problems.join('; '), problems.map((detail) => ({ in: 'body', pointer: detail.includes('unit is not') ? '/unitId' : detail.includes('subject') ? '/subjectId' : '/dueOn', detail })));
    if (input.rating === 'formalism' && input.subjectKind === 'rectification_item') {
      const status = tx.select({ s: rectificationItems.status }).from(rectificationItems).where(eq(rectificationItems.id, input.subjectId!)).get()?.s;
      if (status === 'cancelled') throw ruleViolation('A cancelled item cannot be sent back', [{ in: 'body', pointer: '/subjectId', detail: 'the item is cancelled' }]);
    }
  }

  /** Records a finding in tx (create and import); delivered at once unless the inspection is unannounced. */
  function insertFinding(tx: Tx, actor: Actor, i: InspectionRow, input: CreateFinding, action: 'create' | 'import_create'): FindingRow {
    if (i.status !== 'in_progress') throw invalidTransition(`Findings are recorded while the inspection is in_progress; it is ${i.status}`);
    validateFinding(tx, i, input);
    const at = nowIso();
    const row: FindingRow = {
      id: newId(), inspectionId: i.id, unitId: input.unitId, externalId: input.externalId ?? null, subjectKind: input.subjectKind ?? null,
      subjectId: input.subjectId ?? null, rating: input.rating, description: input.description, requirement: input.requirement ?? null,
      dueOn: input.dueOn ?? null, status: 'undelivered', deliveredAt: null, correction: null, causeAnalysis: null, remedy: null, respondedAt: null,
      respondedLate: null, verifiedAt: null, rejectionReason: null, version: 1, createdAt: at, updatedAt: at,
    };
    insertFindingRow.run(row);
    audit.record(actor, { entity: 'inspection_finding', entityId: row.id, action, after: toFinding(row, today()), unitId: row.unitId });
    return deliversOnRecord(i.kind) ? deliver(tx, actor, row, i) : row;
  }

  function transitionInspection(actor: Actor, id: string, version: number | undefined, action: InspectionAction, set: (now: string) => Partial<InspectionRow>, after_?: (tx: Tx, row: InspectionRow) => void): Inspection {
    requireRole(actor, 'inspector');
    return db.transaction((tx) => {
      const row = loadInspection(actor, id);
      if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
      const to = nextInspectionStatus(row.status as InspectionStatus, action);
      if (!to) throw invalidTransition(`Cannot ${action} an inspection that is ${row.status}`);
      const at = nowIso();
      const updated = tx
        .update(inspections)
        .set({ ...set(at), status: to, version: sql`${inspections.version} + 1`, updatedAt: at })
        .where(and(eq(inspections.id, id), eq(inspections.version, row.version)))
        .returning()
        .get();
      if (!updated) throw preconditionFailed(row.version);
      audit.record(actor, { entity: 'inspection', entityId: id, action, before: toInspection(row), after: toInspection(updated), unitId: null });
      after_?.(tx, updated);
      return toInspection(updated);
    });
  }

  function page<R>(scope: string, filters: Record<string, unknown>, rows: R[], limit: number, cursor: (r: R) => Cursor) {
    return pageTokens.page(scope, filters, rows, limit, cursor);
  }

  function orderTransition(actor: Actor, id: string, version: number | undefined, action: OrderAction, apply: (row: OrderRow, at: Date) => { set: Partial<OrderRow>; reason?: string | null; extra?: (tx: Tx) => void }): Order {
    return db.transaction((tx) => {
      const row = loadOrder(actor, id);
      if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
      const to = nextOrderStatus(row.status as OrderStatus, action);
      if (!to) throw invalidTransition(`Cannot ${action} an order that is ${row.status}`);
      const at = clock.now();
      const { set, reason, extra } = apply(row, at);
      const updated = tx
        .update(supervisionOrders)
        .set({ ...set, status: to, version: sql`${supervisionOrders.version} + 1`, updatedAt: at.toISOString() })
        .where(and(eq(supervisionOrders.id, id), eq(supervisionOrders.version, row.version)))
        .returning()
        .get();
      if (!updated) throw preconditionFailed(row.version);
      extra?.(tx);
      audit.record(actor, { entity: 'supervision_order', entityId: id, action, before: toOrder(row, today()), after: toOrder(updated, today()), reason: reason ?? null, unitId: row.unitId });
      return toOrder(updated, today());
    });
  }
  const requireUnitEditor = (actor: Actor, row: OrderRow) => {
    requireRole(actor, 'unit_editor');
    if (!hasRole(actor, 'admin') && actor.unitId !== row.unitId) throw forbidden('Only the unit the order is addressed to answers it');
  };

  return {
    // ---- inspections ----
    createInspection(actor: Actor, input: CreateInspection): Inspection {
      requireRole(actor, 'inspector');
      checkDate(input.plannedStartOn, '/plannedStartOn');
      checkDate(input.plannedEndOn, '/plannedEndOn');
      if (input.plannedEndOn < input.plannedStartOn) throw fieldError('/plannedEndOn', 'the last day is before the first');
      return db.transaction((tx) => {
        if (!tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, input.campaignId)).get()) throw fieldError('/campaignId', `campaign ${input.campaignId} does not exist`);
        if (input.phaseId && !tx.select({ id: phases.id }).from(phases).where(and(eq(phases.id, input.phaseId), eq(phases.campaignId, input.campaignId))).get()) throw fieldError('/phaseId', 'not a phase of the campaign');
        checkUnits(tx, input.unitIds, '/unitIds');
        if (input.inspectingUnitId) checkUnits(tx, [input.inspectingUnitId], '/inspectingUnitId');
        const subjects = input.subjects ?? [];
        subjects.forEach((s, n) => {
          if (!input.unitIds.includes(s.unitId)) throw fieldError(`/subjects/${n}/unitId`, 'not one of the inspected units');
          if (subjectUnit(s.kind, s.id) !== s.unitId) throw fieldError(`/subjects/${n}/id`, `${s.kind} ${s.id} does not exist or is not the unit’s`);
        });
        const at = nowIso();
        const row: InspectionRow = {
          id: newId(), campaignId: input.campaignId, phaseId: input.phaseId ?? null, kind: input.kind, title: input.title, inspectingBody: input.inspectingBody,
          inspectingUnitId: input.inspectingUnitId ?? null, unitIds: [...input.unitIds].sort(), subjects, team: input.team ?? [], methodNotes: input.methodNotes ?? null,
          plannedStartOn: input.plannedStartOn, plannedEndOn: input.plannedEndOn, status: 'planned', startedAt: null, concludedAt: null, conclusion: null,
          version: 1, createdAt: at, updatedAt: at,
        };
        tx.insert(inspections).values(row).run();
        tx.insert(inspectionUnits).values(row.unitIds.map((unitId) => ({ inspectionId: row.id, unitId }))).run();
        audit.record(actor, { entity: 'inspection', entityId: row.id, action: 'create', after: toInspection(row), unitId: null });
        return toInspection(row);
      });
    },

    getInspection: (actor: Actor, id: string): Inspection => toInspection(loadInspection(actor, id)),

    listInspections(actor: Actor, query: InspectionQuery) {
      const order = parseOrderBy(query.orderBy, INSPECTION_ORDER_FIELDS, 'plannedStartOn');
      const { pageSize: _p, pageToken, ...rest } = query;
      const filters = { ...rest, orderBy: order.text, scope: seesSecrets(actor) ? '*' : seesAll(actor) ? 'all' : actor.unitId };
      const cursor = pageTokens.decode('inspections', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const col = order.field === 'updatedAt' ? inspections.updatedAt : inspections.plannedStartOn;
      const conds = inspectionScope(actor);
      if (query.campaignId) conds.push(eq(inspections.campaignId, query.campaignId));
      if (query.kind) conds.push(eq(inspections.kind, query.kind));
      if (query.status) conds.push(eq(inspections.status, query.status));
      if (query.unitId) conds.push(sql`exists (select 1 from inspection_units iu2 where iu2.inspection_id = ${inspections.id} and iu2.unit_id = ${query.unitId})`);
      if (cursor) conds.push(after(col, inspections.id, String(cursor[0]), String(cursor[1]), order.desc));
      const dir = order.desc ? desc : asc;
      const rows = db.select().from(inspections).where(and(...conds)).orderBy(dir(col), dir(inspections.id)).limit(limit + 1).all();
      const p = page('inspections', filters, rows, limit, (r) => [order.field === 'updatedAt' ? r.updatedAt : r.plannedStartOn, r.id]);
      return { items: p.items.map(toInspection), nextPageToken: p.nextPageToken };
    },

    inspectionStats(actor: Actor, query: { campaignId?: string }) {
      const conds = inspectionScope(actor);
      if (query.campaignId) conds.push(eq(inspections.campaignId, query.campaignId));
      const groups = db
        .select({ kind: inspections.kind, status: inspections.status, count: sql<number>`count(*)` })
        .from(inspections)
        .where(and(...conds))
        .groupBy(inspections.kind, inspections.status)
        .orderBy(inspections.kind, inspections.status)
        .all() as Array<{ kind: Inspection['kind']; status: Inspection['status']; count: number }>;
      return { groups, total: groups.reduce((a, g) => a + g.count, 0) };
    },

    start: (actor: Actor, id: string, version: number | undefined) => transitionInspection(actor, id, version, 'start', (at) => ({ startedAt: at })),

    /** :conclude delivers the conclusion to every inspected unit and, for an unannounced inspection, its findings with their consequences. */
    conclude(actor: Actor, id: string, version: number | undefined, conclusion: string): Inspection {
      return transitionInspection(actor, id, version, 'conclude', (at) => ({ concludedAt: at, conclusion }), (tx, row) => {
        const at = nowIso();
        for (const unitId of row.unitIds) {
          tx.update(inspectionUnits).set({ conclusionDeliveredAt: at }).where(and(eq(inspectionUnits.inspectionId, row.id), eq(inspectionUnits.unitId, unitId))).run();
          audit.record(actor, { entity: 'inspection', entityId: row.id, action: 'deliver_conclusion', after: { inspectionId: row.id, unitId, conclusion, deliveredAt: at }, unitId });
        }
        const pending = tx.select().from(inspectionFindings).where(and(eq(inspectionFindings.inspectionId, row.id), eq(inspectionFindings.status, 'undelivered'))).orderBy(asc(inspectionFindings.id)).all();
        for (const f of pending) deliver(tx, actor, f, row);
      });
    },

    // ---- findings ----
    createFinding(actor: Actor, inspectionId: string, input: CreateFinding): Finding {
      requireRole(actor, 'inspector');
      return db.transaction((tx) => toFinding(insertFinding(tx, actor, loadInspection(actor, inspectionId), input, 'create'), today()));
    },
    insertFinding,
    loadInspection,
    /** The id of the finding recorded under an externalId (an import's "unchanged" rows). */
    findingIdByExternalId: (externalId: string): string | undefined => findingByExternalId.get({ externalId })?.id,

    getFinding: (actor: Actor, id: string): Finding => toFinding(loadFinding(actor, id).f, today()),

    listFindings(actor: Actor, query: FindingQuery) {
      const order = parseOrderBy(query.orderBy, FINDING_ORDER_FIELDS, 'createdAt');
      const { pageSize: _p, pageToken, ...rest } = query;
      const filters = { ...rest, orderBy: order.text, scope: seesSecrets(actor) ? '*' : seesAll(actor) ? 'all' : actor.unitId };
      const cursor = pageTokens.decode('findings', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = this.findingRows(actor, rest, order, cursor, limit + 1);
      const p = page('findings', filters, rows, limit, (r) => [order.field === 'dueOn' ? (r.dueOn ?? '9999-12-31') : r.createdAt, r.id]);
      const t = today();
      return { items: p.items.map((r) => toFinding(r, t)), nextPageToken: p.nextPageToken };
    },

    findingRows(actor: Actor, filter: Omit<FindingQuery, 'orderBy' | 'pageSize' | 'pageToken'>, order: { field: string; desc: boolean }, cursor: Cursor | undefined, limit: number): FindingRow[] {
      const conds = findingScope(actor);
      if (filter.inspectionId) conds.push(eq(inspectionFindings.inspectionId, filter.inspectionId));
      if (filter.unitId) conds.push(eq(inspectionFindings.unitId, filter.unitId));
      if (filter.rating) conds.push(eq(inspectionFindings.rating, filter.rating));
      if (filter.status) conds.push(eq(inspectionFindings.status, filter.status));
      if (filter.overdue === true) conds.push(sql`${inspectionFindings.status} = 'awaiting_response' and ${inspectionFindings.dueOn} < ${today()}`);
      if (filter.overdue === false) conds.push(sql`not (${inspectionFindings.status} = 'awaiting_response' and ${inspectionFindings.dueOn} < ${today()})`);
      const col = order.field === 'dueOn' ? sql`coalesce(${inspectionFindings.dueOn}, '9999-12-31')` : inspectionFindings.createdAt;
      if (cursor) conds.push(after(col, inspectionFindings.id, String(cursor[0]), String(cursor[1]), order.desc));
      const dir = order.desc ? desc : asc;
      return db.select().from(inspectionFindings).where(and(...conds)).orderBy(dir(col), dir(inspectionFindings.id)).limit(limit).all();
    },

    respond(actor: Actor, id: string, version: number | undefined, input: Respond): Finding {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const { f } = loadFinding(actor, id);
        if (!hasRole(actor, 'admin') && actor.unitId !== f.unitId) throw forbidden('Only the inspected unit answers its finding');
        if (version !== undefined && f.version !== version) throw preconditionFailed(f.version);
        if (f.status !== 'awaiting_response') throw invalidTransition(`Only a finding awaiting_response is answered; this one is ${f.status}`);
        const problems = responseProblems(f.rating as Rating, input);
        if (problems.length) throw ruleViolation(problems.map((p) => p.detail).join('; '), problems.map((p) => ({ in: 'body' as const, ...p })));
        const now = clock.now();
        const at = now.toISOString();
        const updated = tx
          .update(inspectionFindings)
          .set({
            status: 'responded', correction: input.correction ?? null, causeAnalysis: input.causeAnalysis ?? null, remedy: input.remedy ?? null, respondedAt: at,
            respondedLate: f.respondedLate ?? (f.dueOn ? answeredLate(f.dueOn, now) : false), version: sql`${inspectionFindings.version} + 1`, updatedAt: at,
          })
          .where(and(eq(inspectionFindings.id, id), eq(inspectionFindings.version, f.version)))
          .returning()
          .get();
        if (!updated) throw preconditionFailed(f.version);
        audit.record(actor, { entity: 'inspection_finding', entityId: id, action: 'respond', before: toFinding(f, today()), after: toFinding(updated, today()), unitId: f.unitId });
        return toFinding(updated, today());
      });
    },

    /** The inspector's :verify (responded → verified) or :reject (responded → awaiting_response, with the reason). */
    review(actor: Actor, id: string, version: number | undefined, action: 'verify' | 'reject', reason?: string): Finding {
      requireRole(actor, 'inspector');
      return db.transaction((tx) => {
        const { f } = loadFinding(actor, id);
        if (version !== undefined && f.version !== version) throw preconditionFailed(f.version);
        if (f.status !== 'responded') throw invalidTransition(`Only a responded finding can be ${action === 'verify' ? 'verified' : 'rejected'}; this one is ${f.status}`);
        const at = nowIso();
        const set = action === 'verify' ? { status: 'verified', verifiedAt: at } : { status: 'awaiting_response', rejectionReason: reason ?? null };
        const updated = tx
          .update(inspectionFindings)
          .set({ ...set, version: sql`${inspectionFindings.version} + 1`, updatedAt: at })
          .where(and(eq(inspectionFindings.id, id), eq(inspectionFindings.version, f.version)))
          .returning()
          .get();
        if (!updated) throw preconditionFailed(f.version);
        audit.record(actor, { entity: 'inspection_finding', entityId: id, action, before: toFinding(f, today()), after: toFinding(updated, today()), reason: reason ?? null, unitId: f.unitId });
        return toFinding(updated, today());
      });
    },

    // ---- supervision orders (督办) ----
    createOrder(actor: Actor, input: CreateOrder): Order {
      requireRole(actor, 'inspector');
      checkDate(input.replyDueOn, '/replyDueOn');
      return db.transaction((tx) => {
        checkUnits(tx, [input.unitId], '/unitId');
        if (input.campaignId && !tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, input.campaignId)).get()) throw fieldError('/campaignId', `campaign ${input.campaignId} does not exist`);
        if (input.itemId && subjectUnit('rectification_item', input.itemId) !== input.unitId) throw fieldError('/itemId', 'not an item the unit leads');
        if (input.findingId) {
          const f = tx.select().from(inspectionFindings).where(eq(inspectionFindings.id, input.findingId)).get();
          if (!f || f.unitId !== input.unitId || !f.deliveredAt) throw fieldError('/findingId', 'not a delivered finding on the unit');
        }
        if (input.phaseId && !tx.select({ id: phases.id }).from(phases).where(eq(phases.id, input.phaseId)).get()) throw fieldError('/phaseId', `phase ${input.phaseId} does not exist`);
        // The opinion must exist, be visible to the caller (as the opinions module's load) and be assigned to the order's
        // unit (主办 or 协办): any other id gets the one answer of references.ts, so nothing tells them apart.
        if (input.opinionId) {
          const seen = (o: OpinionRow) => seesAll(actor) || (actor.unitId !== null && opinions.linked(o.id, actor.unitId));
          visibleRef(opinions.get(input.opinionId), (o) => seen(o) && opinions.assigned(o.id, input.unitId), '/opinionId', 'opinion', input.opinionId);
        }
        const at = nowIso();
        const row: OrderRow = {
          id: newId(), campaignId: input.campaignId ?? null, unitId: input.unitId, itemId: input.itemId ?? null, findingId: input.findingId ?? null,
          phaseReportId: null, phaseId: input.phaseId ?? null, opinionId: input.opinionId ?? null, title: input.title, requirement: input.requirement, replyMethod: input.replyMethod ?? null,
          replyDueOn: input.replyDueOn, status: 'issued', acknowledgedAt: null, firstRepliedAt: null, lastRepliedAt: null, answeredLate: null, replyCount: 0,
          reminderCount: 0, lastRemindedOn: null, escalatedToUnitId: null, closedAt: null, closingNote: null, returnReason: null, version: 1, createdAt: at, updatedAt: at,
        };
        tx.insert(supervisionOrders).values(row).run();
        audit.record(actor, { entity: 'supervision_order', entityId: row.id, action: 'create', after: toOrder(row, today()), unitId: row.unitId });
        return toOrder(row, today());
      });
    },

    getOrder: (actor: Actor, id: string): Order => toOrder(loadOrder(actor, id), today()),

    listOrders(actor: Actor, query: OrderQuery) {
      const order = parseOrderBy(query.orderBy, ORDER_ORDER_FIELDS, 'replyDueOn');
      const { pageSize: _p, pageToken, ...rest } = query;
      const filters = { ...rest, orderBy: order.text, scope: seesAll(actor) ? '*' : actor.unitId };
      const cursor = pageTokens.decode('supervision-orders', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = this.orderRows(actor, rest, order, cursor, limit + 1);
      const p = page('supervision-orders', filters, rows, limit, (r) => [order.field === 'createdAt' ? r.createdAt : r.replyDueOn, r.id]);
      const t = today();
      return { items: p.items.map((r) => toOrder(r, t)), nextPageToken: p.nextPageToken };
    },

    orderRows(actor: Actor, filter: { unitId?: string; status?: string; overdue?: boolean }, order: { field: string; desc: boolean }, cursor: Cursor | undefined, limit: number): OrderRow[] {
      const conds = orderScope(actor);
      if (filter.unitId) conds.push(eq(supervisionOrders.unitId, filter.unitId));
      if (filter.status) conds.push(eq(supervisionOrders.status, filter.status));
      const awaiting = sql`${supervisionOrders.status} in ('issued', 'acknowledged', 'returned') and ${supervisionOrders.replyDueOn} < ${today()}`;
      if (filter.overdue === true) conds.push(awaiting);
      if (filter.overdue === false) conds.push(sql`not (${awaiting})`);
      const col = order.field === 'createdAt' ? supervisionOrders.createdAt : supervisionOrders.replyDueOn;
      if (cursor) conds.push(after(col, supervisionOrders.id, String(cursor[0]), String(cursor[1]), order.desc));
      const dir = order.desc ? desc : asc;
      return db.select().from(supervisionOrders).where(conds.length ? and(...conds) : undefined).orderBy(dir(col), dir(supervisionOrders.id)).limit(limit).all();
    },

    acknowledge(actor: Actor, id: string, version: number | undefined): Order {
      return orderTransition(actor, id, version, 'acknowledge', (row, at) => {
        requireUnitEditor(actor, row);
        return { set: { acknowledgedAt: at.toISOString() } };
      });
    },

    reply(actor: Actor, id: string, version: number | undefined, content: string): Order {
      return orderTransition(actor, id, version, 'reply', (row, at) => {
        requireUnitEditor(actor, row);
        const iso = at.toISOString();
        return {
          set: {
            firstRepliedAt: row.firstRepliedAt ?? iso, lastRepliedAt: iso, replyCount: row.replyCount + 1,
            // 督办 is answered on time only if every reply was: a timely reply sent back (退回, not 办结) did not settle
            // the order, so a late reply after it makes the order late; and a late reply is not undone by a later one.
            answeredLate: row.answeredLate === true || answeredLate(row.replyDueOn, at),
          },
          extra: (tx) => tx.insert(supervisionReplies).values({ id: newId(), orderId: id, content, apiKeyId: actor.apiKeyId, repliedAt: iso }).run(),
          reason: content.slice(0, 2000),
        };
      });
    },

    close(actor: Actor, id: string, version: number | undefined, note: string | undefined): Order {
      requireRole(actor, 'inspector');
      return orderTransition(actor, id, version, 'close', (_row, at) => ({ set: { closedAt: at.toISOString(), closingNote: note ?? null }, reason: note ?? null }));
    },

    sendBack(actor: Actor, id: string, version: number | undefined, reason: string): Order {
      requireRole(actor, 'inspector');
      return orderTransition(actor, id, version, 'return', () => ({ set: { returnReason: reason }, reason }));
    },

    listReplies(actor: Actor, id: string, query: { pageSize?: number; pageToken?: string }) {
      loadOrder(actor, id);
      const filters = { orderId: id };
      const cursor = pageTokens.decode('supervision-replies', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const conds: SQL[] = [eq(supervisionReplies.orderId, id)];
      if (cursor) conds.push(sql`${supervisionReplies.id} > ${String(cursor[0])}`);
      const rows = db.select().from(supervisionReplies).where(and(...conds)).orderBy(asc(supervisionReplies.id)).limit(limit + 1).all();
      const p = page('supervision-replies', filters, rows, limit, (r) => [r.id]);
      return { items: p.items.map((r) => ({ id: r.id, orderId: r.orderId, content: r.content, repliedAt: r.repliedAt })), nextPageToken: p.nextPageToken };
    },

    listReminders(actor: Actor, id: string, query: { pageSize?: number; pageToken?: string }) {
      loadOrder(actor, id);
      const filters = { orderId: id };
      const cursor = pageTokens.decode('supervision-reminders', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const conds: SQL[] = [eq(supervisionReminders.orderId, id)];
      if (cursor) conds.push(sql`${supervisionReminders.number} > ${Number(cursor[0])}`);
      const rows = db.select().from(supervisionReminders).where(and(...conds)).orderBy(asc(supervisionReminders.number)).limit(limit + 1).all();
      const p = page('supervision-reminders', filters, rows, limit, (r) => [r.number]);
      return { items: p.items, nextPageToken: p.nextPageToken };
    },

    /**
     * 催办: one deterministic run against the injected clock (the admin action, and the scheduler of server.ts). Every
     * order whose reply deadline has passed without a reply gets the reminder that is due (at most one per run); from
     * the second reminder on the unit's parent is told and sees the order.
     */
    sweepReminders(actor: Actor) {
      requireRole(actor);
      const t = today();
      return db.transaction((tx) => {
        const due = tx
          .select()
          .from(supervisionOrders)
          .where(sql`${supervisionOrders.status} in ('issued', 'acknowledged', 'returned') and ${supervisionOrders.replyDueOn} < ${t}`)
          .orderBy(asc(supervisionOrders.id))
          .all()
          .filter((o) => reminderDue(o, t));
        let escalated = 0;
        const at = nowIso();
        for (const o of due) {
          const number = o.reminderCount + 1;
          const parent = escalates(number) ? (tx.select({ p: units.parentId }).from(units).where(eq(units.id, o.unitId)).get()?.p ?? null) : null;
          tx.insert(supervisionReminders).values({ id: newId(), orderId: o.id, number, remindedOn: t, escalatedToUnitId: parent, createdAt: at }).run();
          const updated = tx
            .update(supervisionOrders)
            .set({ reminderCount: number, lastRemindedOn: t, escalatedToUnitId: parent ?? o.escalatedToUnitId, version: sql`${supervisionOrders.version} + 1`, updatedAt: at })
            .where(eq(supervisionOrders.id, o.id))
            .returning()
            .get()!;
          const reason = `催办 ${number}: reply due ${o.replyDueOn} not received`;
          audit.record(actor, { entity: 'supervision_order', entityId: o.id, action: 'remind', before: toOrder(o, t), after: toOrder(updated, t), reason, unitId: o.unitId });
          if (parent) {
            escalated++;
            audit.record(actor, { entity: 'supervision_order', entityId: o.id, action: 'escalate', after: toOrder(updated, t), reason: `${reason}; escalated to the parent unit`, unitId: parent });
          }
        }
        return { asOf: t, reminded: due.length, escalated, orderIds: due.map((o) => o.id) };
      });
    },

    // ---- the scorecard ----
    scorecard(actor: Actor, unitId: string, campaignId: string): Scorecard {
      if (!seesAll(actor) && actor.unitId !== unitId) throw notFound('Unit', unitId);
      const t = today();
      const row = cached(['unit', unitId, campaignId, t], () => {
        const counts = opinionCounts(campaignId, t, '/campaignId');
        const r = scorecards.forUnit(unitId, campaignId, t);
        return r && withOpinions(r, counts);
      }) as ReturnType<typeof scorecards.forUnit>;
      if (!row) throw notFound('Unit', unitId);
      return { ...shape(row, campaignId, t), rank: null };
    },

    ranking(actor: Actor, query: { campaignId: string; level: string; pageSize?: number; pageToken?: string }) {
      requireRole(actor, 'inspector', 'reader');
      const t = today();
      const ranked = cached(['level', query.level, query.campaignId, t], () => {
        const counts = opinionCounts(query.campaignId, t, '/campaignId');
        return rank(scorecards.forLevel(query.level, query.campaignId, t).map((r) => shape(withOpinions(r, counts), query.campaignId, t)));
      }) as Array<Scorecard & { rank: number }>;
      const filters = { campaignId: query.campaignId, level: query.level };
      const cursor = pageTokens.decode('scorecards', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const start = cursor ? ranked.findIndex((r) => r.score < Number(cursor[0]) || (r.score === Number(cursor[0]) && r.unitId > String(cursor[1]))) : 0;
      const rows = start < 0 ? [] : ranked.slice(start, start + limit + 1);
      return page('scorecards', filters, rows, limit, (r) => [r.score, r.unitId]);
    },
  };

  /** Aggregates are kept until the next committed mutation anywhere: the change feed's last sequence is the key (as the ledger's stats). */
  function cached<T>(key: unknown[], compute: () => T): T {
    const k = JSON.stringify(key);
    const seq = scorecards.lastEventSequence();
    const hit = scoreCache.get(k);
    if (hit && hit.seq === seq) return hit.value as T;
    const value = compute();
    if (scoreCache.size >= 256) scoreCache.clear();
    scoreCache.set(k, { seq, value });
    return value;
  }

  /**
   * The opinion figures of the campaign's period, per lead unit (主办): the opinions module's own per-unit counts
   * (repository unitCounts, the SQL behind its statistics), over opinions received from the campaign's startsOn day to
   * its endsOn day inclusive (Asia/Shanghai days, as UTC instants [start 00:00+08, day after end 00:00+08)).
   */
  function opinionCounts(campaignId: string, t: string, pointer: string): Map<string, UnitCounts> {
    const c = db.select({ startsOn: campaigns.startsOn, endsOn: campaigns.endsOn }).from(campaigns).where(eq(campaigns.id, campaignId)).get();
    if (!c) throw fieldError(pointer, `campaign ${campaignId} does not exist`, 'query');
    const from = new Date(`${c.startsOn}T00:00:00+08:00`).toISOString();
    const to = new Date(`${addDays(c.endsOn, 1)}T00:00:00+08:00`).toISOString();
    return new Map(opinions.unitCounts(from, to, t, 'lead').map((r) => [r.unitId!, r]));
  }
  function withOpinions<R extends FigureRow>(r: R, counts: ReadonlyMap<string, UnitCounts>): R {
    const o = counts.get(r.unitId);
    return { ...r, opinionsReceived: o?.received ?? 0, opinionsAnsweredOnTime: o?.answeredOnTime ?? 0, opinionsOverdue: o?.overdue ?? 0, opinionsUnsatisfied: o?.unsatisfied ?? 0 };
  }

  function shape(r: NonNullable<ReturnType<typeof scorecards.forUnit>>, campaignId: string, t: string): Scorecard {
    const figures = Object.fromEntries((Object.keys(SCORECARD_FIGURES) as ScorecardFigure[]).map((k) => [k, Number(r[k] ?? 0)])) as Record<ScorecardFigure, number>;
    return { unitId: r.unitId, unitName: r.unitName, campaignId, asOf: t, ...figures, score: score(figures), rank: null };
  }
}
export type SupervisionService = ReturnType<typeof createSupervisionService>;
