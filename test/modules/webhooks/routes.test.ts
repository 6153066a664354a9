// /v1/webhook-subscriptions: the contract (API.md) on the new resource — roles, BOLA, ETags, actions, idempotency
// without the secret, deliveries, :test, :redeliver, :replay, metrics.
import { webhookContext, type WebhookContext } from './support.js';
import { Writable } from 'node:stream';
import { eventsOf } from '../../helpers/app.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';
import { buildApp, loggerOptions } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { systemActor } from '../../../src/http/auth.js';
import { seedUnits } from '../../../src/modules/units/seed.js';
import { createApiKeyService } from '../../../src/modules/api-keys/service.js';

let w: WebhookContext;
afterEach(async () => w?.close());

const json = (res: { body: string }) => JSON.parse(res.body);

describe('/v1/webhook-subscriptions', () => {
  test('when an admin creates one, then the 201 shows the secret once (whsec_ + 32 bytes), GET, the list and the feed never do', async () => {
    w = await webhookContext();
    const admin = w.t.client(w.t.admin);
    const res = await admin.post('/v1/webhook-subscriptions', { url: w.receiver.url, description: '南宁市政务服务平台', entities: ['rectification_item'], actions: ['accept'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = json(res);
    expect(Buffer.from(body.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(body.subscription).toMatchObject({ url: w.receiver.url, enabled: true, entities: ['rectification_item'], actions: ['accept'], includeSnapshot: false, version: 1, unitId: w.t.unit.gx });
    expect(res.headers.location).toBe(`/v1/webhook-subscriptions/${body.subscription.id}`);
    const got = await admin.get(`/v1/webhook-subscriptions/${body.subscription.id}`);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).not.toContain('whsec_');
    expect((await admin.get('/v1/webhook-subscriptions')).body).not.toContain('whsec_');
    expect((await admin.get('/v1/events')).body).not.toContain(body.secret.slice(6, 30));
    expect(eventsOf(w.t.app, body.subscription.id).map((e) => e.action)).toEqual(['create']);
  });

  test('when a create is replayed with its Idempotency-Key, then the same subscription comes back without the secret, and the stored replay holds no secret', async () => {
    w = await webhookContext();
    const admin = w.t.client(w.t.admin);
    const first = await admin.post('/v1/webhook-subscriptions', { url: w.receiver.url }, { 'idempotency-key': 'sub-1' });
    const again = await admin.post('/v1/webhook-subscriptions', { url: w.receiver.url }, { 'idempotency-key': 'sub-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual({ subscription: json(first).subscription });
    const stored = w.t.app.deps.sqlite.prepare('SELECT body FROM idempotency_keys').pluck().all() as string[];
    expect(stored.join('')).not.toContain('whsec_');
    expect(json(await admin.get('/v1/webhook-subscriptions')).items).toHaveLength(1);
  });

  test('when the body is bad, then 400 names the field and nothing is written', async () => {
    w = await webhookContext();
    const admin = w.t.client(w.t.admin);
    for (const [body, pointer] of [
      [{ url: w.receiver.url, secret: 'whsec_x' }, '/secret'],
      [{ url: 'ftp://example.org/x' }, '/url'],
      [{ url: w.receiver.url, entities: ['nope'] }, '/entities'],
      [{ url: w.receiver.url, startAfter: 10_000 }, '/startAfter'],
      [{ url: w.receiver.url, unitId: '01900000-0000-7000-8000-000000000000' }, '/unitId'],
    ] as const) {
      const res = await admin.post('/v1/webhook-subscriptions', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(json(res).errors)).toContain(pointer.slice(1));
    }
    expect(json(await admin.get('/v1/webhook-subscriptions')).items).toHaveLength(0);
  });

  test('when no key, a unit_editor, or a reader writes, then 401, 403, 403', async () => {
    w = await webhookContext();
    expect((await w.t.client().get('/v1/webhook-subscriptions')).statusCode).toBe(401);
    const editor = w.t.client(w.t.key(['unit_editor'], w.t.unit['gx-czt']));
    expect((await editor.get('/v1/webhook-subscriptions')).statusCode).toBe(403);
    expect((await editor.post('/v1/webhook-subscriptions', { url: w.receiver.url })).statusCode).toBe(403);
    const reader = w.t.client(w.t.key(['reader'], w.t.unit['gx-czt']));
    expect((await reader.post('/v1/webhook-subscriptions', { url: w.receiver.url })).statusCode).toBe(403);
    expect((await reader.get('/v1/webhook-metrics')).statusCode).toBe(403);
  });

  test('when a reader lists and reads, then it sees its own agency’s subscriptions only; another agency’s is 404', async () => {
    w = await webhookContext();
    const own = await w.subscribe({ unitId: w.t.unit['gx-czt'] });
    const other = await w.subscribe({ unitId: w.t.unit['gx-fzb'] });
    const reader = w.t.client(w.t.key(['reader'], w.t.unit['gx-czt']));
    expect(json(await reader.get('/v1/webhook-subscriptions')).items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expect(json(await reader.get(`/v1/webhook-subscriptions?unitId=${w.t.unit['gx-fzb']}`)).items).toEqual([]);
    expect((await reader.get(`/v1/webhook-subscriptions/${own.id}`)).statusCode).toBe(200);
    expect((await reader.get(`/v1/webhook-subscriptions/${other.id}`)).statusCode).toBe(404);
    expect((await reader.get(`/v1/webhook-subscriptions/${other.id}/deliveries`)).statusCode).toBe(404);
    expect((await w.t.client(w.t.admin).get('/v1/webhook-subscriptions/01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  test('when PATCHed, then If-Match is required (428), a stale one is 412, the current one changes it (200, new ETag, audit update)', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const admin = w.t.client(w.t.admin);
    expect((await admin.patch(`/v1/webhook-subscriptions/${id}`, { description: 'x' })).statusCode).toBe(428);
    expect((await admin.patch(`/v1/webhook-subscriptions/${id}`, { description: 'x' }, { 'if-match': '"7"' })).statusCode).toBe(412);
    expect((await admin.patch(`/v1/webhook-subscriptions/${id}`, { enabled: false }, { 'if-match': '"1"' })).statusCode).toBe(400);
    const ok = await admin.patch(`/v1/webhook-subscriptions/${id}`, { description: '新说明', includeSnapshot: true }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(json(ok)).toMatchObject({ description: '新说明', includeSnapshot: true, version: 2 });
    expect(eventsOf(w.t.app, id).map((e) => e.action)).toEqual(['create', 'update']);
    expect((await admin.get(`/v1/webhook-subscriptions/${id}`, { 'if-none-match': '"2"' })).statusCode).toBe(304);
  });

  test('when disabled and enabled, then each is audited and doing it twice is 409; a stale If-Match is 412', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const admin = w.t.client(w.t.admin);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:enable`)).statusCode).toBe(409);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:disable`, {}, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect(json(await admin.post(`/v1/webhook-subscriptions/${id}:disable`))).toMatchObject({ enabled: false, version: 2 });
    await w.write(2);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(0);
    expect(json(await admin.post(`/v1/webhook-subscriptions/${id}:enable`))).toMatchObject({ enabled: true, version: 3 });
    await w.t.app.webhooks.drain();
    // Resumes where it stopped: the two writes, then its own enable event... the disable event came first.
    expect(w.receiver.received.map((r) => r.payload!.type)).toEqual(['webhook_subscription.disable', 'unit.update', 'unit.update', 'webhook_subscription.enable']);
    expect(eventsOf(w.t.app, id).map((e) => e.action)).toEqual(['create', 'disable', 'enable']);
  });

  test('when :test is called, then a signed webhook.test is sent now and the receiver’s answer comes back', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 418 });
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:test`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ kind: 'test', type: 'webhook.test', statusCode: 418, succeeded: false, sequence: null, error: 'the receiver answered 418' });
    expect(w.receiver.received[0]).toMatchObject({ verifyError: null, payload: { type: 'webhook.test', data: { subscriptionId: id } } });
  });

  test('when deliveries are listed, redelivered and replayed, then attempts are paged newest first, a redelivery keeps the webhook-id, and a replay sends again in order', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ entities: ['unit'] });
    const sequences = await w.write(3);
    await w.t.app.webhooks.drain();
    const admin = w.t.client(w.t.admin);
    const page1 = json(await admin.get(`/v1/webhook-subscriptions/${id}/deliveries?pageSize=2`));
    expect(page1.items.map((d: { sequence: number }) => d.sequence)).toEqual([sequences[2], sequences[1]]);
    const page2 = json(await admin.get(`/v1/webhook-subscriptions/${id}/deliveries?pageSize=2&pageToken=${page1.nextPageToken}`));
    expect(page2.items.map((d: { sequence: number }) => d.sequence)).toEqual([sequences[0]]);
    expect(page2.nextPageToken).toBeUndefined();
    expect(page2.items[0]).toMatchObject({ kind: 'event', attempt: 1, statusCode: 204, succeeded: true, error: null, nextAttemptAt: null, webhookId: `evt_${sequences[0]}` });
    expect((await admin.get(`/v1/webhook-subscriptions/${id}/deliveries?pageSize=2&pageToken=x${page1.nextPageToken}`)).statusCode).toBe(400);

    const re = await admin.post(`/v1/webhook-subscriptions/${id}/deliveries/${page2.items[0].id}:redeliver`);
    expect(json(re)).toMatchObject({ kind: 'redeliver', sequence: sequences[0], attempt: 2, succeeded: true });
    expect(w.receiver.received.at(-1)!.webhookId).toBe(`evt_${sequences[0]}`);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}/deliveries/01900000-0000-7000-8000-000000000000:redeliver`)).statusCode).toBe(404);

    const replay = await admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: sequences[1] });
    expect(replay.statusCode).toBe(200);
    expect((await admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: 1_000_000 })).statusCode).toBe(400);
    const before = w.receiver.received.length;
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.slice(before).map((r) => r.payload!.data.sequence)).toEqual([sequences[1], sequences[2]]);
    expect(eventsOf(w.t.app, id).map((e) => e.action)).toEqual(['create', 'replay']);
  });

  test('when :rotateSecret is replayed with its Idempotency-Key, then the secret is not in the replay', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const admin = w.t.client(w.t.admin);
    const first = await admin.post(`/v1/webhook-subscriptions/${id}:rotateSecret`, {}, { 'idempotency-key': 'rot-1' });
    expect(json(first).secret).toMatch(/^whsec_/);
    expect(json(first).subscription.previousSecretExpiresAt).toBe(new Date(w.t.clock.now().getTime() + 86_400_000).toISOString());
    const again = await admin.post(`/v1/webhook-subscriptions/${id}:rotateSecret`, {}, { 'idempotency-key': 'rot-1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again).secret).toBeUndefined();
    expect(eventsOf(w.t.app, id).map((e) => e.action)).toEqual(['create', 'rotate_secret']);
  });
});

