// The delivery worker: the events table is the outbox. For each enabled subscription it delivers the first matching
// event after the subscription's cursor, one at a time and in sequence order, and advances the cursor only after a
// 2xx, so a crash (kill -9) means a redelivery with the same webhook-id, never a loss. A failing head holds back only
// its own subscription. One process delivers: the holder of a lease row in SQLite, renewed while it works.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { systemActor } from '../../http/auth.js';
import { newId } from '../../lib/ids.js';
import { createNetworkPolicy } from './network.js';
import { createSender, succeeded, type SendResult, type Sender } from './sender.js';
import { createWebhookRepository, type DeliveryRow, type SubscriptionRow } from './repository.js';
import { toSubscription } from './representation.js';
import { afterFailure, payloadOf, signedHeaders, webhookIdOf, type FeedEvent } from './rules.js';

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export const realScheduler: Scheduler = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

export interface WorkerOptions {
  /** Timers of the polling loop (start()); tests drive runOnce() instead. */
  scheduler?: Scheduler;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** How often start() looks for due work when there was none. */
  pollMs?: number;
  leaseMs?: number;
  /** Deliveries in flight at once over all subscriptions. */
  concurrency?: number;
  /** This process's lease identity (default host:pid:uuid). */
  holder?: string;
  timeoutMs?: number;
  log?: { error(obj: object, msg: string): void };
}

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookWorker;
  }
}

const LEASE = 'webhook-delivery';
/** Events read per head query; each is delivered and settled one at a time. */
const BATCH = 100;

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;

