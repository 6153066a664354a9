// /v1/approval-items, /v1/approval-reviews, /v1/approval-decisions, /v1/approval-announcements and the public
// catalogue: thin routes over the approval-cleanup service.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import { fieldError, problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, etagHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createApprovalService } from './service.js';
import { APPROVAL_SHEET, createApprovalImporter } from './import.js';
import { approvalExports } from './exports.js';
import { exportResponse, readImportBody, sendImportReport, sheetBodies } from '../../http/tabular/index.js';
import {
  AnnouncementInputSchema,
  AnnouncementParams,
  ApprovalItemPageSchema,
  ApprovalItemQuerySchema,
  ApprovalReviewPageSchema,
  ApprovalReviewQuerySchema,
  CreateApprovalItemSchema,
  CreateApprovalReviewSchema,
  DecisionBatchInputSchema,
  ImportApprovalItemsSchema,
  IMPORT_SHEET_DESCRIPTION,
  ImportQuerySchema,
  ItemParams,
  LegalReviewSchema,
  PublicCataloguePageSchema,
  PublicCatalogueQuerySchema,
  ReturnReviewSchema,
  ReviewParams,
  SummaryQuerySchema,
  UpdateApprovalItemSchema,
  UpdateApprovalReviewSchema,
} from './schemas.js';
import { Id } from '../units/schemas.js';
import { UNIT_REF_ORDER } from '../units/resolver.js';

const tags = ['approvals'];
const publicTags = ['approvals', 'public'];
const json = versionedResponse;
const PUBLIC_CACHE = 'public, max-age=300';
/** Several actions share the id segment: find-my-way tells them apart only when the parameter has a pattern. */
const REVIEW_ID = ':reviewId([0-9a-fA-F-]{36})';