describe('webhook secrets in logs', () => {
  test('when subscriptions are created, rotated, tested and delivered at trace level, then no secret reaches the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const config = testConfig({ LOG_LEVEL: 'trace' as never, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' });
    const app = await buildApp({ config, logger: { ...(loggerOptions(config) as object), transport: undefined, stream } });
    const receiver = await startReceiver();
    try {
      const deps = app.deps;
      deps.db.transaction((tx) => seedUnits({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
      const unitId = deps.sqlite.prepare("SELECT id FROM units WHERE external_id = 'gx'").pluck().get() as string;
      const key = createApiKeyService(deps).create(systemActor(), { name: 'log test', unitId, roles: ['admin'] }).secret;
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const created = await app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', headers, payload: { url: receiver.url } });
      const { subscription, secret } = JSON.parse(created.body);
      const rotated = JSON.parse((await app.inject({ method: 'POST', url: `/v1/webhook-subscriptions/${subscription.id}:rotateSecret`, headers, payload: {} })).body);
      await app.inject({ method: 'POST', url: `/v1/webhook-subscriptions/${subscription.id}:test`, headers, payload: {} });
      await app.webhooks.drain();
      expect(lines.length).toBeGreaterThan(5);
      const log = lines.join('');
      for (const s of [secret, rotated.secret]) expect(log).not.toContain(s.slice('whsec_'.length, 30));
      expect(log).not.toContain('whsec_');
    } finally {
      await app.close();
      await receiver.close();
    }
  });
});
