// The delivery worker's less travelled paths, each found by a mutant that survived delivery.test.ts (issue 22,
// "Stryker reaches the services"): the lease between processes, a subscription changed while its failing attempt is
// under way, the failure counters, and the polling loop of start().
import type { FastifyInstance } from 'fastify';
import { webhookContext, type WebhookContext } from './support.js';
import { eventsOf } from '../../helpers/app.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';
import { buildApp } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import type { Scheduler, WorkerOptions } from '../../../src/modules/webhooks/worker.js';

let w: WebhookContext;
let second: FastifyInstance | undefined;
afterEach(async () => {
  await second?.close();
  second = undefined;
  await w?.close();
});

const LEASE_MS = 30_000; // WEBHOOK_LEASE_MS's default
const json = (res: { body: string }) => JSON.parse(res.body);

/** Another process on the same database: its own worker, the same clock. */
async function secondProcess(): Promise<FastifyInstance> {
  second = await buildApp({ config: testConfig({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }), clock: w.t.clock, database: { sqlite: w.t.app.deps.sqlite, db: w.t.app.deps.db, close: () => undefined }, logger: false });
  return second;
}

const advance = (ms: number) => w.t.clock.set(new Date(w.t.clock.now().getTime() + ms));
const leaseExpiresAt = () => w.t.app.deps.sqlite.prepare("SELECT expires_at FROM worker_leases WHERE name = 'webhook-delivery'").pluck().get() as string | undefined;
const subscriptionRow = (id: string) =>
  w.t.app.deps.sqlite.prepare('SELECT enabled, cursor, head_attempts AS headAttempts, next_attempt_at AS nextAttemptAt, consecutive_failures AS consecutiveFailures, failing_since AS failingSince FROM webhook_subscriptions WHERE id = ?').get(id) as {
    enabled: number;
    cursor: number;
    headAttempts: number;
    nextAttemptAt: string | null;
    consecutiveFailures: number;
    failingSince: string | null;
  };

describe('the worker lease between processes', () => {
  test('when a third of the lease has passed, then the holder renews it for a whole lease, so another process is still refused when the first lease would have ended', async () => {
    w = await webhookContext();
    await w.subscribe();
    const other = await secondProcess();
    const t0 = w.t.clock.now().getTime();
    await w.t.app.webhooks.runOnce();
    expect(leaseExpiresAt()).toBe(new Date(t0 + LEASE_MS).toISOString());
    advance(LEASE_MS / 3);
    await w.t.app.webhooks.runOnce();
    expect(leaseExpiresAt()).toBe(new Date(t0 + LEASE_MS / 3 + LEASE_MS).toISOString());
    await w.write(1);
    advance(LEASE_MS - LEASE_MS / 3);
    expect((await other.webhooks.runOnce()).delivered).toBe(0);
    expect((await w.t.app.webhooks.runOnce()).delivered).toBe(1);
  });

  test('when a third of the lease has not yet passed, then the holder does not write the lease again', async () => {
    w = await webhookContext();
    await w.subscribe();
    const t0 = w.t.clock.now().getTime();
    await w.t.app.webhooks.runOnce();
    advance(LEASE_MS / 3 - 1);
    await w.t.app.webhooks.runOnce();
    expect(leaseExpiresAt()).toBe(new Date(t0 + LEASE_MS).toISOString());
  });

  test('when another process holds the lease, then every pass of this one asks for it again and delivers nothing', async () => {
    w = await webhookContext();
    await w.subscribe();
    const other = await secondProcess();
    await w.t.app.webhooks.runOnce();
    expect((await other.webhooks.runOnce()).delivered).toBe(0);
    await w.write(1);
    expect((await other.webhooks.runOnce()).delivered).toBe(0);
    expect(w.receiver.received.filter((r) => r.payload?.type === 'unit.update')).toHaveLength(0);
    expect((await w.t.app.webhooks.runOnce()).delivered).toBe(1);
  });

  test('when the holder stops, then it gives the lease up and another process delivers at once', async () => {
    w = await webhookContext();
    await w.subscribe();
    const other = await secondProcess();
    await w.t.app.webhooks.runOnce();
    await w.t.app.webhooks.stop(0);
    expect(leaseExpiresAt()).toBeUndefined();
    await w.write(1);
    expect((await other.webhooks.runOnce()).delivered).toBe(1);
  });
});

