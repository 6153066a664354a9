// Publicity use cases (舆论宣传): drafts by admin or inspector, approval, publication and withdrawal by admin, and the
// public view, which carries the names the plan requires to be public and nothing else.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { campaigns, inspectionFindings, inspections, problems, publicityRecords, rectificationItems, units } from '../../db/schema/index.js';
import { type Actor, hasRole, requireRole, seesAll } from '../../http/auth.js';
import { AppError, fieldError, invalidTransition, notFound, ruleViolation } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { pageSizeOf, type Cursor } from '../../http/pagination.js';
import { isValidDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { isSecret } from '../supervision/rules.js';
import { approvalProblems, linkedRatingProblem, nextPublicityStatus, recordProblems, type PublicityAction, type PublicityKind, type PublicityStatus } from './rules.js';
import type { CreatePublicity, PublicPublicity, PublicityQuery, PublicityRecord, UpdatePublicity } from './schemas.js';


type Row = typeof publicityRecords.$inferSelect;
const ENTITY = 'publicity_record';

const seesPrivate = (actor: Actor | null) => actor !== null && hasRole(actor, 'admin', 'inspector');

export function createPublicityService(deps: Deps) {
  const { db, audit, clock, pageTokens } = deps;
  const unitName = (tx: Tx | typeof db, id: string | null) => (id ? (tx.select({ n: units.name }).from(units).where(eq(units.id, id)).get()?.n ?? null) : null);

  function publicView(r: Row, name: string | null): PublicPublicity {
    return {
      id: r.id, kind: r.kind as PublicityKind, title: r.title, summary: r.summary, unitId: r.unitId, unitName: name, personName: r.personName,
      personPosition: r.personPosition, handling: r.handling, accountability: r.accountability, media: r.media, publishedAt: r.publishedAt!,
    };
  }
  /** The full record; private fields (contact, ID number, internal notes) only for admin and inspector keys; null for the feed. */
  function present(r: Row, viewer: Actor | null): PublicityRecord {
    const priv = seesPrivate(viewer);
    return {
      ...publicView(r, unitName(db, r.unitId)), publishedAt: r.publishedAt, campaignId: r.campaignId,
      personContact: priv ? r.personContact : null, personIdNumber: priv ? r.personIdNumber : null, internalNotes: priv ? r.internalNotes : null,
      links: r.links, status: r.status as PublicityStatus, approvedAt: r.approvedAt, approveReason: r.approveReason, publishReason: r.publishReason, withdrawnAt: r.withdrawnAt,
      withdrawReason: r.withdrawReason, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
    };
  }

  /** Agency keys see the published and withdrawn records on their unit; admin, inspector and reader all. */
  function scope(actor: Actor): SQL[] {
    if (seesAll(actor)) return [];
    return [eq(publicityRecords.unitId, actor.unitId ?? '-'), inArray(publicityRecords.status, ['published', 'withdrawn'])];
  }
  function load(actor: Actor, id: string): Row {
    const r = db.select().from(publicityRecords).where(and(eq(publicityRecords.id, id), ...scope(actor))).get();
    if (!r) throw notFound('Publicity record', id);
    return r;
  }

  function checkLinks(tx: Tx, kind: PublicityKind, links: NonNullable<CreatePublicity['links']>) {
    const missing = (ids: string[] | undefined, pointer: string, found: (ids: string[]) => string[]) => {
      if (!ids?.length) return;
      const have = new Set(found(ids));
      const m = ids.find((id) => !have.has(id));
      if (m) throw fieldError(pointer, `${m} does not exist`);
    };
    missing(links.problemIds, '/links/problemIds', (ids) => tx.select({ id: problems.id }).from(problems).where(inArray(problems.id, ids)).all().map((r) => r.id));
    missing(links.itemIds, '/links/itemIds', (ids) => tx.select({ id: rectificationItems.id }).from(rectificationItems).where(inArray(rectificationItems.id, ids)).all().map((r) => r.id));
    for (const [n, id] of (links.inspectionIds ?? []).entries()) {
      const i = tx.select().from(inspections).where(eq(inspections.id, id)).get();
      if (!i || isSecret(i.kind, i.status)) throw fieldError(`/links/inspectionIds/${n}`, `inspection ${id} does not exist or has not concluded`);
    }
    for (const [n, id] of (links.findingIds ?? []).entries()) {
      const f = tx.select().from(inspectionFindings).where(eq(inspectionFindings.id, id)).get();
      if (!f || !f.deliveredAt) throw fieldError(`/links/findingIds/${n}`, `finding ${id} does not exist or has not been delivered`);
      const p = linkedRatingProblem(kind, f.rating);
      if (p) throw ruleViolation(p, [{ in: 'body', pointer: `/links/findingIds/${n}`, detail: p }]);
    }
  }

  function validate(tx: Tx, kind: PublicityKind, r: CreatePublicity | (UpdatePublicity & { kind: PublicityKind }), current?: Row) {
    if (r.unitId && !tx.select({ id: units.id }).from(units).where(eq(units.id, r.unitId)).get()) throw fieldError('/unitId', `unit ${r.unitId} does not exist`);
    if (r.campaignId && !tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, r.campaignId)).get()) throw fieldError('/campaignId', `campaign ${r.campaignId} does not exist`);
    for (const [n, a] of (r.accountability ?? []).entries()) if (!isValidDate(a.decidedOn)) throw fieldError(`/accountability/${n}/decidedOn`, `${a.decidedOn} is not a date`);
    for (const [n, m] of (r.media ?? []).entries()) if (!isValidDate(m.publishedOn)) throw fieldError(`/media/${n}/publishedOn`, `${m.publishedOn} is not a date`);
    const problemsFound = recordProblems({ kind, unitId: r.unitId ?? current?.unitId, personName: r.personName ?? current?.personName });
    if (problemsFound.length) throw ruleViolation(problemsFound.map((p) => p.detail).join('; '), problemsFound.map((p) => ({ in: 'body' as const, ...p })));
    if (r.links) checkLinks(tx, kind, r.links);
  }

  const fullLinks = (l: CreatePublicity['links']) => ({ findingIds: l?.findingIds ?? [], problemIds: l?.problemIds ?? [], itemIds: l?.itemIds ?? [], inspectionIds: l?.inspectionIds ?? [] });

  function transition(actor: Actor, id: string, version: number | undefined, action: PublicityAction, set: (at: string) => Partial<Row>, reason: string | null): PublicityRecord {
    requireRole(actor);
    return db.transaction((tx) => {
      const row = load(actor, id);
      if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
      const to = nextPublicityStatus(row.status as PublicityStatus, action);
      if (!to) throw invalidTransition(`Cannot ${action} a record that is ${row.status}`);
      // Publication only follows approval (PUBLICITY_TRANSITIONS), so checking at approval guards what is published.
      if (action === 'approve') {
        const missing = approvalProblems({ kind: row.kind as PublicityKind, handling: row.handling, accountabilityCount: row.accountability.length });
        if (missing.length) throw ruleViolation(missing.map((p) => p.detail).join('; '), missing.map((p) => ({ in: 'body' as const, ...p })));
      }
      const at = clock.now().toISOString();
      const updated = tx
        .update(publicityRecords)
        .set({ ...set(at), status: to, version: sql`${publicityRecords.version} + 1`, updatedAt: at })
        .where(and(eq(publicityRecords.id, id), eq(publicityRecords.version, row.version)))
        .returning()
        .get();
      if (!updated) throw preconditionFailed(row.version);
      audit.record(actor, { entity: ENTITY, entityId: id, action, before: present(row, null), after: present(updated, null), reason, unitId: row.unitId });
      return present(updated, actor);
    });
  }

  function publishedRows(filter: { kind?: string; unitId?: string }, cursor: Cursor | undefined, limit: number, statusIn: string[] = ['published']) {
    const conds: SQL[] = [inArray(publicityRecords.status, statusIn)];
    if (filter.kind) conds.push(eq(publicityRecords.kind, filter.kind));
    if (filter.unitId) conds.push(eq(publicityRecords.unitId, filter.unitId));
    if (cursor) conds.push(or(lt(publicityRecords.publishedAt, String(cursor[0])), and(eq(publicityRecords.publishedAt, String(cursor[0])), lt(publicityRecords.id, String(cursor[1]))))!);
    return db.select().from(publicityRecords).where(and(...conds)).orderBy(desc(publicityRecords.publishedAt), desc(publicityRecords.id)).limit(limit).all();
  }

  return {
    create(actor: Actor, input: CreatePublicity): PublicityRecord {
      requireRole(actor, 'inspector');
      return db.transaction((tx) => {
        validate(tx, input.kind, input);
        const at = clock.now().toISOString();
        const row: Row = {
          id: newId(), campaignId: input.campaignId ?? null, kind: input.kind, title: input.title, summary: input.summary, unitId: input.unitId ?? null,
          personName: input.personName ?? null, personPosition: input.personPosition ?? null, personContact: input.personContact ?? null,
          personIdNumber: input.personIdNumber ?? null, internalNotes: input.internalNotes ?? null, handling: input.handling ?? null,
          accountability: input.accountability ?? [], links: fullLinks(input.links), media: input.media ?? [], status: 'draft', approvedAt: null, approveReason: null,
          publishedAt: null, publishReason: null, withdrawnAt: null, withdrawReason: null, version: 1, createdAt: at, updatedAt: at,
        };
        tx.insert(publicityRecords).values(row).run();
        audit.record(actor, { entity: ENTITY, entityId: row.id, action: 'create', after: present(row, null), unitId: row.unitId });
        return present(row, actor);
      });
    },

    update(actor: Actor, id: string, version: number, input: UpdatePublicity): PublicityRecord {
      requireRole(actor, 'inspector');
      return db.transaction((tx) => {
        const row = load(actor, id);
        if (row.version !== version) throw preconditionFailed(row.version);
        if (row.status !== 'draft') throw new AppError('CONFLICT', `Only a draft changes; this record is ${row.status}`);
        validate(tx, row.kind as PublicityKind, { ...input, kind: row.kind as PublicityKind }, row);
        const { links, ...fields } = input;
        const at = clock.now().toISOString();
        const updated = tx
          .update(publicityRecords)
          .set({ ...fields, ...(links ? { links: fullLinks(links) } : {}), version: sql`${publicityRecords.version} + 1`, updatedAt: at })
          .where(and(eq(publicityRecords.id, id), eq(publicityRecords.version, version)))
          .returning()
          .get();
        if (!updated) throw preconditionFailed(row.version);
        audit.record(actor, { entity: ENTITY, entityId: id, action: 'update', before: present(row, null), after: present(updated, null), unitId: updated.unitId });
        return present(updated, actor);
      });
    },

    get: (actor: Actor, id: string): PublicityRecord => present(load(actor, id), actor),

    list(actor: Actor, query: PublicityQuery) {
      const { pageSize: _p, pageToken, ...rest } = query;
      const filters = { ...rest, scope: seesAll(actor) ? '*' : actor.unitId };
      const cursor = pageTokens.decode('publicity', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = this.rows(actor, rest, cursor, limit + 1);
      const p = pageTokens.page('publicity', filters, rows, limit, (r) => [r.id]);
      return { items: p.items.map((r) => present(r, actor)), nextPageToken: p.nextPageToken };
    },

    /** Newest first by id (UUIDv7: creation order). */
    rows(actor: Actor, filter: { kind?: string; status?: string; unitId?: string }, cursor: Cursor | undefined, limit: number): Row[] {
      const conds = scope(actor);
      if (filter.kind) conds.push(eq(publicityRecords.kind, filter.kind));
      if (filter.status) conds.push(eq(publicityRecords.status, filter.status));
      if (filter.unitId) conds.push(eq(publicityRecords.unitId, filter.unitId));
      if (cursor) conds.push(lt(publicityRecords.id, String(cursor[0])));
      return db.select().from(publicityRecords).where(conds.length ? and(...conds) : undefined).orderBy(desc(publicityRecords.id)).limit(limit).all();
    },
    present,

    approve: (actor: Actor, id: string, v: number | undefined, reason: string | null) => transition(actor, id, v, 'approve', (at) => ({ approvedAt: at, approveReason: reason }), reason),
    publish: (actor: Actor, id: string, v: number | undefined, reason: string) => transition(actor, id, v, 'publish', (at) => ({ publishedAt: at, publishReason: reason }), reason),
    withdraw: (actor: Actor, id: string, v: number | undefined, reason: string) => transition(actor, id, v, 'withdraw', (at) => ({ withdrawnAt: at, withdrawReason: reason }), reason),

    /** The public page and its strong ETag (a hash of the body). */
    publicPage(query: { kind?: string; unitId?: string; pageSize?: number; pageToken?: string }) {
      const { pageSize: _p, pageToken, ...filters } = query;
      const cursor = pageTokens.decode('public-publicity', filters, pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = publishedRows(filters, cursor, limit + 1);
      const p = pageTokens.page('public-publicity', filters, rows, limit, (r) => [r.publishedAt, r.id]);
      const body = { items: p.items.map((r) => publicView(r, unitName(db, r.unitId))), ...(p.nextPageToken ? { nextPageToken: p.nextPageToken } : {}) };
      const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
      return { etag, body };
    },
  };
}
export type PublicityService = ReturnType<typeof createPublicityService>;
