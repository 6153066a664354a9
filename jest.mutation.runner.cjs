// The test runner (file level) of the mutation runs (jest.mutation.config.js): jest's own, one file after another,
// that starts no further file once a test has failed (jest.mutation.environment.cjs sets the flag). Skipping the
// remaining tests is not enough: each file of a module's tests imports the whole app before its first test, a few
// seconds each, so a mutant killed in the first file would still pay for loading all the others.
const TestRunner = require('jest-runner').default;
const { BAIL } = require('./jest.mutation.environment.cjs');

class MutationRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial) return super.runTests(tests, watcher, options);
    for (const test of tests) {
      if (globalThis[BAIL]) break;
      await super.runTests([test], watcher, options);
    }
  }
}

module.exports = MutationRunner;
