// Jest runs the TypeScript sources as ESM through ts-jest (type errors are tsc's job: `npm run typecheck`).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Stryker's sandbox (npm run test:mutation) is a copy of the project: never a second set of modules or tests.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 60000,
  // `npm run test:unit` passes --coverage: every source file counts, also those no test imports (issue 17). V8's own
  // coverage costs little next to instrumenting the sources.
  collectCoverageFrom: ['src/**/*.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'json-summary'],
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
  // The files that run longest start first (the bench smoke, the fuzz): see the file.
  testSequencer: '<rootDir>/test/helpers/sequencer.cjs',
  // One worker a core (2 on the 2-core CI machine). It was '50%' outside CI, so `npm test` on a 2-core machine ran its
  // 100 files one at a time (issue 22).
  maxWorkers: '100%',
};
