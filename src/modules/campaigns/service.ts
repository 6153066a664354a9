// Campaign, phase, phase-report and compliance use cases: each write is one synchronous transaction with its audit event.
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { type Actor, isAdmin, requireRole, seesAll } from '../../http/auth.js';
import { AppError, fieldError, invalidTransition, notFound, ruleViolation, type ProblemDetail } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { deadlineEndsAt } from '../../lib/dates.js';
import { createCampaignRepository, type CampaignRow, type PhaseReportView, type PhaseRow } from './repository.js';
import { campaignTransitionRefusal, isLate, phaseTransitionRefusal, windowProblems } from './rules.js';
import { loadTemplate, resolveTemplate, type ResolvedCampaign } from './template.js';
import {
  CAMPAIGN_ORDER_FIELDS,
  MAX_COMPLIANCE_UNITS,
  REPORT_ORDER_FIELDS,
  type Campaign,
  type CampaignQuery,
  type Compliance,
  type ComplianceQuery,
  type CreateCampaign,
  type Phase,
  type PhaseQuery,
  type PhaseReport,
  type PhaseReportQuery,
  type PutPhaseReport,
  type UpdateCampaign,
  type UpdatePhase,
} from './schemas.js';

export const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  title: r.title,
  year: r.year,
  template: r.template,
  regionUnitId: r.regionUnitId,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  status: r.status as Campaign['status'],
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toPhase = (r: PhaseRow): Phase => ({
  id: r.id,
  campaignId: r.campaignId,
  number: r.number,
  name: r.name,
  windowText: r.windowText,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  keyTasks: r.keyTasks,
  status: r.status as Phase['status'],
  startedAt: r.startedAt,
  completedAt: r.completedAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toReport = (r: PhaseReportView): PhaseReport => ({
  id: r.id,
  phaseId: r.phaseId,
  campaignId: r.campaignId,
  unitId: r.unitId,
  unitName: r.unitName,
  meetingsHeld: r.meetingsHeld,
  participants: r.participants,
  discussionsHeld: r.discussionsHeld,
  opinionsCollected: r.opinionsCollected,
  problemsFound: r.problemsFound,
  summary: r.summary,
  attachments: r.attachments,
  reportedAt: r.reportedAt,
  late: r.late,
  redoRequired: r.redoRequired,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const windowViolation = (problems: { number: number; detail: string }[], pointerOf: (n: number) => string) =>
  ruleViolation(problems.map((p) => p.detail).join('; '), problems.map((p): ProblemDetail => ({ in: 'body', pointer: pointerOf(p.number), detail: p.detail, code: 'PHASE_WINDOW' })));

export function createCampaignService(deps: Deps) {
  const repo = createCampaignRepository(deps.db);
  const { db, audit, clock, pageTokens } = deps;

  function campaignOrThrow(id: string): CampaignRow {
    const row = repo.getCampaign(id);
    if (!row) throw notFound('Campaign', id);
    return row;
  }
  function phaseOrThrow(id: string): PhaseRow {
    const row = repo.getPhase(id);
    if (!row) throw notFound('Phase', id);
    return row;
  }
  const refuseIfClosed = (c: CampaignRow) => {
    if (c.status === 'closed') throw new AppError('CONFLICT', `Campaign ${c.id} is closed; it can no longer be changed`);
  };

  /** Inserts a campaign with its phases and their audit events, inside the caller's transaction. */
  function insertCampaign(tx: Tx, actor: Actor, resolved: ResolvedCampaign, meta: { year: number; template: string | null; regionUnitId: string }): Campaign {
    if (meta.template && repo.campaignByTemplateYear(tx, meta.template, meta.year)) {
      const other = repo.campaignByTemplateYear(tx, meta.template, meta.year)!;
      throw new AppError('ALREADY_EXISTS', `Campaign ${other.id} already runs template ${meta.template} for ${meta.year}`, { extra: { resourceId: other.id } });
    }
    const now = clock.now().toISOString();
    const row: CampaignRow = {
      id: newId(),
      title: resolved.title,
      year: meta.year,
      template: meta.template,
      regionUnitId: meta.regionUnitId,
      startsOn: resolved.startsOn,
      endsOn: resolved.endsOn,
      status: 'draft',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    repo.insertCampaign(tx, row);
    const campaign = toCampaign(row);
    audit.record(actor, { entity: 'campaign', entityId: row.id, action: 'create', after: campaign, unitId: row.regionUnitId });
    for (const p of resolved.phases) {
      const phase: PhaseRow = { id: newId(), campaignId: row.id, ...p, status: 'pending', startedAt: null, completedAt: null, version: 1, createdAt: now, updatedAt: now };
      repo.insertPhase(tx, phase);
      audit.record(actor, { entity: 'phase', entityId: phase.id, action: 'create', after: toPhase(phase), unitId: row.regionUnitId });
    }
    return campaign;
  }

  /** The default campaign of a template for a year (the module's seeder and POST /v1/campaigns with a template). */
  function createFromTemplate(tx: Tx, actor: Actor, templateId: string, year: number, options: { title?: string; regionUnitId?: string } = {}): Campaign {
    const template = loadTemplate(templateId);
    if (!template) throw fieldError('/template', `there is no plan template ${templateId}`);
    const resolved = resolveTemplate(template, year);
    const problems = windowProblems(resolved, resolved.phases);
    if (problems.length) throw windowViolation(problems, (n) => (n ? `/phases/${n - 1}` : '/'));
    const region = options.regionUnitId ? repo.getUnit(options.regionUnitId) : repo.rootUnit(tx);
    if (!region) throw options.regionUnitId ? fieldError('/regionUnitId', `unit ${options.regionUnitId} does not exist`) : new AppError('CONFLICT', 'There is no region unit to run the campaign');
    return insertCampaign(tx, actor, { ...resolved, title: options.title ?? resolved.title }, { year, template: templateId, regionUnitId: region.id });
  }

  function transitionCampaign(actor: Actor, id: string, version: number | undefined, action: 'start' | 'close'): Campaign {
    requireRole(actor);
    return db.transaction((tx) => {
      const before = campaignOrThrow(id);
      if (version !== undefined && version !== before.version) throw preconditionFailed(before.version);
      const refusal = campaignTransitionRefusal(action, before.status, repo.phasesOf(tx, id));
      if (refusal) throw invalidTransition(refusal);
      const row = repo.updateCampaign(tx, id, before.version, { status: action === 'start' ? 'running' : 'closed' }, clock.now().toISOString());
      if (!row) throw preconditionFailed(before.version);
      const campaign = toCampaign(row);
      audit.record(actor, { entity: 'campaign', entityId: id, action, before: toCampaign(before), after: campaign, unitId: row.regionUnitId });
      return campaign;
    });
  }

  function transitionPhase(actor: Actor, id: string, version: number | undefined, action: 'start' | 'complete'): Phase {
    requireRole(actor);
    return db.transaction((tx) => {
      const before = phaseOrThrow(id);
      if (version !== undefined && version !== before.version) throw preconditionFailed(before.version);
      const campaign = campaignOrThrow(before.campaignId);
      const refusal = phaseTransitionRefusal(action, before, repo.phasesOf(tx, before.campaignId), campaign.status);
      if (refusal) throw invalidTransition(refusal);
      const now = clock.now().toISOString();
      const set = action === 'start' ? { status: 'active', startedAt: now } : { status: 'completed', completedAt: now };
      const row = repo.updatePhase(tx, id, before.version, set, now);
      if (!row) throw preconditionFailed(before.version);
      const phase = toPhase(row);
      audit.record(actor, { entity: 'phase', entityId: id, action, before: toPhase(before), after: phase, unitId: campaign.regionUnitId });
      return phase;
    });
  }

  return {
    repo,
    createFromTemplate,

    // ---- campaigns ----
    getCampaign: (id: string): Campaign => toCampaign(campaignOrThrow(id)),
    listCampaigns(query: CampaignQuery) {
      const order = parseOrderBy(query.orderBy, CAMPAIGN_ORDER_FIELDS, 'createdAt');
      const filters = { year: query.year, status: query.status, orderBy: order.text };
      const cursor = pageTokens.decode('campaigns', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.listCampaignsQuery(query, order, cursor, limit).all();
      const page = pageTokens.page('campaigns', filters, rows, limit, (r) => (order.field === 'year' ? [r.year, r.id] : [r.id]));
      return { items: page.items.map(toCampaign), nextPageToken: page.nextPageToken };
    },
    createCampaign(actor: Actor, input: CreateCampaign): Campaign {
      requireRole(actor);
      if (input.template) {
        for (const f of ['startsOn', 'endsOn', 'phases'] as const) {
          if (input[f] !== undefined) throw fieldError(`/${f}`, `comes from the template ${input.template}; do not send it with a template`);
        }
        const { template, year, title, regionUnitId } = input;
        return db.transaction((tx) => createFromTemplate(tx, actor, template, year, { title, regionUnitId }));
      }
      for (const f of ['title', 'startsOn', 'endsOn'] as const) {
        if (input[f] === undefined) throw fieldError(`/${f}`, `'${f}' is required without a template`);
      }
      const resolved: ResolvedCampaign = {
        title: input.title!,
        startsOn: input.startsOn!,
        endsOn: input.endsOn!,
        phases: (input.phases ?? []).map((p, i) => ({ number: i + 1, name: p.name, windowText: p.windowText ?? null, startsOn: p.startsOn, endsOn: p.endsOn, keyTasks: p.keyTasks ?? [] })),
      };
      const problems = windowProblems(resolved, resolved.phases);
      if (problems.length) throw windowViolation(problems, (n) => (n ? `/phases/${n - 1}` : '/endsOn'));
      return db.transaction((tx) => {
        const region = input.regionUnitId ? repo.getUnit(input.regionUnitId) : repo.rootUnit(tx);
        if (!region) throw fieldError('/regionUnitId', `unit ${input.regionUnitId ?? '(root)'} does not exist`);
        return insertCampaign(tx, actor, resolved, { year: input.year, template: null, regionUnitId: region.id });
      });
    },
    updateCampaign(actor: Actor, id: string, version: number | undefined, input: UpdateCampaign): Campaign {
      requireRole(actor);
      return db.transaction((tx) => {
        const before = campaignOrThrow(id);
        refuseIfClosed(before);
        const next = { startsOn: input.startsOn ?? before.startsOn, endsOn: input.endsOn ?? before.endsOn };
        const problems = windowProblems(next, repo.phasesOf(tx, id));
        if (problems.length) throw windowViolation(problems, () => (input.startsOn !== undefined ? '/startsOn' : '/endsOn'));
        const row = repo.updateCampaign(tx, id, version, input, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const campaign = toCampaign(row);
        audit.record(actor, { entity: 'campaign', entityId: id, action: 'update', before: toCampaign(before), after: campaign, unitId: row.regionUnitId });
        return campaign;
      });
    },
    startCampaign: (actor: Actor, id: string, version: number | undefined) => transitionCampaign(actor, id, version, 'start'),
    closeCampaign: (actor: Actor, id: string, version: number | undefined) => transitionCampaign(actor, id, version, 'close'),

    // ---- phases ----
    listPhases(campaignId: string, query: PhaseQuery) {
      campaignOrThrow(campaignId);
      const filters = { campaignId };
      const cursor = pageTokens.decode('phases', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.listPhasesQuery(campaignId, cursor, limit).all();
      const page = pageTokens.page('phases', filters, rows, limit, (r) => [r.number]);
      return { items: page.items.map(toPhase), nextPageToken: page.nextPageToken };
    },
    getPhase: (id: string): Phase => toPhase(phaseOrThrow(id)),
    updatePhase(actor: Actor, id: string, version: number | undefined, input: UpdatePhase): Phase {
      requireRole(actor);
      return db.transaction((tx) => {
        const before = phaseOrThrow(id);
        const campaign = campaignOrThrow(before.campaignId);
        refuseIfClosed(campaign);
        if (input.startsOn !== undefined || input.endsOn !== undefined) {
          const windows = repo.phasesOf(tx, before.campaignId).map((p) => (p.id === id ? { ...p, startsOn: input.startsOn ?? p.startsOn, endsOn: input.endsOn ?? p.endsOn } : p));
          const problems = windowProblems(campaign, windows);
          if (problems.length) throw windowViolation(problems, () => (input.startsOn !== undefined ? '/startsOn' : '/endsOn'));
        }
        const row = repo.updatePhase(tx, id, version, input as Partial<PhaseRow>, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const phase = toPhase(row);
        audit.record(actor, { entity: 'phase', entityId: id, action: 'update', before: toPhase(before), after: phase, unitId: campaign.regionUnitId });
        return phase;
      });
    },
    startPhase: (actor: Actor, id: string, version: number | undefined) => transitionPhase(actor, id, version, 'start'),
    completePhase: (actor: Actor, id: string, version: number | undefined) => transitionPhase(actor, id, version, 'complete'),

    // ---- phase reports ----
    /** Upsert of a unit's report: `created` tells 201 from 200. A unit_editor writes only its own unit's (404 otherwise). */
    putReport(actor: Actor, phaseId: string, unitId: string, version: number | undefined, input: PutPhaseReport): { report: PhaseReport; created: boolean } {
      requireRole(actor, 'unit_editor');
      if (!isAdmin(actor) && actor.unitId !== unitId) throw notFound('Unit', unitId);
      return db.transaction((tx) => {
        const phase = phaseOrThrow(phaseId);
        if (!repo.getUnit(unitId)) throw notFound('Unit', unitId);
        const campaign = campaignOrThrow(phase.campaignId);
        refuseIfClosed(campaign);
        if (phase.status === 'pending') throw new AppError('CONFLICT', `Phase ${phase.number} has not started; reports open when it starts`);
        const existing = repo.getReport(phaseId, unitId);
        const now = clock.now();
        const nowIso = now.toISOString();
        const fields = {
          meetingsHeld: input.meetingsHeld,
          participants: input.participants,
          discussionsHeld: input.discussionsHeld,
          opinionsCollected: input.opinionsCollected,
          problemsFound: input.problemsFound ?? null,
          summary: input.summary,
          attachments: input.attachments ?? [],
        };
        if (!existing) {
          if (version !== undefined) throw new AppError('PRECONDITION_FAILED', 'There is no report yet, so If-Match cannot match; send the first report without it');
          const row = { id: newId(), phaseId, campaignId: campaign.id, unitId, ...fields, reportedAt: nowIso, late: isLate(phase.endsOn, now, deadlineEndsAt), redoRequired: false, redoReason: null, version: 1, createdAt: nowIso, updatedAt: nowIso };
          repo.insertReport(tx, row);
          const report = toReport(repo.getReport(phaseId, unitId)!);
          audit.record(actor, { entity: 'phase_report', entityId: row.id, action: 'create', after: report, unitId });
          return { report, created: true };
        }
        // Refiling a report sent back for redo (补课) clears the mark.
        const row = repo.updateReport(tx, existing.id, version, { ...fields, redoRequired: false, redoReason: null }, nowIso);
        if (!row) throw preconditionFailed(existing.version);
        const report = toReport({ ...row, unitName: existing.unitName });
        audit.record(actor, { entity: 'phase_report', entityId: row.id, action: 'update', before: toReport(existing), after: report, unitId });
        return { report, created: false };
      });
    },
    getReport(actor: Actor, phaseId: string, unitId: string): PhaseReport {
      phaseOrThrow(phaseId);
      const row = seesAll(actor) || actor.unitId === unitId ? repo.getReport(phaseId, unitId) : undefined;
      if (!row) throw notFound(`Report of unit ${unitId} on phase`, phaseId);
      return toReport(row);
    },
    listReports(actor: Actor, phaseId: string, query: PhaseReportQuery) {
      phaseOrThrow(phaseId);
      const order = parseOrderBy(query.orderBy, REPORT_ORDER_FIELDS, 'reportedAt');
      const scope = seesAll(actor) ? undefined : (actor.unitId ?? '-');
      const filters = { phaseId, scope, level: query.level, parentId: query.parentId, late: query.late, orderBy: order.text };
      const cursor = pageTokens.decode('phase_reports', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.listReportsQuery(phaseId, { ...query, unitId: scope }, order, cursor, limit).all();
      const page = pageTokens.page('phase_reports', filters, rows, limit, (r) => [r.reportedAt, r.id]);
      return { items: page.items.map(toReport), nextPageToken: page.nextPageToken };
    },

    // ---- compliance ----
    /** "Who has not reported yet": the expected agencies, those that reported (when, late or not) and those missing. */
    compliance(actor: Actor, phaseId: string, query: ComplianceQuery): Compliance {
      requireRole(actor, 'inspector', 'reader');
      const phase = phaseOrThrow(phaseId);
      const campaign = campaignOrThrow(phase.campaignId);
      const rows = repo.complianceQuery(phaseId, { level: query.level, parentId: query.parentId, excludeUnitId: campaign.regionUnitId }, MAX_COMPLIANCE_UNITS + 1).all();
      if (rows.length > MAX_COMPLIANCE_UNITS) {
        throw new AppError('VALIDATION_FAILED', `More than ${MAX_COMPLIANCE_UNITS} agencies match; narrow the question with level or parentId`, {
          errors: [{ in: 'query', pointer: '/level', detail: `more than ${MAX_COMPLIANCE_UNITS} expected agencies` }],
        });
      }
      // A report sent back for redo (formalism finding) counts as missing until refiled.
      const reported = rows.filter((r) => r.reportedAt !== null && !r.redoRequired).map((r) => ({ unitId: r.unitId, unitName: r.unitName, reportedAt: r.reportedAt!, late: Boolean(r.late) }));
      const missing = rows.filter((r) => r.reportedAt === null || r.redoRequired).map((r) => ({ unitId: r.unitId, unitName: r.unitName }));
      return {
        phaseId,
        phaseNumber: phase.number,
        phaseName: phase.name,
        windowEndsOn: phase.endsOn,
        level: query.level ?? null,
        parentId: query.parentId ?? null,
        expectedCount: rows.length,
        reportedCount: reported.length,
        lateCount: reported.filter((r) => r.late).length,
        missingCount: missing.length,
        reported,
        missing,
      };
    },
  };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
