import { afterFailure } from '../../../src/modules/webhooks/rules.js';
import { webhookContext, type WebhookContext } from './support.js';

// Issue 22: the retry schedule compared with literal values, not with the constant itself; and the three-day rule
// reached with few attempts (429 with a long Retry-After).
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const now = new Date('2027-03-01T00:00:00Z');
const noJitter = () => 0.5;

describe('webhook retry schedule (issue 22)', () => {
  test.each<[number, number]>([
    [1, 5 * S],
    [2, 5 * M],
    [3, 30 * M],
    [4, 2 * H],
    [5, 5 * H],
    [6, 10 * H],
    [7, 14 * H],
    [8, 20 * H],
    [9, 24 * H],
  ])('when attempt %i fails, then the next attempt waits the literal %i ms of the schedule', (attempts, wait) => {
    const outcome = afterFailure({ attempts, failingSince: now, now, statusCode: 500, retryAfterMs: null, random: noJitter });
    expect(outcome).toEqual({ kind: 'retry', at: new Date(now.getTime() + wait) });
  });

  test('when the tenth attempt fails, then the subscription is disabled (ten attempts in all)', () => {
    expect(afterFailure({ attempts: 10, failingSince: now, now, statusCode: 500, retryAfterMs: null, random: noJitter }).kind).toBe('disable');
  });

  test('a subscription failing for three days with only three attempts (429, long Retry-After) is disabled by the three-day rule, not a minute before', () => {
    const failingSince = new Date(now.getTime() - 72 * H);
    const justBefore = new Date(failingSince.getTime() + 72 * H - 1);
    const input = { attempts: 3, failingSince, statusCode: 429, retryAfterMs: 30 * H, random: noJitter };
    expect(afterFailure({ ...input, now })).toEqual({ kind: 'disable', reason: 'deliveries failed for three days' });
    expect(afterFailure({ ...input, now: justBefore })).toEqual({ kind: 'retry', at: new Date(justBefore.getTime() + 24 * H) });
  });
});

describe('the three-day rule through the worker (issue 22)', () => {
  let w: WebhookContext | undefined;
  afterEach(async () => w?.close());

  test('a subscription answered 429 with a day-long Retry-After is disabled by the three-day rule on its fourth attempt, not before', async () => {
    w = await webhookContext();
    const { id } = await w.subscribe();
    w.receiver.respond = () => ({ status: 429, headers: { 'retry-after': '86400' } });
    await w.write(1);
    const t0 = w.t.clock.now().getTime();
    const subscription = async () => JSON.parse((await w!.t.client(w!.t.admin).get(`/v1/webhook-subscriptions/${id}`)).body);
    for (let day = 0; day < 3; day++) {
      w.t.clock.set(new Date(t0 + day * 24 * H));
      await w.t.app.webhooks.drain();
      expect(w.deliveries(id)).toHaveLength(day + 1);
      expect(w.deliveries(id).at(-1)!.nextAttemptAt).toBe(new Date(t0 + (day + 1) * 24 * H).toISOString());
      expect((await subscription()).enabled).toBe(true);
    }
    w.t.clock.set(new Date(t0 + 72 * H));
    await w.t.app.webhooks.drain();
    const ds = w.deliveries(id);
    expect(ds.map((d) => d.statusCode)).toEqual([429, 429, 429, 429]);
    expect(ds.at(-1)!.nextAttemptAt).toBeNull();
    expect(await subscription()).toMatchObject({ enabled: false, disabledReason: 'deliveries failed for three days' });
    w.t.clock.set(new Date(t0 + 96 * H));
    await w.t.app.webhooks.drain();
    expect(w.receiver.received).toHaveLength(4);
  });
});
