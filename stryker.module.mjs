// Mutation testing of one module's services and repositories (issue 22): `stryker run stryker.<module>.config.mjs`.
// Each module mutates its own files against its own tests (test/modules/<module>/), with its own incremental file
// (reports/stryker-<module>-incremental.json), so that a change to one module re-runs only that module's mutants.
import base from './stryker.config.mjs';

/**
 * @param {string} module the folder under src/modules and test/modules
 * @param {string[]} mutate the files of that module to mutate
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function moduleConfig(module, mutate) {
  return {
    ...base,
    // No findRelatedTests: every file under src imports the app's modules, so it would add every HTTP test of the
    // repository. The module's own tests are the candidates; per-test coverage and jest.mutation.sequencer.cjs keep
    // only the files of a mutant's covering tests.
    // testTimeout: a mutant that leaves a promise unresolved (a send that never ends, a slot never released) fails its
    // first test after 30 s instead of jest's 60 (the slowest module test, webhooks' 1,000 writes, took 7.8 s in the
    // instrumented dry run on a loaded machine).
    jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false, config: { testMatch: [`<rootDir>/test/modules/${module}/**/*.test.ts`], testTimeout: 30_000 } },
    mutate,
    incrementalFile: `reports/stryker-${module}-incremental.json`,
  };
}
