// /v1/inspections (督促检查), /v1/findings, /v1/supervision-orders (督办/催办), /v1/units/{id}/scorecard and /v1/scorecards.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { IfMatchHeader, readIfMatch, versionedResponse, withEtag } from '../../http/conditional.js';
import { createSupervisionService } from './service.js';
import { createFindingsIo, FINDING_EXPORT_HEADERS, FINDING_SHEET, ORDER_EXPORT_HEADERS } from './findings-io.js';
import { exportResponse, sendTable } from './io.js';
import { exportResponse as tabularExportResponse, readImportBody, sendImportReport, sheetBodies } from '../../http/tabular/index.js';
import { ESCALATE_AT, REMINDER_INTERVAL_DAYS, SCORE_FORMULA } from './rules.js';
import {
  CloseSchema, ConcludeSchema, CreateFindingSchema, CreateInspectionSchema, CreateOrderSchema, EmptySchema, FindingExportQuerySchema, FindingImportBodySchema,
  FindingImportQuerySchema, FindingPageSchema, FindingParams, FindingQuerySchema, InspectionPageSchema, InspectionParams,
  InspectionQuerySchema, InspectionStatsQuerySchema, InspectionStatsSchema, OrderExportQuerySchema, OrderPageSchema, OrderParams, OrderQuerySchema,
  RankingPageSchema, RankingQuerySchema, ReasonSchema, ReminderPageSchema, ReplyPageSchema, ReplySchema, RespondSchema, SCORECARD_FIGURES, ScorecardQuerySchema,
  SubPageQuery, SweepResultSchema, UnitParams,
} from './schemas.js';

