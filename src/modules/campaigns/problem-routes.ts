// /v1/problems: problems found (查摆问题). A unit_editor registers and edits only its own unit's problems.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createProblemService } from './problem-service.js';
import { CreateProblemSchema, ProblemActionSchema, ProblemPageSchema, ProblemParams, ProblemQuerySchema, UpdateProblemSchema } from './schemas.js';

const tags = ['problems'];
const json = (description: string) => versionedResponse('FoundProblem', description);
const IfMatchOptional = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'Optional: the ETag you last read; 412 when the problem changed since.', maxLength: 64 })),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createProblemService(app.deps);

  app.get('/v1/problems', {
    schema: {
      operationId: 'listProblems',
      tags,
      summary: 'List problems found',
      description: 'Filtered by campaign, unit, dimension, category, source and status; keyset-paginated. admin, inspector and reader keys see all; other keys their own unit’s.',
      querystring: ProblemQuerySchema,
      response: { 200: ProblemPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.post('/v1/problems', {
    schema: {
      operationId: 'createProblem',
      tags,
      summary: 'Register a problem found',
      description:
        'unit_editor (for its own unit: another unitId gives 404 and nothing is written) or admin. The category must match the dimension (ws_1–ws_6 work_style, ef_1–ef_4 efficiency). The campaign must not be closed (409).',
      body: CreateProblemSchema,
      response: { 201: json('The registered problem.'), ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const problem = service.create(request.actor, request.body);
      reply.code(201).header('location', `/v1/problems/${problem.id}`);
      return withEtag(request, reply, problem);
    },
  });

  app.get('/v1/problems/:problemId', {
    schema: {
      operationId: 'getProblem',
      tags,
      summary: 'Get a problem found',
      description: 'One problem with its ETag; another unit’s problem is a 404 for a unit key.',
      params: ProblemParams,
      response: { 200: json('The problem.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.actor, request.params.problemId)),
  });

  app.patch('/v1/problems/:problemId', {
    schema: {
      operationId: 'updateProblem',
      tags,
      summary: 'Change a problem found',
      description: 'unit_editor of the problem’s unit, or admin; If-Match required (428 without, 412 when stale). Status changes only by actions.',
      params: ProblemParams,
      headers: IfMatchHeader,
      body: UpdateProblemSchema,
      response: { 200: json('The changed problem.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'unit_editor');
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.update(request.actor, request.params.problemId, version, request.body));
    },
  });

  for (const [verb, summary, description] of [
    ['resolve', 'Mark a problem resolved', 'open → resolved (已整改). unit_editor of its unit or admin; honours If-Match when sent.'],
    ['dismiss', 'Dismiss a problem', 'open → dismissed, with a reason. unit_editor of its unit or admin; honours If-Match when sent.'],
    ['reopen', 'Reopen a problem', 'resolved or dismissed → open, with a reason. unit_editor of its unit or admin; honours If-Match when sent.'],
  ] as const) {
    app.post(`/v1/problems/:problemId([^/:]{1,200})::${verb}`, {
      schema: {
        operationId: `${verb}Problem`,
        tags,
        summary,
        description,
        params: ProblemParams,
        headers: IfMatchOptional,
        body: ProblemActionSchema,
        response: { 200: json('The problem in its new state.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        requireRole(request.actor, 'unit_editor');
        const version = readIfMatch(request, false);
        return withEtag(request, reply, service.act(request.actor, request.params.problemId, version, verb, request.body));
      },
    });
  }
};

export default routes;
