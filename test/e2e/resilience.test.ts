// Issue 11, the real process (dist/server.mjs, as `npm start` runs it):
// - defect 1: a request whose streamed export fails is answered with an error and the process stays up;
// - defect 11: with a log reader that never reads (a full stdout pipe), requests are still answered and SIGTERM ends
//   the process within SHUTDOWN_GRACE_MS (plus a margin), also while a request hangs.
// No fixed sleeps: readiness is the "listening" line or a /readyz poll; exits are awaited.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const children: ChildProcess[] = [];
let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-resilience-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function exited(proc: ChildProcess): Promise<{ code: number | null; at: number }> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve({ code: proc.exitCode, at: Date.now() });
    proc.once('exit', (code) => resolve({ code, at: Date.now() }));
  });
}

/** Starts the server and reads stdout until the bootstrap key block is complete. */
function startReading(env: Record<string, string>): Promise<{ proc: ChildProcess; base: string; key: string }> {
  const proc = spawn(process.execPath, ['dist/server.mjs'], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /^\s+(xn_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\s*$/m.exec(out)?.[1];
      if (base && key && /Use it as:.*\n/.test(out)) resolve({ proc, base, key });
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitReady(base: string, proc: ChildProcess) {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // poll interval, not a wait for an outcome
  }
}

describe('a failing streamed export', () => {
  test.each(['csv', 'xlsx'])('when the %s export fails, then that request gets a 500 problem and the process keeps serving', async (format) => {
    const db = join(dir, `export-${format}.db`);
    const { proc, base, key } = await startReading({ DATABASE_PATH: db });
    const outside = new Database(db);
    outside.exec('DROP TABLE rectification_items_fts'); // the ledger's full-text index is gone: every search fails
    outside.close();
    const res = await fetch(`${base}/v1/rectification-items:export?format=${format}&q=${encodeURIComponent('行政审批')}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('INTERNAL');
    const again = await fetch(`${base}/v1/rectification-items?pageSize=1`, { headers: { authorization: `Bearer ${key}` } });
    expect(again.status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(proc.exitCode).toBeNull();
    const stop = exited(proc);
    proc.kill('SIGTERM');
    expect((await stop).code).toBe(0);
  });
});

describe('a log reader that stops reading', () => {
  const GRACE_MS = 2000;
  const MARGIN_MS = 5000;

  test('when stdout is never read, then requests are still answered and SIGTERM ends the process within the grace period, even with a request hanging', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // stdout is a pipe nobody reads: once its 64 KB are full, every log write would block a synchronous logger.
    const proc = spawn(process.execPath, ['dist/server.mjs'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: String(GRACE_MS), DATABASE_PATH: join(dir, 'stalled.db'), RATE_LIMIT_MAX: '100000', RATE_LIMIT_PUBLIC_MAX: '100000' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(proc);
    proc.stdout!.pause();
    await waitReady(base, proc);

    // Each request logs its 8 KB path: 800 requests write over 6 MB of log lines, far beyond the pipe and the buffer.
    const longPath = `/v1/no-such-route/${'x'.repeat(8000)}`;
    for (let i = 0; i < 800; i++) {
      const res = await fetch(`${base}${longPath}`);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    // A request that never finishes (its body never arrives) keeps the server from closing on its own.
    const hanging = net.connect(port, '127.0.0.1');
    hanging.on('error', () => {});
    await new Promise((resolve) => hanging.once('connect', resolve));
    hanging.write('POST /v1/units HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');

    const stop = exited(proc);
    const sentAt = Date.now();
    proc.kill('SIGTERM');
    const { at } = await stop;
    expect(at - sentAt).toBeLessThan(GRACE_MS + MARGIN_MS);
    hanging.destroy();
  });
});