const INSPECTIONS = '/v1/inspections';
const FINDINGS = '/v1/findings';
const ORDERS = '/v1/supervision-orders';
const SECRET = 'An unannounced (明察暗访) inspection that is planned or in_progress does not exist for keys other than admin and inspector (404).';
const FIGURES = Object.entries(SCORECARD_FIGURES).map(([k, d]) => `**${k}**: ${d}`).join(' ');

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createSupervisionService(app.deps);
  const io = createFindingsIo(app.deps);

  /** POST <base>/{id}:<verb> with If-Match honoured, returning the versioned resource. */
  function action(o: { base: string; param: string; params: TSchema; ref: string; tags: string[]; verb: string; operationId: string; summary: string; description: string; body: TSchema; statuses?: number[]; run: (request: never, version: number | undefined) => { version: number } }) {
    app.post(`${o.base}/:${o.param}(^[^:/]+)::${o.verb}`, {
      schema: {
        operationId: o.operationId,
        tags: o.tags,
        summary: o.summary,
        description: `${o.description} Honours If-Match when sent. Illegal from the current state: 409 INVALID_STATE_TRANSITION.`,
        params: o.params,
        headers: IfMatchHeader,
        body: o.body,
        response: { 200: versionedResponse(o.ref, 'The resource after the action.'), ...problemResponses(400, 401, 403, 404, 409, 412, ...(o.statuses ?? [])) },
      },
      handler: async (request, reply) => withEtag(request, reply, o.run(request as never, readIfMatch(request, false))),
    });
  }
  type R<P> = { actor: never; params: P; body: never };

  // ---- inspections ----
  const itags = ['supervision'];
  app.get(INSPECTIONS, {
    schema: {
      operationId: 'listInspections', tags: itags, summary: 'List inspections',
      description: `Keyset-paginated. Admin, inspector and reader keys see all; an agency key those that inspect its unit. ${SECRET}`,
      querystring: InspectionQuerySchema, response: { 200: InspectionPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listInspections(request.actor, request.query),
  });
  app.post(INSPECTIONS, {
    schema: {
      operationId: 'createInspection', tags: itags, summary: 'Plan an inspection',
      description: 'Admin or inspector. The subjects must exist and belong to the inspected units.',
      body: Type.Ref('CreateInspection'), response: { 201: versionedResponse('Inspection', 'The planned inspection.'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const out = service.createInspection(request.actor, request.body as never);
      reply.code(201).header('location', `${INSPECTIONS}/${out.id}`);
      return withEtag(request, reply, out);
    },
  });
  app.get(`${INSPECTIONS}/stats`, {
    schema: {
      operationId: 'getInspectionStats', tags: itags, summary: 'Inspection counts by kind and state',
      description: `Counts of the inspections the key sees. ${SECRET}`,
      querystring: InspectionStatsQuerySchema, response: { 200: InspectionStatsSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.inspectionStats(request.actor, request.query),
  });
  app.get(`${INSPECTIONS}/:inspectionId`, {
    schema: {
      operationId: 'getInspection', tags: itags, summary: 'Get an inspection', description: `With its ETag; If-None-Match gives 304. ${SECRET}`,
      params: InspectionParams, response: { 200: versionedResponse('Inspection', 'The inspection.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getInspection(request.actor, request.params.inspectionId)),
  });
  const inspectionAction = { base: INSPECTIONS, param: 'inspectionId', params: InspectionParams, ref: 'Inspection', tags: itags };
  action({ ...inspectionAction, verb: 'start', operationId: 'startInspection', summary: 'Start the inspection', description: 'planned → in_progress, by admin or inspector.', body: EmptySchema, run: (r: R<{ inspectionId: string }>, v) => service.start(r.actor, r.params.inspectionId, v) });
  action({
    ...inspectionAction, verb: 'conclude', operationId: 'concludeInspection', summary: 'Conclude the inspection',
    description: 'in_progress → concluded, by admin or inspector: the conclusion is delivered to every inspected unit (a deliver_conclusion event per unit), and the findings of an unannounced inspection are delivered with their consequences in the same transaction.',
    body: ConcludeSchema, run: (r: R<{ inspectionId: string }>, v) => service.conclude(r.actor, r.params.inspectionId, v, (r.body as { conclusion: string }).conclusion),
  });

  // ---- findings ----
  const ftags = ['supervision'];
  app.post(`${INSPECTIONS}/:inspectionId/findings`, {
    schema: {
      operationId: 'createFinding', tags: ftags, summary: 'Record a finding',
      description:
        'Admin or inspector, while the inspection is in_progress. good: no answer needed; insufficient (工作不力 → 及时纠正) and deficient (有不足 → 找出原因,及时弥补) need dueOn and an answer; ' +
        'formalism (走过场 → 严肃批评,及时“补课”) needs dueOn and sends its subject back: a rectification item (even completed) returns to in_progress with dueOn as its deadline, a phase report is marked for redo. ' +
        'An announced inspection delivers the finding at once; an unannounced one when it concludes. 422 RULE_VIOLATION when the unit is not inspected, the subject is not the unit’s or dueOn is missing.',
      params: InspectionParams, body: Type.Ref('CreateFinding'),
      response: { 201: versionedResponse('Finding', 'The finding.'), ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
    handler: async (request, reply) => {
      const out = service.createFinding(request.actor, request.params.inspectionId, request.body as never);
      reply.code(201).header('location', `${FINDINGS}/${out.id}`);
      return withEtag(request, reply, out);
    },
  });
  app.get(`${INSPECTIONS}/:inspectionId/findings`, {
    schema: {
      operationId: 'listInspectionFindings', tags: ftags, summary: 'The inspection’s findings',
      description: `An agency key sees only its own unit’s. ${SECRET}`,
      params: InspectionParams, querystring: SubPageQuery, response: { 200: FindingPageSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => {
      service.loadInspection(request.actor, request.params.inspectionId);
      return service.listFindings(request.actor, { ...request.query, inspectionId: request.params.inspectionId });
    },
  });
  app.get(FINDINGS, {
    schema: {
      operationId: 'listFindings', tags: ftags, summary: 'List findings',
      description: `overdue=true lists the answers overdue. An agency key sees its own unit’s findings. ${SECRET}`,
      querystring: FindingQuerySchema, response: { 200: FindingPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listFindings(request.actor, request.query),
  });
  app.get(`${FINDINGS}::export`, {
    schema: {
      operationId: 'exportFindings', tags: ftags, summary: 'Export findings (csv or xlsx)',
      description: `The list’s filters. Columns: ${FINDING_EXPORT_HEADERS.join(', ')}; the file imports back.`,
      querystring: FindingExportQuerySchema, response: { ...exportResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendTable(reply, format ?? 'csv', { ascii: 'findings', zh: '督查发现问题' }, FINDING_EXPORT_HEADERS, io.findingRecords(request.actor, filter), app.deps.clock.now(), filter);
    },
  });
  app.post(`${FINDINGS}::import`, {
    bodyLimit: app.deps.config.IMPORT_BODY_LIMIT_BYTES,
    config: { idempotencyRequired: true },
    schema: {
      operationId: 'importFindings', tags: ftags, summary: 'Import findings from paper forms (JSON or a sheet)',
      description:
        `Admin or inspector. JSON {items:[...]} or a CSV/TSV/xlsx sheet with the export’s headers (序号, 状态, 是否逾期, 反馈时间 ignored). Units by name, short name, externalId or id; ratings and subject kinds by value or zh-CN label. ` +
        'Each row is recorded as by POST .../findings (same rules and consequences); rows whose externalId is already recorded are unchanged. All or nothing; dryRun=true validates only.',
      querystring: FindingImportQuerySchema,
      body: {
        content: {
          'application/json': { schema: FindingImportBodySchema },
          ...sheetBodies('A sheet with a header row (the findings export’s columns).'),
        },
      },
      response: {
        200: { description: 'The report (JSON), or with format=csv|xlsx the uploaded sheet with results.', content: { 'application/json': { schema: Type.Ref('ImportReport') }, ...tabularExportResponse.content } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const { format, sheet: _sheet, ...opts } = request.query;
      const input = await readImportBody(request, FINDING_SHEET);
      return sendImportReport(reply, input, io.import(request.actor, input, opts), format);
    },
  });
  app.get(`${FINDINGS}/:findingId`, {
    schema: {
      operationId: 'getFinding', tags: ftags, summary: 'Get a finding', description: `With its ETag. An agency key sees its own unit’s. ${SECRET}`,
      params: FindingParams, response: { 200: versionedResponse('Finding', 'The finding.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getFinding(request.actor, request.params.findingId)),
  });
  const findingAction = { base: FINDINGS, param: 'findingId', params: FindingParams, ref: 'Finding', tags: ftags };
  action({
    ...findingAction, verb: 'respond', operationId: 'respondToFinding', summary: 'Answer a finding (整改反馈)',
    description: 'awaiting_response → responded, by a unit_editor of the inspected unit: insufficient needs correction; deficient causeAnalysis and remedy; formalism correction (what was redone). respondedLate records a first answer after dueOn.',
    body: RespondSchema, statuses: [422], run: (r: R<{ findingId: string }>, v) => service.respond(r.actor, r.params.findingId, v, r.body),
  });
  action({ ...findingAction, verb: 'verify', operationId: 'verifyFinding', summary: 'Verify the answer', description: 'responded → verified, by admin or inspector.', body: EmptySchema, run: (r: R<{ findingId: string }>, v) => service.review(r.actor, r.params.findingId, v, 'verify') });
  action({ ...findingAction, verb: 'reject', operationId: 'rejectFindingResponse', summary: 'Reject the answer', description: 'responded → awaiting_response, by admin or inspector, with a reason.', body: ReasonSchema, run: (r: R<{ findingId: string }>, v) => service.review(r.actor, r.params.findingId, v, 'reject', (r.body as { reason: string }).reason) });

  // ---- supervision orders ----
  const otags = ['supervision'];
  app.get(ORDERS, {
    schema: {
      operationId: 'listSupervisionOrders', tags: otags, summary: 'List supervision orders (督办)',
      description: 'overdue=true is the overdue view. An agency key sees the orders on its unit and those escalated to it.',
      querystring: OrderQuerySchema, response: { 200: OrderPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listOrders(request.actor, request.query),
  });
  app.post(ORDERS, {
    schema: {
      operationId: 'createSupervisionOrder', tags: otags, summary: 'Issue a supervision order',
      description: 'Admin (the office) or inspector, on a unit, optionally on an item it leads, a delivered finding on it, or a phase whose report is late.',
      body: Type.Ref('CreateSupervisionOrder'), response: { 201: versionedResponse('SupervisionOrder', 'The order.'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const out = service.createOrder(request.actor, request.body as never);
      reply.code(201).header('location', `${ORDERS}/${out.id}`);
      return withEtag(request, reply, out);
    },
  });
  app.post(`${ORDERS}::remind`, {
    schema: {
      operationId: 'remindSupervisionOrders', tags: otags, summary: 'Run the reminders (催办)',
      description:
        `Admin. Deterministic against the service clock (the server also runs it every hour): every order awaiting a reply (issued, acknowledged, returned) past its reply deadline day gets a reminder — ` +
        `the first the day after the deadline, then every ${REMINDER_INTERVAL_DAYS} days; from reminder ${ESCALATE_AT} on the unit’s parent is told (escalatedToUnitId) and sees the order. Running it twice the same day adds nothing.`,
      body: EmptySchema, response: { 200: SweepResultSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.sweepReminders(request.actor),
  });
  app.get(`${ORDERS}::export`, {
    schema: {
      operationId: 'exportSupervisionOrders', tags: otags, summary: 'Export supervision orders (csv or xlsx)',
      description: `Columns: ${ORDER_EXPORT_HEADERS.join(', ')}.`,
      querystring: OrderExportQuerySchema, response: { ...exportResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendTable(reply, format ?? 'csv', { ascii: 'supervision-orders', zh: '督办事项' }, ORDER_EXPORT_HEADERS, io.orderRecords(request.actor, filter), app.deps.clock.now(), filter);
    },
  });
  app.get(`${ORDERS}/:orderId`, {
    schema: {
      operationId: 'getSupervisionOrder', tags: otags, summary: 'Get a supervision order', description: 'With its ETag.',
      params: OrderParams, response: { 200: versionedResponse('SupervisionOrder', 'The order.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getOrder(request.actor, request.params.orderId)),
  });
  app.get(`${ORDERS}/:orderId/replies`, {
    schema: { operationId: 'listSupervisionReplies', tags: otags, summary: 'The order’s replies (反馈)', description: 'Oldest first.', params: OrderParams, querystring: SubPageQuery, response: { 200: ReplyPageSchema, ...problemResponses(400, 401, 404) } },
    handler: async (request) => service.listReplies(request.actor, request.params.orderId, request.query),
  });
  app.get(`${ORDERS}/:orderId/reminders`, {
    schema: { operationId: 'listSupervisionReminders', tags: otags, summary: 'The order’s reminders (催办)', description: 'By number.', params: OrderParams, querystring: SubPageQuery, response: { 200: ReminderPageSchema, ...problemResponses(400, 401, 404) } },
    handler: async (request) => service.listReminders(request.actor, request.params.orderId, request.query),
  });
  const orderAction = { base: ORDERS, param: 'orderId', params: OrderParams, ref: 'SupervisionOrder', tags: otags };
  action({ ...orderAction, verb: 'acknowledge', operationId: 'acknowledgeSupervisionOrder', summary: 'Acknowledge (签收)', description: 'issued → acknowledged, by a unit_editor of the unit.', body: EmptySchema, run: (r: R<{ orderId: string }>, v) => service.acknowledge(r.actor, r.params.orderId, v) });
  action({ ...orderAction, verb: 'reply', operationId: 'replyToSupervisionOrder', summary: 'Reply (反馈)', description: 'acknowledged, returned or replied → replied, by a unit_editor of the unit; repeatable. answeredLate becomes true when a reply comes after the deadline day (also after a return) and stays true.', body: ReplySchema, run: (r: R<{ orderId: string }>, v) => service.reply(r.actor, r.params.orderId, v, (r.body as { content: string }).content) });
  action({ ...orderAction, verb: 'close', operationId: 'closeSupervisionOrder', summary: 'Close (办结销号)', description: 'replied → closed, by admin or inspector.', body: CloseSchema, run: (r: R<{ orderId: string }>, v) => service.close(r.actor, r.params.orderId, v, (r.body as { note?: string }).note) });
  action({ ...orderAction, verb: 'return', operationId: 'returnSupervisionOrder', summary: 'Send back (退回)', description: 'replied → returned, by admin or inspector, with a reason: another reply is due.', body: ReasonSchema, run: (r: R<{ orderId: string }>, v) => service.sendBack(r.actor, r.params.orderId, v, (r.body as { reason: string }).reason) });

  // ---- the scorecard ----
  const stags = ['supervision'];
  app.get('/v1/units/:unitId/scorecard', {
    schema: {
      operationId: 'getUnitScorecard', tags: stags, summary: 'The unit’s scorecard (效能)',
      description: `A unit’s figures in a campaign, counted in SQL from the tables the API writes, cached until the next change. ${FIGURES} ${SCORE_FORMULA}. An agency key sees only its own unit’s (404 otherwise).`,
      params: UnitParams, querystring: ScorecardQuerySchema, response: { 200: Type.Ref('Scorecard'), ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.scorecard(request.actor, request.params.unitId, request.query.campaignId),
  });
  app.get('/v1/scorecards', {
    schema: {
      operationId: 'listScorecards', tags: stags, summary: 'Ranked scorecards of all units of a level',
      description: `Admin, inspector and reader keys. Ranked by ${SCORE_FORMULA}; best first, ties share a rank and are listed by unit id. Keyset-paginated on (score, unit id).`,
      querystring: RankingQuerySchema, response: { 200: RankingPageSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.ranking(request.actor, request.query),
  });
};

export default routes;
