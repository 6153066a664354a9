// /v1/fee-items, /v1/fee-reviews, /v1/fee-decisions, /v1/fee-catalogues and the public catalogue and fee check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, methodNotAllowed, problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, etagHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createFeeService } from './service.js';
import { FEE_SHEET } from './import.js';
import { feeExports } from './exports.js';
import { exportResponse, readImportBody, sendImportReport, sheetBodies } from '../../http/tabular/index.js';
import {
  FeeCataloguePageSchema,
  FeeCatalogueParams,
  FeeCatalogueQuerySchema,
  FeeCheckQuerySchema,
  FeeDecisionParams,
  FEE_SHEET_DESCRIPTION,
  FeeItemPageSchema,
  FeeItemParams,
  FeeItemQuerySchema,
  FeeReviewPageSchema,
  FeeReviewParams,
  FeeReviewQuerySchema,
  ImportQuerySchema,
  PublicCatalogueQuerySchema,
  SummaryQuerySchema,
} from './schemas.js';

const tags = ['fees'];
const publicTags = ['fees', 'public'];
const json = versionedResponse;
const publicHeaders = {
  ...etagHeader,
  'cache-control': { type: 'string', maxLength: 100, description: 'public, max-age=60 for the latest version; a named older version is immutable.' },
};
const LATEST_CACHE = 'public, max-age=60';
const VERSION_CACHE = 'public, max-age=86400, immutable';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createFeeService(app.deps);
  feeExports(app, service);

  // Fee items (现行收费项目).
  app.get('/v1/fee-items', {
    schema: {
      operationId: 'listFeeItems',
      tags,
      summary: 'List fee items',
      description: 'Fees as charged today, by collecting agency, category or basis level; keyset-paginated. A unit editor sees its own agency’s.',
      querystring: FeeItemQuerySchema,
      response: { 200: FeeItemPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listItems(request.actor, request.query),
  });

  app.post('/v1/fee-items', {
    schema: {
      operationId: 'createFeeItem',
      tags,
      summary: 'Declare a fee item',
      description: 'A unit editor of the collecting agency (or admin). Money is integer fen: 12.5 in a Fen field is a 400; a range needs minFen ≤ maxFen.',
      body: Type.Ref('CreateFeeItem'),
      response: { 201: json('FeeItem', 'The created fee item.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const item = service.createItem(request.actor, request.body as never);
      reply.code(201).header('location', `/v1/fee-items/${item.id}`);
      return withEtag(request, reply, item);
    },
  });

  app.post('/v1/fee-items::import', {
    bodyLimit: app.deps.config.IMPORT_BODY_LIMIT_BYTES,
    config: { idempotencyRequired: true },
    schema: {
      operationId: 'importFeeItems',
      tags,
      summary: 'Import fee items',
      description:
        'JSON {items: [CreateFeeItem...]} or text/csv with the headers 项目编码, 项目名称, 执收单位, 收费类别, 设立级次, 政策依据, 收费标准 (and optionally 资金管理方式, 涉企, 现行收费(元), 年收费量). ' +
        'Rows upsert by code in one transaction; one bad row writes nothing and the 422 lists every bad row. dryRun=true only validates. Needs an Idempotency-Key.',
      querystring: ImportQuerySchema,
      body: {
        content: {
          'application/json': {
            schema: Type.Object(
              { items: Type.Array(Type.Object({}, { additionalProperties: true, description: 'A row shaped like CreateFeeItem; each row is checked on its own and reported by number.' }), { minItems: 1, maxItems: 100_000, description: 'The rows.' }) },
              { additionalProperties: false, description: 'Rows of fee items (CreateFeeItem).' },
            ),
          },
          ...sheetBodies(FEE_SHEET_DESCRIPTION),
        },
      } as never,
      response: {
        200: { description: 'The report (JSON), or with format=csv|xlsx the uploaded sheet with results.', content: { 'application/json': { schema: Type.Ref('ImportReport') }, ...exportResponse.content } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const input = await readImportBody(request, FEE_SHEET);
      return sendImportReport(reply, input, service.importItems(request.actor, input, request.query.dryRun ?? false), request.query.format);
    },
  });

  app.get('/v1/fee-items/:itemId', {
    schema: {
      operationId: 'getFeeItem',
      tags,
      summary: 'Get a fee item',
      description: 'One fee item with its ETag; If-None-Match gives 304 when unchanged.',
      params: FeeItemParams,
      response: { 200: json('FeeItem', 'The fee item.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getItem(request.actor, request.params.itemId)),
  });

  app.patch('/v1/fee-items/:itemId', {
    schema: {
      operationId: 'updateFeeItem',
      tags,
      summary: 'Change a fee item',
      description: 'A unit editor of the collecting agency (or admin). Needs If-Match (428 without, 412 when stale).',
      params: FeeItemParams,
      headers: IfMatchHeader,
      body: Type.Ref('UpdateFeeItem'),
      response: { 200: json('FeeItem', 'The changed fee item.'), ...problemResponses(400, 401, 403, 404, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updateItem(request.actor, request.params.itemId, version, request.body as never));
    },
  });

  // Reviews (申报 → 财政厅、物价局审核).
  app.get('/v1/fee-reviews', {
    schema: {
      operationId: 'listFeeReviews',
      tags,
      summary: 'List fee reviews',
      description: 'Reviews by campaign, agency or status; keyset-paginated. A unit editor sees its own agency’s.',
      querystring: FeeReviewQuerySchema,
      response: { 200: FeeReviewPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listReviews(request.actor, request.query),
  });

  app.get('/v1/fee-reviews/summary', {
    schema: {
      operationId: 'getFeeReviewSummary',
      tags,
      summary: 'Fee cleanup outcome figures',
      description: 'Fees cancelled, standards lowered, fees retained and the estimated yearly burden reduction in fen, from the decided reviews of a campaign; fees without a volume are counted apart.',
      querystring: SummaryQuerySchema,
      response: { 200: Type.Ref('FeeReviewSummary'), ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.summary(request.actor, request.query.campaignId),
  });

  app.post('/v1/fee-reviews', {
    schema: {
      operationId: 'createFeeReview',
      tags,
      summary: 'Declare a fee for review',
      description: 'A unit editor of the collecting agency declares one fee in one campaign (409 when already declared). Findings of F1–F3 are computed.',
      body: Type.Ref('CreateFeeReview'),
      response: { 201: json('FeeReview', 'The created review.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const review = service.createReview(request.actor, request.body as never);
      reply.code(201).header('location', `/v1/fee-reviews/${review.id}`);
      return withEtag(request, reply, review);
    },
  });

  app.get('/v1/fee-reviews/:reviewId', {
    schema: {
      operationId: 'getFeeReview',
      tags,
      summary: 'Get a fee review',
      description: 'One review with its findings, opinions and decision; If-None-Match gives 304 when unchanged.',
      params: FeeReviewParams,
      response: { 200: json('FeeReview', 'The review.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getReview(request.actor, request.params.reviewId)),
  });

  app.patch('/v1/fee-reviews/:reviewId', {
    schema: {
      operationId: 'updateFeeReview',
      tags,
      summary: 'Change a declaration',
      description: 'A unit editor of the collecting agency, before any opinion is given (409 after). Needs If-Match.',
      params: FeeReviewParams,
      headers: IfMatchHeader,
      body: Type.Ref('UpdateFeeReview'),
      response: { 200: json('FeeReview', 'The changed review.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updateReview(request.actor, request.params.reviewId, version, request.body as never));
    },
  });

  for (const side of ['finance', 'price'] as const) {
    const verb = `${side}Opinion`;
    // find-my-way ends a parameter name only at '/', '-', '.' or '(': a regex param lets '::verb' follow it.
    app.post(`/v1/fee-reviews/:reviewId(^[0-9a-fA-F-]{36})::${verb}`, {
      schema: {
        operationId: side === 'finance' ? 'giveFeeFinanceOpinion' : 'giveFeePriceOpinion',
        tags,
        summary: side === 'finance' ? 'Give the finance opinion' : 'Give the price opinion',
        description: `${side === 'finance' ? 'A finance_reviewer (自治区财政厅)' : 'A price_reviewer (自治区物价局)'} gives a verdict (retain or cancel) and text; a later opinion replaces the earlier one until the decision (409 after). Honours If-Match.`,
        params: FeeReviewParams,
        headers: IfMatchHeader,
        body: Type.Ref('FeeOpinionBody'),
        response: { 200: json('FeeReview', 'The review with the opinion.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        requireRole(request.actor, side === 'finance' ? 'finance_reviewer' : 'price_reviewer');
        const version = readIfMatch(request, false);
        return withEtag(request, reply, service.giveOpinion(request.actor, request.params.reviewId, version, side, request.body as never));
      },
    });
  }

  // Decisions (常务会议审定).
  app.post('/v1/fee-decisions', {
    schema: {
      operationId: 'createFeeDecision',
      tags,
      summary: 'Record an executive meeting’s decisions',
      description:
        'executive_secretary. All or nothing: a review lacking the finance or price opinion (F4) or already decided → 409 naming it; retaining a fee F1/F2 cancels → 422; nothing is written. A retained range fee is approved at its lower bound (F3).',
      body: Type.Ref('CreateFeeDecision'),
      response: { 201: json('FeeDecision', 'The recorded decisions.'), ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
    handler: async (request, reply) => {
      const decision = service.decide(request.actor, request.body as never);
      reply.code(201).header('location', `/v1/fee-decisions/${decision.id}`);
      return withEtag(request, reply, decision);
    },
  });

  app.get('/v1/fee-decisions/:decisionId', {
    schema: {
      operationId: 'getFeeDecision',
      tags,
      summary: 'Get a decision batch',
      description: 'The decisions of one executive meeting.',
      params: FeeDecisionParams,
      response: { 200: json('FeeDecision', 'The decision batch.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getDecision(request.actor, request.params.decisionId)),
  });

  // Catalogues (向社会公布的收费目录): immutable versions.
  app.post('/v1/fee-catalogues', {
    schema: {
      operationId: 'publishFeeCatalogue',
      tags,
      summary: 'Publish a catalogue version',
      description: 'Admin only. A new immutable version holding every fee’s latest decision: retained fees with their approved standard (and the cancelled ones, so the check can say so).',
      body: Type.Ref('CreateFeeCatalogue'),
      response: { 201: json('FeeCatalogue', 'The published version.'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const catalogue = service.publish(request.actor, request.body as never);
      reply.code(201).header('location', `/v1/fee-catalogues/${catalogue.version}`);
      return withEtag(request, reply, catalogue);
    },
  });

  app.get('/v1/fee-catalogues', {
    schema: {
      operationId: 'listFeeCatalogues',
      tags,
      summary: 'List catalogue versions',
      description: 'Published versions, newest first.',
      querystring: FeeCatalogueQuerySchema,
      response: { 200: FeeCataloguePageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listCatalogues(request.query),
  });

  app.get('/v1/fee-catalogues/:version', {
    schema: {
      operationId: 'getFeeCatalogue',
      tags,
      summary: 'Get a catalogue version',
      description: 'One published version (its entries: GET /v1/public/fee-catalogue?version=). Never changes.',
      params: FeeCatalogueParams,
      response: { 200: json('FeeCatalogue', 'The version.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getCatalogue(request.params.version)),
  });

  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: '/v1/fee-catalogues/:version',
      // Documented refusals: the same 405 and Allow as any other method the path has no route for (src/http/methods.ts).
      config: { refusesMethod: true },
      schema: {
        operationId: `${method.toLowerCase()}FeeCatalogue`,
        tags,
        summary: `${method} a catalogue version (not allowed)`,
        description: 'A published catalogue version never changes: always 405 METHOD_NOT_ALLOWED. Publish a new version instead.',
        params: FeeCatalogueParams,
        response: { ...problemResponses(400, 401, 405) },
      },
      handler: async (request) => {
        throw methodNotAllowed(request, 'A published catalogue version never changes; publish a new version with POST /v1/fee-catalogues');
      },
    });
  }

  // Public (no key): the catalogue and the F5 check.
  app.get('/v1/public/fee-catalogue', {
    config: { public: true },
    schema: {
      operationId: 'getPublicFeeCatalogue',
      tags: publicTags,
      summary: 'The published fee catalogue',
      description: 'The latest version (or ?version=), its fees by code, optionally of one agency (unit = id or credit code). No key needed; ETag per version, cacheable.',
      querystring: PublicCatalogueQuerySchema,
      response: { 200: json('PublicFeeCataloguePage', 'A page of the catalogue.', publicHeaders), 304: { description: 'Not modified.' }, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const page = service.publicCatalogue(request.query);
      const etag = `"fee-catalogue-${page.version}"`;
      reply.header('etag', etag).header('cache-control', request.query.version ? VERSION_CACHE : LATEST_CACHE);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return page;
    },
  });

  app.get('/v1/public/fee-catalogue/check', {
    config: { public: true },
    schema: {
      operationId: 'checkFee',
      tags: publicTags,
      summary: 'May this fee be charged?',
      description:
        'F5 (凡不在公布目录的行政事业性收费一律停止执行): for an agency (credit code or id) and a fee (item code, or exact name), whether it is in the latest published catalogue and at what standard (a range is charged at its lower bound). No key needed; ETag per catalogue version.',
      querystring: FeeCheckQuerySchema,
      response: { 200: json('FeeCheck', 'The answer.', publicHeaders), 304: { description: 'Not modified.' }, ...problemResponses(400) },
    },
    handler: (request, reply) => {
      const q = request.query;
      if ((q.item === undefined) === (q.name === undefined)) {
        throw new AppError('VALIDATION_FAILED', 'Give exactly one of item (the fee code) or name', { errors: [{ in: 'query', pointer: '/item', detail: 'give item or name, not both or neither' }] });
      }
      const { etag, body } = service.check(q);
      reply.header('etag', etag).header('cache-control', LATEST_CACHE);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(body);
    },
  });
};

export default routes;
