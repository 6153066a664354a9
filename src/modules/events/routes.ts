// GET /v1/events: the change feed. Events come in commit order (sequence); a platform stores the last sequence it
// processed and asks for `after=<sequence>` to sync without missing or repeating any. Every page names the database
// instance: a new instanceId means a new database (a reset), and `after` past the last sequence (400) means the
// database went back in time (a restore): either way the platform resyncs from after=0.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { AppError, problemResponses } from '../../http/errors.js';
import { isAdmin, requireRole } from '../../http/auth.js';
import { PageQuery, pageSizeOf } from '../../http/pagination.js';
import { Text } from '../../http/text-schema.js';
import { events } from '../../db/schema/index.js';
import { getOrCreateSetting } from '../../db/audit.js';
import { ADMIN_ONLY_ENTITIES, EventActionEnum, EventEntityEnum, type EventEntity } from '../../db/event-kinds.js';
import { LOWERCASE_KEYWORD, newId } from '../../lib/ids.js';
import { audienceOf, visibleEvents } from './visibility.js';
import { lazy } from '../../db/lazy.js';

export { EventSchema } from '../../db/event-kinds.js';

const EventQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Return events with a sequence greater than this (default 0: from the start). Past the last sequence of this database: 400 (the database was restored or reset: resync from 0).',
      }),
    ),
    entity: Type.Optional(EventEntityEnum.ref({ description: 'Only events of this kind of resource (400 for an unknown kind).' })),
    entityId: Type.Optional(Text({ maxLength: 64, [LOWERCASE_KEYWORD]: true, description: 'Only events of this resource (ids in any case).' })),
    action: Type.Optional(EventActionEnum.ref({ description: 'Only events of this action (400 for an unknown one).' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const EventPage = Type.Object(
  {
    items: Type.Array(Type.Ref('Event'), { maxItems: 500, description: 'Events in commit order.' }),
    nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent when the feed is exhausted for now.' })),
    lastSequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The sequence of the last event returned (or `after` when none): the value to pass as `after` next time.' }),
    instanceId: Type.String({
      format: 'uuid',
      description: 'The id of this database, created once with it. Store it with lastSequence: when it changes, the database was replaced (reset or another server) and sequences start over; resync from after=0.',
    }),
  },
  { description: 'A page of the change feed.' },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, pageTokens } = app.deps;
  const instanceId = getOrCreateSetting(db, 'instance_id', newId);
  const lastSequence = lazy(() => db.select({ s: sql<number | null>`max(${events.sequence})` }).from(events).prepare());

  app.get('/v1/events', {
    schema: {
      operationId: 'listEvents',
      tags: ['events'],
      summary: 'Read the change feed',
      description:
        'Audit events in commit order, for admin, inspector and reader keys (api_key events are admin-only). Poll with after=<lastSequence>; ' +
        'each page carries the database’s instanceId. `after` beyond the last sequence is a 400 (a restored database): resync from 0. ' +
        'Reader keys do not see the events of an unannounced inspection (明察暗访) or its findings until it concludes; the conclude, deliver_conclusion and finding deliver events then carry everything, with new sequences.',
      querystring: EventQuery,
      response: { 200: EventPage, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor, 'inspector', 'reader');
      const q = request.query as Static<typeof EventQuery>;
      const adminOnly = isAdmin(request.actor) ? [] : (ADMIN_ONLY_ENTITIES as EventEntity[]);
      if (q.entity && adminOnly.includes(q.entity as EventEntity)) throw new AppError('FORBIDDEN', `${q.entity} events are readable by admin keys only`);
      const filters = { entity: q.entity, entityId: q.entityId, action: q.action, hidden: adminOnly.join(',') || undefined };
      const cursor = pageTokens.decode('events', filters, q.pageToken);
      const last = lastSequence.get()?.s ?? 0;
      if (q.after !== undefined && q.after > last) {
        throw new AppError('VALIDATION_FAILED', `after=${q.after} is beyond the last sequence of this database (${last}, instance ${instanceId}): it was restored or reset; resync from after=0`, {
          errors: [{ in: 'query', pointer: '/after', detail: `greater than the last sequence ${last}` }],
          extra: { lastSequence: last, instanceId },
        });
      }
      const after = Math.max(q.after ?? 0, cursor ? Number(cursor[0]) : 0);
      const limit = pageSizeOf(q.pageSize);
      const conds: SQL[] = [gt(events.sequence, after)];
      if (q.entity) conds.push(eq(events.entity, q.entity));
      if (q.entityId) conds.push(eq(events.entityId, q.entityId));
      if (q.action) conds.push(eq(events.action, q.action));
      const visible = visibleEvents(audienceOf(request.actor));
      if (visible) conds.push(visible);
      const rows = db.select().from(events).where(and(...conds)).orderBy(asc(events.sequence)).limit(limit + 1).all();
      const page = pageTokens.page('events', filters, rows, limit, (r) => [r.sequence]);
      // Stored events are written by the service itself; JSON.stringify skips building a serializer for the 16-way union.
      reply.type('application/json; charset=utf-8').serializer(JSON.stringify);
      return { ...page, lastSequence: page.items.length ? page.items[page.items.length - 1].sequence : after, instanceId };
    },
  });
};

export default routes;
