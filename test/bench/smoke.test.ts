// bench:smoke is part of npm test (issues 7, 13): the generator at --scale 0.001 and every bench scenario once in its
// three columns (limit process, floor, route), every import format, the newer modules' writes and imports; no timing.
import { spawnSync } from 'node:child_process';

test('when bench:smoke runs, then the generator, every bench scenario in all three columns, every import and the writes of the newer modules run without an error or a non-2xx answer', () => {
  // A generous bound, not a measurement: with the opinions and findings imports (issue 21) the smoke took 56 s alone
  // and 81 s beside other jobs on 2 shared cores; 110 s left too little room for a loaded machine.
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/smoke.ts'], { encoding: 'utf8', timeout: 240_000 });
  if (res.status !== 0) throw new Error(`bench smoke failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  expect(res.status).toBe(0);
}, 250_000);
