// Opinion use cases: intake (public, agencies, imports), the work-order loop (派单 → 签收/退单 → 办理 → 答复 → 评价/回访 →
// 重办 → 办结), extensions, escalation to the ledger, the reminder (催办) and retention sweeps, contact reads with a
// recorded reason, statistics and the backlog. Each write is one synchronous transaction with its feed event; feed
// payloads are the Opinion shape, which never carries contact details.
import type { EventActionOf } from '../../db/event-kinds.js';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { getOrCreateSetting } from '../../db/audit.js';
import { problems, units } from '../../db/schema/index.js';
import { type Actor, hasRole, isAdmin, requireRole, seesAll, systemActor } from '../../http/auth.js';
import { AppError, fieldError, forbidden, invalidTransition, notFound } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { addDays, todayInShanghai } from '../../lib/dates.js';
import { createItemService } from '../rectification/service.js';
import { createOpinionRepository, type OpinionRow } from './repository.js';
import { createCalendarService } from './calendar.js';
import { OPINION_ENTITY } from './events.js';
import { addWorkingDays, type WorkCalendar, isOverdue, nextStatus, proofOfWorkValid, stepDueOn, textKey, workingDaysBetween, type OpinionAction, type OpinionKind, type OpinionStatus } from './rules.js';
import { ORDER_FIELDS, OpinionStatusEnum, type CreateOpinion, type Opinion, type OpinionQuery, type PublicSubmit } from './schemas.js';

type OpinionEvent = EventActionOf<'opinion'>;

type Contact = { name?: string; phone?: string; email?: string; address?: string };
/** The fields every intake path shares (public, agency, import). */
export interface NewOpinion {
  kind: OpinionKind;
  channel: string;
  unitId?: string | null;
  category?: string;
  text: string;
  place?: string;
  occurredOn?: string;
  submitterKind: string;
  anonymous: boolean;
  contact?: Contact;
  externalId?: string;
}

