// The test environment of the mutation runs (jest.mutation.config.js): jest's node environment plus two things the
// jest runner of Stryker does not do (issue 22, "Stryker reaches the services").
// - In the dry run it writes down which test file holds which test and how long it took (.mutation-tests.jsonl in the
//   sandbox), so that jest.mutation.sequencer.cjs can start only the files holding a mutant's covering tests, the
//   quickest first. Stryker itself only
//   passes their names as a testNamePattern, and every other file of the run would still be loaded (each one imports
//   the whole app) just to skip all of its tests.
// - In a mutant's run it stops at the first failing test: the mutant is killed, the tests after it would only say so
//   again. Jest has no bail for a programmatic run (Stryker sets bail: false), so the remaining tests are skipped the
//   way a testNamePattern skips them.
// Both happen only under Stryker; a plain jest run with this environment is jest's node environment.
const fs = require('node:fs');
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const TESTS_FILE = path.join(__dirname, '.mutation-tests.jsonl');
// Matches no test name: what is left of the run is skipped.
const NOTHING = /(?!)/;
// Shared with the sequencer (same process: Stryker runs jest in band), which clears it when a run starts.
const BAIL = Symbol.for('xiaoneng.mutation.failed');

const underStryker = () => process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;

/** The test's name as Stryker and jest's testNamePattern see it: the describe titles and its own, joined by spaces. */
function fullName(test) {
  const names = [];
  for (let block = test; block && block.parent; block = block.parent) names.unshift(block.name);
  return names.join(' ');
}

class MutationEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.seen = [];
    // The dry run is the one run without an active mutant; the global is Stryker's instrumenter context.
    this.dryRun = !underStryker() && '__strykerGlobalNamespace__' in (config.projectConfig.globals ?? {});
  }

  async handleTestEvent(event, state) {
    if (event.name === 'test_start') {
      if (this.dryRun) this.started = Date.now();
      else if (underStryker() && globalThis[BAIL]) state.testNamePattern = NOTHING;
    } else if (event.name === 'test_done') {
      if (this.dryRun) this.seen.push(JSON.stringify([this.testPath, fullName(event.test), Date.now() - this.started]));
      else if (underStryker() && event.test.errors.length > 0) {
        globalThis[BAIL] = true;
        state.testNamePattern = NOTHING;
      }
    } else if (event.name === 'run_finish' && this.seen.length > 0) {
      fs.appendFileSync(TESTS_FILE, `${this.seen.join('\n')}\n`);
      this.seen = [];
    }
  }
}

module.exports = MutationEnvironment;
module.exports.TESTS_FILE = TESTS_FILE;
module.exports.BAIL = BAIL;
