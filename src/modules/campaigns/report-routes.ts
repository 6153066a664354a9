// /v1/phases/{phaseId}/reports and /compliance: every agency reports on every phase; the office asks who has not.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { etagHeader, readIfMatch, withEtag } from '../../http/conditional.js';
import type { CampaignService } from './service.js';
import { complianceExport } from './exports.js';
import { ComplianceQuerySchema, PhaseParams, PhaseReportPageSchema, PhaseReportParams, PhaseReportQuerySchema, PutPhaseReportSchema } from './schemas.js';

const tags = ['campaigns'];
const reportResponse = (description: string, location = false) => ({
  description,
  headers: { ...etagHeader, ...(location ? { location: { type: 'string', maxLength: 200, description: 'The report’s URL.' } } : {}) },
  content: { 'application/json': { schema: Type.Ref('PhaseReport') } },
});
const IfMatchReplace = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'Optional on replace: the ETag you last read (412 when the report changed since, or when there is no report yet).', maxLength: 64 })),
});

const routes: FastifyPluginAsyncTypebox<{ service: CampaignService }> = async (app, { service }) => {
  complianceExport(app, service);
  app.put('/v1/phases/:phaseId/reports/:unitId', {
    schema: {
      operationId: 'putPhaseReport',
      tags,
      summary: 'Report on a phase',
      description:
        'The unit itself (unit_editor of that unit) or admin; another unit’s key gets 404 and nothing is written. Upsert: 201 on the first report, 200 on a replace; ' +
        'If-Match is honoured on replace. Accepted once the phase has started, also after it completed (then `late`); refused when the campaign is closed (409). ' +
        'reportedAt is the first report’s time; late = it came after the end of the window’s last day (Asia/Shanghai).',
      params: PhaseReportParams,
      headers: IfMatchReplace,
      body: PutPhaseReportSchema,
      response: {
        200: reportResponse('The replaced report.'),
        201: reportResponse('The first report of the unit on this phase.', true),
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, false);
      const { phaseId, unitId } = request.params;
      const { report, created } = service.putReport(request.actor, phaseId, unitId, version, request.body);
      if (created) reply.code(201).header('location', `/v1/phases/${phaseId}/reports/${unitId}`);
      return withEtag(request, reply, report);
    },
  });

  app.get('/v1/phases/:phaseId/reports/:unitId', {
    schema: {
      operationId: 'getPhaseReport',
      tags,
      summary: 'Get a unit’s report on a phase',
      description: 'admin, inspector and reader keys read every unit’s report; other keys only their own unit’s (404 otherwise).',
      params: PhaseReportParams,
      response: { 200: reportResponse('The report.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getReport(request.actor, request.params.phaseId, request.params.unitId)),
  });

  app.get('/v1/phases/:phaseId/reports', {
    schema: {
      operationId: 'listPhaseReports',
      tags,
      summary: 'List the reports on a phase',
      description: 'Filtered by the units’ level or parent and by lateness; keyset-paginated by reportedAt. admin, inspector and reader keys see all; other keys their own unit’s.',
      params: PhaseParams,
      querystring: PhaseReportQuerySchema,
      response: { 200: PhaseReportPageSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.listReports(request.actor, request.params.phaseId, request.query),
  });

  app.get('/v1/phases/:phaseId/compliance', {
    schema: {
      operationId: 'getPhaseCompliance',
      tags,
      summary: 'Who has reported on a phase, and who has not',
      description:
        'admin, inspector and reader keys. The expected agencies are the units of `level` (and children of `parentId` when given), without the campaign’s own region unit; ' +
        'the answer lists those that reported (when, and whether late) and those missing, by name, in one response (at most 5000 expected agencies; more is a 400).',
      params: PhaseParams,
      querystring: ComplianceQuerySchema,
      response: { 200: Type.Ref('PhaseCompliance'), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => service.compliance(request.actor, request.params.phaseId, request.query),
  });
};

export default routes;
