// Shared set-up of the webhook tests: an app allowing 127.0.0.1, a verifying receiver on the fake clock, writes.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { startReceiver, type Receiver } from '../../helpers/webhook-receiver.js';
import type { Config } from '../../../src/config.js';

export interface WebhookContext {
  t: TestContext;
  receiver: Receiver;
  /** Creates a subscription to the receiver (admin) and gives the receiver its secret. */
  subscribe(body?: Record<string, unknown>): Promise<{ id: string; secret: string; version: number }>;
  /** `n` writes (PATCHes of one unit): `n` feed events; returns their sequences. */
  write(n: number): Promise<number[]>;
  deliveries(id: string): Array<{ sequence: number | null; attempt: number; statusCode: number | null; succeeded: boolean; nextAttemptAt: string | null; attemptedAt: string; error: string | null; webhookId: string }>;
  close(): Promise<void>;
}

export async function webhookContext(config: Partial<Config> = { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }): Promise<WebhookContext> {
  const t = await makeApp({ config });
  const receiver = await startReceiver({ now: () => t.clock.now().getTime() });
  const admin = t.client(t.admin);
  const unitId = t.unit['gx-czt'];
  let version = (JSON.parse((await admin.get(`/v1/units/${unitId}`)).body) as { version: number }).version;
  return {
    t,
    receiver,
    async subscribe(body = {}) {
      const res = await admin.post('/v1/webhook-subscriptions', { url: receiver.url, ...body });
      if (res.statusCode !== 201) throw new Error(`subscribe: ${res.statusCode} ${res.body}`);
      const created = JSON.parse(res.body) as { subscription: { id: string; version: number }; secret: string };
      receiver.secrets.push(created.secret);
      return { id: created.subscription.id, secret: created.secret, version: created.subscription.version };
    },
    async write(n) {
      const sequences: number[] = [];
      for (let i = 0; i < n; i++) {
        const res = await admin.patch(`/v1/units/${unitId}`, { shortName: `财政厅${version}` }, { 'if-match': `"${version}"` });
        if (res.statusCode !== 200) throw new Error(`write: ${res.statusCode} ${res.body}`);
        version++;
        sequences.push(t.app.deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck().get() as number);
      }
      return sequences;
    },
    deliveries(id) {
      return t.app.deps.sqlite
        .prepare('SELECT sequence, attempt, status_code AS statusCode, succeeded, next_attempt_at AS nextAttemptAt, attempted_at AS attemptedAt, error, webhook_id AS webhookId FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id')
        .all(id)
        .map((r) => ({ ...(r as object), succeeded: (r as { succeeded: number }).succeeded === 1 })) as never;
    },
    async close() {
      await t.close();
      await receiver.close();
    },
  };
}
