// The order jest starts test files in (jest.config.js testSequencer). Jest's own sequencer runs the files it has timed
// before longest first, and files it has not (a fresh clone, CI) largest first; the bench smoke is a small file that
// runs for a minute or more, so on CI it started last and ran alone while the other worker had nothing left
// (npm test, 2026-12-08: the last 70 s). Files named here start first, in this order; the rest keep jest's order.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['test/bench/smoke.test.ts', 'test/fuzz/fuzz.test.ts', 'test/e2e/server.test.ts'];

class SlowFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = FIRST.findIndex((f) => t.path.endsWith(f));
      return i < 0 ? FIRST.length : i;
    };
    const order = (sorted) => sorted.map((t, i) => [t, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([t]) => t);
    const sorted = super.sort(tests);
    // Jest's sort returns an array or, in later versions, a promise of one.
    return typeof sorted.then === 'function' ? sorted.then(order) : order(sorted);
  }
}

module.exports = SlowFirst;
