// /v1/units: agencies are readable by every key and written only by admin.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { refOf } from '../../http/schema-ref.js';
import { IfMatchHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createUnitService } from './service.js';
import { CreateUnitSchema, UnitPageSchema, UnitParams, UnitQuerySchema, UpdateUnitSchema } from './schemas.js';

const tags = ['units'];
const unitResponse = (description: string) => versionedResponse('Unit', description);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createUnitService(app.deps);

  app.get('/v1/units', {
    schema: {
      operationId: 'listUnits',
      tags,
      summary: 'List units',
      description: 'Agencies, filtered by level, parent, division code or name; keyset-paginated.',
      querystring: UnitQuerySchema,
      response: { 200: UnitPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.list(request.query),
  });

  app.post('/v1/units', {
    schema: {
      operationId: 'createUnit',
      tags,
      summary: 'Create a unit',
      description: 'Admin only. The division code must exist in GB/T 2260 and the credit code must carry the right check character.',
      body: refOf(CreateUnitSchema),
      response: { 201: unitResponse('The created unit.'), ...problemResponses(400, 401, 403, 409, 422) },
    },
    handler: async (request, reply) => {
      const unit = service.create(request.actor, request.body);
      reply.code(201).header('location', `/v1/units/${unit.id}`);
      return withEtag(request, reply, unit);
    },
  });

  app.get('/v1/units/:unitId', {
    schema: {
      operationId: 'getUnit',
      tags,
      summary: 'Get a unit',
      description: 'One unit with its ETag; If-None-Match gives 304 when unchanged.',
      params: UnitParams,
      response: { 200: unitResponse('The unit.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.get(request.params.unitId)),
  });

  app.patch('/v1/units/:unitId', {
    schema: {
      operationId: 'updateUnit',
      tags,
      summary: 'Change a unit',
      description: 'Admin only. Needs If-Match with the current ETag (428 without, 412 when stale).',
      params: UnitParams,
      headers: IfMatchHeader,
      body: refOf(UpdateUnitSchema),
      response: { 200: unitResponse('The changed unit.'), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.update(request.actor, request.params.unitId, version, request.body));
    },
  });
};

export default routes;
