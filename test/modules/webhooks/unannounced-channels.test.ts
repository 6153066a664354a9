// 明察暗访 on every channel that carries feed events (issue 21, point 1), like a BOLA matrix: before :conclude, an
// unannounced inspection and its finding do not exist for the inspected unit's reader key nor for a subscription of
// that unit — feed, worker delivery to a real receiver, the deliveries list, :replay, :redeliver, :test, metrics;
// after it, each channel shows them as the feed does. One definition serves them all: src/modules/events/visibility.ts.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { makeApp, type Client, type TestContext } from '../../helpers/app.js';
import { startReceiver, type Receiver } from '../../helpers/webhook-receiver.js';
import { newId } from '../../../src/lib/ids.js';
import { setup } from '../supervision/fixtures.js';

let t: TestContext;
let receiver: Receiver;
let s: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  t = await makeApp({ now: '2027-03-01T02:00:00Z', config: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' } });
  receiver = await startReceiver({ now: () => t.clock.now().getTime() });
  s = await setup(t);
});
afterEach(async () => {
  await t.close();
  await receiver.close();
});

const TITLE = 'unannounced 检查';

async function subscribe(body: Record<string, unknown>): Promise<string> {
  const res = await s.admin.post('/v1/webhook-subscriptions', { url: receiver.url, unitId: s.nanning, ...body });
  if (res.statusCode !== 201) throw new Error(`subscribe: ${res.body}`);
  receiver.secrets.push(res.json().secret);
  return res.json().subscription.id;
}

/** The sequences of the events of these resources (what must stay hidden). */
const sequencesOf = (...ids: string[]) =>
  t.app.deps.sqlite.prepare(`SELECT sequence FROM events WHERE entity_id IN (${ids.map(() => '?').join(',')}) ORDER BY sequence`).pluck().all(...ids) as number[];

/** A delivery row as an older version of the worker wrote it for an event (before the fix, every event went out). */
function legacyDelivery(subscriptionId: string, sequence: number, type: string): string {
  const id = newId();
  t.app.deps.sqlite
    .prepare(
      `INSERT INTO webhook_deliveries (id, subscription_id, sequence, webhook_id, type, kind, attempt, attempted_at, status_code, duration_ms, succeeded, error, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 'event', 1, ?, 204, 1, 1, NULL, NULL)`,
    )
    .run(id, subscriptionId, sequence, `evt_${sequence}`, type, t.clock.now().toISOString());
  return id;
}

const feedOf = async (c: Client) => (await c.get('/v1/events?pageSize=500')).json().items as Array<{ sequence: number; entity: string; entityId: string }>;
const deliveriesOf = async (c: Client, id: string) => (await c.get(`/v1/webhook-subscriptions/${id}/deliveries?pageSize=500`)).json().items as Array<{ id: string; sequence: number | null; type: string }>;

