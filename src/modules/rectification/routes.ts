// /v1/rectification-items: the ledger (整改台账): items, actions, progress, break-down, history, stats, export, import.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createItemService } from './service.js';
import { createItemIo, EXPORT_HEADERS, EXTRA_IMPORT_HEADERS, LEDGER_SHEET } from './io.js';
import { importValidatorCompiler } from '../../http/validation.js';
import { exportResponse, readImportBody, sendExport, sendImportReport, sheetBodies } from '../../http/tabular/index.js';
import { ROLL_UP_FORMULA } from './rules.js';
import {
  AcceptSchema, BreakdownResultSchema, BreakdownSchema, CreateItemSchema, CreateProgressSchema, ExportQuerySchema, HistoryPageSchema,
  HistoryQuerySchema, ImportBodySchema, ImportQuerySchema, ItemPageSchema, ItemParams, ItemQuerySchema, ProgressPageSchema,
  ProgressParams, ProgressQuerySchema, ProgressReceiptSchema, ReasonSchema, StatsQuerySchema, StatsSchema, SubmitSchema, UpdateItemSchema,
} from './schemas.js';

const tags = ['rectification'];
const itemResponse = (description: string) => versionedResponse('RectificationItem', description);
const BASE = '/v1/rectification-items';
const ACTION = `${BASE}/:itemId(^[^:/]+)`;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createItemService(app.deps);
  const io = createItemIo(app.deps);

  app.get(BASE, {
    schema: {
      operationId: 'listRectificationItems',
      tags,
      summary: 'List rectification items',
      description:
        'The ledger, filtered and keyset-paginated. overdue is computed at query time against today in Asia/Shanghai. ' +
        'An agency key sees the items its agency leads, co-operates or participates in, and their ancestors; admin, inspector and reader keys see all.',
      querystring: ItemQuerySchema,
      response: { 200: ItemPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.post(BASE, {
    schema: {
      operationId: 'createRectificationItem',
      tags,
      summary: 'Create a rectification item',
      description: 'Admin, or a unit_editor for an item its own agency leads. The code is generated as ZG-{campaign year}-{sequence} when not given. A child (parentId) is rolled up into its parent at once.',
      body: CreateItemSchema,
      response: { 201: itemResponse('The created item.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const item = service.create(request.actor, request.body);
      reply.code(201).header('location', `${BASE}/${item.id}`);
      return withEtag(request, reply, item);
    },
  });

  app.get(`${BASE}/stats`, {
    schema: {
      operationId: 'getRectificationStats',
      tags,
      summary: 'Ledger statistics',
      description: 'Per lead agency, task or status: total, completed, completed on time, overdue (as of today, Asia/Shanghai) and the average progress. Agency keys count only the items they see.',
      querystring: StatsQuerySchema,
      response: { 200: StatsSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.stats(request.actor, request.query),
  });

  app.get(`${BASE}::export`, {
    schema: {
      operationId: 'exportRectificationItems',
      tags,
      summary: 'Export the ledger (xlsx or csv)',
      description: `The same filters as the list, every matching item, streamed in keyset batches. Columns: ${EXPORT_HEADERS.join(', ')}. csv is UTF-8 with a BOM; the file can be edited and imported back.`,
      querystring: ExportQuerySchema,
      response: { 200: exportResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => sendExport(reply, request.query.format ?? 'xlsx', io.exportSpec(request.actor, request.query)),
  });

  app.post(`${BASE}::import`, {
    bodyLimit: app.deps.config.IMPORT_BODY_LIMIT_BYTES,
    config: { idempotencyRequired: true },
    // JSON rows are checked one by one by the import (row errors, 422), like CSV and xlsx rows.
    validatorCompiler: importValidatorCompiler(app),
    schema: {
      operationId: 'importRectificationItems',
      tags,
      summary: 'Import rectification items (JSON or a sheet)',
      description:
        `Admin only. JSON {items:[...]}, or a CSV/TSV/xlsx sheet with the export's headers (${EXPORT_HEADERS.join(', ')}; 序号, 进度, 状态, 是否逾期, 最新进展 are ignored) ` +
        `and optionally ${EXTRA_IMPORT_HEADERS.join(', ')}. Agencies are named by name, short name or externalId; lists split on 、 or commas. 完成时限 takes the dates officials type (2026/5/31, 2026年5月31日, Excel dates). ` +
        'Rows upsert by code (编号), else externalId (外部编号); a row with neither creates an item and gets a NO_NATURAL_KEY warning. New items need campaignId (row or query). ' +
        'All or nothing: one bad row is a 422 listing every bad row (Excel row numbers, Chinese column names). dryRun=true validates only. The report gives each row’s outcome, id and code; format=csv|xlsx returns the uploaded sheet with them added.',
      querystring: ImportQuerySchema,
      body: {
        content: {
          'application/json': { schema: ImportBodySchema },
          ...sheetBodies('A sheet with a header row (the ledger export’s columns).'),
        },
      },
      response: {
        200: { description: 'The report (JSON), or with format=csv|xlsx the uploaded sheet with results.', content: { 'application/json': { schema: Type.Ref('ImportReport') }, ...exportResponse.content } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const input = await readImportBody(request, LEDGER_SHEET);
      return sendImportReport(reply, input, io.import(request.actor, input, request.query), request.query.format);
    },
  });

  app.get(`${BASE}/:itemId`, {
    schema: {
      operationId: 'getRectificationItem',
      tags,
      summary: 'Get a rectification item',
      description: `One item with its ETag; If-None-Match gives 304. ${ROLL_UP_FORMULA}`,
      params: ItemParams,
      response: { 200: itemResponse('The item.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.actor, request.params.itemId)),
  });

  app.patch(`${BASE}/:itemId`, {
    schema: {
      operationId: 'updateRectificationItem',
      tags,
      summary: 'Change a rectification item',
      description:
        'Admin, or a unit_editor of the lead agency. Changing the deadline or the lead agency is admin-only and needs `reason` (kept in the audit event). ' +
        'Completed or cancelled items cannot change (409). Needs If-Match (428 without, 412 when stale).',
      params: ItemParams,
      headers: IfMatchHeader,
      body: UpdateItemSchema,
      response: { 200: itemResponse('The changed item.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.update(request.actor, request.params.itemId, version, request.body));
    },
  });

  app.delete(`${BASE}/:itemId`, {
    schema: {
      operationId: 'deleteRectificationItem',
      tags,
      summary: 'Delete a rectification item',
      description: 'Admin only, and only an item that is not_started and has no children (an item entered by mistake); anything further along is cancelled with :cancel. Needs If-Match.',
      params: ItemParams,
      headers: IfMatchHeader,
      response: { 204: { description: 'Deleted.' }, ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, true);
      service.remove(request.actor, request.params.itemId, version);
      return reply.code(204).send();
    },
  });

  const action = (verb: string, operationId: string, summary: string, description: string, body: undefined | typeof SubmitSchema | typeof AcceptSchema | typeof ReasonSchema, statuses: number[], run: (request: { actor: never; params: { itemId: string }; body: never }, version: number | undefined) => unknown) => {
    app.post(`${ACTION}::${verb}`, {
      schema: {
        operationId,
        tags,
        summary,
        description: `${description} Returns the updated item; honours If-Match when sent. Illegal from the current state: 409 INVALID_STATE_TRANSITION.`,
        params: ItemParams,
        headers: IfMatchHeader,
        body,
        response: { 200: itemResponse('The item after the action.'), ...problemResponses(400, 401, 403, 404, 409, 412, ...statuses) },
      },
      handler: async (request, reply) => {
        const version = readIfMatch(request, false);
        return withEtag(request, reply, run(request as never, version) as { version: number });
      },
    });
  };
  action('start', 'startRectificationItem', 'Start work (开始整改)', 'not_started → in_progress, by a unit_editor of the lead agency.', undefined, [], (r, v) => service.start(r.actor, r.params.itemId, v));
  action('submit', 'submitRectificationItem', 'Apply for acceptance (申请销号)', 'in_progress → pending_acceptance, by a unit_editor of the lead agency; needs progress 100 and an actualResult (422 RULE_VIOLATION otherwise).', SubmitSchema, [422], (r, v) => service.submit(r.actor, r.params.itemId, v, (r.body as { actualResult?: string }).actualResult));
  action('accept', 'acceptRectificationItem', 'Accept (销号)', 'pending_acceptance → completed, by admin or inspector; completedOnTime is whether it was submitted by the end of the deadline day (Asia/Shanghai).', AcceptSchema, [], (r, v) => service.accept(r.actor, r.params.itemId, v, (r.body as { comment?: string }).comment));
  action('reject', 'rejectRectificationItem', 'Reject (退回)', 'pending_acceptance → in_progress, by admin or inspector, with a reason.', ReasonSchema, [], (r, v) => service.reject(r.actor, r.params.itemId, v, (r.body as { reason: string }).reason));
  action('cancel', 'cancelRectificationItem', 'Cancel (撤销)', 'Any state but completed/cancelled → cancelled, by admin, with a reason; the item leaves its parent’s roll-up.', ReasonSchema, [], (r, v) => service.cancel(r.actor, r.params.itemId, v, (r.body as { reason: string }).reason));

  app.post(`${ACTION}::breakdown`, {
    schema: {
      operationId: 'breakDownRectificationItem',
      tags,
      summary: 'Break an item down per agency',
      description: 'One child per agency (it leads it), inheriting campaign, task, title, description, deadline and expected result (各市、县也要根据此原则进行清理). Idempotent per (parent, agency): existing children are returned, not duplicated. Admin or the lead agency’s unit_editor.',
      params: ItemParams,
      body: BreakdownSchema,
      response: { 200: BreakdownResultSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => service.breakdown(request.actor, request.params.itemId, request.body.unitIds),
  });

  app.post(`${BASE}/:itemId/progress`, {
    schema: {
      operationId: 'reportRectificationProgress',
      tags,
      summary: 'Report progress',
      description: `By a unit_editor of the lead or a co-operating agency, while the item is not_started or in_progress. ${ROLL_UP_FORMULA}`,
      params: ItemParams,
      body: CreateProgressSchema,
      response: { 201: { description: 'The stored report and the item as it is now.', content: { 'application/json': { schema: ProgressReceiptSchema } } }, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const out = service.reportProgress(request.actor, request.params.itemId, request.body);
      reply.code(201).header('location', `${BASE}/${out.item.id}/progress/${out.report.id}`);
      return out;
    },
  });

  app.get(`${BASE}/:itemId/progress`, {
    schema: {
      operationId: 'listRectificationProgress',
      tags,
      summary: 'List progress reports',
      description: 'The item’s progress reports, newest first.',
      params: ItemParams,
      querystring: ProgressQuerySchema,
      response: { 200: ProgressPageSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.listProgress(request.actor, request.params.itemId, request.query),
  });

  app.get(`${BASE}/:itemId/progress/:reportId`, {
    schema: {
      operationId: 'getRectificationProgress',
      tags,
      summary: 'Get a progress report',
      description: 'One progress report of the item.',
      params: ProgressParams,
      response: { 200: Type.Ref('ProgressReport'), ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.getProgress(request.actor, request.params.itemId, request.params.reportId),
  });

  app.get(`${BASE}/:itemId/history`, {
    schema: {
      operationId: 'getRectificationItemHistory',
      tags,
      summary: 'The item’s history',
      description: 'Transitions, changes, progress reports and roll-ups of the item in commit order: who (apiKeyId, unitId), when, what (before/after) and why (reason).',
      params: ItemParams,
      querystring: HistoryQuerySchema,
      response: { 200: HistoryPageSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.history(request.actor, request.params.itemId, request.query),
  });
};

export default routes;
