// /healthz (the process is up) and /readyz (the database answers and every migration is applied).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, migrationsApplied } from '../../db/client.js';
import { problemResponses, problemBody, sendProblem } from '../../http/errors.js';
import { lazy } from '../../db/lazy.js';

const Status = Type.Object({ status: Type.String({ maxLength: 16, description: 'ok or ready.' }) }, { description: 'Health status.' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const expected = (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  const { sqlite } = app.deps;
  const ping = lazy(() => sqlite.prepare('SELECT 1'));

  app.get('/healthz', {
    config: { public: true, probe: true },
    schema: { operationId: 'getHealth', tags: ['health'], summary: 'Liveness', description: 'The process is up.', security: [], response: { 200: Status, ...problemResponses() } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/readyz', {
    config: { public: true, probe: true },
    schema: {
      operationId: 'getReadiness',
      tags: ['health'],
      summary: 'Readiness',
      description: 'The database answers and all migrations are applied.',
      security: [],
      response: { 200: Status, ...problemResponses(503) },
    },
    handler: async (request, reply) => {
      try {
        ping.get();
        if (migrationsApplied(sqlite, expected)) return { status: 'ready' };
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
      }
      return sendProblem(reply, problemBody(request, 'NOT_READY', 'The database is not reachable or not migrated'), { 'retry-after': '5' });
    },
  });
};

export default routes;
