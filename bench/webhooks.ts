// `npm run bench:webhooks`: webhook delivery throughput to a local receiver, as a ratio to the feed's raw read rate
// (both in this process, same run), for one subscription and for nine at once, and the lag under a steady write load.
//   tsx bench/webhooks.ts [--events 20000] [--write-seconds 10] [--write-rate 200] [--smoke]
// The app runs in process on a temporary database file, the receiver is a bare node:http server on 127.0.0.1
// answering 204 (it does not verify: the tests do that with `standardwebhooks`), the worker is the service's own.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { systemActor } from '../src/http/auth.js';
import { seedUnits } from '../src/modules/units/seed.js';
import { createWebhookService } from '../src/modules/webhooks/service.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '20000' }, 'write-seconds': { type: 'string', default: '10' }, 'write-rate': { type: 'string', default: '200' }, smoke: { type: 'boolean', default: false } },
});
const smoke = args.smoke;
const EVENTS = smoke ? 300 : Number(args.events);
const WRITE_MS = (smoke ? 1 : Number(args['write-seconds'])) * 1000;
const WRITE_RATE = Number(args['write-rate']);

const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-webhooks-bench-'));
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const app = await buildApp({ config: testConfig({ DATABASE_PATH: join(dir, 'bench.db'), WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }), logger: false });
try {
  const { deps } = app;
  deps.db.transaction((tx) => seedUnits({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
  const unitId = (deps.sqlite.prepare("SELECT id FROM units WHERE external_id = 'gx'").pluck().get() as string);
  const actor = { ...systemActor(), unitId };
  const write = (n: number) =>
    deps.db.transaction(() => {
      for (let i = 0; i < n; i++) deps.audit.record(actor, { entity: 'unit', entityId: unitId, action: 'update', after: { id: unitId, shortName: `单位${i}` }, unitId });
    });

  // 1. Throughput: EVENTS events already in the feed, one subscription from sequence 0, the worker drained.
  const first = (deps.sqlite.prepare('SELECT coalesce(max(sequence), 0) FROM events').pluck().get() as number);
  write(EVENTS);
  const total = (deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck().get() as number);
  const page = deps.sqlite.prepare('SELECT * FROM events WHERE sequence > ? ORDER BY sequence LIMIT 500');
  let t = performance.now();
  for (let after = 0; after < total; ) {
    const rows = page.all(after) as Array<{ sequence: number; after: string | null }>;
    for (const r of rows) JSON.stringify(r);
    after = rows[rows.length - 1].sequence;
  }
  const rawSeconds = (performance.now() - t) / 1000;
  const rawRate = total / rawSeconds;

  const service = createWebhookService(deps, app.webhooks);
  service.create(actor, { url, startAfter: first, entities: ['unit'] });
  received = 0;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const delivered = await app.webhooks.drain();
  const deliverSeconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU of this process (worker, receiver and SQLite together) per delivered event, against the wall time per event.
  const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / EVENTS;
  if (delivered !== EVENTS || received !== EVENTS) throw new Error(`delivered ${delivered}, received ${received}, expected ${EVENTS}`);
  const deliverRate = EVENTS / deliverSeconds;

  // 1b. Many subscriptions at once (each still one in flight): the aggregate rate under the global cap.
  const SUBS = smoke ? 2 : 8;
  const fanEvents = smoke ? 100 : Math.round(EVENTS / 4);
  const fanFrom = (deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck().get() as number);
  const fan: string[] = [];
  for (let i = 0; i < SUBS; i++) fan.push(service.create(actor, { url, startAfter: fanFrom, entities: ['unit'] }).subscription.id);
  write(fanEvents);
  received = 0;
  t = performance.now();
  const fanDelivered = await app.webhooks.drain();
  const fanSeconds = (performance.now() - t) / 1000;
  if (fanDelivered !== fanEvents * (SUBS + 1)) throw new Error(`fan-out delivered ${fanDelivered}, expected ${fanEvents * (SUBS + 1)}`);
  const fanRate = fanDelivered / fanSeconds;

  // 2. Lag under load, of the one subscription (the fan-out ones disabled): the worker runs on its own timers while
  // WRITE_RATE events/s are written in 10 ms batches.
  for (const id of fan) service.setEnabled(actor, id, undefined, false);
  app.webhooks.start();
  const lagSamples: number[] = [];
  const cursorOf = deps.sqlite.prepare('SELECT min(cursor) FROM webhook_subscriptions WHERE enabled = 1').pluck();
  const newest = deps.sqlite.prepare('SELECT max(sequence) FROM events').pluck();
  const perTick = Math.max(1, Math.round(WRITE_RATE / 100));
  const ends = Date.now() + WRITE_MS;
  let written = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      write(perTick);
      written += perTick;
      lagSamples.push((newest.get() as number) - (cursorOf.get() as number));
      if (Date.now() >= ends) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  // Caught up: how long after the last write the cursor reaches the newest event.
  const lastWrite = performance.now();
  const target = newest.get() as number;
  while ((cursorOf.get() as number) < target) await new Promise((r) => setTimeout(r, 5));
  const catchUpMs = performance.now() - lastWrite;
  lagSamples.sort((a, b) => a - b);
  const q = (p: number) => lagSamples[Math.min(lagSamples.length - 1, Math.floor(p * lagSamples.length))];

  const result = {
    at: new Date().toISOString(),
    events: EVENTS,
    rawFeedReadPerSecond: Math.round(rawRate),
    deliveredPerSecond: Math.round(deliverRate),
    ratio: Number((deliverRate / rawRate).toFixed(4)),
    perEvent: { wallMs: Number(((deliverSeconds * 1000) / EVENTS).toFixed(3)), cpuMs: Number(cpuMsPerEvent.toFixed(3)) },
    fanOut: { subscriptions: SUBS + 1, concurrency: deps.config.WEBHOOK_CONCURRENCY, deliveredPerSecond: Math.round(fanRate), ratio: Number((fanRate / rawRate).toFixed(4)) },
    writeLoad: { eventsPerSecond: Math.round(written / (WRITE_MS / 1000)), seconds: WRITE_MS / 1000, lagEvents: { p50: q(0.5), p99: q(0.99), max: lagSamples.at(-1) }, catchUpMs: Math.round(catchUpMs) },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await app.close();
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
