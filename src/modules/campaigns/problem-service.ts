// Problems found (查摆问题) use cases: a unit_editor registers and edits only its own unit's problems; seesAll roles
// read every problem; each write is one synchronous transaction with its audit event.
import type { Deps } from '../../deps.js';
import { type Actor, isAdmin, requireRole, seesAll } from '../../http/auth.js';
import { everyone, refError, unknownRef, visibleRef } from '../../http/references.js';
import { AppError, fieldError, invalidTransition, notFound } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { createCampaignRepository, type ProblemRow } from './repository.js';
import { categoryMatchesDimension } from './rules.js';
import { PROBLEM_ORDER_FIELDS, type CreateProblem, type FoundProblem, type ProblemAction, type ProblemQuery, type UpdateProblem } from './schemas.js';

export const toProblem = (r: ProblemRow): FoundProblem => ({
  id: r.id,
  campaignId: r.campaignId,
  unitId: r.unitId,
  dimension: r.dimension as FoundProblem['dimension'],
  category: r.category as FoundProblem['category'],
  source: r.source as FoundProblem['source'],
  channel: r.channel as FoundProblem['channel'],
  description: r.description,
  causeAnalysis: r.causeAnalysis,
  status: r.status as FoundProblem['status'],
  statusReason: r.statusReason,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** Problem actions: from which states, to which state, and whether a reason is needed. */
const PROBLEM_ACTIONS = {
  resolve: { from: ['open'], to: 'resolved', needsReason: false },
  dismiss: { from: ['open'], to: 'dismissed', needsReason: true },
  reopen: { from: ['resolved', 'dismissed'], to: 'open', needsReason: true },
} as const;
export type ProblemVerb = keyof typeof PROBLEM_ACTIONS;

/** Who sees a problem: roles that see all, and the agency whose problem it is (the rule for reads and for references). */
export const canSeeProblem = (actor: Actor, row: { unitId: string }): boolean => seesAll(actor) || row.unitId === actor.unitId;

export function createProblemService(deps: Deps) {
  const repo = createCampaignRepository(deps.db);
  const { db, audit, clock, pageTokens } = deps;

  const visible = (actor: Actor, row: ProblemRow | undefined): row is ProblemRow => !!row && canSeeProblem(actor, row);
  /** Everything outside the key's agency answers as if it did not exist (API.md 20). */
  function ownProblemOrThrow(actor: Actor, id: string, write: boolean): ProblemRow {
    const row = repo.getProblem(id);
    const ok = write ? !!row && (isAdmin(actor) || row.unitId === actor.unitId) : visible(actor, row);
    if (!ok || !row) throw notFound('Problem', id);
    return row;
  }
  function openCampaignOrThrow(campaignId: string, pointer?: string) {
    const campaign = repo.getCampaign(campaignId);
    if (!campaign) throw pointer ? refError([unknownRef(pointer, 'campaign', campaignId)], 'campaign') : notFound('Campaign', campaignId);
    if (campaign.status === 'closed') throw new AppError('CONFLICT', `Campaign ${campaignId} is closed; its problems can no longer be changed`);
    return campaign;
  }
  const checkCategory = (dimension: string, category: string) => {
    if (!categoryMatchesDimension(dimension, category)) {
      throw fieldError('/category', `category ${category} does not belong to dimension ${dimension} (work_style: ws_1–ws_6, efficiency: ef_1–ef_4)`);
    }
  };

  return {
    get(actor: Actor, id: string): FoundProblem {
      return toProblem(ownProblemOrThrow(actor, id, false));
    },
    list(actor: Actor, query: ProblemQuery) {
      const order = parseOrderBy(query.orderBy, PROBLEM_ORDER_FIELDS, 'createdAt');
      // A unit's key sees only its own unit's problems; asking for another unit's gives an empty page.
      const unitId = seesAll(actor) ? query.unitId : query.unitId && query.unitId !== actor.unitId ? '-' : (actor.unitId ?? '-');
      const filter = { campaignId: query.campaignId, unitId, dimension: query.dimension, category: query.category, source: query.source, status: query.status };
      const filters = { ...filter, orderBy: order.text };
      const cursor = pageTokens.decode('problems', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.listProblemsQuery(filter, order, cursor, limit).all();
      const page = pageTokens.page('problems', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map(toProblem), nextPageToken: page.nextPageToken };
    },
    create(actor: Actor, input: CreateProblem): FoundProblem {
      requireRole(actor, 'unit_editor');
      const unitId = input.unitId ?? actor.unitId;
      if (!unitId) throw fieldError('/unitId', 'is required for a key without a unit');
      // A problem is its agency's own: naming another unit, existing or not, is the same 404 (problems' rule since v1).
      if (!isAdmin(actor) && unitId !== actor.unitId) throw notFound('Unit', unitId);
      checkCategory(input.dimension, input.category);
      return db.transaction((tx) => {
        visibleRef(repo.getUnit(unitId), everyone, '/unitId', 'unit', unitId);
        openCampaignOrThrow(input.campaignId, '/campaignId');
        const now = clock.now().toISOString();
        const row: ProblemRow = {
          id: newId(),
          campaignId: input.campaignId,
          unitId,
          dimension: input.dimension,
          category: input.category,
          source: input.source,
          channel: input.channel,
          description: input.description,
          causeAnalysis: input.causeAnalysis ?? null,
          status: 'open',
          statusReason: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        repo.insertProblem(tx, row);
        const problem = toProblem(row);
        audit.record(actor, { entity: 'problem', entityId: row.id, action: 'create', after: problem, unitId });
        return problem;
      });
    },
    update(actor: Actor, id: string, version: number | undefined, input: UpdateProblem): FoundProblem {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const before = ownProblemOrThrow(actor, id, true);
        openCampaignOrThrow(before.campaignId);
        checkCategory(input.dimension ?? before.dimension, input.category ?? before.category);
        const row = repo.updateProblem(tx, id, version, input as Partial<ProblemRow>, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const problem = toProblem(row);
        audit.record(actor, { entity: 'problem', entityId: id, action: 'update', before: toProblem(before), after: problem, unitId: row.unitId });
        return problem;
      });
    },
    act(actor: Actor, id: string, version: number | undefined, verb: ProblemVerb, input: ProblemAction): FoundProblem {
      requireRole(actor, 'unit_editor');
      const rule = PROBLEM_ACTIONS[verb];
      return db.transaction((tx) => {
        const before = ownProblemOrThrow(actor, id, true);
        if (version !== undefined && version !== before.version) throw preconditionFailed(before.version);
        openCampaignOrThrow(before.campaignId);
        if (!(rule.from as readonly string[]).includes(before.status)) throw invalidTransition(`a ${before.status} problem cannot be ${rule.to} (:${verb} needs ${rule.from.join(' or ')})`);
        if (rule.needsReason && !input.reason) throw fieldError('/reason', `:${verb} needs a reason`);
        const row = repo.updateProblem(tx, id, before.version, { status: rule.to, statusReason: input.reason ?? null }, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const problem = toProblem(row);
        audit.record(actor, { entity: 'problem', entityId: id, action: verb, before: toProblem(before), after: problem, unitId: row.unitId, reason: input.reason ?? null });
        return problem;
      });
    },
  };
}
export type ProblemService = ReturnType<typeof createProblemService>;
