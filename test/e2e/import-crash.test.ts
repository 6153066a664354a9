// kill -9 during a 50,000-row import (issue 11, defect 3): the real bundled server on a file, killed while the import's
// write transaction runs; the file stays intact with none of the import's rows, and after a restart the retry with the
// same Idempotency-Key runs (before the fix its claim stayed in flight for 24 h: 409 IDEMPOTENCY_IN_FLIGHT).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const OUT = 'dist/e2e-import-crash';
const ROWS = 50_000;
const KEY_RE = /(xn_[0-9a-f]{16}_[A-Za-z0-9_-]{43})/;
const children: ChildProcess[] = [];

/** Starts the bundled server and resolves once stdout matches `ready` (a line the server prints, never a delay). */
function start(dbPath: string, ready: RegExp): Promise<{ proc: ChildProcess; base: string; stdout: () => string }> {
  const proc = spawn(process.execPath, [`${OUT}/server.mjs`], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATABASE_PATH: dbPath, RATE_LIMIT_MAX: '100000', MAX_EVENT_LOOP_DELAY_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (base && ready.test(out)) resolve({ proc, base, stdout: () => out });
    });
    proc.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before it was ready: ${out} ${err}`)));
  });
}

function exited(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    p.removeAllListeners('exit');
    if (p.exitCode !== null || p.signalCode !== null) resolve();
    else p.on('exit', () => resolve());
  });
}

/** True while another connection holds the database's write lock (the import's transaction): BEGIN IMMEDIATE is refused. */
function writeLocked(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  }
}

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', OUT], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-crash-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('when the server is killed with SIGKILL during a 50,000-row import, then the file is intact, none of its rows are there, and the retry with the same Idempotency-Key runs after a restart', async () => {
  const dbPath = join(dir, 'crash.db');
  const first = await start(dbPath, KEY_RE);
  const key = KEY_RE.exec(first.stdout())![1];
  const lines = ['事项编码,事项名称,实施机关,设定依据,实施依据,备注'];
  for (let i = 1; i <= ROWS; i++) lines.push(`CR-${String(i).padStart(6, '0')},"审批事项第${i}号",自治区财政厅,《某条例》第${i % 50}条,《实施办法》,`);
  const csv = lines.join('\n');
  const send = (base: string) =>
    fetch(`${base}/v1/approval-items:import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': 'crash-import-1' },
      body: csv,
    });

  const probe = new Database(dbPath, { timeout: 0 });
  const claim = probe.prepare("SELECT state FROM idempotency_keys WHERE key = 'crash-import-1'");
  let answered = false;
  const pending = send(first.base).then(
    () => (answered = true),
    () => undefined, // the connection dies with the process
  );
  // The signal: the key is claimed in flight and a writer holds the lock, i.e. the import's transaction is running.
  await new Promise<void>((resolve, reject) => {
    const poll = () => {
      if (answered) return reject(new Error('the import finished before it could be interrupted'));
      if ((claim.get() as { state: string } | undefined)?.state === 'in_flight' && writeLocked(probe)) return resolve();
      setTimeout(poll, 5);
    };
    poll();
  });
  first.proc.kill('SIGKILL');
  await exited(first.proc);
  await pending;
  expect(answered).toBe(false);

  expect(probe.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(probe.prepare("SELECT count(*) AS n FROM approval_items WHERE code LIKE 'CR-%'").get()).toEqual({ n: 0 });
  expect(claim.get()).toEqual({ state: 'in_flight' });
  probe.close();

  const second = await start(dbPath, /listening on/);
  const retry = await send(second.base);
  const report = (await retry.json()) as { created: number; code?: string };
  expect({ status: retry.status, code: report.code }).toEqual({ status: 200, code: undefined });
  expect(report.created).toBe(ROWS);
  expect(retry.headers.get('idempotent-replayed')).toBeNull();
  second.proc.kill('SIGTERM');
  await exited(second.proc);

  const check = new Database(dbPath, { readonly: true });
  expect(check.prepare("SELECT count(*) AS n FROM approval_items WHERE code LIKE 'CR-%'").get()).toEqual({ n: ROWS });
  expect(check.prepare("SELECT state FROM idempotency_keys WHERE key = 'crash-import-1'").get()).toEqual({ state: 'done' });
  check.close();
});
