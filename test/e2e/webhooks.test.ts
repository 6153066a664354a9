// The real process (dist/server.mjs) delivering webhooks: kill -9 while a delivery is in flight, restart on the same
// database, and every event still arrives (at least once, the interrupted one again with the same webhook-id).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const children: ChildProcess[] = [];
let dir: string;
let receiver: Receiver;

function start(env: Record<string, string>, firstStart: boolean): Promise<{ proc: ChildProcess; base: string; stdout: () => string }> {
  const proc = spawn(process.execPath, ['dist/server.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_LEASE_MS: '2000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      // The first start prints the bootstrap key block last, ending with the curl example; a later one the docs line.
      if (m && (firstStart ? /Use it as:.*\n/ : /API docs: .*\n/).test(out)) resolve({ proc, base: m[1], stdout: () => out });
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-webhooks-'));
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

test('when the service is killed with SIGKILL during a delivery and restarted, then every event arrives, the interrupted one again with the same webhook-id', async () => {
  const db = join(dir, 'webhooks.db');
  const first = await start({ DATABASE_PATH: db }, true);
  const key = /(xn_[0-9a-f]{16}_[A-Za-z0-9_-]{43})/.exec(first.stdout())![1];
  const call = async (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
  };
  const created = await call(first.base, 'POST', '/v1/webhook-subscriptions', { url: receiver.url, entities: ['unit'] });
  expect(created.status).toBe(201);
  receiver.secrets = [created.body.secret as string];
  // The 20th delivery never gets an answer: the process dies with it in flight.
  receiver.respond = (_r, n) => (n === 19 ? { status: 200, hang: true } : { status: 204 });

  const unit = (await call(first.base, 'GET', '/v1/units?level=city&pageSize=1')).body.items![0] as { id: string; version: number };
  let version = unit.version;
  const sequences: number[] = [];
  for (let i = 0; i < 60; i++) {
    const res = await call(first.base, 'PATCH', `/v1/units/${unit.id}`, { shortName: `单位${i}` }, { 'if-match': `"${version}"` });
    expect(res.status).toBe(200);
    version++;
  }
  const feed = await call(first.base, 'GET', `/v1/events?entity=unit&entityId=${unit.id}&pageSize=500`);
  for (const e of feed.body.items!) if (e.action === 'update') sequences.push(e.sequence as number);
  expect(sequences).toHaveLength(60);

  await receiver.waitFor(20);
  const exited = new Promise((resolve) => first.proc.on('exit', resolve));
  first.proc.kill('SIGKILL');
  await exited;
  const interrupted = receiver.received[19].webhookId;

  receiver.respond = () => ({ status: 204 });
  const second = await start({ DATABASE_PATH: db }, false);
  // 20 before the kill (the 20th unanswered) + the 20th again + the other 40.
  await receiver.waitFor(20 + 41);
  await second.proc.kill('SIGTERM');

  const got = receiver.received;
  expect(got.every((r) => r.verifyError === null)).toBe(true);
  const accepted = got.filter((r) => r.status === 204).map((r) => r.payload!.data.sequence as number);
  expect(accepted).toEqual(sequences);
  expect(got[20].webhookId).toBe(interrupted);
});

test('when two service processes share the database file, then the lease lets exactly one deliver: every event once, in order', async () => {
  const db = join(dir, 'two.db');
  const first = await start({ DATABASE_PATH: db }, true);
  const key = /(xn_[0-9a-f]{16}_[A-Za-z0-9_-]{43})/.exec(first.stdout())![1];
  const second = await start({ DATABASE_PATH: db }, false);
  const call = async (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
  };
  receiver.received.length = 0;
  receiver.respond = () => ({ status: 204 });
  const created = await call(first.base, 'POST', '/v1/webhook-subscriptions', { url: receiver.url, entities: ['unit'] });
  receiver.secrets = [created.body.secret as string];
  const unit = (await call(first.base, 'GET', '/v1/units?level=city&pageSize=1')).body.items![0] as { id: string; version: number };
  let version = unit.version;
  // Both processes run a worker; the writes go through the first (the service's use cases start deferred
  // transactions, which a write of another process in between turns into SQLITE_BUSY_SNAPSHOT).
  for (let i = 0; i < 40; i++) {
    const res = await call(first.base, 'PATCH', `/v1/units/${unit.id}`, { shortName: `并发${i}` }, { 'if-match': `"${version}"` });
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)} ${second.stdout()} ${first.stdout()}`);
    version++;
  }
  const feed = await call(second.base, 'GET', `/v1/events?entity=unit&entityId=${unit.id}&pageSize=500`);
  const sequences = feed.body.items!.filter((e) => e.action === 'update').map((e) => e.sequence as number).slice(-40);
  await receiver.waitFor(40);
  // One more write and its delivery: anything duplicated before it would have arrived by then.
  await call(first.base, 'PATCH', `/v1/units/${unit.id}`, { shortName: '并发末' }, { 'if-match': `"${version}"` });
  await receiver.waitFor(41);
  first.proc.kill('SIGTERM');
  second.proc.kill('SIGTERM');
  expect(receiver.received.every((r) => r.verifyError === null)).toBe(true);
  expect(receiver.received.slice(0, 40).map((r) => r.payload!.data.sequence)).toEqual(sequences);
  expect(receiver.received).toHaveLength(41);
});
