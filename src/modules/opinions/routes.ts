// /v1/public/opinions (keyless intake, tracking, rating, statistics), /v1/opinions (the work order loop, contact reads,
// import/export, backlog, sweeps) and /v1/work-calendar (the working-day calendar deadlines count on).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import { createHash } from 'node:crypto';
import { AppError, problemResponses } from '../../http/errors.js';
import { isUuid } from '../../lib/ids.js';
import { IfMatchHeader, etagHeader, readIfMatch, versionedResponse, withEtag } from '../../http/conditional.js';
import { requireRole } from '../../http/auth.js';
import { createOpinionService } from './service.js';
import { createOpinionIo, EXPORT_COLUMNS, EXPORT_HEADERS, IMPORT_HEADERS, OPINION_SHEET } from './io.js';
import { exportResponse, readImportBody, sendExport, sendImportReport, sheetBodies } from '../../http/tabular/index.js';
import { importValidatorCompiler } from '../../http/validation.js';
import {
  AnswerSchema, BacklogSchema, EmptySchema, EscalateSchema, ExportQuerySchema, ExtensionSchema, ImportBodySchema, ImportQuerySchema,
  GetOpinionParams, LinkProblemSchema, NumberParams, OpinionPageSchema, OpinionParams, OpinionQuerySchema, PowHeader, PublicStatsQuerySchema, PublicStatsSchema,
  PutCalendarSchema, QueryCodeHeader, ReasonSchema, RevisitSchema, RouteSchema, SweepSchema, YearParams, ContactQuerySchema,
} from './schemas.js';

