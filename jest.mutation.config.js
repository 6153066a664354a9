// Jest for mutation testing (npm run test:mutation): only the fast unit tests of the plan's rules and of src/lib,
// which are the files Stryker mutates (stryker.config.mjs). Same ESM/ts-jest setup as jest.config.js.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/modules/*/rules.test.ts', '<rootDir>/test/lib/*.test.ts'],
  // Only src and test are crawled (each mutant's run builds the module map again).
  roots: ['<rootDir>/src', '<rootDir>/test'],
  reporters: ['default'],
  maxWorkers: 1,
};
