// Jest for mutation testing (npm run test:mutation). Same ESM/ts-jest setup as jest.config.js; by default the fast
// unit tests of the plan's rules and of src/lib (stryker.config.mjs); a module's config (stryker.module.mjs) names its
// own test files instead.
import { fileURLToPath } from 'node:url';
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/modules/*/rules.test.ts', '<rootDir>/test/lib/*.test.ts'],
  // Only src and test are crawled (each mutant's run builds the module map again).
  roots: ['<rootDir>/src', '<rootDir>/test'],
  reporters: ['default'],
  maxWorkers: 1,
  // A mutant's run loads only the test files holding its covering tests and stops at the first failing test, in its
  // file and across files (issue 22: each file of a module's tests builds the whole app; see the three files).
  testEnvironment: fileURLToPath(new URL('./jest.mutation.environment.cjs', import.meta.url)),
  testSequencer: fileURLToPath(new URL('./jest.mutation.sequencer.cjs', import.meta.url)),
  runner: fileURLToPath(new URL('./jest.mutation.runner.cjs', import.meta.url)),
};
