// Approval-cleanup use cases: each write is one synchronous transaction with its audit events; rule findings are
// computed from the item and the disposition in force on every read and write, never stored.
import { externalIdTaken, registryBinding } from '../../http/registry-filters.js';
import type { EventActionOf } from '../../db/event-kinds.js';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { type Actor, hasRole, isAdmin, requireRole, seesAll } from '../../http/auth.js';
import { everyone, ownUnitOnly, visibleRef, visibleRefs } from '../../http/references.js';
import { AppError, fieldError, forbidden, invalidTransition, notFound, ruleViolation, type ProblemDetail } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { campaigns } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';
import { createApprovalRepository, type ItemRow, type ReviewRow } from './repository.js';
import { checkMergeBatch, departures, findingsFor, recreatedAsFiling, type Finding, type FollowUp, type MergeTarget, type RuleItem } from './rules.js';
import {
  ITEM_ORDER_FIELDS,
  REVIEW_ORDER_FIELDS,
  type Announcement,
  type AnnouncementInput,
  type ApprovalItem,
  type ApprovalItemQuery,
  type ApprovalReview,
  type ApprovalReviewQuery,
  type Basis,
  type CreateApprovalItem,
  type CreateApprovalReview,
  type DecisionBatchInput,
  type FollowUpInput,
  type LegalReviewInput,
  type Summary,
  type UpdateApprovalItem,
  type UpdateApprovalReview,
} from './schemas.js';

// `bases ?? []` is unreachable: bases are required on create, and an update normalises them only when sent.
export const normaliseBases = (bases: readonly unknown[] | undefined) =>
  ((bases ?? []) as Basis[]).map((b) => ({ level: b.level, title: b.title, article: b.article ?? null, role: b.role ?? 'setting' }));

