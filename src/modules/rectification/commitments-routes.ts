// /v1/commitments: public commitments (公开承诺, task 1) and who has not published by a date.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commitmentsExport } from './commitments-exports.js';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createCommitmentService } from './commitments-service.js';
import { CommitmentPageSchema, CommitmentParams, CommitmentQuerySchema, ComplianceQuerySchema, ComplianceSchema, CreateCommitmentSchema, UpdateCommitmentSchema } from './commitments-schemas.js';

const tags = ['commitments'];
const response = (description: string) => versionedResponse('Commitment', description);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createCommitmentService(app.deps);
  commitmentsExport(app, service);

  app.get('/v1/commitments', {
    schema: {
      operationId: 'listCommitments',
      tags,
      summary: 'List public commitments',
      description: 'Agency keys see their own agency’s; admin, inspector and reader keys see all.',
      querystring: CommitmentQuerySchema,
      response: { 200: CommitmentPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.get('/v1/commitments/compliance', {
    schema: {
      operationId: 'getCommitmentCompliance',
      tags,
      summary: 'Agencies without a published commitment',
      description: 'Every agency that has no unit-level commitment in the campaign published on or before asOf (the plan’s deadline is Y-06-30). Admin, inspector or reader.',
      querystring: ComplianceQuerySchema,
      response: { 200: ComplianceSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => service.compliance(request.actor, request.query),
  });

  app.post('/v1/commitments', {
    schema: {
      operationId: 'createCommitment',
      tags,
      summary: 'Record a public commitment',
      description: 'A unit_editor for its own agency, or admin. Unit-level commitments are published in the media, post-level ones inside the agency (422 RULE_VIOLATION otherwise).',
      body: CreateCommitmentSchema,
      response: { 201: response('The recorded commitment.'), ...problemResponses(400, 401, 403, 422) },
    },
    handler: async (request, reply) => {
      const c = service.create(request.actor, request.body);
      reply.code(201).header('location', `/v1/commitments/${c.id}`);
      return withEtag(request, reply, c);
    },
  });

  app.get('/v1/commitments/:commitmentId', {
    schema: {
      operationId: 'getCommitment',
      tags,
      summary: 'Get a public commitment',
      description: 'One commitment with its ETag.',
      params: CommitmentParams,
      response: { 200: response('The commitment.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.actor, request.params.commitmentId)),
  });

  app.patch('/v1/commitments/:commitmentId', {
    schema: {
      operationId: 'updateCommitment',
      tags,
      summary: 'Change or publish a public commitment',
      description: 'Setting publishedOn publishes it. The agency’s unit_editor or admin; needs If-Match (428 without, 412 when stale).',
      params: CommitmentParams,
      headers: IfMatchHeader,
      body: UpdateCommitmentSchema,
      response: { 200: response('The changed commitment.'), ...problemResponses(400, 401, 403, 404, 412, 422, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.update(request.actor, request.params.commitmentId, version, request.body));
    },
  });
};

export default routes;
