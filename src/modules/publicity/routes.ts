// /v1/publicity (舆论宣传) and the public /v1/public/publicity.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { etagHeader, IfMatchHeader, readIfMatch, versionedResponse, withEtag } from '../../http/conditional.js';
import { exportResponse, sendTable, type Cell } from '../supervision/io.js';
import { createPublicityService } from './service.js';
import { ApproveSchema, PublicityKindEnum, PublicityStatusEnum, PublicityExportQuerySchema, PublicityPageSchema, PublicityParams, PublicityQuerySchema, PublicPublicityQuerySchema, ReasonSchema } from './schemas.js';
import type { Actor } from '../../http/auth.js';

const BASE = '/v1/publicity';
const tags = ['publicity'];
const PUBLIC_CACHE = 'public, max-age=60';
export const PUBLICITY_EXPORT_HEADERS = ['序号', '类别', '标题', '内容', '单位', '姓名', '职务', '查处情况', '追究责任', '媒体', '状态', '发布时间'] as const;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createPublicityService(app.deps);

  app.get(BASE, {
    schema: {
      operationId: 'listPublicity', tags, summary: 'List publicity records',
      description: 'Newest first, keyset-paginated. Admin, inspector and reader keys see all; an agency key the published and withdrawn records on its unit. Contact data, ID numbers and internal notes only for admin and inspector keys.',
      querystring: PublicityQuerySchema, response: { 200: PublicityPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });
  app.post(BASE, {
    schema: {
      operationId: 'createPublicity', tags, summary: 'Draft a publicity record',
      description: 'Admin or inspector. An exposed_case needs the unit or person; its handling (查处情况) and accountability (追究责任) may follow in the draft and are required at :approve; commendations link only good findings, exposures only others (422 RULE_VIOLATION).',
      body: Type.Ref('CreatePublicityRecord'), response: { 201: versionedResponse('PublicityRecord', 'The draft.'), ...problemResponses(400, 401, 403, 422) },
    },
    handler: async (request, reply) => {
      const out = service.create(request.actor, request.body as never);
      reply.code(201).header('location', `${BASE}/${out.id}`);
      return withEtag(request, reply, out);
    },
  });
  app.get(`${BASE}::export`, {
    schema: {
      operationId: 'exportPublicity', tags, summary: 'Export publicity records (csv or xlsx)',
      description: `The records the key sees. Columns: ${PUBLICITY_EXPORT_HEADERS.join(', ')} (never contact data or ID numbers).`,
      querystring: PublicityExportQuerySchema, response: { ...exportResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendTable(reply, format ?? 'csv', { ascii: 'publicity', zh: '舆论宣传' }, PUBLICITY_EXPORT_HEADERS, records(request.actor, filter), app.deps.clock.now(), filter);
    },
  });
  function* records(actor: Actor, filter: { kind?: string; status?: string; unitId?: string }): Generator<Cell[]> {
    let cursor: [string] | undefined;
    let n = 0;
    for (;;) {
      const batch = service.rows(actor, filter, cursor, 500);
      for (const row of batch) {
        const r = service.present(row, null);
        yield [
          ++n, PublicityKindEnum.labels[r.kind], r.title, r.summary, r.unitName ?? '', r.personName ?? '', r.personPosition ?? '', r.handling ?? '',
          r.accountability.map((a) => `${a.kind}(${a.decidedBy}${a.documentNumber ? ` ${a.documentNumber}` : ''} ${a.decidedOn})`).join('；'),
          r.media.map((m) => `${m.name} ${m.publishedOn}`).join('；'), PublicityStatusEnum.labels[r.status], r.publishedAt ?? '',
        ];
      }
      if (batch.length < 500) return;
      cursor = [batch[batch.length - 1].id];
    }
  }
  app.get(`${BASE}/:recordId`, {
    schema: {
      operationId: 'getPublicity', tags, summary: 'Get a publicity record', description: 'With its ETag; If-None-Match gives 304.',
      params: PublicityParams, response: { 200: versionedResponse('PublicityRecord', 'The record.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.actor, request.params.recordId)),
  });
  app.patch(`${BASE}/:recordId`, {
    schema: {
      operationId: 'updatePublicity', tags, summary: 'Change a draft', description: 'Admin or inspector, a draft only (409 otherwise). Needs If-Match (428 without, 412 when stale).',
      params: PublicityParams, headers: IfMatchHeader, body: Type.Ref('UpdatePublicityRecord'),
      response: { 200: versionedResponse('PublicityRecord', 'The changed draft.'), ...problemResponses(400, 401, 403, 404, 409, 412, 422, 428) },
    },
    handler: async (request, reply) => {
      const version = readIfMatch(request, true)!;
      return withEtag(request, reply, service.update(request.actor, request.params.recordId, version, request.body as never));
    },
  });
  const action = (verb: 'approve' | 'publish' | 'withdraw', summary: string, description: string) =>
    app.post(`${BASE}/:recordId(^[^:/]+)::${verb}`, {
      schema: {
        operationId: `${verb}Publicity`, tags, summary,
        description: `${description} Admin only. Honours If-Match when sent. Illegal from the current state: 409 INVALID_STATE_TRANSITION.`,
        params: PublicityParams, headers: IfMatchHeader, body: verb === 'approve' ? ApproveSchema : ReasonSchema,
        response: { 200: versionedResponse('PublicityRecord', 'The record after the action.'), ...(verb === 'approve' ? problemResponses(400, 401, 403, 404, 409, 412, 422) : problemResponses(400, 401, 403, 404, 409, 412)) },
      },
      handler: async (request, reply) => {
        const v = readIfMatch(request, false);
        const given = (request.body as { reason?: string }).reason;
        const reason = given ?? '';
        const out = verb === 'approve' ? service.approve(request.actor, request.params.recordId, v, given ?? null) : verb === 'publish' ? service.publish(request.actor, request.params.recordId, v, reason) : service.withdraw(request.actor, request.params.recordId, v, reason);
        return withEtag(request, reply, out);
      },
    });
  action('approve', 'Approve (审核)', 'draft → approved, with an optional reason (审核意见). An exposed_case needs its handling (查处情况) and accountability (追究责任) by now: without them 422 RULE_VIOLATION naming the missing fields (a draft may lack them).');
  action('publish', 'Publish (发布)', 'approved → published, with a reason: it appears on /v1/public/publicity.');
  action('withdraw', 'Withdraw (撤回)', 'published → withdrawn, with a reason: it leaves the public route.');

  app.get('/v1/public/publicity', {
    config: { public: true },
    schema: {
      operationId: 'listPublicPublicity', tags: ['publicity', 'public'], summary: 'Published publicity records',
      description: 'No key needed. Published records, newest first, by kind and unit: the names the plan requires to be public (the unit, the person and post, the handling and accountability) and nothing else — never contact data, ID numbers or internal notes. Strong ETag of the page; cacheable.',
      querystring: PublicPublicityQuerySchema,
      response: {
        200: { description: 'A page.', headers: { ...etagHeader, 'cache-control': { type: 'string', maxLength: 100, description: 'public, max-age=60' } }, content: { 'application/json': { schema: Type.Ref('PublicPublicityPage') } } },
        304: { description: 'Not modified.' },
        ...problemResponses(400),
      },
    },
    handler: async (request, reply) => {
      const { etag, body } = service.publicPage(request.query);
      reply.header('etag', etag).header('cache-control', PUBLIC_CACHE);
      if (request.headers['if-none-match']?.split(',').some((t) => t.trim() === etag)) return reply.code(304).send();
      return body;
    },
  });
};

export default routes;
