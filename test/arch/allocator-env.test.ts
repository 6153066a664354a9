// The service runs with glibc's mmap threshold fixed at 128 KB (issue 13.5): without it glibc raises the threshold
// after the first large free and an import's large buffers stay in the heap once freed (RSS one second after a
// 100,000-row approval CSV import: 242 MB without, 173 MB with). Every way the service is started sets it, and the
// bench starts both sides of its ratios with the same setting.
import { readFileSync } from 'node:fs';

const read = (f: string) => readFileSync(f, 'utf8');

describe('MALLOC_MMAP_THRESHOLD_ wherever the service starts', () => {
  test('when `npm start` runs the server, then the variable is set (a value given by the caller wins)', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toMatch(/MALLOC_MMAP_THRESHOLD_=\$\{MALLOC_MMAP_THRESHOLD_:-131072\} node dist\/server\.mjs$/);
  });

  test('when the image runs, then its runtime stage sets it', () => {
    const runtime = read('Dockerfile').split(/^FROM /m).at(-1)!;
    expect(runtime).toMatch(/^ENV .*\bMALLOC_MMAP_THRESHOLD_=131072\b/m);
  });

  test('when the bench starts the service and the limit, then both get it', () => {
    expect(read('bench/run.ts')).toMatch(/const serverEnv = [\s\S]*?MALLOC_MMAP_THRESHOLD_: process\.env\.MALLOC_MMAP_THRESHOLD_ \?\? '131072',\n\}\);/);
  });
});
