// Fee-review use cases: declare fees, review them (finance + price, F4), decide in batches, publish immutable catalogue
// versions, and answer the public F5 check from an in-memory map of the current version. One transaction per write.
import { externalIdTaken, registryBinding } from '../../http/registry-filters.js';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { campaigns } from '../../db/schema/index.js';
import { type Actor, hasRole, isAdmin, requireRole, seesAll } from '../../http/auth.js';
import { everyone, ownUnitOnly, visibleRef, visibleRefs } from '../../http/references.js';
import { AppError, fieldError, forbidden, invalidTransition, notFound, type ProblemDetail } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId, unitRefKey } from '../../lib/ids.js';
import { approvedStandardFen, evaluateFee, f5, missingOpinions, retainForbiddenBy, type Standard } from './rules.js';
import { createFeeRepository, type FeeCatalogueEntryRow, type FeeCatalogueRow, type FeeItemRow, type FeeReviewRow } from './repository.js';
import { importFeeItems } from './import.js';
import type { ImportBody } from '../../http/tabular/index.js';
import { checkStandard, standardColumns, standardOf, toFeeItem } from './rows.js';
import {
  FEE_ITEM_ORDER_FIELDS,
  FEE_REVIEW_ORDER_FIELDS,
  type CreateFeeCatalogue,
  type CreateFeeDecision,
  type CreateFeeItem,
  type CreateFeeReview,
  type FeeCatalogue,
  type FeeCheck,
  type FeeCheckQuery,
  type FeeDecision,
  type FeeItem,
  type FeeItemQuery,
  type FeeReview,
  type FeeReviewQuery,
  type FeeSummary,
  type OpinionBody,
  type PublicCatalogueQuery,
  type UpdateFeeItem,
  type UpdateFeeReview,
} from './schemas.js';

/** Finance, price and the executive meeting's secretary work on every agency's fees; so do admin, inspectors, readers. */
export const seesAllFees = (actor: Actor): boolean => seesAll(actor) || hasRole(actor, 'finance_reviewer', 'price_reviewer', 'executive_secretary');
const canSee = (actor: Actor, unitId: string): boolean => seesAllFees(actor) || actor.unitId === unitId;

