// Webhook-subscription use cases at their edges, each found by a mutant of service.ts or repository.ts that survived
// routes.test.ts (issue 22, "Stryker reaches the services"): where a new subscription starts, the list's filters and
// pages, what a PATCH, :enable, :rotateSecret and :replay reset or keep, and what metrics report.
import { webhookContext, type WebhookContext } from './support.js';
import { verify } from '../../helpers/webhook-receiver.js';

let w: WebhookContext;
afterEach(async () => w?.close());

const json = (res: { body: string }) => JSON.parse(res.body);
const newest = () => w.t.app.deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck().get() as number;
const sequencesReceived = () => w.receiver.received.map((r) => r.payload!.data.sequence as number);

describe('where a new subscription starts', () => {
  test('when startAfter is the newest sequence, then it is accepted and the next event is the first delivered; one past the newest is refused', async () => {
    w = await webhookContext();
    const admin = w.t.client(w.t.admin);
    const [before] = await w.write(1);
    expect((await admin.post('/v1/webhook-subscriptions', { url: w.receiver.url, startAfter: before + 1 })).statusCode).toBe(400);
    const { id } = await w.subscribe({ startAfter: before, entities: ['unit'] });
    const [next] = await w.write(1);
    await w.t.app.webhooks.drain();
    expect(sequencesReceived()).toEqual([next]);
    expect(w.deliveries(id)).toHaveLength(1);
  });

  test('when startAfter is 0, then the whole feed is delivered from its first event', async () => {
    w = await webhookContext();
    const written = await w.write(2);
    await w.subscribe({ startAfter: 0, entities: ['unit'] });
    await w.t.app.webhooks.drain();
    expect(sequencesReceived().slice(-2)).toEqual(written);
    expect(sequencesReceived()[0]).toBeLessThan(written[0]);
  });

  test('when startAfter is "now", then the first event delivered is the one after the subscription’s own creation', async () => {
    w = await webhookContext();
    await w.write(1);
    await w.subscribe({ startAfter: 'now' });
    const [next] = await w.write(1);
    await w.t.app.webhooks.drain();
    expect(sequencesReceived()).toEqual([next]);
  });

  test('when created disabled, then nothing is delivered and it lists as disabled', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ enabled: false });
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(0);
    const admin = w.t.client(w.t.admin);
    expect(json(await admin.get('/v1/webhook-subscriptions?enabled=false')).items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(json(await admin.get('/v1/webhook-subscriptions?enabled=true')).items).toEqual([]);
  });
});

