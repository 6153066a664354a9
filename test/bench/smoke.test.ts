// bench:smoke is part of npm test (issue 7): the generator at --scale 0.001 and every bench scenario once, no timing.
import { spawnSync } from 'node:child_process';

test('when bench:smoke runs, then the generator and every bench scenario run without an error or a non-2xx answer', () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/smoke.ts'], { encoding: 'utf8', timeout: 110_000 });
  if (res.status !== 0) throw new Error(`bench smoke failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  expect(res.status).toBe(0);
}, 120_000);
