// Delivery over real HTTP on 127.0.0.1, verified by the Standard Webhooks reference implementation: order, retries
// on the schedule (fake clock), 410, Retry-After, exhaustion, redirects, refused targets, rotation, the lease.
import { webhookContext, type WebhookContext } from './support.js';
import { buildApp } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { RETRY_DELAYS_MS } from '../../../src/modules/webhooks/rules.js';
import { verify } from '../../helpers/webhook-receiver.js';

let w: WebhookContext;
afterEach(async () => w?.close());

const at = (iso: string) => new Date(iso).getTime();

describe('webhook delivery', () => {
  test('when 1,000 writes burst while the worker runs and the receiver fails some answers, then every event arrives verified, in sequence order, duplicated only on retry with the same webhook-id', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    // Every 97th request fails: its event must come again, with the same id, before any later event.
    w.receiver.respond = (_r, n) => ({ status: n % 97 === 96 ? 500 : 204 });
    const writing = w.write(1000);
    let passes = 0;
    // Deliver while writing: passes overlap the writes (nothing in the test waits on timing).
    while (passes < 5) {
      await w.t.app.webhooks.drain();
      passes++;
      w.t.clock.set(new Date(w.t.clock.now().getTime() + 6000));
    }
    const sequences = await writing;
    for (;;) {
      const n = await w.t.app.webhooks.drain();
      const due = w.t.app.deps.sqlite.prepare('SELECT next_attempt_at FROM webhook_subscriptions WHERE id = ?').pluck().get(id) as string | null;
      if (n === 0 && due === null) break;
      if (due) w.t.clock.set(new Date(at(due)));
    }
    const got = w.receiver.received;
    expect(got.every((r) => r.verifyError === null)).toBe(true);
    const accepted = got.filter((r) => r.status === 204).map((r) => r.payload!.data.sequence as number);
    expect(accepted).toEqual(sequences);
    expect(accepted.map((s) => `evt_${s}`)).toEqual(got.filter((r) => r.status === 204).map((r) => r.webhookId));
    // A repeat follows only a failed answer, and carries the same webhook-id as the failed one.
    for (let i = 1; i < got.length; i++) {
      if (got[i].webhookId === got[i - 1].webhookId) expect(got[i - 1].status).toBe(500);
      else if (i > 0) expect(got[i - 1].status).toBe(204);
    }
    expect(got.filter((r) => r.status === 500).length).toBeGreaterThanOrEqual(10);
    expect(got[0].payload).toEqual({
      type: 'unit.update',
      timestamp: expect.any(String),
      data: { sequence: sequences[0], entity: 'unit', entityId: w.t.unit['gx-czt'], action: 'update', unitId: expect.any(String), occurredAt: expect.any(String) },
    });
    const metrics = JSON.parse((await w.t.client(w.t.admin).get('/v1/webhook-metrics')).body);
    expect(metrics.subscriptions[0]).toMatchObject({ subscriptionId: id, lag: 0, consecutiveFailures: 0, cursor: sequences[999] });
  });

  test('when the receiver is down and then up, then the head is retried on the schedule (5 s, 5 min, 30 min, ±10 %) and everything arrives in order once it is up', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const port = w.receiver.port;
    await w.receiver.close();
    const sequences = await w.write(3);
    const start = w.t.clock.now().getTime();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await w.t.app.webhooks.drain();
      const ds = w.deliveries(id);
      expect(ds).toHaveLength(attempt);
      const last = ds[attempt - 1];
      expect(last).toMatchObject({ sequence: sequences[0], attempt, succeeded: false, statusCode: null });
      expect(last.error).toMatch(/ECONNREFUSED/);
      const wait = at(last.nextAttemptAt!) - at(last.attemptedAt);
      expect(wait).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[attempt - 1] * 0.9);
      expect(wait).toBeLessThanOrEqual(RETRY_DELAYS_MS[attempt - 1] * 1.1);
      // A millisecond early: nothing is due.
      w.t.clock.set(new Date(at(last.nextAttemptAt!) - 1));
      await w.t.app.webhooks.drain();
      expect(w.deliveries(id)).toHaveLength(attempt);
      w.t.clock.set(new Date(at(last.nextAttemptAt!)));
      if (attempt === 4) await w.receiver.listen(port);
    }
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.map((r) => r.payload!.data.sequence)).toEqual(sequences);
    expect(w.receiver.received.map((r) => r.webhookId)).toEqual(sequences.map((s) => `evt_${s}`));
    expect(w.t.clock.now().getTime() - start).toBeGreaterThan(RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1] + RETRY_DELAYS_MS[2]);
    const metrics = JSON.parse((await w.t.client(w.t.admin).get('/v1/webhook-metrics')).body);
    expect(metrics.subscriptions[0]).toMatchObject({ lag: 0, consecutiveFailures: 0, lastSuccessAt: w.t.clock.now().toISOString() });
  });

  test('when a failing subscription’s URL is corrected, then its head is tried at once', async () => {
    w = await webhookContext();
    const { id, version } = await w.subscribe({ url: 'http://127.0.0.1:9/unreachable', entities: ['unit'] });
    const [seq] = await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.deliveries(id)[0].nextAttemptAt).not.toBeNull();
    const res = await w.t.client(w.t.admin).patch(`/v1/webhook-subscriptions/${id}`, { url: w.receiver.url }, { 'if-match': `"${version}"` });
    expect(res.statusCode).toBe(200);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.map((r) => r.payload!.data.sequence)).toEqual([seq]);
  });

  test('when one subscription’s receiver fails, then another subscription’s events still flow', async () => {
    w = await webhookContext();
    const bad = await w.subscribe({ url: 'http://127.0.0.1:9/unreachable' });
    const good = await w.subscribe();
    const sequences = await w.write(5);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.map((r) => r.payload!.data.sequence)).toEqual(sequences);
    expect(w.deliveries(bad.id)).toHaveLength(1);
    expect(w.deliveries(good.id)).toHaveLength(5);
  });

  test('when the receiver answers 410 Gone, then the subscription is disabled at once and webhook_subscription.disabled is in the feed', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 410 });
    await w.write(2);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
    const sub = JSON.parse((await w.t.client(w.t.admin).get(`/v1/webhook-subscriptions/${id}`)).body);
    expect(sub).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    const feed = JSON.parse((await w.t.client(w.t.admin).get(`/v1/events?entity=webhook_subscription&entityId=${id}`)).body);
    expect(feed.items.map((e: { action: string }) => e.action)).toEqual(['create', 'disabled']);
    expect(JSON.stringify(feed)).not.toContain('whsec_');
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 86_400_000));
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
  });

  test('when the receiver answers 429 with Retry-After: 120, then the next attempt waits exactly 120 s', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 });
    await w.write(1);
    const t0 = w.t.clock.now().getTime();
    await w.t.app.webhooks.drain();
    expect(w.deliveries(id)[0]).toMatchObject({ statusCode: 429, nextAttemptAt: new Date(t0 + 120_000).toISOString() });
    w.t.clock.set(new Date(t0 + 119_999));
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
    w.t.clock.set(new Date(t0 + 120_000));
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.map((r) => r.status)).toEqual([429, 200]);
  });

  test('when every attempt fails, then after the tenth (or three days) the subscription is disabled with its event in the feed', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 500 });
    await w.write(1);
    for (let i = 0; i < 20; i++) {
      await w.t.app.webhooks.drain();
      const due = w.deliveries(id).at(-1)!.nextAttemptAt;
      if (!due) break;
      w.t.clock.set(new Date(at(due)));
    }
    const ds = w.deliveries(id);
    expect(ds.length).toBeLessThanOrEqual(10);
    expect(ds.at(-1)!.nextAttemptAt).toBeNull();
    const sub = JSON.parse((await w.t.client(w.t.admin).get(`/v1/webhook-subscriptions/${id}`)).body);
    expect(sub.enabled).toBe(false);
    expect(sub.disabledReason).toMatch(/three days|last retry/);
    const total = at(ds.at(-1)!.attemptedAt) - at(ds[0].attemptedAt);
    expect(total).toBeGreaterThanOrEqual(72 * 3600_000 * 0.9);
    const feed = JSON.parse((await w.t.client(w.t.admin).get(`/v1/events?entity=webhook_subscription&entityId=${id}`)).body);
    expect(feed.items.at(-1)).toMatchObject({ action: 'disabled', reason: sub.disabledReason });
  });

  test('when the receiver redirects, then the 3xx is a failure and the redirect is not followed', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 307, headers: { location: `${w.receiver.url}?moved` } } : { status: 204 });
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(1);
    expect(w.deliveries(id)[0]).toMatchObject({ statusCode: 307, succeeded: false, error: expect.stringContaining('redirects are not followed') });
  });

  test('when the receiver answers with a huge body, then at most 64 KB is read and the 2xx counts', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 200, body: 'x'.repeat(5 * 1024 * 1024) });
    await w.write(2);
    await w.t.app.webhooks.drain();
    expect(w.deliveries(id).map((d) => d.succeeded)).toEqual([true, true]);
  });

  test('when the target is 127.0.0.1 without an allowlist, 169.254.169.254, or a hostname resolving to loopback, then it is refused and nothing is sent', async () => {
    w = await webhookContext({ WEBHOOK_ALLOWED_NETWORKS: '' });
    const admin = w.t.client(w.t.admin);
    for (const url of [w.receiver.url, `https://127.0.0.1:${w.receiver.port}/hook`, 'https://169.254.169.254/latest/meta-data', 'https://[::1]/x', 'https://[::ffff:10.0.0.1]/x', 'https://100.100.100.200/', 'http://example.org/hook']) {
      const res = await admin.post('/v1/webhook-subscriptions', { url });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).errors[0]).toMatchObject({ pointer: '/url' });
    }
    // A hostname is checked at the moment it is resolved, and the connection goes to the address checked.
    const { id } = await w.subscribe({ url: `https://localhost:${w.receiver.port}/hook` });
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(0);
    expect(w.deliveries(id)[0].error).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address/);
  });

  test('when the secret is rotated, then both signatures verify during the overlap and only the new one after', async () => {
    w = await webhookContext();
    const { id, secret: old } = await w.subscribe({ entities: ['unit'] });
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:rotateSecret`, { overlapSeconds: 3600 });
    expect(res.statusCode).toBe(200);
    const fresh = JSON.parse(res.body).secret as string;
    expect(fresh).not.toBe(old);
    const now = () => w.t.clock.now().getTime();
    const headersOf = (r: (typeof w.receiver.received)[number]) => ({ 'webhook-id': r.webhookId, 'webhook-timestamp': String(r.timestamp), 'webhook-signature': r.signature });
    await w.write(1);
    await w.t.app.webhooks.drain();
    const during = w.receiver.received[0];
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(() => verify(old, during.body, headersOf(during), now)).not.toThrow();
    expect(() => verify(fresh, during.body, headersOf(during), now)).not.toThrow();
    w.t.clock.set(new Date(now() + 3600_000));
    await w.write(1);
    await w.t.app.webhooks.drain();
    const after = w.receiver.received[1];
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(() => verify(fresh, after.body, headersOf(after), now)).not.toThrow();
    expect(() => verify(old, after.body, headersOf(after), now)).toThrow('No matching signature found');
  });

  test('when a subscription has no entity filter, then API-key events are not pushed unless it lists api_key', async () => {
    w = await webhookContext();
    await w.subscribe();
    const listing = await w.subscribe({ entities: ['api_key'] });
    w.t.key(['reader'], w.t.unit['gx-czt']);
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received.map((r) => r.payload!.type).sort()).toEqual(['api_key.create', 'unit.update', 'webhook_subscription.create']);
    expect(w.deliveries(listing.id).map((d) => d.webhookId)).toHaveLength(1);
  });

  test('when a subscription asks for snapshots, then data.after carries the event’s after representation', async () => {
    w = await webhookContext();
    await w.subscribe({ includeSnapshot: true, entities: ['unit'], actions: ['update'] });
    await w.write(1);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received[0].payload!.data.after).toMatchObject({ id: w.t.unit['gx-czt'], shortName: expect.stringMatching(/^财政厅/) });
  });

  test('when filters match nothing written, then nothing is sent and the cursor passes the skipped events (lag 0)', async () => {
    w = await webhookContext();
    await w.subscribe({ entities: ['rectification_item'] });
    await w.write(3);
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(0);
    const metrics = JSON.parse((await w.t.client(w.t.admin).get('/v1/webhook-metrics')).body);
    expect(metrics.subscriptions[0].lag).toBe(0);
  });

  test('when the secret is rotated while a batch is being sent, then every delivery sent after the rotation answers carries the new signature too', async () => {
    w = await webhookContext();
    const { id, secret: old } = await w.subscribe({ entities: ['unit'] });
    const now = () => w.t.clock.now().getTime();
    const headersOf = (r: (typeof w.receiver.received)[number]) => ({ 'webhook-id': r.webhookId, 'webhook-timestamp': String(r.timestamp), 'webhook-signature': r.signature });
    // The first send hangs: the batch of three is read, and the rotation answers while it is under way.
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 200, hang: true } : { status: 204 });
    await w.write(3);
    const pass = w.t.app.webhooks.drain();
    await w.receiver.waitFor(1);
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:rotateSecret`, { overlapSeconds: 3600 });
    expect(res.statusCode).toBe(200);
    const fresh = JSON.parse(res.body).secret as string;
    w.receiver.release();
    await pass;
    const got = w.receiver.received;
    expect(got).toHaveLength(3);
    for (const r of got.slice(1)) {
      expect(r.signature.split(' ')).toHaveLength(2);
      expect(() => verify(fresh, r.body, headersOf(r), now)).not.toThrow();
      expect(() => verify(old, r.body, headersOf(r), now)).not.toThrow();
    }
  });

  test('when the global cap is 1 and two subscriptions have events, then one send is under way and the other waits for it', async () => {
    w = await webhookContext({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_CONCURRENCY: 1 });
    const a = await w.subscribe({ entities: ['unit'] });
    const b = await w.subscribe({ entities: ['unit'] });
    w.receiver.respond = (_r, n) => (n === 0 ? { status: 200, hang: true } : { status: 204 });
    await w.write(1);
    const pass = w.t.app.webhooks.runOnce();
    expect(w.t.app.webhooks.stats()).toEqual({ sending: 1, waiting: 1 });
    await w.receiver.waitFor(1);
    w.receiver.release();
    expect((await pass).delivered).toBe(2);
    expect(w.t.app.webhooks.stats()).toEqual({ sending: 0, waiting: 0 });
    expect([...w.deliveries(a.id), ...w.deliveries(b.id)].map((d) => d.succeeded)).toEqual([true, true]);
  });

  test('when two processes share the database, then only the lease holder delivers, and the other takes over once the lease expires', async () => {
    w = await webhookContext();
    await w.subscribe();
    const second = await buildApp({ config: testConfig({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }), clock: w.t.clock, database: { sqlite: w.t.app.deps.sqlite, db: w.t.app.deps.db, close: () => undefined }, logger: false });
    try {
      await w.write(2);
      await w.t.app.webhooks.runOnce();
      expect(w.receiver.received).toHaveLength(2);
      await w.write(1);
      expect((await second.webhooks.runOnce()).delivered).toBe(0);
      expect(w.receiver.received).toHaveLength(2);
      w.t.clock.set(new Date(w.t.clock.now().getTime() + 30_000));
      expect((await second.webhooks.runOnce()).delivered).toBe(1);
      expect((await w.t.app.webhooks.runOnce()).delivered).toBe(0);
      expect(w.receiver.received.map((r) => r.payload!.data.sequence)).toEqual([...new Set(w.receiver.received.map((r) => r.payload!.data.sequence))]);
    } finally {
      await second.close();
    }
  });

  test('when the worker stops while a delivery hangs, then it is abandoned within the grace period and the cursor stays for a redelivery', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 200, hang: true });
    const [seq] = await w.write(1);
    const pass = w.t.app.webhooks.runOnce();
    await w.receiver.waitFor(1);
    await w.t.app.webhooks.stop(10);
    await pass;
    expect(w.deliveries(id)[0]).toMatchObject({ sequence: seq, succeeded: false, error: 'abandoned: the service is shutting down' });
    const cursor = w.t.app.deps.sqlite.prepare('SELECT cursor FROM webhook_subscriptions WHERE id = ?').pluck().get(id) as number;
    expect(cursor).toBeLessThan(seq);
  });
});