describe('the list', () => {
  test('when an admin filters by agency, then only that agency’s subscriptions come back; a reader naming its own agency gets its own', async () => {
    w = await webhookContext();
    const own = await w.subscribe({ unitId: w.t.unit['gx-czt'] });
    await w.subscribe({ unitId: w.t.unit['gx-fzb'] });
    const admin = w.t.client(w.t.admin);
    expect(json(await admin.get(`/v1/webhook-subscriptions?unitId=${w.t.unit['gx-czt']}`)).items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expect(json(await admin.get('/v1/webhook-subscriptions')).items).toHaveLength(2);
    const reader = w.t.client(w.t.key(['reader'], w.t.unit['gx-czt']));
    expect(json(await reader.get(`/v1/webhook-subscriptions?unitId=${w.t.unit['gx-czt']}`)).items.map((s: { id: string }) => s.id)).toEqual([own.id]);
  });

  test('when there are more subscriptions than pageSize, then they come in id order over pages', async () => {
    w = await webhookContext();
    const ids = [(await w.subscribe()).id, (await w.subscribe()).id, (await w.subscribe()).id].sort();
    const admin = w.t.client(w.t.admin);
    const page1 = json(await admin.get('/v1/webhook-subscriptions?pageSize=2'));
    expect(page1.items.map((s: { id: string }) => s.id)).toEqual(ids.slice(0, 2));
    const page2 = json(await admin.get(`/v1/webhook-subscriptions?pageSize=2&pageToken=${page1.nextPageToken}`));
    expect(page2.items.map((s: { id: string }) => s.id)).toEqual(ids.slice(2));
    expect(page2.nextPageToken).toBeUndefined();
  });
});

describe('what a change resets', () => {
  /** A subscription whose head has failed once (its retry scheduled). */
  async function failingOnce(body: Record<string, unknown> = {}) {
    const sub = await w.subscribe({ entities: ['unit'], ...body });
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 500 } : { status: 204 });
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.deliveries(sub.id)[0].nextAttemptAt).not.toBeNull();
    return sub;
  }

  test('when PATCHed with the URL it already has, then the failing head keeps its retry schedule', async () => {
    w = await webhookContext();
    const { id, version } = await failingOnce();
    const res = await w.t.client(w.t.admin).patch(`/v1/webhook-subscriptions/${id}`, { url: w.receiver.url, description: '同一地址' }, { 'if-match': `"${version}"` });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ description: '同一地址', version: version + 1 });
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
  });

  test('when PATCHed entities and actions, then the new filters decide what is delivered next', async () => {
    w = await webhookContext();
    const { id, version } = await w.subscribe({ entities: ['rectification_item'] });
    const res = await w.t.client(w.t.admin).patch(`/v1/webhook-subscriptions/${id}`, { entities: ['unit'], actions: ['update'] }, { 'if-match': `"${version}"` });
    expect(json(res)).toMatchObject({ entities: ['unit'], actions: ['update'] });
    const [seq] = await w.write(1);
    await w.t.app.webhooks.drain();
    expect(sequencesReceived()).toEqual([seq]);
  });

  test('when a subscription the service disabled is enabled, then its reason is cleared and its head is tried at once on a fresh schedule', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ entities: ['unit'] });
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 410 } : { status: 204 });
    const [seq] = await w.write(1);
    await w.t.app.webhooks.drain();
    const admin = w.t.client(w.t.admin);
    expect(json(await admin.get(`/v1/webhook-subscriptions/${id}`))).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    expect(json(await admin.post(`/v1/webhook-subscriptions/${id}:enable`))).toMatchObject({ enabled: true, disabledReason: null });
    await w.t.app.webhooks.drain();
    expect(sequencesReceived()).toEqual([seq, seq]);
    expect(w.deliveries(id).map((d) => d.attempt)).toEqual([1, 1]);
  });

  test('when disabled by :disable, then the reason is null and a retry scheduled before is dropped', async () => {
    w = await webhookContext();
    const { id } = await failingOnce();
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:disable`);
    expect(json(res)).toMatchObject({ enabled: false, disabledReason: null });
    const metrics = json(await w.t.client(w.t.admin).get('/v1/webhook-metrics'));
    expect(metrics.subscriptions[0]).toMatchObject({ enabled: false, nextAttemptAt: null, consecutiveFailures: 1 });
  });

  test('when the secret is rotated with overlapSeconds 0, then the old secret stops at once', async () => {
    w = await webhookContext();
    const { id, secret: old } = await w.subscribe({ entities: ['unit'] });
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:rotateSecret`, { overlapSeconds: 0 });
    expect(json(res).subscription).toMatchObject({ previousSecretExpiresAt: null });
    w.receiver.secrets.push(json(res).secret);
    await w.write(1);
    await w.t.app.webhooks.drain();
    const r = w.receiver.received[0];
    expect(r.signature.split(' ')).toHaveLength(1);
    const headers = { 'webhook-id': r.webhookId, 'webhook-timestamp': String(r.timestamp), 'webhook-signature': r.signature };
    expect(() => verify(old, r.body, headers, () => w.t.clock.now().getTime())).toThrow('No matching signature found');
  });

  test('when replayed from one past the newest sequence, then it is accepted and only later events are sent; two past is refused', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ entities: ['unit'] });
    await w.write(1);
    await w.t.app.webhooks.drain();
    const admin = w.t.client(w.t.admin);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: newest() + 2 })).statusCode).toBe(400);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: newest() + 1 })).statusCode).toBe(200);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
    const metrics = json(await admin.get('/v1/webhook-metrics'));
    expect(metrics.subscriptions[0]).toMatchObject({ cursor: newest(), lag: 0 });
  });
});

describe('redelivery and metrics', () => {
  test('when a :test message is redelivered, then 409 says to send another', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const admin = w.t.client(w.t.admin);
    const sent = json(await admin.post(`/v1/webhook-subscriptions/${id}:test`));
    const res = await admin.post(`/v1/webhook-subscriptions/${id}/deliveries/${sent.id}:redeliver`);
    expect(res.statusCode).toBe(409);
    expect(w.receiver.received).toHaveLength(1);
  });

  test('when metrics are read, then each subscription shows its url, state, cursor, lag and last success', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ entities: ['unit'] });
    await w.write(1);
    await w.t.app.webhooks.drain();
    await w.write(2);
    const metrics = json(await w.t.client(w.t.admin).get('/v1/webhook-metrics'));
    expect(metrics.newestSequence).toBe(newest());
    expect(metrics.subscriptions).toEqual([
      { subscriptionId: id, url: w.receiver.url, enabled: true, cursor: newest() - 2, lag: 2, lastSuccessAt: w.t.clock.now().toISOString(), consecutiveFailures: 0, nextAttemptAt: null },
    ]);
  });
});
