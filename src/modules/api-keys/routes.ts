// /v1/api-keys: admin only (the secret leaves the server once, in the 201 of the create); /v1/me: any key, about itself.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { refOf } from '../../http/schema-ref.js';
import { createApiKeyService } from './service.js';
import { ApiKeyPageSchema, ApiKeyParams, ApiKeyQuerySchema, CreateApiKeySchema, CreatedApiKeySchema } from './schemas.js';

const tags = ['api-keys'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createApiKeyService(app.deps);

  app.post('/v1/api-keys', {
    config: { idempotencyOmit: ['secret'] },
    schema: {
      operationId: 'createApiKey',
      tags,
      summary: 'Create an API key',
      description:
        'Admin only. Returns the secret once; only its SHA-256 hash is stored. With an `Idempotency-Key`, the stored response ' +
        'leaves the secret out: a replay (same key and payload within 24 h) answers 201 with `Idempotent-Replayed: true` and ' +
        '`{ key }` only, never the secret. A client that lost the secret revokes the key and creates another.',
      body: refOf(CreateApiKeySchema),
      response: { 201: Type.Ref('CreatedApiKey'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const created = service.create(request.actor, request.body);
      reply.code(201).header('location', `/v1/api-keys/${created.key.id}`).header('cache-control', 'no-store');
      return created;
    },
  });

  app.get('/v1/api-keys', {
    schema: {
      operationId: 'listApiKeys',
      tags,
      summary: 'List API keys',
      description: 'Admin only. Live keys unless includeRevoked=true.',
      querystring: ApiKeyQuerySchema,
      response: { 200: ApiKeyPageSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => service.list(request.actor, request.query),
  });

  app.get('/v1/api-keys/:keyId', {
    schema: {
      operationId: 'getApiKey',
      tags,
      summary: 'Get an API key',
      description: 'Admin only. Never returns the secret.',
      params: ApiKeyParams,
      response: { 200: Type.Ref('ApiKey'), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => service.get(request.actor, request.params.keyId),
  });

  // Any live key: who it is, from the verified-key cache (no database read). Integrators check a key's unit and roles
  // with it before they sync.
  app.get('/v1/me', {
    schema: {
      operationId: 'getCaller',
      tags,
      summary: 'Who am I',
      description: 'Any key. The key that made the request, the unit it acts for and its roles: what an integration may see and do.',
      response: { 200: Type.Ref('Caller'), ...problemResponses(401) },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { apiKeyId, unitId, roles } = request.actor;
      return { keyId: apiKeyId!, unitId: unitId!, roles: [...roles] };
    },
  });

  app.post('/v1/api-keys/:keyId(^[^:/]+)::revoke', {
    schema: {
      operationId: 'revokeApiKey',
      tags,
      summary: 'Revoke an API key',
      description: 'Admin only. The key stops working at once (401); revoking twice is a 409.',
      params: ApiKeyParams,
      response: { 200: Type.Ref('ApiKey'), ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => service.revoke(request.actor, request.params.keyId),
  });
};

export default routes;
