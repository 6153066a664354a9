// The test sequencer of the mutation runs (jest.mutation.config.js). A mutant's run gets its covering tests from
// Stryker as a testNamePattern; this keeps only the test files that hold one of them (by the dry run's list that
// jest.mutation.environment.cjs wrote), so a mutant covered by two tests of one file loads that file alone instead of
// every file of the module (each of which builds the whole app). The files run quickest first (the dry run's time of
// the tests the pattern selects): the environment stops at the first failure, so a mutant most tests kill costs the
// quickest file. Without a pattern (the dry run, a static mutant) or without the list, every file runs, as jest would.
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;
const { TESTS_FILE, BAIL } = require('./jest.mutation.environment.cjs');

let cached; // { size, byFile: Map<testPath, Array<[name, ms]>> }, read again when the list grows
function testsByFile() {
  let size;
  try {
    size = fs.statSync(TESTS_FILE).size;
  } catch {
    return undefined;
  }
  if (cached?.size !== size) {
    const byFile = new Map();
    for (const line of fs.readFileSync(TESTS_FILE, 'utf8').split('\n')) {
      if (!line) continue;
      const [file, name, ms] = JSON.parse(line);
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file).push([name, ms]);
    }
    cached = { size, byFile };
  }
  return cached.byFile;
}

class MutationSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    globalThis[BAIL] = false; // a new run: nothing has failed yet (jest.mutation.environment.cjs)
    const byFile = this.pattern ? testsByFile() : undefined;
    if (!byFile) return super.sort(tests);
    // The same test as jest-circus makes of the pattern.
    const pattern = new RegExp(this.pattern, 'i');
    // A file the list does not know (it ran no test in the dry run) is kept, last: skipping it would be a guess.
    const cost = (t) => (byFile.has(t.path) ? byFile.get(t.path).reduce((ms, [name, took]) => (pattern.test(name) ? ms + took + 1 : ms), 0) : Infinity);
    return tests.map((t) => ({ t, ms: cost(t) })).filter((c) => c.ms > 0).sort((a, b) => a.ms - b.ms).map((c) => c.t);
  }
}

module.exports = MutationSequencer;
