// GET /v1/meta/enums: every enum of the API with its zh-CN labels, for clients that show them to officials.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { allEnums } from '../../lib/enums.js';
import { problemResponses } from '../../http/errors.js';

const EnumLabels = Type.Record(Type.String({ maxLength: 64 }), Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 200 })), {
  description: 'Enum name → value → zh-CN label, e.g. { "problemCategory": { "ws_1": "宗旨意识不强…" } }.',
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/v1/meta/enums', {
    schema: {
      operationId: 'listEnums',
      tags: ['meta'],
      summary: 'Enum labels',
      description: 'Every enum of the API with its zh-CN labels (the same labels are in each enum schema’s description).',
      response: { 200: EnumLabels, ...problemResponses(401) },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return Object.fromEntries(allEnums().map((e) => [e.name, e.labels]));
    },
  });
};

export default routes;
