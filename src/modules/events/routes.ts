// GET /v1/events: the change feed. Events come in commit order (sequence); a platform stores the last sequence it
// processed and asks for `after=<sequence>` to sync without missing or repeating any.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, asc, eq, gt, not, type SQL } from 'drizzle-orm';
import { problemResponses } from '../../http/errors.js';
import { hasRole, requireRole } from '../../http/auth.js';
import { PageQuery, pageSizeOf } from '../../http/pagination.js';
import { events } from '../../db/schema/index.js';
import { secretEventCondition } from '../supervision/repository.js';

export const EventSchema = Type.Object(
  {
    sequence: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The position in commit order; strictly increasing.' }),
    occurredAt: Type.String({ format: 'date-time', description: 'When the change was committed (UTC).' }),
    apiKeyId: Type.Union([Type.String({ maxLength: 36 }), Type.Null()], { description: 'The API key that made the change; null for the system (seeding).' }),
    unitId: Type.Union([Type.String({ maxLength: 36 }), Type.Null()], { description: 'The agency the change concerns.' }),
    requestId: Type.Union([Type.String({ maxLength: 128 }), Type.Null()], { description: 'The request id of the change.' }),
    entity: Type.String({ maxLength: 64, description: 'The kind of resource, e.g. unit, rectification_item.' }),
    entityId: Type.String({ maxLength: 64, description: 'The resource’s id.' }),
    action: Type.String({ maxLength: 64, description: 'What happened: create, update, delete or an action verb (submit, accept...).' }),
    before: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'The representation before the change (null on create).' }),
    after: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'The representation after the change (null on delete).' }),
    reason: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'The reason given, where the action needs one.' }),
  },
  { $id: 'Event', description: 'An audit event: one mutation, as committed.' },
);

const EventQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Return events with a sequence greater than this (default 0: from the start).' })),
    entity: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_]+$', description: 'Only events of this kind of resource.' })),
    entityId: Type.Optional(Type.String({ maxLength: 64, description: 'Only events of this resource.' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const EventPage = Type.Object(
  {
    items: Type.Array(Type.Ref('Event'), { maxItems: 500, description: 'Events in commit order.' }),
    nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent when the feed is exhausted for now.' })),
    lastSequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The sequence of the last event returned (or `after` when none): the value to pass as `after` next time.' }),
  },
  { description: 'A page of the change feed.' },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, pageTokens } = app.deps;
  app.get('/v1/events', {
    schema: {
      operationId: 'listEvents',
      tags: ['events'],
      summary: 'Read the change feed',
      description: 'Audit events in commit order, for admin, inspector and reader keys. Poll with after=<lastSequence>. Reader keys do not see the events of an unannounced inspection (明察暗访) or its findings until it concludes; the conclude, deliver_conclusion and finding deliver events then carry everything, with new sequences.',
      querystring: EventQuery,
      response: { 200: EventPage, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      requireRole(request.actor, 'inspector', 'reader');
      const q = request.query as Static<typeof EventQuery>;
      const filters = { entity: q.entity, entityId: q.entityId };
      const cursor = pageTokens.decode('events', filters, q.pageToken);
      const after = Math.max(q.after ?? 0, cursor ? Number(cursor[0]) : 0);
      const limit = pageSizeOf(q.pageSize);
      const conds: SQL[] = [gt(events.sequence, after)];
      if (q.entity) conds.push(eq(events.entity, q.entity));
      if (q.entityId) conds.push(eq(events.entityId, q.entityId));
      // 明察暗访: a running unannounced inspection and its findings do not exist for readers until it concludes.
      if (!hasRole(request.actor, 'admin', 'inspector')) conds.push(not(secretEventCondition()));
      const rows = db.select().from(events).where(and(...conds)).orderBy(asc(events.sequence)).limit(limit + 1).all();
      const page = pageTokens.page('events', filters, rows, limit, (r) => [r.sequence]);
      return { ...page, lastSequence: page.items.length ? page.items[page.items.length - 1].sequence : after };
    },
  });
};

export default routes;