const QUERY_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function toOpinion(r: OpinionRow, today: string): Opinion {
  return {
    id: r.id, number: r.number, externalId: r.externalId, kind: r.kind as Opinion['kind'], channel: r.channel as Opinion['channel'], unitId: r.unitId,
    category: r.category as Opinion['category'], text: r.text, place: r.place, occurredOn: r.occurredOn, submitterKind: r.submitterKind as Opinion['submitterKind'],
    anonymous: r.anonymous, hasContact: r.hasContact, status: r.status as Opinion['status'], leadUnitId: r.leadUnitId, coUnitIds: r.coUnitIds,
    routeDueOn: r.routeDueOn, routedOn: r.routedOn, acceptDueOn: r.acceptDueOn, acceptedOn: r.acceptedOn, deadline: r.deadline,
    extensionRequest: r.extensionUntil ? { until: r.extensionUntil, reason: r.extensionReason ?? '' } : null,
    actionsTaken: r.actionsTaken, publicAnswer: r.publicAnswer, internalNote: r.internalNote, answeredAt: r.answeredAt, answeredOnTime: r.answeredOnTime,
    overdue: isOverdue(r, today), everOverdue: r.everOverdue, rating: r.rating as Opinion['rating'], ratedAt: r.ratedAt, ratingSource: r.ratingSource as Opinion['ratingSource'],
    revisitNote: r.revisitNote, reopenCount: r.reopenCount, returnCount: r.returnCount, remindCount: r.remindCount, lastRemindedOn: r.lastRemindedOn,
    closedAt: r.closedAt, problemId: r.problemId, rectificationItemId: r.rectificationItemId, duplicateCount: r.duplicateCount,
    version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

/** What the submitter sees with number and query code. */
const toPublic = (r: OpinionRow) => ({
  number: r.number, kind: r.kind, status: r.status, receivedAt: r.createdAt, deadline: r.deadline, answeredAt: r.answeredAt,
  publicAnswer: r.publicAnswer, rating: r.rating, canRate: r.status === 'answered' && r.rating === null, version: r.version,
});

export function createOpinionService(deps: Deps) {
  const { db, audit, clock, config, pageTokens } = deps;
  const repo = createOpinionRepository(db);
  const calendar = createCalendarService(deps);
  const items = createItemService(deps);
  const addressKey = getOrCreateSetting(db, 'opinion_address_key', () => randomBytes(32).toString('hex'));
  const today = () => todayInShanghai(clock.now());
  const present = (r: OpinionRow) => toOpinion(r, today());
  const daysFor = (kind: string): number =>
    ({ consultation: config.OPINION_DAYS_CONSULTATION, suggestion: config.OPINION_DAYS_SUGGESTION, complaint: config.OPINION_DAYS_COMPLAINT, praise: config.OPINION_DAYS_PRAISE })[kind as OpinionKind] ?? config.OPINION_DAYS_SUGGESTION;

  /** Loads an opinion the actor may see; anything else is a 404 exactly as if it did not exist (API.md 20). */
  function load(actor: Actor, id: string): OpinionRow {
    const row = repo.get(id);
    if (!row || (!seesAll(actor) && !(actor.unitId && repo.linked(id, actor.unitId)))) throw notFound('Opinion', id);
    return row;
  }
  /** The lead unit's (主办) handlers act on its work order; admin may act for it. */
  function requireLead(actor: Actor, row: OpinionRow) {
    requireRole(actor, 'unit_editor');
    if (!isAdmin(actor) && actor.unitId !== row.leadUnitId) throw forbidden('Only a unit_editor of the lead unit (主办单位) may do this');
  }
  function checkUnits(tx: Tx, ids: string[], pointer: string) {
    if (!ids.length) return;
    const found = new Set(tx.select({ id: units.id }).from(units).where(inArray(units.id, ids)).all().map((u) => u.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw fieldError(pointer, `unit ${missing} does not exist`);
  }
  function checkContact(input: { anonymous: boolean; contact?: Contact }) {
    if (input.anonymous && input.contact) throw fieldError('/contact', 'an anonymous opinion carries no contact details');
    if (!input.anonymous && !input.contact?.phone && !input.contact?.email && !input.contact?.address) {
      throw fieldError('/contact', 'give a phone, an e-mail or an address, or submit anonymously (anonymous: true)');
    }
  }

  /** `cal`: the working-day calendar, built once by a caller that inserts many rows (an import), else read fresh. */
  function insert(tx: Tx, actor: Actor, input: NewOpinion, extra: { addressHash?: string; queryCodeHash?: string }, action: OpinionEvent, cal?: WorkCalendar): OpinionRow {
    const now = clock.now();
    const year = Number(todayInShanghai(now).slice(0, 4));
    const row = repo.insert(tx, {
      id: newId(), number: repo.nextNumber(tx, year), externalId: input.externalId ?? null, kind: input.kind, channel: input.channel, unitId: input.unitId ?? null,
      category: input.category ?? null, text: input.text, place: input.place ?? null, occurredOn: input.occurredOn ?? null, submitterKind: input.submitterKind,
      anonymous: input.anonymous, hasContact: Boolean(input.contact), status: 'received', leadUnitId: null, coUnitIds: [], routeDueOn: addWorkingDays(todayInShanghai(now), 1, cal ?? calendar.calendar()), routedOn: null, acceptDueOn: null,
      acceptedOn: null, deadline: null, extensionUntil: null, extensionReason: null, actionsTaken: null, publicAnswer: null, internalNote: null, answeredAt: null,
      answeredOnTime: null, everOverdue: false, rating: null, ratedAt: null, ratingSource: null, revisitNote: null, reopenCount: 0, returnCount: 0, remindCount: 0,
      lastRemindedOn: null, closedAt: null, problemId: null, rectificationItemId: null, duplicateCount: 0, queryCodeHash: extra.queryCodeHash ?? null,
      addressHash: extra.addressHash ?? null, textHash: textKey(input.text), version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    });
    if (input.contact) {
      const c = input.contact;
      repo.insertContact(tx, { opinionId: row.id, name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null, address: c.address ?? null, erasedAt: null });
    }
    repo.writeLinks(tx, row);
    audit.record(actor, { entity: OPINION_ENTITY, entityId: row.id, action, after: present(row), unitId: row.unitId });
    return row;
  }

  /** One action on the work order: state check, If-Match, compare-and-set, feed event; all in one transaction. */
  function act(
    actor: Actor, id: string, version: number | undefined, action: OpinionAction | null, event: OpinionEvent,
    apply: (row: OpinionRow, t: string, tx: Tx) => { set: Partial<OpinionRow>; reason?: string | null; to?: OpinionStatus },
    loadRow: (tx: Tx) => OpinionRow = () => load(actor, id),
  ): OpinionRow {
    return db.transaction((tx) => {
      const row = loadRow(tx);
      if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
      let to = row.status as OpinionStatus;
      if (action) {
        const next = nextStatus(row.status as OpinionStatus, action);
        if (!next) throw invalidTransition(`Cannot ${event.replace(/_/g, ' ')} an opinion that is ${row.status} (${OpinionStatusEnum.labels[row.status as OpinionStatus]})`);
        to = next;
      }
      const t = today();
      const out = apply(row, t, tx);
      const updated = repo.update(tx, row.id, row.version, { ...out.set, status: out.to ?? to }, clock.now().toISOString());
      if (!updated) throw preconditionFailed(row.version);
      if ('leadUnitId' in out.set || 'coUnitIds' in out.set) repo.writeLinks(tx, updated);
      audit.record(actor, { entity: OPINION_ENTITY, entityId: row.id, action: event, before: present(row), after: present(updated), reason: out.reason ?? null, unitId: updated.leadUnitId ?? updated.unitId });
      return updated;
    });
  }

  /** A rating from the submitter or from the office's revisit: 不满意 reopens once for re-handling (重办) by the same unit. */
  function rated(row: OpinionRow, t: string, rating: string, source: 'submitter' | 'revisit', note?: string) {
    const set: Partial<OpinionRow> = { rating, ratedAt: clock.now().toISOString(), ratingSource: source };
    if (note !== undefined) set.revisitNote = note;
    if (rating === 'unsatisfied' && row.reopenCount === 0) {
      const cal = calendar.calendar();
      return { set: { ...set, reopenCount: 1, deadline: addWorkingDays(t, daysFor(row.kind), cal), extensionUntil: null, extensionReason: null }, to: 'handling' as const, reason: 'unsatisfied: re-handling (重办)' };
    }
    return { set };
  }

  function publicRow(number: string, code: string): OpinionRow {
    const row = repo.getByNumber(number);
    const given = Buffer.from(sha256(code), 'hex');
    const stored = Buffer.from(row?.queryCodeHash ?? '0'.repeat(64), 'hex');
    if (!row || !timingSafeEqual(given, stored)) throw notFound('Opinion', number);
    return row;
  }

  return {
    repo,
    calendar,
    present,

    /** Public intake (受理): the number and a query code shown once; the same text from the same address within a day merges (重复诉求并单). */
    submitPublic(ip: string, input: PublicSubmit, proofOfWork: string | undefined) {
      const t = today();
      if (config.OPINION_POW_BITS > 0 && !(proofOfWork && proofOfWorkValid(proofOfWork, input.text, t, config.OPINION_POW_BITS))) {
        throw fieldError('/x-proof-of-work', `a proof of work of ${config.OPINION_POW_BITS} bits is required (see the header's description)`, 'header');
      }
      checkContact(input);
      const actor: Actor = { apiKeyId: null, unitId: null, roles: new Set(), requestId: null };
      const addressHash = createHmac('sha256', addressKey).update(ip).digest('hex');
      return db.transaction((tx) => {
        if (input.unitId) checkUnits(tx, [input.unitId], '/unitId');
        const since = new Date(clock.now().getTime() - 24 * 3600_000).toISOString();
        const dup = repo.duplicateOf(tx, addressHash, textKey(input.text), since);
        if (dup) {
          const updated = repo.update(tx, dup.id, dup.version, { duplicateCount: dup.duplicateCount + 1 }, clock.now().toISOString())!;
          audit.record(actor, { entity: OPINION_ENTITY, entityId: dup.id, action: 'merge_duplicate', before: present(dup), after: present(updated), unitId: dup.leadUnitId ?? dup.unitId });
          return { created: false, receipt: { number: dup.number, merged: true, message: `重复诉求并单：与 ${dup.number} 内容相同，已合并办理`, status: updated.status as Opinion['status'] } };
        }
        const code = Array.from({ length: 10 }, () => QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)]).join('');
        const row = insert(tx, actor, { ...input, channel: 'online' }, { addressHash, queryCodeHash: sha256(code) }, 'submit');
        return { created: true, receipt: { number: row.number, queryCode: code, merged: false, message: '已受理，请妥善保存受理编号和查询码', status: row.status as Opinion['status'] } };
      });
    },

    getPublic: (number: string, code: string) => toPublic(publicRow(number, code)),

    ratePublic(number: string, code: string, version: number | undefined, rating: string, comment?: string) {
      const actor: Actor = { apiKeyId: null, unitId: null, roles: new Set(), requestId: null };
      const row = act(actor, '', version, null, 'rate', (r, t) => {
        if (r.status !== 'answered' || r.rating !== null) throw invalidTransition('An opinion is rated once, after it is answered');
        return { ...rated(r, t, rating, 'submitter'), reason: comment ?? null };
      }, () => publicRow(number, code));
      return toPublic(row);
    },

    create(actor: Actor, input: CreateOpinion): Opinion {
      requireRole(actor, 'unit_editor');
      if (!isAdmin(actor) && input.unitId !== actor.unitId) throw forbidden('An agency key records opinions about its own agency');
      checkContact(input);
      return db.transaction((tx) => {
        checkUnits(tx, [input.unitId], '/unitId');
        if (input.externalId && repo.findByExternalId(tx, input.externalId)) throw new AppError('ALREADY_EXISTS', `An opinion with externalId ${input.externalId} exists (import it to update)`);
        return present(insert(tx, actor, input, {}, 'create'));
      });
    },

    /**
     * Import upsert of one row, inside the import's transaction: by externalId, else always new. `cal`: the calendar the
     * import built once for all its rows (one build per row made a 5,000-row import ~13× the fee import's cost per row).
     */
    upsert(tx: Tx, actor: Actor, input: NewOpinion, cal: WorkCalendar = calendar.calendar()): { outcome: 'created' | 'updated' | 'unchanged'; id: string; code: string } {
      checkContact(input);
      if (input.unitId && !repo.unitExists(input.unitId)) throw fieldError('/unitId', `unit ${input.unitId} does not exist`);
      if (!isAdmin(actor) && input.unitId !== actor.unitId) throw forbidden('An agency key imports opinions about its own agency');
      const existing = input.externalId ? repo.findByExternalId(tx, input.externalId) : undefined;
      if (!existing) {
        const row = insert(tx, actor, input, {}, 'import_create', cal);
        return { outcome: 'created', id: row.id, code: row.number };
      }
      if (!isAdmin(actor) && existing.unitId !== actor.unitId) throw new AppError('ALREADY_EXISTS', `externalId ${input.externalId} belongs to another agency's opinion`);
      const next: Partial<OpinionRow> = {
        kind: input.kind, channel: input.channel, unitId: input.unitId ?? existing.unitId, category: input.category ?? null, text: input.text, place: input.place ?? null,
        occurredOn: input.occurredOn ?? null, submitterKind: input.submitterKind, anonymous: input.anonymous, textHash: textKey(input.text),
      };
      const set = Object.fromEntries(Object.entries(next).filter(([k, v]) => existing[k as keyof OpinionRow] !== v)) as Partial<OpinionRow>;
      const contactChanged = input.contact !== undefined;
      const unchanged = { outcome: 'unchanged' as const, id: existing.id, code: existing.number };
      if (!Object.keys(set).length && !contactChanged) return unchanged;
      if (input.contact) {
        const c = input.contact;
        const old = repo.contact(existing.id);
        const same = old && old.name === (c.name ?? null) && old.phone === (c.phone ?? null) && old.email === (c.email ?? null) && old.address === (c.address ?? null);
        if (same && !Object.keys(set).length) return unchanged;
        if (!same) {
          repo.upsertContact(tx, { opinionId: existing.id, name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null, address: c.address ?? null, erasedAt: null });
          set.hasContact = true;
        }
      }
      const updated = repo.update(tx, existing.id, existing.version, set, clock.now().toISOString())!;
      if (set.unitId !== undefined) repo.writeLinks(tx, updated);
      audit.record(actor, { entity: OPINION_ENTITY, entityId: existing.id, action: 'import_update', before: present(existing), after: present(updated), reason: 'import', unitId: updated.unitId });
      return { outcome: 'updated', id: existing.id, code: existing.number };
    },

    get: (actor: Actor, id: string): Opinion => present(load(actor, id)),

    list(actor: Actor, query: OpinionQuery) {
      const order = parseOrderBy(query.orderBy, ORDER_FIELDS, 'createdAt');
      const { pageSize: _ps, pageToken, orderBy: _o, ...filter } = query;
      const filters = { ...filter, orderBy: order.text };
      const after = pageTokens.decode('opinions', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const t = today();
      const rows = repo.list(filter, t, seesAll(actor) ? null : actor.unitId, order, after, limit + 1);
      const page = pageTokens.page('opinions', filters, rows, limit, (r) => [r[order.field], r.id]);
      return { items: page.items.map((r) => toOpinion(r, t)), nextPageToken: page.nextPageToken };
    },

    /** Every opinion the key sees, in keyset batches (the export: no contact details, ever). */
    *iterate(actor: Actor, status: string | undefined): Generator<OpinionRow[]> {
      const scope = seesAll(actor) ? null : actor.unitId;
      let after: [string, string] | undefined;
      for (;;) {
        const rows = repo.list({ status }, today(), scope, { field: 'createdAt', desc: false }, after, 500);
        if (rows.length) yield rows;
        if (rows.length < 500) return;
        const last = rows[rows.length - 1];
        after = [last.createdAt, last.id];
      }
    },

    /** 派单 / 改派 (office): lead and co-operating units; signing (签收) is due within one working day. */
    route(actor: Actor, id: string, version: number | undefined, input: { leadUnitId: string; coUnitIds?: string[]; reason?: string }) {
      requireRole(actor);
      return present(act(actor, id, version, 'route', 'route', (row, t, tx) => {
        const co = [...new Set((input.coUnitIds ?? []).filter((u) => u !== input.leadUnitId))].sort();
        checkUnits(tx, [input.leadUnitId], '/leadUnitId');
        checkUnits(tx, co, '/coUnitIds');
        const late = row.routeDueOn !== null && t > row.routeDueOn;
        return { set: { leadUnitId: input.leadUnitId, coUnitIds: co, routeDueOn: null, routedOn: t, acceptDueOn: addWorkingDays(t, 1, calendar.calendar()), acceptedOn: null, ...(late ? { everOverdue: true } : {}) }, reason: input.reason ?? null };
      }));
    },

    /** 签收: the handling deadline counts from today in working days by kind. */
    accept(actor: Actor, id: string, version: number | undefined) {
      return present(act(actor, id, version, 'accept', 'accept', (row, t) => {
        requireLead(actor, row);
        const late = row.acceptDueOn !== null && t > row.acceptDueOn;
        return { set: { acceptedOn: t, deadline: addWorkingDays(t, daysFor(row.kind), calendar.calendar()), ...(late ? { everOverdue: true } : {}) } };
      }));
    },

    /** 退单: back to the office with a reason; the unit leaves the assignment. */
    return(actor: Actor, id: string, version: number | undefined, reason: string) {
      return present(act(actor, id, version, 'return', 'return', (row, t) => {
        requireLead(actor, row);
        return { set: { leadUnitId: null, coUnitIds: [], acceptDueOn: null, routeDueOn: addWorkingDays(t, 1, calendar.calendar()), returnCount: row.returnCount + 1 }, reason };
      }));
    },

    requestExtension(actor: Actor, id: string, version: number | undefined, until: string, reason: string) {
      return present(act(actor, id, version, null, 'request_extension', (row, t) => {
        requireLead(actor, row);
        if (row.status !== 'handling') throw invalidTransition(`An extension is asked while handling; this opinion is ${row.status}`);
        if (!row.deadline || t > row.deadline) throw invalidTransition('An extension must be asked before the deadline has passed');
        if (row.extensionUntil) throw invalidTransition('An extension request is already pending');
        if (until <= row.deadline) throw fieldError('/until', `must be after the current deadline ${row.deadline}`);
        return { set: { extensionUntil: until, extensionReason: reason }, reason };
      }));
    },

    decideExtension(actor: Actor, id: string, version: number | undefined, grant: boolean, reason?: string) {
      requireRole(actor);
      return present(act(actor, id, version, null, grant ? 'grant_extension' : 'refuse_extension', (row) => {
        if (!row.extensionUntil) throw invalidTransition('No extension request is pending');
        return { set: { ...(grant ? { deadline: row.extensionUntil } : {}), extensionUntil: null, extensionReason: null }, reason: reason ?? row.extensionReason };
      }));
    },

    answer(actor: Actor, id: string, version: number | undefined, input: { actionsTaken: string; publicAnswer: string; internalNote?: string }) {
      return present(act(actor, id, version, 'answer', 'answer', (row, t) => {
        requireLead(actor, row);
        const onTime = row.deadline !== null && t <= row.deadline;
        return {
          set: {
            actionsTaken: input.actionsTaken, publicAnswer: input.publicAnswer, internalNote: input.internalNote ?? null, answeredAt: clock.now().toISOString(),
            // 按时答复 counts the whole work order: any late answer makes it late for good (a timely answer sent back and
            // then answered late is late; a late answer is not undone by a timely re-answer). The schema says the same.
            answeredOnTime: row.answeredOnTime === false ? false : onTime, extensionUntil: null, extensionReason: null, rating: null, ratedAt: null, ratingSource: null, ...(onTime ? {} : { everOverdue: true }),
          },
        };
      }));
    },

    revisit(actor: Actor, id: string, version: number | undefined, rating: string, note: string) {
      requireRole(actor);
      return present(act(actor, id, version, null, 'revisit', (row, t) => {
        if (row.status !== 'answered') throw invalidTransition(`A revisit follows an answer; this opinion is ${row.status}`);
        return rated(row, t, rating, 'revisit', note);
      }));
    },

    close(actor: Actor, id: string, version: number | undefined, reason?: string) {
      requireRole(actor);
      return present(act(actor, id, version, 'close', 'close', () => ({ set: { closedAt: clock.now().toISOString() }, reason: reason ?? null })));
    },

    linkProblem(actor: Actor, id: string, version: number | undefined, problemId: string) {
      requireRole(actor);
      return present(act(actor, id, version, null, 'link_problem', (_row, _t, tx) => {
        if (!tx.select({ id: problems.id }).from(problems).where(eq(problems.id, problemId)).get()) throw fieldError('/problemId', `problem ${problemId} does not exist`);
        return { set: { problemId } };
      }));
    },

    /** :escalate → a rectification item (整改事项) led by the opinion's lead unit, its externalId the opinion's number (its source). */
    escalate(actor: Actor, id: string, version: number | undefined, input: { campaignId: string; deadline: string; title?: string }) {
      requireRole(actor);
      return present(act(actor, id, version, null, 'escalate', (row, _t, tx) => {
        if (row.rectificationItemId) throw new AppError('CONFLICT', `The opinion was already escalated to item ${row.rectificationItemId}`);
        const lead = row.leadUnitId ?? row.unitId;
        if (!lead) throw new AppError('CONFLICT', 'Route the opinion (or name the agency concerned) before escalating it');
        const newItem = {
          campaignId: input.campaignId, externalId: row.number, title: input.title ?? `${row.number} 群众意见整改`, description: row.text.slice(0, 4000),
          leadUnitId: lead, coUnitIds: row.coUnitIds, deadline: input.deadline, problemIds: row.problemId ? [row.problemId] : [],
        };
        const year = items.validateNew(tx, actor, newItem);
        const item = items.insertItem(tx, actor, newItem, year, 'create');
        return { set: { rectificationItemId: item.id }, reason: `escalated to ${item.code}` };
      }));
    },

    /** 催办: every opinion overdue at its step and not yet reminded today gets one reminder (driven by the clock). */
    remindOverdue(actor: Actor = systemActor()) {
      requireRole(actor);
      const t = today();
      const ids: string[] = [];
      for (const row of repo.toRemind(t)) {
        db.transaction((tx) => {
          const updated = repo.update(tx, row.id, row.version, { remindCount: row.remindCount + 1, lastRemindedOn: t, everOverdue: true }, clock.now().toISOString());
          if (!updated) return;
          audit.record(actor, { entity: OPINION_ENTITY, entityId: row.id, action: 'remind', before: present(row), after: present(updated), reason: `overdue since ${stepDueOn(row)}`, unitId: row.leadUnitId });
          ids.push(row.id);
        });
      }
      return { asOf: t, count: ids.length, ids };
    },

    /** Retention (PIPL): contact details of opinions closed more than OPINION_CONTACT_RETENTION_DAYS ago are erased. */
    eraseExpiredContacts(actor: Actor = systemActor()) {
      requireRole(actor);
      const cutoff = new Date(clock.now().getTime() - config.OPINION_CONTACT_RETENTION_DAYS * 86400_000).toISOString();
      const ids: string[] = [];
      for (const opinionId of repo.contactsToErase(cutoff)) {
        db.transaction((tx) => {
          const row = repo.get(opinionId)!;
          const now = clock.now().toISOString();
          repo.eraseContact(tx, opinionId, now);
          const updated = repo.update(tx, row.id, row.version, { hasContact: false }, now)!;
          audit.record(actor, { entity: OPINION_ENTITY, entityId: row.id, action: 'erase_contact', before: present(row), after: present(updated), reason: 'retention period over', unitId: row.leadUnitId ?? row.unitId });
          ids.push(row.id);
        });
      }
      // The WAL still holds the erased pages until a checkpoint: fold it into the file (zeroed there) and truncate it.
      if (ids.length > 0 && !deps.sqlite.memory) deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return { asOf: today(), count: ids.length, ids };
    },

    /** Contact details: admin, or a unit_editor of the lead or a co-operating unit, with a reason recorded in the feed. */
    readContact(actor: Actor, id: string, reason: string) {
      const row = load(actor, id);
      const assigned = actor.unitId !== null && (row.leadUnitId === actor.unitId || row.coUnitIds.includes(actor.unitId));
      if (!isAdmin(actor) && !(hasRole(actor, 'unit_editor') && assigned)) throw forbidden('Contact details are readable by the office and the assigned units’ handlers only');
      const c = repo.contact(id);
      if (!c) throw notFound('Contact details of opinion', id);
      db.transaction(() => {
        audit.record(actor, { entity: OPINION_ENTITY, entityId: id, action: 'read_contact', reason, unitId: actor.unitId });
      });
      return { opinionId: id, name: c.name, phone: c.phone, email: c.email, address: c.address, erasedAt: c.erasedAt };
    },

    publicStats: (query: { month?: string; unitId?: string }) => ({
      groups: repo.monthly(today(), query.month, query.unitId).map((g) => {
        const rated = g.satisfied + g.basicallySatisfied + g.unsatisfied;
        return { ...g, satisfactionRate: rated ? (g.satisfied + g.basicallySatisfied) / rated : null };
      }),
    }),

    /** The office's backlog: open opinions by lead unit and step, with the age of the oldest in working days. */
    backlog(actor: Actor) {
      requireRole(actor, 'inspector', 'reader');
      const t = today();
      const cal = calendar.calendar();
      const groups = new Map<string, { unitId: string | null; status: Opinion['status']; count: number; overdue: number; oldestWorkingDays: number; oldestId: string }>();
      for (const r of repo.openRows()) {
        const since = (r.status === 'routed' ? r.routedOn : r.status === 'handling' ? r.acceptedOn : null) ?? todayInShanghai(new Date(r.status === 'received' ? r.createdAt : r.updatedAt));
        const age = workingDaysBetween(since, t, cal);
        const key = `${r.leadUnitId ?? ''}|${r.status}`;
        const g = groups.get(key) ?? { unitId: r.leadUnitId, status: r.status as Opinion['status'], count: 0, overdue: 0, oldestWorkingDays: -1, oldestId: r.id };
        g.count++;
        if (isOverdue(r, t)) g.overdue++;
        if (age > g.oldestWorkingDays) {
          g.oldestWorkingDays = age;
          g.oldestId = r.id;
        }
        groups.set(key, g);
      }
      return { asOf: t, groups: [...groups.values()].sort((a, b) => (a.unitId ?? '').localeCompare(b.unitId ?? '') || a.status.localeCompare(b.status)) };
    },

    /** For the supervision scorecard: per-unit counts of opinions received in [from, to) dates (Asia/Shanghai). */
    unitCounts(from: string, to: string) {
      const start = new Date(`${from}T00:00:00+08:00`).toISOString();
      const end = new Date(`${addDays(to, 0)}T00:00:00+08:00`).toISOString();
      return repo.unitCounts(start, end, today());
    },
  };
}
export type OpinionService = ReturnType<typeof createOpinionService>;