const tags = ['opinions'];
const publicTags = ['opinions', 'public'];
const BASE = '/v1/opinions';
const ACTION = `${BASE}/:opinionId(^[^:/]+)`;
const PUBLIC = '/v1/public/opinions';
const PUBLIC_BODY_LIMIT = 16 * 1024;
const opinionResponse = (description: string) => versionedResponse('Opinion', description);
const json = (schema: TSchema, description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.deps;
  const service = createOpinionService(app.deps);
  const io = createOpinionIo(app.deps);

  // Public intake and tracking (no key).
  app.post(PUBLIC, {
    bodyLimit: PUBLIC_BODY_LIMIT,
    // The query code is shown once: a stored Idempotency-Key record leaves it out (its replay lacks it), like an API key's secret.
    config: { public: true, idempotencyOmit: ['queryCode'], rateLimit: { max: config.OPINION_SUBMIT_MAX, timeWindow: config.RATE_LIMIT_WINDOW_MS } },
    schema: {
      operationId: 'submitPublicOpinion',
      tags: publicTags,
      summary: 'Submit an opinion or complaint (公众提交意见建议)',
      description:
        `No key. Returns the tracking number and a secret query code shown only once (only its hash is stored). Body at most ${PUBLIC_BODY_LIMIT} bytes (413), text at most 2000 characters, ` +
        `no control characters (400). At most OPINION_SUBMIT_MAX submissions per address and window (429). The same text from the same address within 24 hours is merged into the ` +
        'earlier opinion (重复诉求并单): 200 with merged: true and that number, no new code. Only a keyed hash of the address is kept, never the address. ' +
        'With an `Idempotency-Key`, the stored response leaves the query code out: a replay answers with `Idempotent-Replayed: true` and the receipt without `queryCode`. ' +
        'Portals: when the service sets OPINION_POW_BITS, send X-Proof-Of-Work (see the header). Contact details are stored apart and never shown publicly.',
      headers: PowHeader,
      body: Type.Ref('PublicOpinionSubmission'),
      response: {
        201: json(Type.Ref('OpinionReceipt'), 'Received (受理): the number and the query code.', { location: { type: 'string', maxLength: 200, description: 'The tracking URL.' } }),
        200: json(Type.Ref('OpinionReceipt'), 'Merged into an earlier identical submission (重复诉求并单).'),
        ...problemResponses(400, 413, 415),
      },
    },
    handler: async (request, reply) => {
      const pow = request.headers['x-proof-of-work'];
      const out = service.submitPublic(request.ip, request.body as never, typeof pow === 'string' ? pow : undefined);
      if (out.created) reply.code(201).header('location', `${PUBLIC}/${out.receipt.number}`);
      return out.receipt;
    },
  });

  const publicHeaders = { ...etagHeader, 'cache-control': { type: 'string', maxLength: 100, description: 'private, no-cache: only the holder of the code may see it.' } };
  app.get(`${PUBLIC}/:number`, {
    config: { public: true },
    schema: {
      operationId: 'getPublicOpinion',
      tags: publicTags,
      summary: 'Track an opinion (查询办理进度)',
      description: 'With the number and the query code (X-Query-Code): status, deadline and the public part of the answer. A wrong code answers 404 as if the number did not exist. No text, no contact, no internal notes.',
      params: NumberParams,
      headers: QueryCodeHeader,
      response: { 200: versionedResponse('PublicOpinion', 'The opinion as the submitter sees it.', publicHeaders), 304: { description: 'Not modified.' }, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return withEtag(request, reply, service.getPublic(request.params.number, request.headers['x-query-code']));
    },
  });

  app.post(`${PUBLIC}/:number(^[^:/]+)::rate`, {
    config: { public: true },
    schema: {
      operationId: 'ratePublicOpinion',
      tags: publicTags,
      summary: 'Rate the answer (满意度评价)',
      description: 'Once per answer, with the query code. 不满意 reopens the opinion once for re-handling (重办) by the same unit with a new deadline; a second 不满意 is recorded and the office closes it. 409 before an answer or when already rated.',
      params: NumberParams,
      headers: Type.Object({ ...QueryCodeHeader.properties, ...IfMatchHeader.properties }),
      body: Type.Ref('OpinionRating'),
      response: { 200: versionedResponse('PublicOpinion', 'The opinion after the rating.'), ...problemResponses(400, 404, 409, 412) },
    },
    handler: async (request, reply) => {
      const version = readIfMatch(request, false);
      const body = request.body as { rating: string; comment?: string };
      return withEtag(request, reply, service.ratePublic(request.params.number, request.headers['x-query-code'], version, body.rating, body.comment));
    },
  });

  app.get('/v1/public/opinion-stats', {
    config: { public: true },
    schema: {
      operationId: 'getPublicOpinionStats',
      tags: publicTags,
      summary: 'Opinion statistics per agency and month',
      description: 'No key. Per agency (the lead unit, or the agency concerned before routing) and month of receipt (Asia/Shanghai): received, answered, answered on time, overdue, satisfaction. No text of any opinion. Cacheable for 5 minutes.',
      querystring: PublicStatsQuerySchema,
      response: { 200: json(PublicStatsSchema, 'The figures.', { 'cache-control': { type: 'string', maxLength: 100, description: 'public, max-age=300.' }, ...etagHeader }), 304: { description: 'Not modified.' }, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const stats = service.publicStats(request.query);
      const etag = `"${createHash('sha256').update(JSON.stringify(stats)).digest('base64url').slice(0, 22)}"`;
      reply.header('cache-control', 'public, max-age=300').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return stats;
    },
  });

  // Agencies and the office.
  app.get(BASE, {
    schema: {
      operationId: 'listOpinions',
      tags,
      summary: 'List opinions',
      description: 'Keyset-paginated. number finds one opinion by its tracking number (exact); q matches part of the tracking or hotline ticket number. overdue is computed against today (Asia/Shanghai) at the current step (派单, 签收 or 办理). An agency key sees the opinions about it and those assigned to it (主办, 协办); admin, inspector and reader keys see all.',
      querystring: OpinionQuerySchema,
      response: { 200: OpinionPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.post(BASE, {
    schema: {
      operationId: 'createOpinion',
      tags,
      summary: 'Record an opinion gathered by an agency',
      description: 'From a forum, a visit, a suggestion box, a survey form or the 12345 hotline (channel). A unit_editor records opinions about its own agency; admin any. externalId already used: 409 (import to update).',
      body: Type.Ref('CreateOpinion'),
      response: { 201: opinionResponse('The opinion, received (受理).'), ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const o = service.create(request.actor, request.body as never);
      reply.code(201).header('location', `${BASE}/${o.id}`);
      return withEtag(request, reply, o);
    },
  });

  app.post(`${BASE}::import`, {
    bodyLimit: config.IMPORT_BODY_LIMIT_BYTES,
    config: { idempotencyRequired: true },
    // JSON rows are checked one by one by the import (row errors, 422), like CSV and xlsx rows.
    validatorCompiler: importValidatorCompiler(app),
    schema: {
      operationId: 'importOpinions',
      tags,
      summary: 'Import survey forms or hotline tickets (JSON or a sheet)',
      description:
        `A unit_editor (rows about its own agency) or admin. JSON {items:[...]}, or a sheet (CSV, TSV, xlsx, xls or ods) with the headers ${IMPORT_HEADERS.join(', ')} (enum cells as values or zh-CN labels; agencies by name, short name or externalId). ` +
        'Rows with externalId (a 12345 ticket number) upsert: the same ticket twice updates, never duplicates. All or nothing: one bad row is a 422 listing every bad row (Excel row numbers, Chinese column names). dryRun=true validates only. ' +
        'The report gives each row’s outcome, id and code (the 受理编号); format=csv|xlsx returns the uploaded sheet with them added.',
      querystring: ImportQuerySchema,
      body: {
        content: {
          'application/json': { schema: ImportBodySchema },
          ...sheetBodies(`The headers ${IMPORT_HEADERS.join(', ')}.`),
        },
      } as never,
      response: {
        200: { description: 'The report (JSON), or with format=csv|xlsx the uploaded sheet with results.', content: { 'application/json': { schema: Type.Ref('ImportReport') }, ...exportResponse.content } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const input = await readImportBody(request, OPINION_SHEET);
      return sendImportReport(reply, input, io.import(request.actor, input, request.query), request.query.format);
    },
  });

  app.get(`${BASE}::export`, {
    schema: {
      operationId: 'exportOpinions',
      tags,
      summary: 'Export opinions (csv or xlsx)',
      description: `The opinions the key sees. Columns: ${EXPORT_HEADERS.join(', ')}. Never contact details or the submitter’s identity (exports go to other agencies). format=csv (default; UTF-8 with BOM) or xlsx.`,
      querystring: ExportQuerySchema,
      response: { 200: exportResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) =>
      sendExport(reply, request.query.format ?? 'csv', {
        file: 'opinions', title: '意见建议', columns: EXPORT_COLUMNS, records: io.records(request.actor, request.query.status),
        filters: { status: request.query.status }, now: app.deps.clock.now(),
      }),
  });

  app.get(`${BASE}/backlog`, {
    schema: {
      operationId: 'getOpinionBacklog',
      tags,
      summary: 'The backlog by unit and step (积压)',
      description: 'Admin, inspector or reader. Open opinions by lead unit and status, with how many are overdue and the age in working days of the oldest.',
      response: { 200: json(BacklogSchema, 'The backlog.'), ...problemResponses(401, 403) },
    },
    handler: async (request) => service.backlog(request.actor),
  });

  app.post(`${BASE}::remind`, {
    schema: {
      operationId: 'remindOverdueOpinions',
      tags,
      summary: 'Remind overdue opinions (催办)',
      description: 'Admin. Every opinion overdue at its step (派单 by the office, 签收 or 办理 by the unit) and not yet reminded today gets one reminder: remindCount + 1 and a feed event for its unit. The service also runs this sweep hourly on its clock.',
      body: EmptySchema,
      response: { 200: json(SweepSchema, 'The opinions reminded.'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.remindOverdue(request.actor),
  });

  app.post(`${BASE}::eraseExpiredContacts`, {
    schema: {
      operationId: 'eraseExpiredOpinionContacts',
      tags,
      summary: 'Erase contact details past retention',
      description: 'Admin. Contact details of opinions closed more than OPINION_CONTACT_RETENTION_DAYS ago are erased (the opinion stays, anonymised). The service also runs this sweep hourly on its clock.',
      body: EmptySchema,
      response: { 200: json(SweepSchema, 'The opinions whose contact details were erased.'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.eraseExpiredContacts(request.actor),
  });

  app.get(`${BASE}/:opinionId`, {
    schema: {
      operationId: 'getOpinion',
      tags,
      summary: 'Get an opinion',
      description: 'One opinion with its ETag; If-None-Match gives 304. Never carries contact details. The path takes the id; a tracking number (YJ-…) answers 404 whose detail points to GET /v1/opinions?number=, whether or not it exists.',
      params: GetOpinionParams,
      response: { 200: opinionResponse('The opinion.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => {
      const { opinionId } = request.params;
      // A tracking number is a natural key, not an id (API.md 2): point to the filter, the same answer whether or not
      // such a number exists, so the path never reveals another agency's opinion (API.md 20).
      if (!isUuid(opinionId.toLowerCase())) {
        const number = opinionId.toUpperCase();
        throw new AppError('NOT_FOUND', `${number} is a tracking number, not an opinion id; find the opinion with GET ${BASE}?number=${number}`);
      }
      return withEtag(request, reply, service.get(request.actor, opinionId.toLowerCase()));
    },
  });

  app.get(`${BASE}/:opinionId/contact`, {
    schema: {
      operationId: 'getOpinionContact',
      tags,
      summary: 'Read the submitter’s contact details',
      description: 'Admin, or a unit_editor of the lead or a co-operating unit, with a reason; every read is a feed event (who, when, why) that carries no contact data. 404 when the opinion is anonymous.',
      params: OpinionParams,
      querystring: ContactQuerySchema,
      response: { 200: json(Type.Ref('OpinionContact'), 'The contact details.', { 'cache-control': { type: 'string', maxLength: 20, description: 'no-store.' } }), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.readContact(request.actor, request.params.opinionId, request.query.reason);
    },
  });

  type Run = (request: { actor: never; params: { opinionId: string }; body: never }, version: number | undefined) => { version: number };
  const action = (verb: string, operationId: string, summary: string, description: string, body: TSchema, statuses: number[], run: Run) => {
    app.post(`${ACTION}::${verb}`, {
      schema: {
        operationId,
        tags,
        summary,
        description: `${description} Returns the opinion; honours If-Match when sent; illegal from the current state: 409 INVALID_STATE_TRANSITION. A feed event records it.`,
        params: OpinionParams,
        headers: IfMatchHeader,
        body,
        response: { 200: opinionResponse('The opinion after the action.'), ...problemResponses(400, 401, 403, 404, 409, 412, ...statuses) },
      },
      handler: async (request, reply) => withEtag(request, reply, run(request as never, readIfMatch(request, false))),
    });
  };
  const b = <T>(r: { body: never }) => r.body as T;
  action('route', 'routeOpinion', 'Route (派单) or reassign (改派)', 'Admin (the office): the lead unit (主办) and co-operating units (协办); from received, returned or routed. Signing (签收) is due within one working day.', RouteSchema, [],
    (r, v) => service.route(r.actor, r.params.opinionId, v, b(r)));
  action('accept', 'acceptOpinion', 'Sign for it (签收)', 'A unit_editor of the lead unit: routed → handling. The deadline is the kind’s number of working days after today (holidays and 调休 counted).', EmptySchema, [],
    (r, v) => service.accept(r.actor, r.params.opinionId, v));
  action('return', 'returnOpinion', 'Return it (退单)', 'A unit_editor of the lead unit, with a reason: routed → returned; the office reassigns it.', ReasonSchema, [],
    (r, v) => service.return(r.actor, r.params.opinionId, v, b<{ reason: string }>(r).reason));
  action('requestExtension', 'requestOpinionExtension', 'Ask for an extension (申请延期)', 'A unit_editor of the lead unit, while handling and before the deadline has passed, with a reason and the date asked for.', ExtensionSchema, [],
    (r, v) => service.requestExtension(r.actor, r.params.opinionId, v, b<{ until: string }>(r).until, b<{ reason: string }>(r).reason));
  action('grantExtension', 'grantOpinionExtension', 'Grant the extension', 'Admin: the deadline becomes the date asked for.', EmptySchema, [],
    (r, v) => service.decideExtension(r.actor, r.params.opinionId, v, true));
  action('refuseExtension', 'refuseOpinionExtension', 'Refuse the extension', 'Admin, with a reason: the deadline stays.', ReasonSchema, [],
    (r, v) => service.decideExtension(r.actor, r.params.opinionId, v, false, b<{ reason: string }>(r).reason));
  action('answer', 'answerOpinion', 'Answer (答复)', 'A unit_editor of the lead unit: handling → answered, with what was done and the public answer (what the submitter sees). answeredOnTime: by the end of the deadline day.', AnswerSchema, [],
    (r, v) => service.answer(r.actor, r.params.opinionId, v, b(r)));
  action('revisit', 'revisitOpinion', 'Record a revisit (回访)', 'Admin: the rating the submitter gave on the revisit; 不满意 reopens it once (重办).', RevisitSchema, [],
    (r, v) => service.revisit(r.actor, r.params.opinionId, v, b<{ rating: string }>(r).rating, b<{ note: string }>(r).note));
  action('close', 'closeOpinion', 'Close (办结)', 'Admin: answered → closed. Contact details are erased after the retention period from here.', EmptySchema, [],
    (r, v) => service.close(r.actor, r.params.opinionId, v));
  action('linkProblem', 'linkOpinionProblem', 'Link to a problem found', 'Admin: the problem found (查摆问题) this opinion points at.', LinkProblemSchema, [],
    (r, v) => service.linkProblem(r.actor, r.params.opinionId, v, b<{ problemId: string }>(r).problemId));
  action('escalate', 'escalateOpinion', 'Turn into a rectification item', 'Admin: creates a ledger item (整改事项) led by the opinion’s lead unit (or the agency concerned), its externalId the opinion’s number (its source). Once.', EscalateSchema, [],
    (r, v) => service.escalate(r.actor, r.params.opinionId, v, b(r)));

  // The working-day calendar.
  app.get('/v1/work-calendar/:year', {
    schema: {
      operationId: 'getWorkCalendarYear',
      tags,
      summary: 'A year of the working-day calendar',
      description: 'Holidays (放假) and adjusted working days (调休上班) opinion deadlines count on: the shipped State Council schedule, or the office’s edit of the year.',
      params: YearParams,
      response: { 200: versionedResponse('WorkCalendarYear', 'The year.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.calendar.year(request.params.year)),
  });

  app.put('/v1/work-calendar/:year', {
    schema: {
      operationId: 'putWorkCalendarYear',
      tags,
      summary: 'Replace a year of the working-day calendar',
      description: 'Admin: every holiday and adjusted working day of the year (e.g. from the State Council’s annual notice). Once the year is edited, If-Match is required (428 without, 412 when stale). Deadlines set later count on it; deadlines already set stay.',
      params: YearParams,
      headers: IfMatchHeader,
      body: PutCalendarSchema,
      response: { 200: versionedResponse('WorkCalendarYear', 'The year as stored.'), ...problemResponses(400, 401, 403, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      return withEtag(request, reply, service.calendar.put(request.actor, request.params.year, readIfMatch(request, false), request.body as never));
    },
  });

  // The sweeps also run on the service's clock (hourly): deterministic, since each depends only on "today".
  const timer = setInterval(() => {
    try {
      service.remindOverdue();
      service.eraseExpiredContacts();
    } catch (err) {
      app.log.error({ err }, 'opinion sweeps failed');
    }
  }, 60 * 60 * 1000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
};

export default routes;