export const toItem = (r: ItemRow): ApprovalItem => ({
  id: r.id,
  code: r.code,
  externalId: r.externalId,
  name: r.name,
  implementingUnitId: r.implementingUnitId,
  kind: r.kind as ApprovalItem['kind'],
  bases: r.bases as ApprovalItem['bases'],
  siblingProvinces: r.siblingProvinces as ApprovalItem['siblingProvinces'],
  statutoryLevel: r.statutoryLevel as ApprovalItem['statutoryLevel'],
  mainlyImplementedAt: r.mainlyImplementedAt as ApprovalItem['mainlyImplementedAt'],
  remarks: r.remarks,
  status: r.status as ApprovalItem['status'],
  mergedIntoId: r.mergedIntoId,
  delegatedTo: r.delegatedTo as ApprovalItem['delegatedTo'],
  receivingBody: r.receivingBody,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const ruleItem = (r: ItemRow): RuleItem => ({
  id: r.id,
  kind: r.kind,
  bases: r.bases,
  siblingProvinces: r.siblingProvinces,
  statutoryLevel: r.statutoryLevel,
  mainlyImplementedAt: r.mainlyImplementedAt,
});

interface Proposal {
  disposition: string;
  delegateTo: string | null;
  receivingBody: string | null;
  mergeIntoItemId: string | null;
}

const DECIDED = new Set(['decided', 'published']);

/** The disposition in force: the decision's, else the legal review's, else the agency's proposal. */
export function effective(r: ReviewRow): Proposal {
  if (r.decidedDisposition) return { disposition: r.decidedDisposition, delegateTo: r.decidedDelegateTo, receivingBody: r.decidedReceivingBody, mergeIntoItemId: r.decidedMergeIntoItemId };
  if (r.legalDisposition) return { disposition: r.legalDisposition, delegateTo: r.legalDelegateTo, receivingBody: r.legalReceivingBody, mergeIntoItemId: r.legalMergeIntoItemId };
  return { disposition: r.disposition, delegateTo: r.delegateTo, receivingBody: r.receivingBody, mergeIntoItemId: r.mergeIntoItemId };
}

/** Reviews are read globally by admin, inspector, reader, and (for this module) the legal office and the executive secretariat. */
const readsAllApprovals = (actor: Actor) => seesAll(actor) || hasRole(actor, 'legal_reviewer', 'executive_secretary');

export function createApprovalService(deps: Deps) {
  const { db, audit, clock, pageTokens } = deps;
  const repo = createApprovalRepository(db);

  function mergeTargetOf(campaignId: string, p: Proposal): MergeTarget | null {
    if (p.disposition !== 'merge' || !p.mergeIntoItemId) return null;
    const t = repo.getItem(p.mergeIntoItemId);
    if (!t) return null; // unreachable: checkProposal proved the target exists and approval items are never deleted
    const tr = repo.reviewOf(t.id, campaignId);
    const te = tr ? effective(tr) : null;
    return { id: t.id, status: t.status, disposition: te?.disposition ?? null, mergeIntoItemId: te?.mergeIntoItemId ?? null };
  }

  function findings(r: ReviewRow, item: ItemRow, p: Proposal = effective(r)): Finding[] {
    return findingsFor(ruleItem(item), p, { mergeTarget: mergeTargetOf(r.campaignId, p), decided: DECIDED.has(r.stage), followUp: r.followUp as FollowUp | null });
  }

  function toReview(r: ReviewRow, item?: ItemRow): ApprovalReview {
    const it = item ?? repo.getItem(r.itemId)!;
    return {
      id: r.id,
      campaignId: r.campaignId,
      itemId: r.itemId,
      code: r.code ?? it.code,
      externalId: r.externalId,
      unitId: r.unitId,
      stage: r.stage as ApprovalReview['stage'],
      disposition: r.disposition as ApprovalReview['disposition'],
      delegateTo: r.delegateTo as ApprovalReview['delegateTo'],
      receivingBody: r.receivingBody,
      mergeIntoItemId: r.mergeIntoItemId,
      rationale: r.rationale,
      justification: r.justification,
      returnReason: r.returnReason,
      submittedAt: r.submittedAt,
      // The `??` fallbacks below are unreachable: legal review writes verdict and opinion (required by its schema) together,
      // and overrideRules whenever overrideReason.
      legalReview: r.legalVerdict
        ? {
            verdict: r.legalVerdict as 'agree' | 'amend',
            opinion: r.legalOpinion ?? '',
            disposition: r.legalDisposition as ApprovalReview['disposition'],
            delegateTo: r.legalDelegateTo as ApprovalReview['delegateTo'],
            receivingBody: r.legalReceivingBody,
            mergeIntoItemId: r.legalMergeIntoItemId,
            override: r.overrideReason ? { reason: r.overrideReason, rules: (r.overrideRules ?? []) as never } : null,
            reviewedAt: r.legalReviewedAt!,
          }
        : null,
      decision:
        r.decisionBatchId && r.decidedDisposition
          ? (() => {
              const b = repo.getBatch(r.decisionBatchId)!;
              return {
                batchId: b.id,
                meetingNumber: b.meetingNumber,
                meetingDate: b.meetingDate,
                disposition: r.decidedDisposition as ApprovalReview['disposition'],
                delegateTo: r.decidedDelegateTo as ApprovalReview['delegateTo'],
                receivingBody: r.decidedReceivingBody,
                mergeIntoItemId: r.decidedMergeIntoItemId,
              };
            })()
          : null,
      announcementId: r.announcementId,
      followUp: (r.followUp as FollowUpInput | null) ?? null,
      findings: findings(r, it) as ApprovalReview['findings'],
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  const canSeeItem = (actor: Actor, item: ItemRow) => readsAllApprovals(actor) || item.implementingUnitId === actor.unitId;
  const canSeeReview = (actor: Actor, r: ReviewRow) => readsAllApprovals(actor) || r.unitId === actor.unitId;

  function visibleItem(actor: Actor, id: string): ItemRow {
    const item = repo.getItem(id);
    if (!item || !canSeeItem(actor, item)) throw notFound('Approval item', id);
    return item;
  }

  function visibleReview(actor: Actor, id: string): ReviewRow {
    const r = repo.getReview(id);
    if (!r || !canSeeReview(actor, r)) throw notFound('Approval review', id);
    return r;
  }

  /** The agency's own key (unit_editor of the implementing agency) or admin. */
  function ownReview(actor: Actor, id: string): ReviewRow {
    requireRole(actor, 'unit_editor');
    const r = visibleReview(actor, id);
    if (!isAdmin(actor) && r.unitId !== actor.unitId) throw forbidden('Only the implementing agency’s unit_editor may change this proposal');
    return r;
  }

  /** Checks that delegate/merge details fit the disposition; answers the normalised proposal. */
  function checkProposal(itemId: string, p: Partial<Proposal> & { disposition: string }, base = '', actor?: Actor): Proposal {
    const out: Proposal = {
      disposition: p.disposition,
      delegateTo: p.disposition === 'delegate' ? (p.delegateTo ?? null) : null,
      receivingBody: p.disposition === 'delegate' ? (p.receivingBody ?? null) : null,
      mergeIntoItemId: p.disposition === 'merge' ? (p.mergeIntoItemId ?? null) : null,
    };
    if (p.disposition !== 'delegate' && (p.delegateTo || p.receivingBody)) throw fieldError(`${base}/delegateTo`, 'only a delegate disposition names where it goes');
    if (p.disposition !== 'merge' && p.mergeIntoItemId) throw fieldError(`${base}/mergeIntoItemId`, 'only a merge disposition names a target');
    if (p.disposition === 'delegate') {
      if (!out.delegateTo) throw fieldError(`${base}/delegateTo`, 'a delegation names the level: city or county');
      if (!out.receivingBody) throw fieldError(`${base}/receivingBody`, 'a delegation names the receiving body (承接主体)');
    }
    if (p.disposition === 'merge') {
      if (!out.mergeIntoItemId) throw fieldError(`${base}/mergeIntoItemId`, 'a merge names the item it merges into');
      if (out.mergeIntoItemId === itemId) throw fieldError(`${base}/mergeIntoItemId`, 'an item cannot merge into itself');
      // An agency merges into items it can see (its own); other agencies' items answer as if absent (API.md 20).
      visibleRef(repo.getItem(out.mergeIntoItemId), (target) => !actor || canSeeItem(actor, target), `${base}/mergeIntoItemId`, 'approval item', out.mergeIntoItemId);
    }
    return out;
  }

  const now = () => clock.now().toISOString();

  function moveReview(tx: Tx, actor: Actor, before: ReviewRow, version: number | undefined, set: Partial<ReviewRow>, action: EventActionOf<'approval_review'>, reason?: string | null): ApprovalReview {
    const row = repo.updateReview(tx, before.id, version, set, now());
    if (!row) throw preconditionFailed(before.version);
    const out = toReview(row);
    audit.record(actor, { entity: 'approval_review', entityId: row.id, action, before: toReview(before), after: out, reason: reason ?? null, unitId: row.unitId });
    return out;
  }

  return {
    repo,
    toReview,

    // ---- catalogue

    getItem(actor: Actor, id: string): ApprovalItem {
      return toItem(visibleItem(actor, id));
    },

    listItems(actor: Actor, query: ApprovalItemQuery) {
      const order = parseOrderBy(query.orderBy, ITEM_ORDER_FIELDS, 'createdAt');
      const filters = { implementingUnitId: query.implementingUnitId, status: query.status, kind: query.kind, ...registryBinding(query), q: query.q, orderBy: order.text };
      const after = pageTokens.decode('approval-items', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      if (!readsAllApprovals(actor)) {
        if (query.implementingUnitId && query.implementingUnitId !== actor.unitId) return { items: [] };
        filters.implementingUnitId = actor.unitId ?? undefined; // `?? undefined` unreachable over HTTP: every API key has a unit
      }
      const rows = repo.itemsQuery({ ...query, implementingUnitId: filters.implementingUnitId }, order, after, limit).all();
      const page = pageTokens.page('approval-items', { ...filters, implementingUnitId: query.implementingUnitId }, rows, limit, (r) => [order.field === 'code' ? r.code : r.id]);
      return { items: page.items.map(toItem), nextPageToken: page.nextPageToken };
    },

    createItem(actor: Actor, input: CreateApprovalItem): ApprovalItem {
      requireRole(actor, 'unit_editor');
      ownUnitOnly(actor, input.implementingUnitId, 'A unit_editor may add catalogue items of its own agency only');
      if (input.override && !isAdmin(actor)) throw forbidden('Only an admin may override the re-creation check (A6)');
      return db.transaction((tx) => {
        visibleRef(repo.unitById(tx, input.implementingUnitId), everyone, '/implementingUnitId', 'unit', input.implementingUnitId);
        const existing = repo.itemByCode(tx, input.code);
        if (existing) throw new AppError('ALREADY_EXISTS', `Approval item ${existing.id} already has code ${input.code}`, { extra: { resourceId: existing.id } });
        const holder = input.externalId === undefined ? undefined : repo.itemByExternalId(tx, input.externalId);
        if (holder) throw externalIdTaken('approval item', input.externalId!, holder.id);
        const match = recreatedAsFiling(input.name, repo.cancelledItemsOf(tx, input.implementingUnitId));
        if (match && !input.override) {
          throw new AppError('CONFLICT', `“${input.name}” matches the cancelled item “${match.name}” of the same agency: a cancelled approval may not come back as filing or verification (变相审批, A6). An admin may override with a reason.`, {
            extra: { ruleId: 'A6', resourceId: match.id },
          });
        }
        const ts = now();
        const row: ItemRow = {
          id: newId(),
          code: input.code,
          externalId: input.externalId ?? null,
          name: input.name,
          implementingUnitId: input.implementingUnitId,
          kind: input.kind,
          bases: normaliseBases(input.bases),
          siblingProvinces: input.siblingProvinces ?? 'unknown',
          statutoryLevel: input.statutoryLevel ?? null,
          mainlyImplementedAt: input.mainlyImplementedAt ?? null,
          remarks: input.remarks ?? null,
          status: 'active',
          mergedIntoId: null,
          delegatedTo: null,
          receivingBody: null,
          version: 1,
          createdAt: ts,
          updatedAt: ts,
        };
        repo.insertItem(tx, row);
        const item = toItem(row);
        audit.record(actor, {
          entity: 'approval_item',
          entityId: row.id,
          action: 'create',
          after: match ? { ...item, override: { rule: 'A6', reason: input.override!.reason, matchesItemId: match.id } } : item,
          reason: match ? input.override!.reason : null,
          unitId: row.implementingUnitId,
        });
        return item;
      });
    },

    updateItem(actor: Actor, id: string, version: number | undefined, input: UpdateApprovalItem): ApprovalItem {
      return db.transaction((tx) => {
        const before = visibleItem(actor, id);
        if (!isAdmin(actor) && before.implementingUnitId !== actor.unitId) throw forbidden('Only the implementing agency or an admin may change this item');
        if (before.status !== 'active') throw invalidTransition(`Item ${id} is ${before.status}; only active items change`);
        const set: Partial<ItemRow> = { ...(input as Partial<ItemRow>) };
        if (input.bases) set.bases = normaliseBases(input.bases);
        const holder = input.externalId ? repo.itemByExternalId(tx, input.externalId) : undefined;
        if (holder && holder.id !== id) throw externalIdTaken('approval item', input.externalId!, holder.id);
        const row = repo.updateItem(tx, id, version, set, now());
        if (!row) throw preconditionFailed(before.version);
        const item = toItem(row);
        audit.record(actor, { entity: 'approval_item', entityId: id, action: 'update', before: toItem(before), after: item, unitId: row.implementingUnitId });
        return item;
      });
    },

    publicCatalogue(query: { implementingUnitId?: string; pageSize?: number; pageToken?: string }) {
      const filters = { implementingUnitId: query.implementingUnitId };
      const after = pageTokens.decode('public-approval-catalogue', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.publicCatalogueQuery(query.implementingUnitId, after, limit).all();
      const page = pageTokens.page('public-approval-catalogue', filters, rows, limit, (r) => [r.code]);
      return page;
    },

    // ---- reviews

    getReview(actor: Actor, id: string): ApprovalReview {
      return toReview(visibleReview(actor, id));
    },

    listReviews(actor: Actor, query: ApprovalReviewQuery) {
      const order = parseOrderBy(query.orderBy, REVIEW_ORDER_FIELDS, 'createdAt');
      const filters = { campaignId: query.campaignId, stage: query.stage, unitId: query.unitId, ...registryBinding(query), orderBy: order.text };
      const after = pageTokens.decode('approval-reviews', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      let unitId = query.unitId;
      if (!readsAllApprovals(actor)) {
        if (unitId && unitId !== actor.unitId) return { items: [] };
        unitId = actor.unitId ?? undefined; // `?? undefined` unreachable over HTTP: every API key has a unit
      }
      const rows = repo.reviewsQuery({ campaignId: query.campaignId, stage: query.stage, unitId, code: query.code, externalId: query.externalId, updatedSince: query.updatedSince }, order, after, limit).all();
      const page = pageTokens.page('approval-reviews', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map((r) => toReview(r)), nextPageToken: page.nextPageToken };
    },

    createReview(actor: Actor, input: CreateApprovalReview): ApprovalReview {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        // Proposals are the implementing agency's own: any other item answers as if it did not exist.
        const item = visibleRef(repo.getItem(input.itemId), (i) => isAdmin(actor) || i.implementingUnitId === actor.unitId, '/itemId', 'approval item', input.itemId);
        if (item.status !== 'active') throw invalidTransition(`Item ${item.id} is ${item.status}; only active items are reviewed`);
        visibleRef(tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, input.campaignId)).get(), everyone, '/campaignId', 'campaign', input.campaignId);
        const existing = repo.reviewOf(item.id, input.campaignId);
        if (existing) throw new AppError('ALREADY_EXISTS', `Item ${item.id} already has review ${existing.id} in this campaign`, { extra: { resourceId: existing.id } });
        const holder = input.externalId === undefined ? undefined : repo.reviewByExternalId(tx, input.externalId);
        if (holder) throw externalIdTaken('approval review', input.externalId!, holder.id);
        const p = checkProposal(item.id, input, '', actor);
        const ts = now();
        const row: ReviewRow = {
          id: newId(),
          campaignId: input.campaignId,
          itemId: item.id,
          code: item.code,
          externalId: input.externalId ?? null,
          unitId: item.implementingUnitId,
          stage: 'draft',
          ...p,
          rationale: input.rationale,
          justification: input.justification ?? null,
          returnReason: null,
          submittedAt: null,
          legalVerdict: null,
          legalOpinion: null,
          legalDisposition: null,
          legalDelegateTo: null,
          legalReceivingBody: null,
          legalMergeIntoItemId: null,
          overrideReason: null,
          overrideRules: null,
          legalReviewedAt: null,
          decisionBatchId: null,
          decidedDisposition: null,
          decidedDelegateTo: null,
          decidedReceivingBody: null,
          decidedMergeIntoItemId: null,
          announcementId: null,
          followUp: null,
          followUpAt: null,
          version: 1,
          createdAt: ts,
          updatedAt: ts,
        };
        repo.insertReview(tx, row);
        const out = toReview(row, item);
        audit.record(actor, { entity: 'approval_review', entityId: row.id, action: 'create', after: out, unitId: row.unitId });
        return out;
      });
    },

    updateReview(actor: Actor, id: string, version: number | undefined, input: UpdateApprovalReview): ApprovalReview {
      return db.transaction((tx) => {
        const before = ownReview(actor, id);
        if (before.stage !== 'draft' && before.stage !== 'returned') throw invalidTransition(`Review ${id} is ${before.stage}; only draft or returned proposals change`);
        const dispositionChanges = input.disposition !== undefined && input.disposition !== before.disposition;
        const merged = {
          disposition: input.disposition ?? before.disposition,
          delegateTo: input.delegateTo !== undefined ? input.delegateTo : dispositionChanges ? null : before.delegateTo,
          receivingBody: input.receivingBody !== undefined ? input.receivingBody : dispositionChanges ? null : before.receivingBody,
          mergeIntoItemId: input.mergeIntoItemId !== undefined ? input.mergeIntoItemId : dispositionChanges ? null : before.mergeIntoItemId,
        };
        const p = checkProposal(before.itemId, merged, '', actor);
        const set: Partial<ReviewRow> = { ...p };
        if (input.rationale !== undefined) set.rationale = input.rationale;
        if (input.justification !== undefined) set.justification = input.justification;
        return moveReview(tx, actor, before, version, set, 'update');
      });
    },

    submit(actor: Actor, id: string, version: number | undefined): ApprovalReview {
      return db.transaction((tx) => {
        const before = ownReview(actor, id);
        if (before.stage !== 'draft' && before.stage !== 'returned') throw invalidTransition(`Review ${id} is ${before.stage}; only a draft or returned proposal is submitted`);
        const item = repo.getItem(before.itemId)!;
        const off = departures(findings(before, item));
        if (off.length && !before.justification) {
          const errors: ProblemDetail[] = off.map((f) => ({ in: 'body', pointer: '/justification', code: f.rule, detail: `${f.rule} (${f.severity === 'required' ? '一律' : '原则上'}): ${f.message}` }));
          throw new AppError('RULE_VIOLATION', `The proposal departs from ${off.map((f) => f.rule).join(', ')}; add a justification before submitting`, {
            errors,
            extra: { ruleId: off[0].rule },
          });
        }
        return moveReview(tx, actor, before, version, { stage: 'submitted', submittedAt: now(), returnReason: null }, 'submit');
      });
    },

    returnReview(actor: Actor, id: string, version: number | undefined, reason: string): ApprovalReview {
      requireRole(actor, 'legal_reviewer');
      return db.transaction((tx) => {
        const before = visibleReview(actor, id);
        if (before.stage !== 'submitted') throw invalidTransition(`Review ${id} is ${before.stage}; only a submitted proposal is returned`);
        return moveReview(tx, actor, before, version, { stage: 'returned', returnReason: reason }, 'return', reason);
      });
    },

    legalReview(actor: Actor, id: string, version: number | undefined, input: LegalReviewInput): ApprovalReview {
      requireRole(actor, 'legal_reviewer');
      return db.transaction((tx) => {
        const before = visibleReview(actor, id);
        if (before.stage !== 'submitted') throw invalidTransition(`Review ${id} is ${before.stage}; only a submitted proposal is legally reviewed`);
        let p: Proposal;
        if (input.verdict === 'amend') {
          if (!input.disposition) throw fieldError('/disposition', 'an amend verdict gives the amended disposition');
          p = checkProposal(before.itemId, { ...input, disposition: input.disposition });
        } else {
          if (input.disposition || input.delegateTo || input.receivingBody || input.mergeIntoItemId) throw fieldError('/disposition', 'an agree verdict keeps the proposal; use amend to change it');
          p = { disposition: before.disposition, delegateTo: before.delegateTo, receivingBody: before.receivingBody, mergeIntoItemId: before.mergeIntoItemId };
        }
        const item = repo.getItem(before.itemId)!;
        const required = departures(findings(before, item, p), 'required');
        if (required.length && !input.override) {
          throw new AppError('RULE_VIOLATION', `The disposition departs from the required (一律) rule ${required.map((f) => f.rule).join(', ')}; it passes legal review only with override {reason}`, {
            errors: required.map((f) => ({ in: 'body' as const, pointer: '/override', code: f.rule, detail: f.message })),
            extra: { ruleId: required[0].rule },
          });
        }
        const overrideRules = required.map((f) => f.rule);
        return moveReview(
          tx,
          actor,
          before,
          version,
          {
            stage: 'legally_reviewed',
            legalVerdict: input.verdict,
            legalOpinion: input.opinion,
            legalDisposition: p.disposition,
            legalDelegateTo: p.delegateTo,
            legalReceivingBody: p.receivingBody,
            legalMergeIntoItemId: p.mergeIntoItemId,
            overrideReason: required.length ? input.override!.reason : null,
            overrideRules: required.length ? overrideRules : null,
            legalReviewedAt: now(),
          },
          'legal_review',
          required.length ? input.override!.reason : null,
        );
      });
    },

    putFollowUp(actor: Actor, id: string, version: number | undefined, input: FollowUpInput): ApprovalReview {
      return db.transaction((tx) => {
        const before = ownReview(actor, id);
        if (!DECIDED.has(before.stage)) throw invalidTransition(`Review ${id} is ${before.stage}; follow-up comes after the executive decision`);
        const d = before.decidedDisposition!;
        const need: Record<string, (keyof FollowUpInput)[]> = {
          retain: ['stepsBefore', 'stepsAfter', 'timeLimitDaysBefore', 'timeLimitDaysAfter'],
          delegate: ['receivingUnitId', 'handoverOn'],
          merge: ['processingUnit'],
          cancel: ['supervisionMeasure'],
        };
        const fields = need[d] ?? []; // `?? []` unreachable: a decided disposition is one of the four keys of need
        const errors: ProblemDetail[] = [];
        for (const f of fields) if (input[f] === undefined) errors.push({ in: 'body', pointer: `/${f}`, detail: `is required for a ${d} decision` });
        for (const k of Object.keys(input)) if (!fields.includes(k as keyof FollowUpInput)) errors.push({ in: 'body', pointer: `/${k}`, detail: `does not apply to a ${d} decision` });
        if (errors.length) throw new AppError('VALIDATION_FAILED', `The follow-up of a ${d} decision needs ${fields.join(', ')}`, { errors });
        if (input.receivingUnitId) visibleRef(repo.unitById(tx, input.receivingUnitId), everyone, '/receivingUnitId', 'unit', input.receivingUnitId);
        return moveReview(tx, actor, before, version, { followUp: input as Record<string, unknown>, followUpAt: now() }, 'follow_up');
      });
    },

    // ---- executive decisions

    decide(actor: Actor, input: DecisionBatchInput) {
      requireRole(actor, 'executive_secretary');
      return db.transaction((tx) => {
        const ids = input.decisions.map((d) => d.reviewId);
        const seen = new Map<string, number>();
        ids.forEach((id, i) => {
          if (seen.has(id)) throw fieldError(`/decisions/${i}/reviewId`, `review ${id} appears twice (also at /decisions/${seen.get(id)})`);
          seen.set(id, i);
        });
        const rows = new Map(repo.reviewsByIds(tx, ids).map((r) => [r.id, r]));
        visibleRefs(ids, rows, (r) => canSeeReview(actor, r), (i) => `/decisions/${i}/reviewId`, 'review');
        const planned = input.decisions.map((d, i) => {
          const r = rows.get(d.reviewId)!;
          if (r.stage !== 'legally_reviewed') {
            throw new AppError('INVALID_STATE_TRANSITION', `Review ${r.id} is ${r.stage}, not legally reviewed; nothing was decided`, {
              errors: [{ in: 'body', pointer: `/decisions/${i}/reviewId`, detail: `review ${r.id} is ${r.stage}; the legal office must review it first` }],
              extra: { resourceId: r.id },
            });
          }
          const same = d.disposition === r.legalDisposition;
          const p = checkProposal(
            r.itemId,
            {
              disposition: d.disposition,
              delegateTo: d.delegateTo !== undefined ? d.delegateTo : same ? r.legalDelegateTo : null,
              receivingBody: d.receivingBody !== undefined ? d.receivingBody : same ? r.legalReceivingBody : null,
              mergeIntoItemId: d.mergeIntoItemId !== undefined ? d.mergeIntoItemId : same ? r.legalMergeIntoItemId : null,
            },
            `/decisions/${i}`,
          );
          return { i, r, p };
        });
        const violations = checkMergeBatch(
          planned.map(({ i, r, p }) => ({ index: i, itemId: r.itemId, disposition: p.disposition, mergeIntoItemId: p.mergeIntoItemId })),
          (itemId) => repo.getItem(itemId)?.status ?? null, // `?? null` unreachable: checkProposal proved each target exists; items are never deleted
          (itemId) => repo.pendingDisposition(tx, itemId),
        );
        if (violations.length) {
          throw new AppError('RULE_VIOLATION', `A4: ${violations[0].detail}; nothing was decided`, {
            errors: violations.map((v) => ({ in: 'body' as const, pointer: `/decisions/${v.index}/mergeIntoItemId`, code: v.rule, detail: v.detail })),
            extra: { ruleId: 'A4' },
          });
        }
        const ts = now();
        const batch = { id: newId(), meetingNumber: input.meetingNumber, meetingDate: input.meetingDate, decisionCount: planned.length, createdAt: ts };
        repo.insertBatch(tx, batch);
        for (const { r, p } of planned) {
          moveReview(
            tx,
            actor,
            r,
            r.version,
            { stage: 'decided', decisionBatchId: batch.id, decidedDisposition: p.disposition, decidedDelegateTo: p.delegateTo, decidedReceivingBody: p.receivingBody, decidedMergeIntoItemId: p.mergeIntoItemId },
            'decide',
          );
        }
        const out = { ...batch, reviewIds: [...ids].sort(), version: 1 };
        audit.record(actor, { entity: 'approval_decision_batch', entityId: batch.id, action: 'create', after: out });
        return out;
      });
    },

    getBatch(actor: Actor, id: string) {
      if (!readsAllApprovals(actor)) throw notFound('Decision batch', id);
      const b = repo.getBatch(id);
      if (!b) throw notFound('Decision batch', id);
      return { ...b, reviewIds: repo.batchReviewIds(id), version: 1 };
    },

    // ---- announcements

    announce(actor: Actor, input: AnnouncementInput): Announcement {
      requireRole(actor);
      return db.transaction((tx) => {
        const due = repo.decidedUnpublished(tx, input.campaignId);
        if (!due.length) throw new AppError('CONFLICT', 'There is no decided, unpublished review to announce');
        const ts = now();
        const ann = { id: newId(), title: input.title, documentNumber: input.documentNumber, publishedOn: input.publishedOn, campaignId: input.campaignId ?? null, reviewCount: due.length, createdAt: ts };
        repo.insertAnnouncement(tx, ann);
        // Merge targets must still be active when applied: apply non-merges first, then check merges.
        const order = [...due].sort((a, b) => Number(a.decidedDisposition === 'merge') - Number(b.decidedDisposition === 'merge'));
        for (const r of order) {
          const item = repo.getItem(r.itemId)!;
          const d = r.decidedDisposition!;
          let set: Partial<ItemRow> | null = null;
          if (d === 'cancel') set = { status: 'cancelled' };
          else if (d === 'delegate') set = { status: 'delegated', delegatedTo: r.decidedDelegateTo, receivingBody: r.decidedReceivingBody };
          else if (d === 'merge') {
            const target = repo.getItem(r.decidedMergeIntoItemId!);
            if (!target || target.status !== 'active') {
              throw new AppError('RULE_VIOLATION', `A4: review ${r.id} merges into ${r.decidedMergeIntoItemId}, which is no longer active; nothing was published`, { extra: { ruleId: 'A4', resourceId: r.id } });
            }
            set = { status: 'merged', mergedIntoId: target.id };
          }
          if (set) {
            if (item.status !== 'active') throw invalidTransition(`Item ${item.id} is already ${item.status}; nothing was published`);
            const row = repo.updateItem(tx, item.id, undefined, set, ts)!;
            audit.record(actor, { entity: 'approval_item', entityId: item.id, action: 'apply_decision', before: toItem(item), after: toItem(row), unitId: item.implementingUnitId });
          }
          moveReview(tx, actor, r, r.version, { stage: 'published', announcementId: ann.id }, 'publish');
        }
        const out = this.announcementOf(ann.id)!;
        audit.record(actor, { entity: 'approval_announcement', entityId: ann.id, action: 'create', after: { ...ann, counts: out.counts } });
        return out;
      });
    },

    announcementOf(id: string): Announcement | undefined {
      const a = repo.getAnnouncement(id);
      if (!a) return undefined;
      const entries = repo.announcementEntries(id);
      const counts: Record<string, number> = { retain: 0, cancel: 0, delegate: 0, merge: 0 };
      for (const e of entries) counts[e.disposition] = (counts[e.disposition] ?? 0) + 1; // `?? 0` unreachable: every disposition starts at 0
      return {
        id: a.id,
        title: a.title,
        documentNumber: a.documentNumber,
        publishedOn: a.publishedOn,
        counts: counts as Announcement['counts'],
        entries: entries as Announcement['entries'],
        version: 1,
        createdAt: a.createdAt,
      };
    },

    getAnnouncement(id: string): Announcement {
      const a = this.announcementOf(id);
      if (!a) throw notFound('Announcement', id);
      return a;
    },

    // ---- summary

    summary(actor: Actor, campaignId: string, implementingUnitId?: string): Summary {
      let unitId = implementingUnitId;
      if (!readsAllApprovals(actor)) {
        if (unitId && unitId !== actor.unitId) throw notFound('Unit', unitId);
        unitId = actor.unitId ?? undefined; // `?? undefined` unreachable over HTTP: every API key has a unit
      }
      if (!db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaignId)).get()) throw notFound('Campaign', campaignId);
      const rows = repo.summaryRows(campaignId, unitId);
      const zero = () => ({ retain: 0, cancel: 0, delegate: 0, merge: 0 }) as Record<string, number>;
      const proposed = zero();
      const decided = zero();
      const byStage: Record<string, number> = { draft: 0, submitted: 0, returned: 0, legally_reviewed: 0, decided: 0, published: 0 };
      let published = 0; // outcomes already applied to the catalogue (non-retain)
      let pending = 0; // decided, not yet applied (non-retain)
      const reductions: Array<{ days: number; pct: number }> = [];
      // The `?? 0`s in this loop are unreachable: every disposition and stage starts at 0 above (both columns are enums).
      for (const r of rows) {
        proposed[r.disposition] = (proposed[r.disposition] ?? 0) + 1;
        byStage[r.stage] = (byStage[r.stage] ?? 0) + 1;
        if (r.decided && DECIDED.has(r.stage)) {
          decided[r.decided] = (decided[r.decided] ?? 0) + 1;
          if (r.decided !== 'retain') {
            if (r.stage === 'published') published++;
            else pending++;
          }
          const f = r.followUp as FollowUp | null;
          if (r.decided === 'retain' && f && f.timeLimitDaysBefore !== undefined && f.timeLimitDaysAfter !== undefined) {
            const days = f.timeLimitDaysBefore - f.timeLimitDaysAfter;
            reductions.push({ days, pct: f.timeLimitDaysBefore > 0 ? (days / f.timeLimitDaysBefore) * 100 : 0 });
          }
        }
      }
      const active = repo.countActive(unitId);
      const before = active + published;
      const after = active - pending;
      const round1 = (n: number) => Math.round(n * 10) / 10;
      return {
        campaignId,
        reviews: rows.length,
        proposed: proposed as Summary['proposed'],
        decided: decided as Summary['decided'],
        byStage: byStage as Summary['byStage'],
        catalogueBefore: before,
        catalogueAfter: after,
        reductionPercent: before > 0 ? round1(((before - after) / before) * 100) : 0,
        retainedWithTimeLimits: reductions.length,
        averageTimeLimitReductionDays: reductions.length ? round1(reductions.reduce((s, r) => s + r.days, 0) / reductions.length) : null,
        averageTimeLimitReductionPercent: reductions.length ? round1(reductions.reduce((s, r) => s + r.pct, 0) / reductions.length) : null,
      };
    },
  };
}
export type ApprovalService = ReturnType<typeof createApprovalService>;