/** Ajv-shaped errors for the import's hand-written query check (so the one error handler formats them). */
type Validator = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createApprovalService(app.deps);
  const importer = createApprovalImporter(app.deps);
  approvalExports(app, service);

  // ---- catalogue

  app.get('/v1/approval-items', {
    schema: {
      operationId: 'listApprovalItems',
      tags,
      summary: 'List catalogue items',
      description: 'Approval items filtered by agency, status or kind; keyset-paginated. Agency keys see their own agency’s items; admin, inspector, reader, legal_reviewer and executive_secretary see all.',
      querystring: ApprovalItemQuerySchema,
      response: { 200: ApprovalItemPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listItems(request.actor, request.query),
  });

  app.post('/v1/approval-items', {
    schema: {
      operationId: 'createApprovalItem',
      tags,
      summary: 'Add a catalogue item',
      description:
        'Admin, or the implementing agency’s unit_editor for its own agency (self-checks find unlisted items). A name matching an item cancelled for the same agency (a cancelled approval coming back as filing, 变相审批, A6) is a 409 unless an admin sends override {reason}.',
      body: CreateApprovalItemSchema,
      response: { 201: json('ApprovalItem', 'The created item.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const item = service.createItem(request.actor, request.body);
      reply.code(201).header('location', `/v1/approval-items/${item.id}`);
      return withEtag(request, reply, item);
    },
  });

  const passBody: Validator = () => true;
  app.post('/v1/approval-items::import', {
    bodyLimit: app.deps.config.IMPORT_BODY_LIMIT_BYTES,
    config: { idempotencyRequired: true },
    // Rows are checked by the importer's compiled TypeBox validator (row-numbered 422), not by Ajv on the whole body.
    validatorCompiler: ({ httpPart }) => {
      if (httpPart !== 'querystring') return passBody;
      const v: Validator = (data) => {
        const q = data as Record<string, unknown>;
        for (const k of Object.keys(q)) {
          if (k !== 'dryRun' && k !== 'sheet' && k !== 'format') {
            v.errors = [{ instancePath: '', schemaPath: '#', keyword: 'additionalProperties', params: { additionalProperty: k }, message: 'unknown' }];
            return false;
          }
        }
        if (q.format !== undefined && q.format !== 'json' && q.format !== 'csv' && q.format !== 'xlsx') {
          v.errors = [{ instancePath: '/format', schemaPath: '#', keyword: 'enum', params: { allowedValues: ['json', 'csv', 'xlsx'] }, message: 'must be json, csv or xlsx' }];
          return false;
        }
        if (q.sheet !== undefined && (typeof q.sheet !== 'string' || !q.sheet.length || q.sheet.length > 31)) {
          v.errors = [{ instancePath: '/sheet', schemaPath: '#', keyword: 'type', params: {}, message: 'must be a sheet name or number (1 to 31 characters)' }];
          return false;
        }
        if (q.dryRun !== undefined) {
          if (q.dryRun !== 'true' && q.dryRun !== 'false' && q.dryRun !== true && q.dryRun !== false) {
            v.errors = [{ instancePath: '/dryRun', schemaPath: '#', keyword: 'type', params: {}, message: 'must be true or false' }];
            return false;
          }
          q.dryRun = q.dryRun === true || q.dryRun === 'true';
        }
        return true;
      };
      return v;
    },
    schema: {
      operationId: 'importApprovalItems',
      tags,
      summary: 'Import catalogue items',
      description:
        `Admin only; Idempotency-Key required. JSON {items} or text/csv with the headers of published lists (事项编码, 事项名称, 实施机关 by ${UNIT_REF_ORDER}, 设定依据, 实施依据, 备注, optional 类型 and 依据层级). Rows upsert by code; all or nothing: one bad row writes nothing and the 422 IMPORT_INVALID lists every bad row (up to 1000). dryRun=true validates only. Without 类型 rows are licences; without 依据层级 the basis level is unknown.`,
      querystring: ImportQuerySchema,
      body: { content: { 'application/json': { schema: ImportApprovalItemsSchema }, ...sheetBodies(IMPORT_SHEET_DESCRIPTION) } } as never,
      response: {
        200: { description: 'The report (JSON), or with format=csv|xlsx the uploaded sheet with results.', content: { 'application/json': { schema: Type.Ref('ImportReport') }, ...exportResponse.content } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const q = request.query as { dryRun?: boolean; format?: 'json' | 'csv' | 'xlsx' };
      requireRole(request.actor);
      const body = request.body as { items?: unknown[] } | Buffer;
      if (!Buffer.isBuffer(body) && (typeof body !== 'object' || body === null || !Array.isArray(body.items) || Object.keys(body).some((k) => k !== 'items'))) {
        throw fieldError('/items', 'send {"items": [...]} or a sheet body (CSV, TSV, xlsx, xls or ods)');
      }
      const input = await readImportBody(request, APPROVAL_SHEET);
      return sendImportReport(reply, input, importer.run(request.actor, input, q.dryRun === true), q.format);
    }
  });

  app.get('/v1/approval-items/:itemId', {
    schema: {
      operationId: 'getApprovalItem',
      tags,
      summary: 'Get a catalogue item',
      description: 'One item with its ETag; 404 for items of other agencies unless the key reads all approvals.',
      params: ItemParams,
      response: { 200: json('ApprovalItem', 'The item.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getItem(request.actor, request.params.itemId)),
  });

  app.patch('/v1/approval-items/:itemId', {
    schema: {
      operationId: 'updateApprovalItem',
      tags,
      summary: 'Change a catalogue item',
      description: 'Admin, or the implementing agency’s unit_editor; active items only; If-Match required. Status changes only through announcements.',
      params: ItemParams,
      headers: IfMatchHeader,
      body: UpdateApprovalItemSchema,
      response: { 200: json('ApprovalItem', 'The changed item.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updateItem(request.actor, request.params.itemId, version, request.body));
    },
  });

  // ---- reviews

  app.get('/v1/approval-reviews', {
    schema: {
      operationId: 'listApprovalReviews',
      tags,
      summary: 'List cleanup reviews',
      description: 'Reviews filtered by campaign, stage or agency, each with its findings computed now. Agency keys see their own agency’s reviews.',
      querystring: ApprovalReviewQuerySchema,
      response: { 200: ApprovalReviewPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listReviews(request.actor, request.query),
  });

  app.get('/v1/approval-reviews/summary', {
    schema: {
      operationId: 'getApprovalSummary',
      tags,
      summary: 'The cleanup figures',
      description:
        'Counts by proposed and decided disposition and by stage, the catalogue size before and after the decided outcomes, the reduction in percent, and the average time-limit reduction of retained items (from their follow-up). Agency keys get their own agency’s figures.',
      querystring: SummaryQuerySchema,
      response: { 200: Type.Ref('ApprovalSummary'), ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.summary(request.actor, request.query.campaignId, request.query.implementingUnitId),
  });

  app.post('/v1/approval-reviews', {
    schema: {
      operationId: 'createApprovalReview',
      tags,
      summary: 'Propose a disposition',
      description: 'The implementing agency’s unit_editor proposes a disposition for an active item (one review per item per campaign; 409 ALREADY_EXISTS for a second).',
      body: CreateApprovalReviewSchema,
      response: { 201: json('ApprovalReview', 'The draft review with its findings.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const review = service.createReview(request.actor, request.body);
      reply.code(201).header('location', `/v1/approval-reviews/${review.id}`);
      return withEtag(request, reply, review);
    },
  });

  app.get('/v1/approval-reviews/:reviewId', {
    schema: {
      operationId: 'getApprovalReview',
      tags,
      summary: 'Get a cleanup review',
      description: 'One review with its findings computed now, and its ETag.',
      params: ReviewParams,
      response: { 200: json('ApprovalReview', 'The review.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getReview(request.actor, request.params.reviewId)),
  });

  app.patch('/v1/approval-reviews/:reviewId', {
    schema: {
      operationId: 'updateApprovalReview',
      tags,
      summary: 'Change a proposal',
      description: 'The owning agency’s unit_editor changes a draft or returned proposal; If-Match required.',
      params: ReviewParams,
      headers: IfMatchHeader,
      body: UpdateApprovalReviewSchema,
      response: { 200: json('ApprovalReview', 'The changed review.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updateReview(request.actor, request.params.reviewId, version, request.body));
    },
  });

  app.post(`/v1/approval-reviews/${REVIEW_ID}::submit`, {
    schema: {
      operationId: 'submitApprovalReview',
      tags,
      summary: 'Submit a proposal to the legal office',
      description: 'The owning agency’s unit_editor. A proposal departing from a rule (原则上 or 一律) needs a justification: 422 RULE_VIOLATION naming the rule otherwise.',
      params: ReviewParams,
      headers: IfMatchHeader,
      response: { 200: json('ApprovalReview', 'The submitted review.'), ...problemResponses(400, 401, 403, 404, 409, 412, 422) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.submit(request.actor, request.params.reviewId, readIfMatch(request, false))),
  });

  app.post(`/v1/approval-reviews/${REVIEW_ID}::return`, {
    schema: {
      operationId: 'returnApprovalReview',
      tags,
      summary: 'Return a proposal to its agency',
      description: 'legal_reviewer: sends a submitted proposal back with a reason; the agency may change and resubmit it.',
      params: ReviewParams,
      headers: IfMatchHeader,
      body: ReturnReviewSchema,
      response: { 200: json('ApprovalReview', 'The returned review.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.returnReview(request.actor, request.params.reviewId, readIfMatch(request, false), request.body.reason)),
  });

  app.post(`/v1/approval-reviews/${REVIEW_ID}::legalReview`, {
    schema: {
      operationId: 'legalReviewApprovalReview',
      tags,
      summary: 'Record the legal office’s review',
      description:
        'legal_reviewer: verdict agree, or amend with the amended disposition, and an opinion. A disposition departing from a required (一律) rule passes only with override {reason}, kept in the review and the audit event (422 RULE_VIOLATION otherwise).',
      params: ReviewParams,
      headers: IfMatchHeader,
      body: LegalReviewSchema,
      response: { 200: json('ApprovalReview', 'The reviewed review.'), ...problemResponses(400, 401, 403, 404, 409, 412, 422) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.legalReview(request.actor, request.params.reviewId, readIfMatch(request, false), request.body)),
  });

  app.put('/v1/approval-reviews/:reviewId/follow-up', {
    schema: {
      operationId: 'putApprovalFollowUp',
      tags,
      summary: 'Report the follow-up regulation',
      description:
        'The owning agency’s unit_editor, after the decision (A6): retained → stepsBefore/After and timeLimitDaysBefore/After; delegated → receivingUnitId and handoverOn; merged → processingUnit; cancelled → supervisionMeasure. Replaces the previous follow-up; If-Match honoured when sent.',
      params: ReviewParams,
      headers: IfMatchHeader,
      body: Type.Ref('ApprovalFollowUp'),
      response: { 200: json('ApprovalReview', 'The review with its follow-up.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
    },
    handler: async (request, reply) =>
      withEtag(request, reply, service.putFollowUp(request.actor, request.params.reviewId, readIfMatch(request, false), request.body as never)),
  });

  // ---- decisions and announcements

  app.post('/v1/approval-decisions', {
    schema: {
      operationId: 'createApprovalDecisionBatch',
      tags,
      summary: 'Record a batch of executive decisions',
      description:
        'executive_secretary: the executive meeting’s decisions (meeting number and date), all or nothing. A review not legally reviewed is a 409 naming it (/decisions/<i>/reviewId). A4 across the batch: a merge target must be retained (active, not cancelled, delegated or merged in this batch or an earlier unpublished one), no chains or cycles (422 RULE_VIOLATION).',
      body: DecisionBatchInputSchema,
      response: { 201: json('ApprovalDecisionBatch', 'The recorded batch.'), ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
    handler: async (request, reply) => {
      const batch = service.decide(request.actor, request.body);
      reply.code(201).header('location', `/v1/approval-decisions/${batch.id}`);
      return withEtag(request, reply, batch);
    },
  });

  app.get('/v1/approval-decisions/:batchId', {
    schema: {
      operationId: 'getApprovalDecisionBatch',
      tags,
      summary: 'Get a decision batch',
      description: 'For keys that read all approvals (admin, inspector, reader, legal_reviewer, executive_secretary).',
      params: Type.Object({ batchId: Id('The batch id.') }),
      response: { 200: json('ApprovalDecisionBatch', 'The batch.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getBatch(request.actor, request.params.batchId)),
  });

  app.post('/v1/approval-announcements', {
    schema: {
      operationId: 'createApprovalAnnouncement',
      tags,
      summary: 'Publish the decided outcomes',
      description:
        'Admin: publishes every decided, unpublished review (optionally of one campaign) and applies it to the catalogue in the same transaction: cancelled, delegated and merged items change status; retained items stay active. 409 when there is nothing to publish.',
      body: AnnouncementInputSchema,
      response: { 201: json('ApprovalAnnouncement', 'The announcement.'), ...problemResponses(400, 401, 403, 409, 422) },
    },
    handler: async (request, reply) => {
      const ann = service.announce(request.actor, request.body);
      reply.code(201).header('location', `/v1/public/approval-announcements/${ann.id}`);
      return withEtag(request, reply, ann);
    },
  });

  // ---- public

  app.get('/v1/public/approval-catalogue', {
    config: { public: true },
    schema: {
      operationId: 'getPublicApprovalCatalogue',
      tags: publicTags,
      summary: 'The published approval catalogue',
      description: 'No key. Active items with their bases and implementing agency, by code, keyset-paginated; ETag and Cache-Control (If-None-Match gives 304). No personal data.',
      querystring: PublicCatalogueQuerySchema,
      response: {
        200: { description: 'A page of the catalogue.', headers: { ...etagHeader, 'cache-control': { type: 'string', maxLength: 100, description: 'Caching policy.' } }, content: { 'application/json': { schema: PublicCataloguePageSchema } } },
        304: { description: 'Not modified.' },
        ...problemResponses(400),
      },
    },
    handler: async (request, reply) => {
      const page = service.publicCatalogue(request.query);
      const h = createHash('sha256');
      for (const r of page.items) h.update(r.id).update(r.updatedAt);
      h.update(page.nextPageToken ?? '');
      const tag = `"${h.digest('base64url').slice(0, 27)}"`;
      reply.header('etag', tag).header('cache-control', PUBLIC_CACHE);
      const inm = request.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim() === tag)) return reply.code(304).send();
      return { items: page.items.map(({ updatedAt: _u, ...r }) => r), nextPageToken: page.nextPageToken } as never;
    },
  });

  app.get('/v1/public/approval-announcements/:announcementId', {
    config: { public: true },
    schema: {
      operationId: 'getPublicApprovalAnnouncement',
      tags: publicTags,
      summary: 'A published announcement',
      description: 'No key. The announcement with its outcomes by item code; cacheable. No personal data.',
      params: AnnouncementParams,
      response: {
        200: { description: 'The announcement.', headers: { ...etagHeader, 'cache-control': { type: 'string', maxLength: 100, description: 'Caching policy.' } }, content: { 'application/json': { schema: Type.Ref('ApprovalAnnouncement') } } },
        304: { description: 'Not modified.' },
        ...problemResponses(400, 404),
      },
    },
    handler: async (request, reply) => {
      const ann = service.getAnnouncement(request.params.announcementId);
      reply.header('cache-control', PUBLIC_CACHE);
      return withEtag(request, reply, ann);
    },
  });
};

export default routes;
