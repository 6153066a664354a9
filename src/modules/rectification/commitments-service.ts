// Public commitments (公开承诺, task 1): queries and use cases; compliance lists agencies without a published
// unit-level commitment by a date.
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { campaigns, commitments, units } from '../../db/schema/index.js';
import { type Actor, requireRole, seesAll } from '../../http/auth.js';
import { everyone, ownUnitOnly, visibleRef } from '../../http/references.js';
import { fieldError, notFound, ruleViolation } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { todayInShanghai } from '../../lib/dates.js';
import { commitmentDeadline, commitmentProblems } from './rules.js';
import type { Commitment, CommitmentQuery, ComplianceQuery, CreateCommitment, UpdateCommitment } from './commitments-schemas.js';
import { lazy } from '../../db/lazy.js';

type Row = typeof commitments.$inferSelect;
const C = commitments;

export const toCommitment = (r: Row): Commitment => ({
  id: r.id, campaignId: r.campaignId, unitId: r.unitId, level: r.level as Commitment['level'], postTitle: r.postTitle, items: r.items,
  channel: r.channel as Commitment['channel'], mediaName: r.mediaName, url: r.url, publishedOn: r.publishedOn,
  status: r.publishedOn ? 'published' : 'draft', version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

export function createCommitmentService(deps: Deps) {
  const { db, audit, clock, pageTokens } = deps;
  const byId = lazy(() => db.select().from(C).where(eq(C.id, sql.placeholder('id'))).prepare());

  function load(actor: Actor, id: string): Row {
    const row = byId.get({ id });
    if (!row || (!seesAll(actor) && row.unitId !== actor.unitId)) throw notFound('Commitment', id);
    return row;
  }

  function check(r: { level: string; channel: string; postTitle?: string | null; mediaName?: string | null; publishedOn?: string | null }) {
    if (r.publishedOn && r.publishedOn > todayInShanghai(clock.now())) throw fieldError('/publishedOn', 'cannot be in the future (Asia/Shanghai)');
    const problems = commitmentProblems(r);
    if (problems.length) throw ruleViolation(problems.map((p) => p.detail).join('; '), problems.map((p) => ({ in: 'body', ...p })));
  }

  return {
    get: (actor: Actor, id: string) => toCommitment(load(actor, id)),

    list(actor: Actor, q: CommitmentQuery) {
      const filters = { campaignId: q.campaignId, unitId: q.unitId, level: q.level };
      const after = pageTokens.decode('commitments', filters, q.pageToken);
      const limit = pageSizeOf(q.pageSize);
      const conds: SQL[] = [];
      if (q.campaignId) conds.push(eq(C.campaignId, q.campaignId));
      if (q.unitId) conds.push(eq(C.unitId, q.unitId));
      if (q.level) conds.push(eq(C.level, q.level));
      if (!seesAll(actor)) conds.push(eq(C.unitId, actor.unitId ?? ''));
      if (after) conds.push(gt(C.id, String(after[0])));
      const rows = db.select().from(C).where(conds.length ? and(...conds) : undefined).orderBy(asc(C.id)).limit(limit + 1).all();
      const page = pageTokens.page('commitments', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map(toCommitment), nextPageToken: page.nextPageToken };
    },

    create(actor: Actor, input: CreateCommitment): Commitment {
      requireRole(actor, 'unit_editor');
      const unitId = input.unitId ?? actor.unitId;
      if (!unitId) throw fieldError('/unitId', 'is required');
      ownUnitOnly(actor, unitId, 'An agency key records only its own agency’s commitments');
      return db.transaction((tx) => {
        visibleRef(tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, input.campaignId)).get(), everyone, '/campaignId', 'campaign', input.campaignId);
        visibleRef(tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get(), everyone, '/unitId', 'unit', unitId);
        check(input);
        const now = clock.now().toISOString();
        const row: Row = {
          id: newId(), campaignId: input.campaignId, unitId, level: input.level, postTitle: input.postTitle ?? null, items: input.items.map((i) => ({ content: i.content, dueDate: i.dueDate ?? null })),
          channel: input.channel, mediaName: input.mediaName ?? null, url: input.url ?? null, publishedOn: input.publishedOn ?? null, version: 1, createdAt: now, updatedAt: now,
        };
        tx.insert(C).values(row).run();
        const out = toCommitment(row);
        audit.record(actor, { entity: 'commitment', entityId: row.id, action: 'create', after: out, unitId });
        return out;
      });
    },

    update(actor: Actor, id: string, version: number | undefined, input: UpdateCommitment): Commitment {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const row = load(actor, id);
        if (version !== undefined && row.version !== version) throw preconditionFailed(row.version);
        check({ ...row, ...input });
        const where = version === undefined ? eq(C.id, id) : and(eq(C.id, id), eq(C.version, version));
        const updated = tx.update(C).set({ ...input, version: sql`${C.version} + 1`, updatedAt: clock.now().toISOString() }).where(where).returning().get();
        if (!updated) throw preconditionFailed(row.version);
        const out = toCommitment(updated);
        audit.record(actor, { entity: 'commitment', entityId: id, action: 'update', before: toCommitment(row), after: out, unitId: row.unitId });
        return out;
      });
    },

    compliance(actor: Actor, q: ComplianceQuery) {
      requireRole(actor, 'inspector', 'reader');
      const c = db.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, q.campaignId)).get();
      if (!c) throw notFound('Campaign', q.campaignId);
      const asOf = q.asOf ?? todayInShanghai(clock.now());
      const filters = { campaignId: q.campaignId, asOf };
      const after = pageTokens.decode('commitment-compliance', filters, q.pageToken);
      const limit = pageSizeOf(q.pageSize);
      const published = sql`EXISTS (SELECT 1 FROM commitments c WHERE c.campaign_id = ${q.campaignId} AND c.unit_id = ${units.id} AND c.level = 'unit' AND c.published_on IS NOT NULL AND c.published_on <= ${asOf})`;
      const conds: SQL[] = [sql`NOT ${published}`];
      if (after) conds.push(gt(units.id, String(after[0])));
      const rows = db.select({ unitId: units.id, name: units.name, level: units.level }).from(units).where(and(...conds)).orderBy(asc(units.id)).limit(limit + 1).all();
      const page = pageTokens.page('commitment-compliance', filters, rows, limit, (r) => [r.unitId]);
      const totalUnits = db.select({ n: sql<number>`count(*)` }).from(units).get()!.n;
      const compliantUnits = db.select({ n: sql<number>`count(*)` }).from(units).where(published).get()!.n;
      return { campaignId: q.campaignId, asOf, deadline: commitmentDeadline(c.year), totalUnits, compliantUnits, ...page };
    },
  };
}
