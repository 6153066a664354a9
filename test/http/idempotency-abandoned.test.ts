// In-flight Idempotency-Key records must not outlive the process that owned them (issue 11, defect 3).
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { makeApp, type TestContext } from '../helpers/app.js';
import { IN_FLIGHT_MAX_MS } from '../../src/http/idempotency.js';
import { processInstance } from '../../src/lib/instance.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const unit = (name: string) => ({ name, kind: 'county', level: 'county', divisionCode: '450103' });
const count = () => (t.app.deps.sqlite.prepare("SELECT count(*) n FROM units WHERE level = 'county'").get() as { n: number }).n;

/** The pid of a process that has exited (spawned and reaped here). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

/**
 * Sends once (so the stored hash is the real one), then turns the record back into one left in flight by `owner`,
 * started `ageMs` ago, as a kill -9 of that owner mid-request would leave it.
 */
async function leftInFlight(key: string, owner: { host: string | null; pid: number | null; instance: string | null }, ageMs = 1000) {
  const c = t.client(t.admin);
  expect((await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': key })).statusCode).toBe(201);
  t.app.deps.sqlite.prepare('DELETE FROM units WHERE level = ?').run('county');
  const started = new Date(t.clock.now().getTime() - ageMs).toISOString();
  t.app.deps.sqlite
    .prepare("UPDATE idempotency_keys SET state = 'in_flight', status_code = NULL, headers = NULL, body = NULL, created_at = ?, owner_host = ?, owner_pid = ?, owner_instance = ? WHERE key = ?")
    .run(started, owner.host, owner.pid, owner.instance, key);
  return () => c.post('/v1/units', unit('青秀区'), { 'idempotency-key': key });
}

describe('Idempotency-Key records left in flight by a dead process (issue 11, defect 3)', () => {
  test('when a claim is recorded, then it names this process (host, pid, instance) and its start', async () => {
    const c = t.client(t.admin);
    await c.post('/v1/units', unit('青秀区'), { 'idempotency-key': 'own-1' });
    const row = t.app.deps.sqlite.prepare("SELECT owner_host AS host, owner_pid AS pid, owner_instance AS instance, created_at AS createdAt FROM idempotency_keys WHERE key = 'own-1'").get();
    expect(row).toEqual({ host: hostname(), pid: process.pid, instance: processInstance.id, createdAt: t.clock.now().toISOString() });
  });

  test('when the owner process on this host is dead, then the retry runs (201) instead of 409', async () => {
    const retry = await leftInFlight('dead-1', { host: hostname(), pid: deadPid(), instance: 'a-previous-run' });
    const res = await retry();
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(count()).toBe(1);
  });

  test('when the owner had this very pid but another instance id (a restart as pid 1 in a container), then the retry runs', async () => {
    const retry = await leftInFlight('dead-2', { host: hostname(), pid: process.pid, instance: 'a-previous-run' });
    expect((await retry()).statusCode).toBe(201);
    expect(count()).toBe(1);
  });

  test('when the record is older than the in-flight bound, then it is abandoned whoever owned it', async () => {
    const retry = await leftInFlight('old-1', { host: 'another-host', pid: 4242, instance: 'elsewhere' }, IN_FLIGHT_MAX_MS + 1000);
    expect((await retry()).statusCode).toBe(201);
    expect(count()).toBe(1);
  });

  test('when the owner is alive (another live process on this host, or a recent record from another host), then 409 and nothing runs', async () => {
    const live = await leftInFlight('live-1', { host: hostname(), pid: process.ppid, instance: 'the-parent' });
    expect((await live()).json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    const remote = await leftInFlight('remote-1', { host: 'another-host', pid: 4242, instance: 'elsewhere' }, IN_FLIGHT_MAX_MS - 1000);
    expect((await remote()).json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    const own = await leftInFlight('own-2', { host: hostname(), pid: process.pid, instance: processInstance.id });
    expect((await own()).json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    expect(count()).toBe(0);
  });

  test('when a record predates owners (no owner recorded), then only the bound frees it', async () => {
    const recent = await leftInFlight('legacy-1', { host: null, pid: null, instance: null });
    expect((await recent()).statusCode).toBe(409);
    const old = await leftInFlight('legacy-2', { host: null, pid: null, instance: null }, IN_FLIGHT_MAX_MS + 1);
    expect((await old()).statusCode).toBe(201);
  });
});
