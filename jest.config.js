/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // variant files import the public API by the package's name
  moduleNameMapper: { '^frostcheck$': '<rootDir>/model/api.ts' },
  testTimeout: 600000,
  // FROSTCHECK_WORKERS=1 for the CLI runs the tests spawn (test/setup-env.ts says why)
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // the longest files first, so that neither worker idles at the end (test/sequencer.js)
  testSequencer: '<rootDir>/test/sequencer.js',
  // the machines have two cores; the heavy suites are CPU-bound
  maxWorkers: 2,
};