// `item` is always found (fee items are never deleted and reviews reference them by foreign key): the fallbacks below for
// an absent item cannot be reached; they only satisfy the optional parameter's type.
function toReview(r: FeeReviewRow, item: FeeItemRow | undefined): FeeReview {
  const standard = r.decidedStandard ? (r.decidedStandard as unknown as Standard) : item ? standardOf(item) : ({ kind: 'fixed', amountFen: 0, per: '次' } as Standard);
  const evaluation = evaluateFee({
    category: (item?.category ?? 'administrative') as 'administrative',
    basisLevel: (item?.basisLevel ?? 'regional') as 'regional',
    standard,
    keptAsNecessary: r.keptAsNecessary,
    necessityJustification: r.necessityJustification,
  });
  const decided = r.status === 'decided';
  return {
    id: r.id,
    campaignId: r.campaignId,
    feeItemId: r.feeItemId,
    code: r.code ?? item?.code ?? '',
    externalId: r.externalId,
    unitId: r.unitId,
    status: r.status as FeeReview['status'],
    keptAsNecessary: r.keptAsNecessary ?? false, // `?? false` unreachable: a declaration writes false when none is sent
    necessityJustification: r.necessityJustification,
    declarationNote: r.declarationNote,
    // `?? ''` unreachable: an opinion's verdict and text (required by its schema) are written together.
    financeOpinion: r.financeVerdict ? { verdict: r.financeVerdict as 'retain', text: r.financeText ?? '', givenAt: r.financeAt! } : null,
    priceOpinion: r.priceVerdict ? { verdict: r.priceVerdict as 'retain', text: r.priceText ?? '', givenAt: r.priceAt! } : null,
    findings: evaluation.findings,
    recommendedOutcome: evaluation.recommendedOutcome,
    approvedStandardFen: decided ? r.approvedStandardFen : evaluation.approvedStandardFen,
    outcome: (r.outcome as FeeReview['outcome']) ?? null,
    decisionId: r.decisionId,
    decidedAt: r.decidedAt,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const toCatalogue = (r: FeeCatalogueRow): FeeCatalogue => ({
  version: r.version,
  publishedOn: r.publishedOn,
  documentNumber: r.documentNumber,
  retainedCount: r.retainedCount,
  cancelledCount: r.cancelledCount,
  publishedAt: r.publishedAt,
});

const toPublicEntry = (e: FeeCatalogueEntryRow) => ({
  code: e.code,
  name: e.name,
  collectingUnitId: e.unitId,
  collectingUnitName: e.unitName,
  collectingUnitCreditCode: e.unitCreditCode,
  category: e.category as FeeItem['category'],
  basisLevel: e.basisLevel as FeeItem['basisLevel'],
  bases: e.bases,
  publishedStandard: standardOf(e),
  approvedStandardFen: e.approvedStandardFen ?? 0, // `?? 0` unreachable: the public list holds only retained entries, which carry it
  per: e.per,
});

/** The public check's answers for one catalogue version, serialised once: a hit is one Map lookup. */
interface CheckIndex {
  version: number | null;
  etag: string;
  answers: Map<string, string>;
  miss: string;
}

export const catalogueEtag = (version: number | null): string => `"fee-catalogue-${version ?? 0}"`;

export function createFeeService(deps: Deps) {
  const repo = createFeeRepository(deps.db);
  const { db, audit, clock, pageTokens } = deps;
  let checkIndex: CheckIndex | undefined;
  // Another process (a second instance, a script) may publish: the latest version is re-read at most once a second.
  // Monotonic process time, not deps.clock: this is cache freshness, not a date of the domain.
  const CHECK_REVALIDATE_MS = 1000;
  let checkedAt = 0;

  function visibleItem(actor: Actor, id: string): FeeItemRow {
    const row = repo.item(id);
    if (!row || !canSee(actor, row.collectingUnitId)) throw notFound('Fee item', id);
    return row;
  }
  function visibleReview(actor: Actor, id: string): FeeReviewRow {
    const row = repo.review(id);
    if (!row || !canSee(actor, row.unitId)) throw notFound('Fee review', id);
    return row;
  }
  function requireUnitExists(unitId: string, pointer: string) {
    visibleRef(repo.unitByRef(unitId), everyone, pointer, 'unit', unitId);
  }
  function requireOwnUnit(actor: Actor, unitId: string) {
    ownUnitOnly(actor, unitId, 'A unit editor declares only the fees its own agency collects');
  }
  const reviewOut = (r: FeeReviewRow) => toReview(r, repo.item(r.feeItemId));

  function buildCheckIndex(): CheckIndex {
    const latest = repo.latestCatalogue();
    const version = latest?.version ?? null;
    const answer = (a: FeeCheck) => JSON.stringify(a);
    const answers = new Map<string, string>();
    if (latest) {
      const creditCodes = new Map(repo.allUnits().map((u) => [u.id, u.creditCode]));
      // Cancelled first so that a retained fee of the same name wins.
      // A rank, not a three-way comparator: which arm of a comparator runs depends on the order SQLite returns the entries in.
      const rank = (e: { status: string }) => (e.status === 'cancelled' ? 0 : 1);
      const entries = repo.entriesOf(latest.version).sort((a, b) => rank(a) - rank(b));
      for (const e of entries) {
        const verdict = f5({ status: e.status as 'retained' | 'cancelled' }, version);
        const body = answer({
          permitted: verdict.permitted,
          // `?? 0` unreachable: only a retained entry is permitted, and a retained decision always carries approvedStandardFen.
          standard: verdict.permitted ? { kind: 'fixed', amountFen: e.approvedStandardFen ?? 0, per: e.per } : null,
          catalogueVersion: version,
          reason: verdict.reason,
        });
        const refs = new Set([e.unitId, e.unitCreditCode, creditCodes.get(e.unitId)].filter((x): x is string => !!x));
        for (const ref of refs) {
          answers.set(`${ref}\u0000i\u0000${e.code}`, body);
          answers.set(`${ref}\u0000n\u0000${e.name}`, body);
        }
      }
    }
    const miss = f5(undefined, version);
    return { version, etag: catalogueEtag(version), answers, miss: answer({ permitted: false, standard: null, catalogueVersion: version, reason: miss.reason }) };
  }

  function campaignExists(tx: Tx | typeof db, id: string): boolean {
    return tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, id)).get() !== undefined;
  }

  return {
    repo,

    // Fee items.
    getItem: (actor: Actor, id: string): FeeItem => toFeeItem(visibleItem(actor, id)),
    listItems(actor: Actor, query: FeeItemQuery) {
      const order = parseOrderBy(query.orderBy, FEE_ITEM_ORDER_FIELDS, 'code');
      const own = seesAllFees(actor) ? undefined : (actor.unitId ?? ''); // `?? ''` unreachable over HTTP: every API key has a unit
      if (own !== undefined && query.collectingUnitId && query.collectingUnitId !== own) return { items: [] };
      const filter = { ...query, collectingUnitId: own ?? query.collectingUnitId };
      const filters = { collectingUnitId: filter.collectingUnitId, category: query.category, basisLevel: query.basisLevel, ...registryBinding(query), q: query.q, orderBy: order.text };
      const after = pageTokens.decode('fee-items', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.itemListQuery(filter, order, after, limit).all();
      const page = pageTokens.page('fee-items', filters, rows, limit, (r) => (order.field === 'code' ? [r.code, r.id] : [r.id]));
      return { items: page.items.map(toFeeItem), nextPageToken: page.nextPageToken };
    },
    createItem(actor: Actor, input: CreateFeeItem): FeeItem {
      requireRole(actor, 'unit_editor');
      requireOwnUnit(actor, input.collectingUnitId);
      const standard = checkStandard(input.standard);
      requireUnitExists(input.collectingUnitId, '/collectingUnitId');
      return db.transaction((tx) => {
        const other = repo.itemByCode(input.code);
        if (other) throw new AppError('ALREADY_EXISTS', `A fee item with code ${input.code} already exists`, { extra: { resourceId: other.id } });
        const holder = input.externalId === undefined ? undefined : repo.itemByExternalId(input.externalId);
        if (holder) throw externalIdTaken('fee item', input.externalId!, holder.id);
        const now = clock.now().toISOString();
        const row: FeeItemRow = {
          id: newId(),
          code: input.code,
          externalId: input.externalId ?? null,
          name: input.name,
          collectingUnitId: input.collectingUnitId,
          category: input.category,
          basisLevel: input.basisLevel,
          bases: input.bases,
          fundManagement: input.fundManagement ?? null,
          affectsEnterprises: input.affectsEnterprises ?? false,
          ...standardColumns(standard),
          currentChargeFen: input.currentChargeFen ?? null,
          annualVolume: input.annualVolume ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        repo.insertItem(row);
        const item = toFeeItem(row);
        audit.record(actor, { entity: 'fee_item', entityId: row.id, action: 'create', after: item, unitId: row.collectingUnitId });
        return item;
      });
    },
    updateItem(actor: Actor, id: string, version: number | undefined, input: UpdateFeeItem): FeeItem {
      return db.transaction((tx) => {
        const before = visibleItem(actor, id);
        requireOwnUnit(actor, before.collectingUnitId);
        if (input.collectingUnitId !== undefined && input.collectingUnitId !== before.collectingUnitId) {
          if (!isAdmin(actor)) throw forbidden('Only an admin moves a fee to another collecting agency');
          requireUnitExists(input.collectingUnitId, '/collectingUnitId');
        }
        const holder = input.externalId ? repo.itemByExternalId(input.externalId) : undefined;
        if (holder && holder.id !== id) throw externalIdTaken('fee item', input.externalId!, holder.id);
        const { standard, ...rest } = input;
        const set: Partial<FeeItemRow> = { ...(rest as Partial<FeeItemRow>) };
        if (standard) Object.assign(set, standardColumns(checkStandard(standard)));
        const row = repo.updateItem(tx, id, version, set, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const item = toFeeItem(row);
        audit.record(actor, { entity: 'fee_item', entityId: id, action: 'update', before: toFeeItem(before), after: item, unitId: row.collectingUnitId });
        return item;
      });
    },
    importItems(actor: Actor, input: ImportBody, dryRun: boolean) {
      requireRole(actor, 'unit_editor');
      return importFeeItems(deps, repo, actor, input, dryRun);
    },

    // Reviews.
    getReview: (actor: Actor, id: string): FeeReview => reviewOut(visibleReview(actor, id)),
    listReviews(actor: Actor, query: FeeReviewQuery) {
      const order = parseOrderBy(query.orderBy, FEE_REVIEW_ORDER_FIELDS, 'createdAt');
      const own = seesAllFees(actor) ? undefined : (actor.unitId ?? ''); // `?? ''` unreachable over HTTP: every API key has a unit
      if (own !== undefined && query.unitId && query.unitId !== own) return { items: [] };
      const filter = { campaignId: query.campaignId, unitId: own ?? query.unitId, status: query.status, code: query.code, externalId: query.externalId, updatedSince: query.updatedSince };
      const filters = { ...filter, ...registryBinding(query), orderBy: order.text };
      const after = pageTokens.decode('fee-reviews', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.reviewListQuery(filter, order, after, limit).all();
      const page = pageTokens.page('fee-reviews', filters, rows, limit, (r) => [r.id]);
      return { items: page.items.map(reviewOut), nextPageToken: page.nextPageToken };
    },
    createReview(actor: Actor, input: CreateFeeReview): FeeReview {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const item = visibleRef(repo.item(input.feeItemId), (i) => canSee(actor, i.collectingUnitId), '/feeItemId', 'fee item', input.feeItemId);
        requireOwnUnit(actor, item.collectingUnitId);
        visibleRef(campaignExists(tx, input.campaignId) || undefined, everyone, '/campaignId', 'campaign', input.campaignId);
        const other = repo.reviewOf(input.feeItemId, input.campaignId);
        if (other) throw new AppError('ALREADY_EXISTS', `Fee item ${input.feeItemId} is already declared in this campaign (review ${other.id})`, { extra: { resourceId: other.id } });
        const holder = input.externalId === undefined ? undefined : repo.reviewByExternalId(input.externalId);
        if (holder) throw externalIdTaken('fee review', input.externalId!, holder.id);
        const now = clock.now().toISOString();
        const row: FeeReviewRow = {
          id: newId(),
          campaignId: input.campaignId,
          feeItemId: input.feeItemId,
          code: item.code,
          externalId: input.externalId ?? null,
          unitId: item.collectingUnitId,
          status: 'declared',
          keptAsNecessary: input.keptAsNecessary ?? false,
          necessityJustification: input.necessityJustification ?? null,
          declarationNote: input.declarationNote ?? null,
          financeVerdict: null,
          financeText: null,
          financeApiKeyId: null,
          financeAt: null,
          priceVerdict: null,
          priceText: null,
          priceApiKeyId: null,
          priceAt: null,
          decisionId: null,
          outcome: null,
          decidedStandard: null,
          approvedStandardFen: null,
          decidedCurrentChargeFen: null,
          decidedAnnualVolume: null,
          decidedAt: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        repo.insertReview(tx, row);
        const review = toReview(row, item);
        audit.record(actor, { entity: 'fee_review', entityId: row.id, action: 'create', after: review, unitId: row.unitId });
        return review;
      });
    },
    updateReview(actor: Actor, id: string, version: number | undefined, input: UpdateFeeReview): FeeReview {
      requireRole(actor, 'unit_editor');
      return db.transaction((tx) => {
        const before = visibleReview(actor, id);
        requireOwnUnit(actor, before.unitId);
        if (before.status !== 'declared') throw invalidTransition(`The declaration can change only before any opinion is given; the review is ${before.status}`);
        const row = repo.updateReview(tx, id, version, input as Partial<FeeReviewRow>, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const review = reviewOut(row);
        audit.record(actor, { entity: 'fee_review', entityId: id, action: 'update', before: reviewOut(before), after: review, unitId: row.unitId });
        return review;
      });
    },
    /** :financeOpinion (finance_reviewer) and :priceOpinion (price_reviewer); both are needed before the decision (F4). */
    giveOpinion(actor: Actor, id: string, version: number | undefined, side: 'finance' | 'price', body: OpinionBody): FeeReview {
      requireRole(actor, side === 'finance' ? 'finance_reviewer' : 'price_reviewer');
      return db.transaction((tx) => {
        const before = visibleReview(actor, id);
        if (before.status === 'decided') throw invalidTransition('The executive meeting has decided this review; opinions are closed');
        if (version !== undefined && version !== before.version) throw preconditionFailed(before.version);
        const now = clock.now().toISOString();
        const set: Partial<FeeReviewRow> =
          side === 'finance'
            ? { financeVerdict: body.verdict, financeText: body.text, financeApiKeyId: actor.apiKeyId, financeAt: now }
            : { priceVerdict: body.verdict, priceText: body.text, priceApiKeyId: actor.apiKeyId, priceAt: now };
        const other = side === 'finance' ? before.priceVerdict : before.financeVerdict;
        set.status = other ? 'reviewed' : 'under_review';
        const row = repo.updateReview(tx, id, before.version, set, now);
        if (!row) throw preconditionFailed(before.version); // unreachable: the row was read at this version in this transaction
        const review = reviewOut(row);
        audit.record(actor, { entity: 'fee_review', entityId: id, action: `${side}_opinion`, before: reviewOut(before), after: review, unitId: row.unitId });
        return review;
      });
    },
    summary(actor: Actor, campaignId: string): FeeSummary {
      if (!campaignExists(db, campaignId)) throw notFound('Campaign', campaignId);
      const unitId = seesAllFees(actor) ? undefined : (actor.unitId ?? ''); // `?? ''` unreachable over HTTP: every API key has a unit
      let cancelled = 0;
      let retained = 0;
      let lowered = 0;
      let withoutVolume = 0;
      let reduction = 0n;
      for (const r of repo.decidedReviewsQuery(campaignId, unitId).all()) {
        const std = r.decidedStandard as unknown as Standard;
        const top = std.kind === 'range' ? std.maxFen : std.amountFen;
        const before = r.decidedCurrentChargeFen ?? top;
        let cut: number;
        if (r.outcome === 'cancel') {
          cancelled++;
          cut = before;
        } else {
          retained++;
          const approved = r.approvedStandardFen ?? before; // `?? before` unreachable: a retain decision always sets approvedStandardFen
          cut = Math.max(0, before - approved);
          if (approved < before) lowered++;
        }
        if (r.decidedAnnualVolume === null) withoutVolume++;
        else reduction += BigInt(cut) * BigInt(r.decidedAnnualVolume);
      }
      return {
        campaignId,
        reviews: repo.countReviews(campaignId, unitId),
        decided: cancelled + retained,
        cancelled,
        retained,
        standardLowered: lowered,
        estimatedYearlyReductionFen: Number(reduction),
        feesWithoutVolume: withoutVolume,
      };
    },

    // Decisions: all or nothing.
    decide(actor: Actor, input: CreateFeeDecision): FeeDecision {
      requireRole(actor, 'executive_secretary');
      const seen = new Map<string, number>();
      input.decisions.forEach((d, i) => {
        if (seen.has(d.reviewId)) throw fieldError(`/decisions/${i}/reviewId`, `review ${d.reviewId} is already decided at /decisions/${seen.get(d.reviewId)} of this batch`);
        seen.set(d.reviewId, i);
      });
      return db.transaction((tx) => {
        const loaded = input.decisions.map((d, i) => ({ d, i, review: repo.review(d.reviewId) }));
        const byId = new Map(loaded.filter((x) => x.review).map((x) => [x.d.reviewId, x.review!]));
        visibleRefs(input.decisions.map((d) => d.reviewId), byId, (r) => canSee(actor, r.unitId), (i) => `/decisions/${i}/reviewId`, 'fee review');
        const blocked: ProblemDetail[] = [];
        for (const { d, i, review } of loaded) {
          const r = review!;
          if (r.status === 'decided') {
            blocked.push({ in: 'body', pointer: `/decisions/${i}/reviewId`, code: 'ALREADY_DECIDED', detail: `review ${d.reviewId} was already decided (decision ${r.decisionId})` });
            continue;
          }
          const lacking = missingOpinions(r);
          if (lacking.length) {
            const names = lacking.map((s) => (s === 'finance' ? 'the finance opinion (财政厅)' : 'the price opinion (物价局)')).join(' and ');
            blocked.push({ in: 'body', pointer: `/decisions/${i}/reviewId`, code: 'F4', detail: `review ${d.reviewId} lacks ${names} (F4: both are required before the executive meeting)` });
          }
        }
        if (blocked.length) {
          const first = loaded[Number(blocked[0].pointer.split('/')[2])].d.reviewId;
          const extra = { resourceId: first, ...(blocked.some((b) => b.code === 'F4') ? { ruleId: 'F4' } : {}) };
          throw new AppError('INVALID_STATE_TRANSITION', `${blocked.length} review(s) of the batch cannot be decided: ${blocked[0].detail}; nothing was decided`, { errors: blocked, extra });
        }
        const items = new Map(loaded.map((x) => [x.review!.id, repo.item(x.review!.feeItemId)!]));
        const broken: ProblemDetail[] = [];
        let brokenRule = 'F1';
        for (const { d, i, review } of loaded) {
          if (d.outcome !== 'retain') continue;
          const item = items.get(review!.id)!;
          const finding = retainForbiddenBy({ category: item.category as 'administrative', basisLevel: item.basisLevel as 'national', standard: standardOf(item), keptAsNecessary: review!.keptAsNecessary, necessityJustification: review!.necessityJustification });
          if (finding) {
            if (!broken.length) brokenRule = finding.ruleId;
            broken.push({ in: 'body', pointer: `/decisions/${i}/outcome`, code: finding.ruleId, detail: `fee ${item.code} cannot be retained: ${finding.detail} (${finding.ruleId})` });
          }
        }
        if (broken.length) throw new AppError('RULE_VIOLATION', `${broken.length} decision(s) would retain a fee the plan cancels: ${broken[0].detail}; nothing was decided`, { errors: broken, extra: { ruleId: brokenRule } });

        const now = clock.now().toISOString();
        const decisionId = newId();
        repo.insertDecision(tx, { id: decisionId, meetingNumber: input.meetingNumber, meetingDate: input.meetingDate, reviewCount: input.decisions.length, apiKeyId: actor.apiKeyId, createdAt: now });
        const out: FeeDecision['decisions'] = [];
        for (const { d, review } of loaded) {
          const r = review!;
          const item = items.get(r.id)!;
          const standard = standardOf(item);
          const approved = d.outcome === 'retain' ? approvedStandardFen(standard) : null;
          const row = repo.updateReview(tx, r.id, r.version, {
            status: 'decided',
            decisionId,
            outcome: d.outcome,
            decidedStandard: standard as unknown as Record<string, unknown>,
            approvedStandardFen: approved,
            decidedCurrentChargeFen: item.currentChargeFen,
            decidedAnnualVolume: item.annualVolume,
            decidedAt: now,
          }, now);
          // Unreachable: the row was read in this same synchronous transaction at this version.
          if (!row) throw preconditionFailed(r.version);
          audit.record(actor, { entity: 'fee_review', entityId: r.id, action: 'decide', before: toReview(r, item), after: toReview(row, item), unitId: r.unitId });
          out.push({ reviewId: r.id, feeItemId: r.feeItemId, outcome: d.outcome, approvedStandardFen: approved });
        }
        const decision: FeeDecision = { id: decisionId, meetingNumber: input.meetingNumber, meetingDate: input.meetingDate, decisions: out, version: 1, createdAt: now };
        audit.record(actor, { entity: 'fee_decision', entityId: decisionId, action: 'create', after: decision, unitId: null });
        return decision;
      });
    },
    getDecision(actor: Actor, id: string): FeeDecision {
      if (!seesAllFees(actor)) throw notFound('Fee decision', id);
      const d = repo.decision(id);
      if (!d) throw notFound('Fee decision', id);
      const decisions = repo.reviewsOfDecision(id).map((r) => ({ reviewId: r.id, feeItemId: r.feeItemId, outcome: r.outcome as 'retain', approvedStandardFen: r.approvedStandardFen }));
      return { id: d.id, meetingNumber: d.meetingNumber, meetingDate: d.meetingDate, decisions, version: 1, createdAt: d.createdAt };
    },

    // Catalogues.
    publish(actor: Actor, input: CreateFeeCatalogue): FeeCatalogue {
      requireRole(actor);
      const catalogue = db.transaction((tx) => {
        if (repo.documentTaken(tx, input.documentNumber)) throw new AppError('ALREADY_EXISTS', `A catalogue was already published by ${input.documentNumber}`);
        const version = (repo.latestCatalogue()?.version ?? 0) + 1;
        const decided = repo.latestDecisions(tx);
        const entries: FeeCatalogueEntryRow[] = decided.map((d) => {
          const standard = JSON.parse(d.decidedStandard) as Standard;
          const retained = d.outcome === 'retain';
          return {
            catalogueVersion: version,
            feeItemId: d.feeItemId,
            reviewId: d.reviewId,
            status: retained ? 'retained' : 'cancelled',
            code: d.code,
            name: d.name,
            unitId: d.unitId,
            unitName: d.unitName,
            unitCreditCode: d.unitCreditCode,
            category: d.category,
            basisLevel: d.basisLevel,
            bases: JSON.parse(d.bases),
            ...standardColumns(standard),
            // `?? approvedStandardFen(standard)` unreachable: a retain decision always sets approvedStandardFen.
            approvedStandardFen: retained ? (d.approvedStandardFen ?? approvedStandardFen(standard)) : null,
          };
        });
        const row: FeeCatalogueRow = {
          version,
          publishedOn: input.publishedOn,
          documentNumber: input.documentNumber,
          retainedCount: entries.filter((e) => e.status === 'retained').length,
          cancelledCount: entries.filter((e) => e.status === 'cancelled').length,
          apiKeyId: actor.apiKeyId,
          publishedAt: clock.now().toISOString(),
        };
        repo.insertCatalogue(tx, row);
        repo.insertEntries(tx, entries);
        const out = toCatalogue(row);
        audit.record(actor, { entity: 'fee_catalogue', entityId: String(version), action: 'publish', after: out, unitId: null });
        return out;
      });
      checkIndex = undefined; // the next check rebuilds the map for the new version
      return catalogue;
    },
    getCatalogue(version: number): FeeCatalogue {
      const row = repo.catalogue(version);
      if (!row) throw notFound('Fee catalogue version', String(version));
      return toCatalogue(row);
    },
    listCatalogues(query: { pageSize?: number; pageToken?: string }) {
      const after = pageTokens.decode('fee-catalogues', {}, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.catalogueListQuery(after, limit).all();
      const page = pageTokens.page('fee-catalogues', {}, rows, limit, (r) => [r.version]);
      return { items: page.items.map(toCatalogue), nextPageToken: page.nextPageToken };
    },

    // Public.
    publicCatalogue(query: PublicCatalogueQuery) {
      // An id in any case (issue 12.15); a credit code as it is.
      const unit = query.unit === undefined ? undefined : unitRefKey(query.unit);
      const filters = { version: query.version, unit };
      const after = pageTokens.decode('public-fee-catalogue', filters, query.pageToken);
      // A walk stays on the version it started on, even when a newer one is published meanwhile.
      const version = after ? Number(after[0]) : (query.version ?? repo.latestCatalogue()?.version);
      const catalogue = version === undefined ? undefined : repo.catalogue(version);
      if (!catalogue) throw notFound(query.version ? `Fee catalogue version ${query.version}` : 'A published fee catalogue');
      let unitId: string | undefined;
      if (unit) unitId = repo.unitByRef(unit)?.id ?? '-';
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.entryPageQuery(catalogue.version, unitId, after?.slice(1), limit).all();
      const page = pageTokens.page('public-fee-catalogue', filters, rows, limit, (r) => [catalogue.version, r.code, r.feeItemId]);
      return {
        version: catalogue.version,
        publishedOn: catalogue.publishedOn,
        documentNumber: catalogue.documentNumber,
        items: page.items.map(toPublicEntry),
        nextPageToken: page.nextPageToken,
      };
    },
    /** F5: one Map lookup on the current version's answers, serialised in advance. */
    check(query: FeeCheckQuery): { etag: string; body: string } {
      const now = performance.now();
      if (checkIndex && now - checkedAt > CHECK_REVALIDATE_MS) {
        checkedAt = now;
        // `?? null` is reachable (a check a second after another, nothing published) but not observable through the API:
        // it only spares rebuilding an empty index.
        if ((repo.latestVersion() ?? null) !== checkIndex.version) checkIndex = undefined;
      }
      if (!checkIndex) {
        checkIndex = buildCheckIndex();
        checkedAt = now;
      }
      const index = checkIndex;
      const unit = unitRefKey(query.unit);
      const key = query.item !== undefined ? `${unit}\u0000i\u0000${query.item}` : `${unit}\u0000n\u0000${query.name}`;
      return { etag: index.etag, body: index.answers.get(key) ?? index.miss };
    },
    /** Forget the in-memory check map (another process published; tests). */
    invalidateCheck: () => {
      checkIndex = undefined;
    },
  };
}
export type FeeService = ReturnType<typeof createFeeService>;