describe('a subscription changed while its failing attempt is under way', () => {
  /** A subscription whose receiver holds the first request open; `fail()` then drops the connection (a failure). */
  async function hangingAttempt() {
    const { id, version } = await w.subscribe({ entities: ['unit'] });
    w.receiver.respond = () => ({ status: 200, hang: true });
    const [seq] = await w.write(1);
    const pass = w.t.app.webhooks.runOnce();
    await w.receiver.waitFor(1);
    return { id, version, seq, pass, fail: () => w.receiver.close() };
  }

  test('when it is disabled meanwhile, then it stays disabled, no retry is scheduled and its delivery state is untouched', async () => {
    w = await webhookContext();
    const { id, pass, fail } = await hangingAttempt();
    expect((await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:disable`)).statusCode).toBe(200);
    await fail();
    await pass;
    expect(w.deliveries(id)).toEqual([expect.objectContaining({ succeeded: false, attempt: 1, nextAttemptAt: null })]);
    expect(subscriptionRow(id)).toMatchObject({ enabled: 0, headAttempts: 0, nextAttemptAt: null, consecutiveFailures: 0, failingSince: null });
  });

  test('when it is replayed meanwhile, then the replay stands: the failed attempt schedules no retry and the replayed events are sent again in the same pass', async () => {
    w = await webhookContext();
    const { id, pass, fail } = await hangingAttempt();
    const created = eventsOf(w.t.app, id)[0].sequence;
    expect((await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: created })).statusCode).toBe(200);
    await fail();
    await pass;
    // The attempt that failed under the replay leaves no schedule; the pass goes on from the replayed cursor (and the
    // receiver, gone, fails that one: it is the one retried).
    const ds = w.deliveries(id);
    expect(ds).toHaveLength(2);
    expect(ds[0].nextAttemptAt).toBeNull();
    expect(ds[1].nextAttemptAt).not.toBeNull();
    expect(subscriptionRow(id)).toMatchObject({ cursor: created - 1, headAttempts: 1 });
  });

  test('when its URL is corrected during a second failing attempt, then the new URL is tried in the same pass, not on the old schedule', async () => {
    w = await webhookContext();
    const { id, version, secret } = await w.subscribe({ entities: ['unit'] });
    const corrected = await startReceiver({ now: () => w.t.clock.now().getTime() });
    corrected.secrets.push(secret);
    try {
      w.receiver.respond = (_r, n) => (n === 0 ? { status: 500 } : { status: 200, hang: true });
      const [seq] = await w.write(1);
      await w.t.app.webhooks.drain();
      expect(subscriptionRow(id)).toMatchObject({ headAttempts: 1 });
      w.t.clock.set(new Date(subscriptionRow(id).nextAttemptAt!));
      const pass = w.t.app.webhooks.runOnce();
      await w.receiver.waitFor(2);
      const patched = await w.t.client(w.t.admin).patch(`/v1/webhook-subscriptions/${id}`, { url: corrected.url }, { 'if-match': `"${version}"` });
      expect(patched.statusCode).toBe(200);
      await w.receiver.close();
      await pass;
      expect(corrected.received.map((r) => r.payload!.data.sequence)).toEqual([seq]);
      expect(subscriptionRow(id)).toMatchObject({ headAttempts: 0, nextAttemptAt: null });
      expect(subscriptionRow(id).cursor).toBeGreaterThanOrEqual(seq);
    } finally {
      await corrected.close();
    }
  });
});

describe('the failure counters', () => {
  test('when the head fails twice, then the subscription counts two consecutive failures since the first, and a success resets them', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe({ entities: ['unit'] });
    w.receiver.respond = (_r, n) => (n < 2 ? { status: 500 } : { status: 204 });
    const [seq] = await w.write(1);
    const first = w.t.clock.now().toISOString();
    await w.t.app.webhooks.drain();
    w.t.clock.set(new Date(w.deliveries(id)[0].nextAttemptAt!));
    await w.t.app.webhooks.drain();
    expect(subscriptionRow(id)).toMatchObject({ headAttempts: 2, consecutiveFailures: 2, failingSince: first });
    const metrics = json(await w.t.client(w.t.admin).get('/v1/webhook-metrics'));
    expect(metrics.subscriptions[0]).toMatchObject({ consecutiveFailures: 2, nextAttemptAt: w.deliveries(id)[1].nextAttemptAt, lag: 1 });
    w.t.clock.set(new Date(w.deliveries(id)[1].nextAttemptAt!));
    await w.t.app.webhooks.drain();
    expect(subscriptionRow(id)).toMatchObject({ cursor: seq, headAttempts: 0, consecutiveFailures: 0, failingSince: null, nextAttemptAt: null });
    expect(w.deliveries(id).map((d) => d.attempt)).toEqual([1, 2, 3]);
  });
});

describe('the polling loop of start()', () => {
  /** A scheduler that only records: the test fires each timer itself. */
  function manualScheduler() {
    const timers: Array<{ fn: () => void; ms: number; handle: number }> = [];
    const cleared: unknown[] = [];
    const scheduler: Scheduler = {
      setTimeout: (fn, ms) => {
        const handle = timers.length + 1;
        timers.push({ fn, ms, handle });
        return handle;
      },
      clearTimeout: (h) => void cleared.push(h),
    };
    return { scheduler, timers, cleared };
  }

  /** A second app on the context's database whose worker runs on the manual scheduler (the only worker that runs). */
  async function started(options: Omit<WorkerOptions, 'scheduler'>) {
    const s = manualScheduler();
    w = await webhookContext();
    second = await buildApp({
      config: testConfig({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }),
      clock: w.t.clock,
      database: { sqlite: w.t.app.deps.sqlite, db: w.t.app.deps.db, close: () => undefined },
      logger: false,
      webhooks: { scheduler: s.scheduler, ...options },
    });
    return { ...s, app: second };
  }
  const settled = async (timers: unknown[], n: number) => {
    for (let i = 0; i < 200 && timers.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  };

  test('when a pass delivered something, then the next pass is scheduled at once; when it delivered nothing, after pollMs', async () => {
    const { app, timers } = await started({ pollMs: 1234 });
    await w.subscribe({ entities: ['unit'] });
    await w.write(2);
    app.webhooks.start();
    await settled(timers, 1);
    expect(w.receiver.received).toHaveLength(2);
    expect(timers.map((t) => t.ms)).toEqual([0]);
    timers[0].fn();
    await settled(timers, 2);
    expect(timers.map((t) => t.ms)).toEqual([0, 1234]);
  });

  test('when start() is called again while a pass runs or waits, then no second loop starts; stop() clears the waiting timer', async () => {
    const { app, timers, cleared } = await started({ pollMs: 500 });
    app.webhooks.start();
    app.webhooks.start();
    await settled(timers, 1);
    app.webhooks.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(timers.map((t) => t.ms)).toEqual([500]);
    await app.webhooks.stop(0);
    expect(cleared).toEqual([timers[0].handle]);
    timers[0].fn();
    await new Promise((r) => setTimeout(r, 20));
    expect(timers).toHaveLength(1);
  });

  test('when a pass fails, then the error is logged and the loop goes on after pollMs', async () => {
    const errors: string[] = [];
    const { app, timers } = await started({ pollMs: 700, log: { error: (_o, msg) => void errors.push(msg) } });
    w.t.app.deps.sqlite.exec('ALTER TABLE webhook_subscriptions RENAME TO webhook_subscriptions_gone');
    try {
      app.webhooks.start();
      await settled(timers, 1);
      expect(errors).toEqual(['webhook delivery pass failed']);
      expect(timers.map((t) => t.ms)).toEqual([700]);
    } finally {
      w.t.app.deps.sqlite.exec('ALTER TABLE webhook_subscriptions_gone RENAME TO webhook_subscriptions');
    }
  });
});

describe('messages sent outside the stream', () => {
  test('when :test is called, then its webhook-id is msg_test_ plus a new id and its timestamp is now', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    const res = await w.t.client(w.t.admin).post(`/v1/webhook-subscriptions/${id}:test`);
    expect(json(res).webhookId).toMatch(/^msg_test_[0-9a-f-]{36}$/);
    expect(w.receiver.received[0].webhookId).toBe(json(res).webhookId);
    expect(w.receiver.received[0].payload).toEqual({ type: 'webhook.test', timestamp: w.t.clock.now().toISOString(), data: { subscriptionId: id } });
  });
});
