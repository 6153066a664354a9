// The test sequencer (test/helpers/sequencer.cjs) starts the longest files first and never drops one.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SlowFirst = require('../helpers/sequencer.cjs');

test('when jest orders the files, then the bench smoke and the fuzz come first and every file is still there', async () => {
  const context = { config: { rootDir: process.cwd(), cacheDirectory: '/tmp/xiaoneng-sequencer-test', id: 'x' }, hasteFS: { getSize: (p: string) => (p.includes('big') ? 10_000 : 10) } };
  const paths = ['/r/test/http/big.test.ts', '/r/test/fuzz/fuzz.test.ts', '/r/test/lib/a.test.ts', '/r/test/bench/smoke.test.ts', '/r/test/lib/b.test.ts'];
  const tests = paths.map((path) => ({ path, context, duration: undefined }));
  const sorted = await new SlowFirst({ contexts: [context], globalConfig: {} }).sort(tests);
  const order = sorted.map((t: { path: string }) => t.path);
  // The named files first, in their order; then jest's own order (the largest file first).
  expect(order.slice(0, 3)).toEqual(['/r/test/bench/smoke.test.ts', '/r/test/fuzz/fuzz.test.ts', '/r/test/http/big.test.ts']);
  expect([...order].sort()).toEqual([...paths].sort());
});
