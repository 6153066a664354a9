// Request ids (API.md 22): a valid incoming X-Request-Id is kept, otherwise a UUIDv7 is made; every response echoes it.
import type { FastifyInstance, RawRequestDefaultExpression } from 'fastify';
import fp from 'fastify-plugin';
import { newId } from '../lib/ids.js';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

export function genReqId(req: RawRequestDefaultExpression): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && VALID.test(given) ? given : newId();
}

function requestIdPlugin(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

export default fp(requestIdPlugin, { name: 'request-id' });