describe('an unannounced inspection on the channels of the change feed', () => {
  test('before :conclude no channel tells the inspected unit (feed, worker, deliveries, :replay, :redeliver, :test, metrics); after it each shows what the feed shows', async () => {
    const withSnapshot = await subscribe({ includeSnapshot: true, startAfter: 0 });
    const bare = await subscribe({ includeSnapshot: false, startAfter: 0 });
    const inspection = await s.inspection('unannounced');
    const finding = await s.finding(inspection.id, { rating: 'insufficient', dueOn: '2027-03-31' });
    const secret = sequencesOf(inspection.id, finding.id);
    expect(secret.length).toBeGreaterThanOrEqual(3); // create, start, the finding's create
    const reader = t.client(t.key(['reader'], s.nanning));
    const leaks = (text: string) => [inspection.id, finding.id, TITLE].filter((x) => text.includes(x));

    // Feed.
    const feed = await feedOf(reader);
    expect(feed.filter((e) => secret.includes(e.sequence))).toEqual([]);

    // Worker: a real receiver, the worker driven by drain() (the fake clock decides what is due).
    await t.app.webhooks.drain();
    expect(receiver.received.length).toBeGreaterThan(0); // the campaign's and subscriptions' events went out
    expect(receiver.received.every((r) => r.verifyError === null)).toBe(true);
    for (const r of receiver.received) {
      expect(leaks(r.body)).toEqual([]);
      expect(secret).not.toContain(r.payload!.data.sequence);
      expect(r.payload!.type).not.toMatch(/^inspection/);
    }

    // Deliveries list: none made for the hidden events; one an older worker made does not exist for the reader.
    const legacy = legacyDelivery(withSnapshot, secret[0], 'inspection.create');
    for (const id of [withSnapshot, bare]) {
      const ds = await deliveriesOf(reader, id);
      expect(ds.length).toBeGreaterThan(0);
      expect(ds.filter((d) => d.sequence !== null && secret.includes(d.sequence))).toEqual([]);
      expect(ds.filter((d) => d.type.startsWith('inspection'))).toEqual([]);
    }

    // :redeliver of that row: the subscription may not see the event, so nothing is sent.
    const before = receiver.received.length;
    const re = await s.admin.post(`/v1/webhook-subscriptions/${withSnapshot}/deliveries/${legacy}:redeliver`);
    expect(re.statusCode).toBe(404);
    expect(receiver.received.length).toBe(before);

    // :replay from the start: everything again but the hidden events.
    for (const id of [withSnapshot, bare]) expect((await s.admin.post(`/v1/webhook-subscriptions/${id}:replay`, { fromSequence: 1 })).statusCode).toBe(200);
    await t.app.webhooks.drain();
    expect(receiver.received.length).toBeGreaterThan(before);
    for (const r of receiver.received.slice(before)) {
      expect(leaks(r.body)).toEqual([]);
      expect(secret).not.toContain(r.payload!.data.sequence);
    }

    // :test carries no event.
    const tested = await s.admin.post(`/v1/webhook-subscriptions/${withSnapshot}:test`);
    expect(tested.statusCode).toBe(200);
    expect(leaks(receiver.received[receiver.received.length - 1].body)).toEqual([]);

    // Metrics: the hidden events are passed over like filtered ones (no lag that would betray them).
    const metrics = (await s.admin.get('/v1/webhook-metrics')).json();
    for (const id of [withSnapshot, bare]) expect(metrics.subscriptions.find((m: { subscriptionId: string }) => m.subscriptionId === id)).toMatchObject({ lag: 0, consecutiveFailures: 0 });
    expect(JSON.stringify(metrics)).not.toContain(inspection.id);
    for (const id of [withSnapshot, bare]) expect(JSON.stringify(await deliveriesOf(reader, id))).not.toContain('inspection');

    // The conclusion: the feed shows the inspection's events; the channels follow it.
    const concluded = receiver.received.length;
    expect((await s.inspector.post(`/v1/inspections/${inspection.id}:conclude`, { conclusion: '结论' })).statusCode).toBe(200);
    const shown = (await feedOf(reader)).filter((e) => e.entityId === inspection.id || e.entityId === finding.id).map((e) => e.sequence);
    expect(shown).toEqual(expect.arrayContaining(secret));
    const after = sequencesOf(inspection.id, finding.id).filter((q) => !secret.includes(q)); // conclude, deliver...
    expect(after.length).toBeGreaterThan(0);

    await t.app.webhooks.drain();
    const pushed = receiver.received.slice(concluded);
    for (const id of [withSnapshot, bare]) {
      const ds = await deliveriesOf(reader, id);
      expect(ds.filter((d) => d.sequence !== null && after.includes(d.sequence)).map((d) => d.sequence).sort()).toEqual([...after].sort());
    }
    expect(pushed.map((r) => r.payload!.data.sequence)).toEqual(expect.arrayContaining(after));
    expect(pushed.some((r) => r.body.includes(TITLE))).toBe(true); // the snapshot of the conclusion carries it

    // The row of the earlier event now shows, and :redeliver sends it (the feed shows it too).
    expect((await deliveriesOf(reader, withSnapshot)).map((d) => d.id)).toContain(legacy);
    const again = await s.admin.post(`/v1/webhook-subscriptions/${withSnapshot}/deliveries/${legacy}:redeliver`);
    expect(again.statusCode).toBe(200);
    expect(receiver.received[receiver.received.length - 1].payload!.data.sequence).toBe(secret[0]);

    // :replay from the start now delivers the earlier events as well, as the feed lists them.
    const replayed = receiver.received.length;
    expect((await s.admin.post(`/v1/webhook-subscriptions/${bare}:replay`, { fromSequence: 1 })).statusCode).toBe(200);
    await t.app.webhooks.drain();
    expect(receiver.received.slice(replayed).map((r) => r.payload!.data.sequence)).toEqual(expect.arrayContaining(secret));
  });
});
