// Ledger use cases: each write is one synchronous transaction with its audit events; progress roll-ups of every
// ancestor happen in the same transaction as the change that causes them.
import { registryBinding } from '../../http/registry-filters.js';
import { inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { units } from '../../db/schema/index.js';
import { type Actor, hasRole, isAdmin, requireRole, seesAll } from '../../http/auth.js';
import { everyone, ownUnitOnly, visibleRef, visibleRefs } from '../../http/references.js';
import { canSeeProblem } from '../campaigns/problem-service.js';
import { AppError, fieldError, forbidden, invalidTransition, notFound, ruleViolation } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { todayInShanghai } from '../../lib/dates.js';
import { createItemRepository, cursorOf, normalizeUnits, roleOn, type ItemRow, type Order } from './repository.js';
import { ItemStatusEnum, ITEM_ORDER_FIELDS, type CreateItem, type CreateProgress, type Item, type ItemFilter, type ItemQuery, type ProgressReport, type StatsQuery, type UpdateItem } from './schemas.js';
import { completedOnTime, isOverdueOn, nextStatus, rollUp, roundProgress, submitProblems, type ItemAction, type ItemStatus } from './rules.js';
import { lazy } from '../../db/lazy.js';

export const ENTITY = 'rectification_item';
const CLOSED = new Set(['completed', 'cancelled']);
const sortedUnique = (ids: readonly string[]): string[] => [...new Set(ids)].sort();
const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The item as the API shows it: the row (with its link copies) and the fields derived at read time against today (Asia/Shanghai). */
export function toItem(r: ItemRow, today: string): Item {
  return {
    id: r.id,
    code: r.code,
    externalId: r.externalId,
    campaignId: r.campaignId,
    taskCode: r.taskCode,
    title: r.title,
    description: r.description,
    leadUnitId: r.leadUnitId,
    coUnitIds: r.coUnitIds,
    participantUnitIds: r.participantUnitIds,
    responsibleLeader: r.responsibleLeader,
    deadline: r.deadline,
    deadlineText: r.deadlineText,
    parentId: r.parentId,
    weight: r.weight,
    expectedResult: r.expectedResult,
    actualResult: r.actualResult,
    problemIds: r.problemIds,
    status: r.status as Item['status'],
    progress: r.progress,
    latestProgress: r.latestProgressText,
    latestReportedOn: r.latestReportedOn,
    overdue: isOverdueOn(r.deadline, r.status as ItemStatus, today),
    submittedAt: r.submittedAt,
    completedAt: r.completedAt,
    completedOnTime: r.status === 'completed' ? Boolean(r.completedOnTime) : null,
    childrenCount: r.childrenCount,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const toReport = (r: {
  id: string; itemId: string; unitId: string; reportedOn: string; percent: number; completedWork: string;
  nextSteps: string | null; issues: string | null; supportNeeded: string | null; createdAt: string;
}): ProgressReport => ({
  id: r.id, itemId: r.itemId, unitId: r.unitId, reportedOn: r.reportedOn, percent: r.percent, completedWork: r.completedWork,
  nextSteps: r.nextSteps, issues: r.issues, supportNeeded: r.supportNeeded, createdAt: r.createdAt,
});

/** The fields of a new item, as accepted by create, breakdown, import and the seeder. */
export interface NewItem {
  code?: string;
  externalId?: string;
  campaignId: string;
  parentId?: string;
  taskCode?: string;
  title: string;
  description?: string;
  leadUnitId: string;
  coUnitIds?: string[];
  participantUnitIds?: string[];
  responsibleLeader?: string;
  deadline: string;
  deadlineText?: string;
  weight?: number;
  expectedResult?: string;
  problemIds?: string[];
}

export function createItemService(deps: Deps) {
  const statsCache = new Map<string, { seq: number; value: ReturnType<typeof computeStats> }>();
  const { db, audit, clock, pageTokens } = deps;
  const repo = createItemRepository(db, deps.sqlite);
  // The checks of a write, prepared once per app: point reads by primary key (issue 13: they were unprepared queries).
  const unitExists = lazy(() => deps.sqlite.prepare('SELECT id FROM units WHERE id = ?').pluck());
  const problemById = lazy(() => deps.sqlite.prepare('SELECT id, campaign_id AS campaignId, unit_id AS unitId FROM problems WHERE id = ?'));
  const yearOfCampaign = lazy(() => deps.sqlite.prepare('SELECT year FROM campaigns WHERE id = ?'));
  // A new item's campaign year and lead agency in one round.
  const campaignAndLead = lazy(() => deps.sqlite.prepare('SELECT (SELECT year FROM campaigns WHERE id = ?) AS year, (SELECT id FROM units WHERE id = ?) AS lead'));

  const present = (row: ItemRow) => toItem(row, today());
  const today = () => todayInShanghai(clock.now());

  function presentMany(rows: ItemRow[]): Item[] {
    const t = today();
    return rows.map((r) => toItem(r, t));
  }

  /**
   * The link copies to store when the lead, the agencies or the problems change: normalized and sorted, as the row
   * keeps them. Only what changes is returned.
   */
  function linkCopies(row: ItemRow, change: { leadUnitId?: string; coUnitIds?: string[]; participantUnitIds?: string[]; problemIds?: string[] }): Partial<ItemRow> {
    const set: Partial<ItemRow> = {};
    if (change.leadUnitId !== undefined || change.coUnitIds !== undefined || change.participantUnitIds !== undefined) {
      const next = normalizeUnits(change.leadUnitId ?? row.leadUnitId, change.coUnitIds ?? row.coUnitIds, change.participantUnitIds ?? row.participantUnitIds);
      if (!sameIds(next.coUnitIds, row.coUnitIds)) set.coUnitIds = next.coUnitIds;
      if (!sameIds(next.participantUnitIds, row.participantUnitIds)) set.participantUnitIds = next.participantUnitIds;
    }
    if (change.problemIds !== undefined) {
      const next = sortedUnique(change.problemIds);
      if (!sameIds(next, row.problemIds)) set.problemIds = next;
    }
    return set;
  }

  /** After an update of the row: the link tables follow its copies (and the involvement rows its status and deadline). */
  function writeLinks(tx: Tx, before: ItemRow, after: ItemRow) {
    const unitsChanged = before.leadUnitId !== after.leadUnitId || !sameIds(before.coUnitIds, after.coUnitIds) || !sameIds(before.participantUnitIds, after.participantUnitIds);
    if (unitsChanged) repo.writeUnitLinks(tx, after);
    else if (before.deadline !== after.deadline || before.status !== after.status) repo.syncUnitCopies(tx, after.id, after.status, after.deadline);
    if (!sameIds(before.problemIds, after.problemIds)) repo.writeProblemLinks(tx, after.id, after.problemIds);
  }

  /** Who sees an item: roles that see all, and the agencies it involves (lead, co-operating, participating). */
  const canSeeItem = (actor: Actor, row: ItemRow): boolean => seesAll(actor) || (!!actor.unitId && repo.visibleTo(row, actor.unitId));

  /** Loads an item the actor may see; anything else is a 404 exactly as if it did not exist (API.md 20). */
  function load(actor: Actor, id: string): ItemRow {
    const row = repo.get(id);
    if (!row || !canSeeItem(actor, row)) throw notFound('Rectification item', id);
    return row;
  }

  const isLeadEditor = (actor: Actor, row: ItemRow) => hasRole(actor, 'unit_editor') && actor.unitId === row.leadUnitId;
  function requireLead(actor: Actor, row: ItemRow) {
    if (!isAdmin(actor) && !isLeadEditor(actor, row)) throw forbidden('Only a unit_editor of the lead agency (牵头单位) or an admin may do this');
  }

  /** Units every key reads: they only have to exist. `pointer` names the field; a list's entries get /<index>. */
  function checkUnits(tx: Tx, ids: string[], pointer: string, list = true) {
    if (!ids.length) return;
    const found = new Map<string, string>();
    for (const id of ids) if (unitExists.get(id) !== undefined) found.set(id, id);
    visibleRefs(ids, found, everyone, (i) => (list ? `${pointer}/${i}` : pointer), 'unit');
  }

  /** Problems an item fixes: each must exist and be visible to the caller (another agency's answers as absent). */
  function checkProblems(tx: Tx, actor: Actor, ids: string[], campaignId: string) {
    if (!ids.length) return;
    const rows = new Map<string, { id: string; campaignId: string; unitId: string }>();
    for (const id of ids) {
      const r = problemById.get(id) as { id: string; campaignId: string; unitId: string } | undefined;
      if (r) rows.set(id, r);
    }
    const found = visibleRefs(ids, rows, (p) => canSeeProblem(actor, p), (i) => `/problemIds/${i}`, 'problem');
    found.forEach((p, i) => {
      if (p.campaignId !== campaignId) throw fieldError(`/problemIds/${i}`, `problem ${p.id} belongs to another campaign`);
    });
  }

  /** The ids an item's body names (agencies, problems): the same checks on create, update and import. */
  function checkRefs(tx: Tx, actor: Actor, input: Partial<Pick<NewItem, 'leadUnitId' | 'coUnitIds' | 'participantUnitIds' | 'problemIds'>>, campaignId: string) {
    if (input.leadUnitId) checkUnits(tx, [input.leadUnitId], '/leadUnitId', false);
    if (input.coUnitIds) checkUnits(tx, input.coUnitIds, '/coUnitIds');
    if (input.participantUnitIds) checkUnits(tx, input.participantUnitIds, '/participantUnitIds');
    if (input.problemIds) checkProblems(tx, actor, input.problemIds, campaignId);
  }

  function checkUnique(tx: Tx, field: 'code' | 'externalId', value: string | null | undefined, selfId?: string) {
    if (!value) return;
    const other = repo.findBy(tx, field, value);
    if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', `Item ${other.code} already has ${field} ${value}`, { extra: { resourceId: other.id } });
  }

  /**
   * Recomputes the progress of `id` and walks up the parent chain (see ROLL_UP_FORMULA). Stops at the first item whose
   * progress did not change; each changed item gets version + 1 (a new ETag) and a `progress` audit event.
   */
  function recompute(tx: Tx, actor: Actor, id: string | null, now: string) {
    let cur = id;
    let first = true;
    while (cur) {
      const row = repo.get(cur);
      if (!row) return; // unreachable: ids come from existing rows and parent_id is a foreign key, in the same transaction
      const latest = repo.latestReport(row.id, row.leadUnitId);
      let p = latest?.percent ?? 0;
      if (row.childrenCount > 0) p = rollUp(repo.children(row.id)) ?? p;
      const set: Partial<ItemRow> = {};
      if (p !== row.progress) set.progress = p;
      const text = latest?.completedWork ?? null;
      if (text !== row.latestProgressText) set.latestProgressText = text;
      // `?? null` on the right is unreachable: reports are never deleted, so `latest` is absent only while latestReportedOn is null.
      if ((latest?.reportedOn ?? null) !== row.latestReportedOn) set.latestReportedOn = latest?.reportedOn ?? null;
      if (!Object.keys(set).length) {
        if (!first) return;
      } else {
        repo.update(tx, row.id, undefined, set, now);
        if (set.progress !== undefined) {
          audit.record(actor, { entity: ENTITY, entityId: row.id, action: 'progress', before: { progress: row.progress }, after: { progress: p }, unitId: row.leadUnitId });
        }
      }
      first = false;
      cur = row.parentId;
    }
  }

  /** Inserts one item with its agencies and problems, counts it in its parent and rolls the parent up. */
  function insertItem(tx: Tx, actor: Actor, input: NewItem, year: number, action: 'create' | 'breakdown' | 'import_create' = 'create'): ItemRow {
    const now = clock.now().toISOString();
    const row = repo.insert({
      id: newId(),
      code: input.code ?? repo.nextCode(tx, year),
      externalId: input.externalId ?? null,
      campaignId: input.campaignId,
      taskCode: input.taskCode ?? null,
      title: input.title,
      description: input.description ?? null,
      leadUnitId: input.leadUnitId,
      responsibleLeader: input.responsibleLeader ?? null,
      deadline: input.deadline,
      deadlineText: input.deadlineText ?? null,
      parentId: input.parentId ?? null,
      weight: input.weight ?? 1,
      expectedResult: input.expectedResult ?? null,
      actualResult: null,
      status: 'not_started',
      progress: 0,
      latestProgressText: null,
      latestReportedOn: null,
      submittedAt: null,
      completedAt: null,
      completedOnTime: null,
      childrenCount: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...normalizeUnits(input.leadUnitId, input.coUnitIds ?? [], input.participantUnitIds ?? []),
      problemIds: sortedUnique(input.problemIds ?? []),
    });
    repo.writeUnitLinks(tx, row, true);
    repo.writeProblemLinks(tx, row.id, row.problemIds, true);
    audit.record(actor, { entity: ENTITY, entityId: row.id, action, after: present(row), unitId: row.leadUnitId });
    if (row.parentId) {
      repo.adjustChildren(tx, row.parentId, 1);
      recompute(tx, actor, row.parentId, now);
    }
    return row;
  }

  function campaignYear(tx: Tx, campaignId: string, pointer = '/campaignId'): number {
    return visibleRef(yearOfCampaign.get(campaignId) as { year: number } | undefined, everyone, pointer, 'campaign', campaignId).year;
  }

  function validateNew(tx: Tx, actor: Actor, input: NewItem): number {
    const found = campaignAndLead.get(input.campaignId, input.leadUnitId) as { year: number | null; lead: string | null };
    const year = visibleRef(found.year ?? undefined, everyone, '/campaignId', 'campaign', input.campaignId);
    visibleRef(found.lead ?? undefined, everyone, '/leadUnitId', 'unit', input.leadUnitId);
    checkRefs(tx, actor, { ...input, leadUnitId: undefined }, input.campaignId);
    checkUnique(tx, 'code', input.code);
    checkUnique(tx, 'externalId', input.externalId);
    if (input.parentId) {
      const parent = visibleRef(repo.get(input.parentId), (p) => canSeeItem(actor, p), '/parentId', 'item', input.parentId);
      if (parent.campaignId !== input.campaignId) throw fieldError('/parentId', 'the parent belongs to another campaign');
      if (CLOSED.has(parent.status)) throw fieldError('/parentId', `the parent is ${parent.status}`);
    }
    return year;
  }

  function transition(actor: Actor, id: string, version: number | undefined, action: ItemAction, apply: (row: ItemRow, now: Date) => { set: Partial<ItemRow>; reason?: string | null }): Item {
    return db.transaction((tx) => {
      const row = load(actor, id);
      if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
      const to = nextStatus(row.status as ItemStatus, action);
      if (!to) throw invalidTransition(`Cannot ${action} an item that is ${row.status} (${ItemStatusEnum.labels[row.status as ItemStatus]})`);
      const now = clock.now();
      const { set, reason } = apply(row, now);
      const updated = repo.update(tx, id, row.version, { ...set, status: to }, now.toISOString());
      if (!updated) throw preconditionFailed(row.version); // unreachable: the row was read at this version in this transaction
      repo.syncUnitCopies(tx, id, to, updated.deadline);
      audit.record(actor, { entity: ENTITY, entityId: id, action, before: present(row), after: present(updated), reason: reason ?? null, unitId: row.leadUnitId });
      // A cancelled child leaves its parent's roll-up.
      if (to === 'cancelled' && row.parentId) recompute(tx, actor, row.parentId, now.toISOString());
      return present(repo.get(id)!);
    });
  }

  return {
    repo,
    get: (actor: Actor, id: string): Item => present(load(actor, id)),

    list(actor: Actor, query: ItemQuery) {
      const order = parseOrderBy(query.orderBy, ITEM_ORDER_FIELDS, 'deadline');
      const { pageSize: _ps, pageToken, ...rest } = query;
      const filters = { ...rest, ...registryBinding(rest), orderBy: order.text };
      const after = pageTokens.decode('rectification-items', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.listRows(rest, today(), seesAll(actor) ? null : actor.unitId, order, after, limit + 1);
      const page = pageTokens.page('rectification-items', filters, rows, limit, (r) => cursorOf(order, r));
      return { items: presentMany(page.items), nextPageToken: page.nextPageToken };
    },

    /** Every matching row in keyset batches (exports: constant memory). */
    *iterate(actor: Actor, filter: ItemFilter, orderBy: string | undefined, batch = 500): Generator<ItemRow[]> {
      const order: Order = parseOrderBy(orderBy, ITEM_ORDER_FIELDS, 'deadline');
      const scope = seesAll(actor) ? null : actor.unitId;
      const t = today();
      let after: ReturnType<typeof cursorOf> | undefined;
      for (;;) {
        const rows = repo.listRows(filter, t, scope, order, after, batch);
        if (rows.length) yield rows;
        if (rows.length < batch) return;
        after = cursorOf(order, rows[rows.length - 1]);
      }
    },

    create(actor: Actor, input: CreateItem): Item {
      requireRole(actor, 'unit_editor');
      ownUnitOnly(actor, input.leadUnitId, 'An agency key may only create items its own agency leads');
      return db.transaction((tx) => {
        const year = validateNew(tx, actor, input);
        return present(insertItem(tx, actor, input, year));
      });
    },

    /** Used by the seeder, the import and breakdown: validation already done by the caller. */
    insertItem,
    validateNew,
    checkRefs,
    linkCopies,
    writeLinks,
    recompute,

    update(actor: Actor, id: string, version: number | undefined, input: UpdateItem): Item {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const row = load(actor, id);
        requireLead(actor, row);
        const leadChanges = input.leadUnitId !== undefined && input.leadUnitId !== row.leadUnitId;
        const deadlineChanges = input.deadline !== undefined && input.deadline !== row.deadline;
        if ((leadChanges || deadlineChanges) && !isAdmin(actor)) throw forbidden('Only the office (admin) may change the deadline or the lead agency');
        if ((leadChanges || deadlineChanges) && !input.reason) throw fieldError('/reason', 'a reason is required to change the deadline or the lead agency');
        if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
        if (CLOSED.has(row.status)) throw new AppError('CONFLICT', `The item is ${row.status}; it can no longer be changed`);
        checkRefs(tx, actor, input, row.campaignId);
        checkUnique(tx, 'externalId', input.externalId, id);
        const before = present(row);
        const { reason, coUnitIds, participantUnitIds, problemIds, ...fields } = input;
        const now = clock.now().toISOString();
        const set = { ...(fields as Partial<ItemRow>), ...linkCopies(row, { leadUnitId: input.leadUnitId, coUnitIds, participantUnitIds, problemIds }) };
        // `?? row.version` is unreachable: the route answers 428 without If-Match, so version is always given.
        const updated = repo.update(tx, id, version ?? row.version, set, now);
        if (!updated) throw preconditionFailed(row.version); // unreachable: the version was checked above, in this transaction
        writeLinks(tx, row, updated);
        audit.record(actor, { entity: ENTITY, entityId: id, action: 'update', before, after: present(updated), reason: reason ?? null, unitId: updated.leadUnitId });
        if (leadChanges) recompute(tx, actor, id, now);
        else if (input.weight !== undefined && input.weight !== row.weight && row.parentId) recompute(tx, actor, row.parentId, now);
        return present(repo.get(id)!);
      });
    },

    /** Admin only; only a not_started item without children can be deleted (anything further along is cancelled instead). */
    remove(actor: Actor, id: string, version: number | undefined): void {
      requireRole(actor);
      db.transaction((tx) => {
        const row = load(actor, id);
        if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
        if (row.status !== 'not_started') throw invalidTransition(`Only not_started items can be deleted; this one is ${row.status} (use :cancel)`);
        if (row.childrenCount > 0) throw new AppError('CONFLICT', `The item has ${row.childrenCount} children; delete or cancel them first`);
        const before = present(row);
        repo.delete(tx, id);
        audit.record(actor, { entity: ENTITY, entityId: id, action: 'delete', before, unitId: row.leadUnitId });
        if (row.parentId) {
          repo.adjustChildren(tx, row.parentId, -1);
          recompute(tx, actor, row.parentId, clock.now().toISOString());
        }
      });
    },

    /**
     * 走过场 → 及时“补课”: a formalism finding sends the item back, inside the finding's transaction. Even a completed
     * item returns to in_progress (销号 undone, with the reason), with the redo deadline as its deadline.
     */
    sendBack(tx: Tx, actor: Actor, id: string, redoDeadline: string, reason: string): Item {
      const row = repo.get(id);
      if (!row) throw notFound('Rectification item', id);
      if (row.status === 'cancelled') throw ruleViolation(`Item ${row.code} is cancelled; a cancelled item cannot be sent back`);
      const now = clock.now().toISOString();
      const updated = repo.update(tx, id, row.version, { status: 'in_progress', deadline: redoDeadline, submittedAt: null, completedAt: null, completedOnTime: null }, now)!;
      repo.syncUnitCopies(tx, id, 'in_progress', redoDeadline);
      audit.record(actor, { entity: ENTITY, entityId: id, action: 'send_back', before: present(row), after: present(updated), reason, unitId: row.leadUnitId });
      return present(updated);
    },

    start(actor: Actor, id: string, version: number | undefined): Item {
      requireRole(actor, 'unit_editor');
      return transition(actor, id, version, 'start', (row) => {
        requireLead(actor, row);
        return { set: {} };
      });
    },

    submit(actor: Actor, id: string, version: number | undefined, actualResult: string | undefined): Item {
      requireRole(actor, 'unit_editor');
      return transition(actor, id, version, 'submit', (row, now) => {
        requireLead(actor, row);
        const result = actualResult ?? row.actualResult;
        const problemsFound = submitProblems(row.progress, result);
        if (problemsFound.length) {
          throw ruleViolation(`Cannot submit for acceptance: ${problemsFound.join('; ')}`, problemsFound.map((detail) => ({ in: 'body', pointer: detail.startsWith('progress') ? '/progress' : '/actualResult', detail })));
        }
        return { set: { actualResult: result, submittedAt: now.toISOString() } };
      });
    },

    accept(actor: Actor, id: string, version: number | undefined, comment: string | undefined): Item {
      requireRole(actor, 'inspector');
      // `?? now` is unreachable: only submit enters pending_acceptance, and it sets submittedAt (send-back clears it with the status).
      return transition(actor, id, version, 'accept', (row, now) => ({
        set: { completedAt: now.toISOString(), completedOnTime: completedOnTime(row.deadline, new Date(row.submittedAt ?? now.toISOString())) },
        reason: comment ?? null,
      }));
    },

    reject(actor: Actor, id: string, version: number | undefined, reason: string): Item {
      requireRole(actor, 'inspector');
      return transition(actor, id, version, 'reject', () => ({ set: { submittedAt: null }, reason }));
    },

    cancel(actor: Actor, id: string, version: number | undefined, reason: string): Item {
      requireRole(actor);
      return transition(actor, id, version, 'cancel', () => ({ set: {}, reason }));
    },

    breakdown(actor: Actor, id: string, unitIds: string[]) {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const parent = load(actor, id);
        requireLead(actor, parent);
        if (CLOSED.has(parent.status)) throw invalidTransition(`Cannot break down an item that is ${parent.status}`);
        checkUnits(tx, unitIds, '/unitIds');
        const year = campaignYear(tx, parent.campaignId);
        const names = repo.unitNames(unitIds);
        const shortNames = new Map(tx.select({ id: units.id, s: units.shortName }).from(units).where(inArray(units.id, unitIds)).all().map((u) => [u.id, u.s]));
        const out: ItemRow[] = [];
        let created = 0;
        for (const unitId of unitIds) {
          const existing = repo.childForUnit(tx, parent.id, unitId);
          if (existing) {
            out.push(existing);
            continue;
          }
          // checkUnits above proved every unit exists, so the final '' cannot be reached.
          const label = shortNames.get(unitId) ?? names.get(unitId) ?? '';
          out.push(
            insertItem(tx, actor, {
              campaignId: parent.campaignId, parentId: parent.id, taskCode: parent.taskCode ?? undefined,
              title: `${parent.title}（${label}）`.slice(0, 200), description: parent.description ?? undefined, leadUnitId: unitId,
              deadline: parent.deadline, deadlineText: parent.deadlineText ?? undefined, expectedResult: parent.expectedResult ?? undefined,
            }, year, 'breakdown'),
          );
          created++;
        }
        return { created, items: out.map((r) => present(repo.get(r.id)!)), parent: present(repo.get(parent.id)!) };
      });
    },

    reportProgress(actor: Actor, id: string, input: CreateProgress) {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const row = load(actor, id);
        // `: undefined` is unreachable over HTTP: every API key has a unit (api_keys.unit_id NOT NULL); only the system actor has none.
        const role = actor.unitId ? roleOn(row, actor.unitId) : undefined;
        if (!isAdmin(actor) && role !== 'lead' && role !== 'co') throw forbidden('Only the lead or a co-operating agency reports progress on an item');
        if (row.status !== 'not_started' && row.status !== 'in_progress') throw invalidTransition(`Progress is reported while an item is not_started or in_progress; this one is ${row.status}`);
        const nowDate = clock.now();
        const reportedOn = input.reportedOn ?? todayInShanghai(nowDate);
        if (reportedOn > todayInShanghai(nowDate)) throw fieldError('/reportedOn', 'a report cannot be dated in the future (Asia/Shanghai)');
        const now = nowDate.toISOString();
        const report = {
          id: newId(), itemId: id, unitId: role === 'lead' || role === 'co' ? actor.unitId! : row.leadUnitId, reportedOn, percent: input.percent,
          completedWork: input.completedWork, nextSteps: input.nextSteps ?? null, issues: input.issues ?? null, supportNeeded: input.supportNeeded ?? null,
          apiKeyId: actor.apiKeyId, createdAt: now,
        };
        repo.insertReport(tx, report);
        audit.record(actor, { entity: ENTITY, entityId: id, action: 'report_progress', after: toReport(report), unitId: report.unitId });
        if (report.unitId === row.leadUnitId) recompute(tx, actor, id, now);
        return { report: toReport(report), item: present(repo.get(id)!) };
      });
    },

    listProgress(actor: Actor, id: string, query: { pageSize?: number; pageToken?: string }) {
      load(actor, id);
      const filters = { itemId: id };
      const after = pageTokens.decode('progress-reports', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.reportsQuery(id, after ? String(after[0]) : undefined, limit + 1).all();
      const page = pageTokens.page('progress-reports', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map(toReport), nextPageToken: page.nextPageToken };
    },

    getProgress(actor: Actor, id: string, reportId: string): ProgressReport {
      load(actor, id);
      const r = repo.getReport(id, reportId);
      if (!r) throw notFound('Progress report', reportId);
      return toReport(r);
    },

    history(actor: Actor, id: string, query: { pageSize?: number; pageToken?: string }) {
      load(actor, id);
      const filters = { itemId: id };
      const after = pageTokens.decode('item-history', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.historyQuery(id, after ? Number(after[0]) : 0, limit + 1).all();
      const page = pageTokens.page('item-history', filters, rows, limit, (r) => [r.sequence]);
      return page;
    },

    stats(actor: Actor, query: StatsQuery) {
      const t = today();
      const scope = seesAll(actor) ? null : actor.unitId;
      // An aggregate over a whole campaign (1M items: ~1 s) is kept until the next committed mutation anywhere: the
      // change feed's last sequence is the cache key, so no write can be missed (issue 7).
      const key = JSON.stringify([query.groupBy, query.campaignId, query.topLevel, t, scope]);
      const seq = repo.lastEventSequence();
      const hit = statsCache.get(key);
      if (hit && hit.seq === seq) return hit.value;
      const value = computeStats(query, t, scope);
      // Reachable (257 distinct queries between two writes) but not observable through the API: only memory is bounded.
      if (statsCache.size >= 256) statsCache.clear();
      statsCache.set(key, { seq, value });
      return value;
    },
  };

  function computeStats(query: StatsQuery, t: string, scope: string | null) {
    {
      const rows = repo.statsQuery(query.groupBy, query.campaignId, query.topLevel, t, scope).all();
      const names = query.groupBy === 'leadUnit' ? repo.unitNames(rows.map((r) => String(r.key))) : new Map<string, string>();
      // Every `?? 0` below (and in sum) is unreachable: SQL's SUM is null only over no rows, a group has at least one, and
      // each summed expression is a 0/1 comparison or a NOT NULL column (completed_on_time is set whenever status is completed).
      const shape = (r: { total: number; completed: number | null; completedOnTime: number | null; overdue: number | null; progressSum: number | null; progressN: number | null }) => ({
        total: r.total,
        completed: r.completed ?? 0,
        completedOnTime: r.completedOnTime ?? 0,
        overdue: r.overdue ?? 0,
        averageProgress: r.progressN ? roundProgress((r.progressSum ?? 0) / r.progressN) : 0,
      });
      // The label's `?? null`s are unreachable: lead_unit_id is a foreign key to units, and status is one of ItemStatusEnum.
      const groups = rows.map((r) => ({
        key: r.key === null ? null : String(r.key),
        label: query.groupBy === 'leadUnit' ? (names.get(String(r.key)) ?? null) : query.groupBy === 'status' ? (ItemStatusEnum.labels[r.key as ItemStatus] ?? null) : null,
        ...shape(r),
      }));
      const sum = (k: 'total' | 'completed' | 'completedOnTime' | 'overdue' | 'progressSum' | 'progressN') => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
      const totals = shape({ total: sum('total'), completed: sum('completed'), completedOnTime: sum('completedOnTime'), overdue: sum('overdue'), progressSum: sum('progressSum'), progressN: sum('progressN') });
      return { groupBy: query.groupBy, asOf: t, groups, totals };
    }
  }
}
export type ItemService = ReturnType<typeof createItemService>;
