// What the webhook-subscription use cases answer when they refuse, word for word, and who may read: found by the
// survivors of `stryker run stryker.webhooks.config.mjs --mutate src/modules/webhooks/service.ts:1-118` (issue 22).
import { webhookContext, type WebhookContext } from './support.js';
import { eventsOf } from '../../helpers/app.js';

let w: WebhookContext;
afterEach(async () => w?.close());

const json = (res: { body: string }) => JSON.parse(res.body);
const MISSING = '01900000-0000-7000-8000-000000000000';

describe('webhook subscription refusals', () => {
  test('when a create is refused, then the problem names the field and says why (url, unitId, startAfter)', async () => {
    w = await webhookContext();
    const admin = w.t.client(w.t.admin);
    const newest = w.t.app.deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck().get() as number;
    const refused = async (body: object) => json(await admin.post('/v1/webhook-subscriptions', { url: w.receiver.url, ...body })).errors;
    expect(await refused({ url: 'https://169.254.169.254/latest/meta-data' })).toEqual([expect.objectContaining({ pointer: '/url', detail: expect.stringMatching(/^url .*linkLocal/) })]);
    expect(await refused({ unitId: MISSING })).toEqual([expect.objectContaining({ pointer: '/unitId', detail: `unit ${MISSING} does not exist` })]);
    expect(await refused({ startAfter: newest + 5 })).toEqual([
      expect.objectContaining({ pointer: '/startAfter', detail: `startAfter ${newest + 5} is after the newest sequence of the feed (${newest})` }),
    ]);
  });

  test('when the subscription does not exist or is another agency’s, then the 404 names it; an admin action on an unknown id is 404 too', async () => {
    w = await webhookContext();
    const other = await w.subscribe({ unitId: w.t.unit['gx-fzb'] });
    const reader = w.t.client(w.t.key(['reader'], w.t.unit['gx-czt']));
    expect(json(await reader.get(`/v1/webhook-subscriptions/${other.id}`)).detail).toBe(`Webhook subscription ${other.id} does not exist`);
    const admin = w.t.client(w.t.admin);
    const res = await admin.post(`/v1/webhook-subscriptions/${MISSING}:enable`);
    expect(res.statusCode).toBe(404);
    expect(json(res).detail).toBe(`Webhook subscription ${MISSING} does not exist`);
  });

  test('when an inspector key of the agency reads its subscription and the list, then it may (200), like a reader', async () => {
    w = await webhookContext();
    const own = await w.subscribe({ unitId: w.t.unit['gx-czt'] });
    const inspector = w.t.client(w.t.key(['inspector'], w.t.unit['gx-czt']));
    expect((await inspector.get(`/v1/webhook-subscriptions/${own.id}`)).statusCode).toBe(200);
    expect(json(await inspector.get('/v1/webhook-subscriptions')).items.map((s: { id: string }) => s.id)).toEqual([own.id]);
  });

  test('when replayed, then the feed event carries the reason "from sequence N"; an update carries none', async () => {
    w = await webhookContext();
    const { id, version } = await w.subscribe();
    const admin = w.t.client(w.t.admin);
    expect((await admin.patch(`/v1/webhook-subscriptions/${id}`, { description: '说明' }, { 'if-match': `"${version}"` })).statusCode).toBe(200);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: 1 })).statusCode).toBe(200);
    expect(eventsOf(w.t.app, id).map((e) => [e.action, e.reason])).toEqual([
      ['create', null],
      ['update', null],
      ['replay', 'from sequence 1'],
    ]);
  });
});