export function createWebhookWorker(deps: Deps, options: WorkerOptions = {}) {
  const { db, clock, audit } = deps;
  const repo = createWebhookRepository(db, deps.sqlite);
  const policy = createNetworkPolicy(deps.config.WEBHOOK_ALLOWED_NETWORKS);
  const sender: Sender = createSender(policy, { timeoutMs: options.timeoutMs, now: () => clock.now().getTime() });
  const scheduler = options.scheduler ?? realScheduler;
  const random = options.random ?? Math.random;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? deps.config.WEBHOOK_LEASE_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;
  const concurrency = options.concurrency ?? deps.config.WEBHOOK_CONCURRENCY;

  const pumping = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const abort = new AbortController();
  let stopping = false;
  let running: Promise<unknown> | null = null;
  let timer: unknown = null;
  let leaseRenewedAt = -Infinity;

  // The global cap: a counting semaphore over sends.
  let slots = concurrency;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (slots > 0) {
      slots--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  };

  const iso = (d: Date) => d.toISOString();
  const secretsOf = (sub: SubscriptionRow, now: Date): string[] =>
    sub.previousSecret && sub.previousSecretExpiresAt && sub.previousSecretExpiresAt > iso(now) ? [sub.secret, sub.previousSecret] : [sub.secret];

  function holdsLease(): boolean {
    const now = clock.now();
    // Renew when a third of the lease has passed; the lease also ends when the process dies.
    if (now.getTime() - leaseRenewedAt < leaseMs / 3) return true;
    const ok = repo.lease(LEASE, holder, iso(now), iso(new Date(now.getTime() + leaseMs)));
    leaseRenewedAt = ok ? now.getTime() : -Infinity;
    return ok;
  }

  async function post(sub: SubscriptionRow, webhookId: string, body: string): Promise<SendResult> {
    await acquire();
    try {
      const now = clock.now();
      // The secrets as stored now, not as read with the batch: a send after a :rotateSecret answer carries the new one.
      const current = repo.get(sub.id) ?? sub;
      return await sender.send(sub.url, signedHeaders(secretsOf(current, now), webhookId, now, body), body, abort.signal);
    } finally {
      release();
    }
  }

  const deliveryRow = (sub: SubscriptionRow, kind: DeliveryRow['kind'], e: { sequence: number | null; webhookId: string; type: string }, attempt: number, at: Date, r: SendResult, next: Date | null): DeliveryRow => ({
    id: newId(),
    subscriptionId: sub.id,
    sequence: e.sequence,
    webhookId: e.webhookId,
    type: e.type,
    kind,
    attempt,
    attemptedAt: iso(at),
    statusCode: r.statusCode,
    durationMs: r.durationMs,
    succeeded: succeeded(r),
    error: r.error?.slice(0, 1000) ?? null,
    nextAttemptAt: next ? iso(next) : null,
  });

  /** Disables a subscription the service gave up on, with its event in the feed (inside the caller's transaction). */
  function giveUp(tx: Parameters<Parameters<typeof db.transaction>[0]>[0], sub: SubscriptionRow, reason: string, now: Date) {
    const row = repo.update(tx, sub.id, undefined, { enabled: false, disabledReason: reason, nextAttemptAt: null }, iso(now));
    if (!row) return;
    audit.record(systemActor(), { entity: 'webhook_subscription', entityId: sub.id, action: 'disabled', reason, unitId: sub.unitId, before: toSubscription(sub), after: toSubscription(row) });
  }

  /**
   * Records an attempt at the head event. A 2xx moves the cursor (returns 'advanced'); a failure schedules the retry
   * or gives up ('failed'); a subscription replayed or disabled while the attempt ran keeps its new state ('changed').
   */
  function settle(sub: SubscriptionRow, head: FeedEvent, attemptedAt: Date, r: SendResult): 'advanced' | 'failed' | 'changed' {
    const now = clock.now();
    const attempts = sub.headAttempts + 1;
    const e = { sequence: head.sequence, webhookId: webhookIdOf(head.sequence), type: `${head.entity}.${head.action}` };
    if (succeeded(r)) return repo.delivered(deliveryRow(sub, 'event', e, attempts, attemptedAt, r, null), sub.cursor, sub.headAttempts) ? 'advanced' : 'changed';
    return db.transaction((tx) => {
      const current = repo.get(sub.id);
      const unchanged = current && current.enabled && current.cursor === sub.cursor && current.headAttempts === sub.headAttempts;
      const failingSince = sub.failingSince ? new Date(sub.failingSince) : attemptedAt;
      const outcome = afterFailure({ attempts, failingSince, now, statusCode: r.statusCode, retryAfterMs: r.retryAfterMs, random });
      repo.insertDelivery(tx, deliveryRow(sub, 'event', e, attempts, attemptedAt, r, unchanged && outcome.kind === 'retry' ? outcome.at : null));
      if (!unchanged) return 'changed';
      repo.setState(tx, sub.id, {
        headAttempts: attempts,
        failingSince: iso(failingSince),
        consecutiveFailures: sub.consecutiveFailures + 1,
        nextAttemptAt: outcome.kind === 'retry' ? iso(outcome.at) : null,
      });
      if (outcome.kind === 'disable') giveUp(tx, sub, outcome.reason, now);
      return 'failed';
    }, { behavior: 'immediate' }); // it reads, then writes: take the write lock first, as another process may write
  }

  /** Delivers one subscription's due events in order until it is caught up, fails, or the worker stops. */
  async function pump(id: string): Promise<number> {
    let delivered = 0;
    while (!stopping && holdsLease()) {
      let sub = repo.get(id);
      if (!sub || !sub.enabled) break;
      if (sub.nextAttemptAt && sub.nextAttemptAt > iso(clock.now())) break;
      // The head and the events queued behind it, read once; each is still settled against the row.
      const batch = repo.next(sub, BATCH);
      if (batch.length === 0) {
        // Caught up: pass over the events the filters skip, so lag reads 0.
        const newest = repo.newestSequence();
        if (newest > sub.cursor) repo.setState(db, id, { cursor: newest }, sub.cursor);
        break;
      }
      let outcome: ReturnType<typeof settle> = 'advanced';
      for (const head of batch) {
        if (stopping || !holdsLease()) return delivered;
        const attemptedAt = clock.now();
        const r = await post(sub, webhookIdOf(head.sequence), payloadOf(head, sub.includeSnapshot));
        outcome = settle(sub, head, attemptedAt, r);
        if (outcome !== 'advanced') break;
        delivered++;
        sub = { ...sub, cursor: head.sequence, headAttempts: 0, nextAttemptAt: null, failingSince: null, consecutiveFailures: 0, lastSuccessAt: iso(attemptedAt) };
      }
      if (outcome === 'failed') break;
    }
    return delivered;
  }

  /** One pass: starts a pump for every due subscription not already pumping and waits for them all. */
  async function runOnce(): Promise<{ delivered: number }> {
    if (stopping || !holdsLease()) return { delivered: 0 };
    const started: Promise<number>[] = [];
    for (const sub of repo.due(iso(clock.now()))) {
      if (pumping.has(sub.id)) continue;
      pumping.add(sub.id);
      const p = pump(sub.id).finally(() => {
        pumping.delete(sub.id);
        inFlight.delete(p);
      });
      inFlight.add(p);
      started.push(p);
    }
    const counts = await Promise.all(started);
    return { delivered: counts.reduce((a, b) => a + b, 0) };
  }

  function loop() {
    timer = null;
    if (stopping) return;
    running = runOnce()
      .catch((err) => options.log?.error({ err }, 'webhook delivery pass failed'))
      .then((r) => {
        running = null;
        if (!stopping) timer = scheduler.setTimeout(loop, r && r.delivered > 0 ? 0 : pollMs);
      });
  }

  /** Sends one message now, outside the ordered stream (:test, :redeliver), and records the attempt. */
  async function sendNow(sub: SubscriptionRow, kind: 'test' | 'redeliver', e: { sequence: number | null; webhookId: string; type: string }, body: string): Promise<DeliveryRow> {
    const attemptedAt = clock.now();
    const r = await post(sub, e.webhookId, body);
    const row = deliveryRow(sub, kind, e, 1, attemptedAt, r, null);
    if (kind === 'redeliver' && e.sequence !== null) row.attempt = repo.attemptsAt(sub.id, e.sequence) + 1;
    repo.insertDelivery(db, row);
    return row;
  }

  return {
    holder,
    runOnce,
    /** Sends under way and sends waiting for a slot of the global cap. */
    stats: () => ({ sending: concurrency - slots, waiting: waiting.length }),
    /** Runs passes until nothing is due (tests and the bench; the fake clock decides what is due). */
    async drain(): Promise<number> {
      let total = 0;
      for (;;) {
        const { delivered } = await runOnce();
        total += delivered;
        if (delivered === 0) return total;
      }
    },
    start() {
      if (timer || running || stopping) return;
      loop();
    },
    /** Stops taking deliveries; in-flight ones may finish within graceMs, then are abandoned (the cursor stays). */
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      if (timer) scheduler.clearTimeout(timer);
      timer = null;
      const all = Promise.allSettled([...inFlight, ...(running ? [running] : [])]);
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        graceTimer = setTimeout(resolve, graceMs);
      });
      await Promise.race([all, grace]);
      clearTimeout(graceTimer);
      abort.abort();
      await all;
      if (deps.sqlite.open) repo.releaseLease(LEASE, holder);
      sender.close();
    },
    test(sub: SubscriptionRow): Promise<DeliveryRow> {
      const now = clock.now();
      const webhookId = `msg_test_${newId()}`;
      const body = JSON.stringify({ type: 'webhook.test', timestamp: iso(now), data: { subscriptionId: sub.id } });
      return sendNow(sub, 'test', { sequence: null, webhookId, type: 'webhook.test' }, body);
    },
    redeliver(sub: SubscriptionRow, event: FeedEvent): Promise<DeliveryRow> {
      const webhookId = webhookIdOf(event.sequence);
      return sendNow(sub, 'redeliver', { sequence: event.sequence, webhookId, type: `${event.entity}.${event.action}` }, payloadOf(event, sub.includeSnapshot));
    },
    policy,
  };
}
