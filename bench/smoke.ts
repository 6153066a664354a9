// `npm run bench:smoke`: generates the data set at --scale 0.001 into a temporary directory and runs every bench
// scenario once, briefly, in all three columns (the limit process, the in-process floor, the route; no timing
// asserted), every import (ledger, approval, fee, opinions, findings; JSON, CSV, xlsx; 200 rows), the newer modules' writes and imports
// (supervision findings, opinions incl. the public intake), then the webhook delivery scenario (bench/webhooks.ts
// --smoke). Exits non-zero when a scenario errors or answers non-2xx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-'));
const node = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
let code = 1;
try {
  const db = join(dir, 'bench.db');
  const gen = node('bench/generate.ts', ['--scale', '0.001', '--out', db, '--quiet']);
  if (gen.status !== 0) throw new Error(`generate exited with ${gen.status}`);
  const run = node('bench/run.ts', ['--smoke', '--db', db, '--out', join(dir, 'out')]);
  code = run.status ?? 1;
  if (code === 0) code = node('bench/webhooks.ts', ['--smoke']).status ?? 1;
  if (code !== 0) process.stderr.write(`bench smoke FAILED (exit code ${code})\n`);
  else process.stderr.write('bench smoke ok: every scenario ran\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
